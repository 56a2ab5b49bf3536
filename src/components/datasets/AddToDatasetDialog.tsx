'use client';
import {
  forwardRef,
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type HTMLAttributes,
  type KeyboardEvent,
} from 'react';
import type { ExportFormat } from '../../core/insights';
import type { Annotation, Dataset, DatasetExample, Span } from '../../core/model';
import { useAddToDataset } from '../../hooks/useAddToDataset';
import { commonMessages, formatMessage } from '../../provider/messages';
import { useMessages } from '../../provider/useMessages';
import { cn } from '../primitives/cn';
import { TruncatedText } from '../trace-viewer/TruncatedText';

import { useComposedRefs } from '@radix-ui/react-compose-refs';
import { downloadFile, fileSlug, type ExportFile } from './download';
import { useControllableState } from '../../hooks/useControllableState';

export const addToDatasetMessages = {
  trigger: 'Add to dataset ({count})',
  title: 'Add {count} example(s) to a dataset',
  description: 'Each span becomes an example; its annotations are kept in the metadata as ground truth.',
  preview: 'Preview',
  loadingExamples: 'Reading the spans’ annotations…',
  noSpans: 'Select spans first.',
  exampleSummary: 'span {spanId}',
  annotationsSummary: '{count} annotation name(s)',
  input: 'Input',
  output: 'Output',
  metadata: 'Metadata',
  destination: 'Destination',
  create: 'Create a new dataset',
  append: 'Append to an existing dataset',
  name: 'Dataset name',
  descriptionLabel: 'Description (optional)',
  dataset: 'Dataset',
  noDatasets: 'There is no dataset yet.',
  submitCreate: 'Create dataset',
  submitAppend: 'Add examples',
  pending: 'Adding…',
  added: 'Added {count} example(s) to “{name}”.',
  failed: 'Could not add the examples: {message}',
  exportJsonl: 'Export JSONL',
  exportCsv: 'Export CSV',
  close: 'Close',
};

declare module '../../provider/messages' {
  interface AnnokitMessages {
    addToDataset: typeof addToDatasetMessages;
  }
}

export interface AddToDatasetDialogProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** The spans to add (a selection, or the filtered list). */
  spans: readonly Span[];
  /** The annotations to snapshot. Default: read through the adapter for the spans. */
  annotations?: readonly Annotation[];
  /** Only these annotation names go into the metadata. Default: every name. */
  names?: readonly string[];
  /** Whether the dialog is open (controlled). */
  open?: boolean;
  /** Whether it starts open when uncontrolled. Default `false`. */
  defaultOpen?: boolean;
  /** Called when the dialog opens or closes. */
  onOpenChange?: (open: boolean) => void;
  /** The dataset name proposed for a new dataset. Default empty. */
  defaultDatasetName?: string;
  /** Called with the dataset after the examples were added. */
  onAdded?: (dataset: Dataset) => void;
  /** Receives exports instead of the browser download. Default: download the file. */
  onExport?: (file: ExportFile) => void;
  /** Show the dialog over the page, trapping focus (`true`), or inline in the layout, e.g. in a side panel. Default `true`. */
  modal?: boolean;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

const buttonClass =
  'ak:cursor-pointer ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-surface ak:px-3 ak:py-1 ak:text-ak-fg ak:hover:bg-ak-surface-hover ' +
  'ak:disabled:cursor-not-allowed ak:disabled:opacity-50 ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus';
const primaryClass =
  'ak:cursor-pointer ak:rounded-ak ak:border ak:border-ak-accent ak:bg-ak-accent ak:px-3 ak:py-1 ak:text-ak-accent-fg ' +
  'ak:disabled:cursor-not-allowed ak:disabled:opacity-50 ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus ak:focus-visible:outline-offset-2';
const fieldClass =
  'ak:w-full ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:py-1 ak:text-ak-fg ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus';

function json(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? '';
  } catch {
    return String(value);
  }
}

function ExamplePreview({ example, m }: { example: DatasetExample; m: typeof addToDatasetMessages }) {
  const names = Object.keys((example.metadata.annotations as Record<string, unknown> | undefined) ?? {});
  return (
    <li data-slot="add-to-dataset-example" className="ak:rounded-ak ak:border ak:border-ak-border">
      <details>
        <summary className="ak:cursor-pointer ak:px-2 ak:py-1 ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus">
          <span className="ak:font-ak-mono">{formatMessage(m.exampleSummary, { spanId: example.spanId ?? '—' })}</span>{' '}
          <span className="ak:text-ak-muted">· {formatMessage(m.annotationsSummary, { count: names.length })}</span>
        </summary>
        <dl className="ak:m-0 ak:grid ak:gap-1 ak:px-2 ak:pb-2">
          {(['input', 'output', 'metadata'] as const).map((part) => (
            <div key={part}>
              <dt className="ak:text-xs ak:font-medium ak:text-ak-muted">{m[part]}</dt>
              <dd className="ak:m-0">
                <TruncatedText
                  limit={2_000}
                  value={json(example[part])}
                  className="ak:max-h-48 ak:overflow-auto ak:rounded-ak ak:bg-ak-surface ak:p-2"
                />
              </dd>
            </div>
          ))}
        </dl>
      </details>
    </li>
  );
}

/**
 * A button that opens a dialog to turn spans into dataset examples: preview them with their
 * metadata, create a dataset or append to one through the adapter, or export them as JSONL / CSV.
 * Without the adapter's `datasets` capability the form is disabled with the reason; export still works.
 */
export const AddToDatasetDialog = forwardRef<HTMLDivElement, AddToDatasetDialogProps>(function AddToDatasetDialog(
  {
    spans,
    annotations,
    names,
    open: openProp,
    defaultOpen = false,
    onOpenChange,
    defaultDatasetName = '',
    onAdded,
    onExport,
    modal = true,
    className,
    ...props
  },
  ref,
) {
  const m = useMessages('addToDataset', addToDatasetMessages);
  const common = useMessages('common', commonMessages);
  const [open, setOpen] = useControllableState(openProp, defaultOpen, onOpenChange, 'AddToDatasetDialog');
  const add = useAddToDataset({
    spans,
    ...(annotations ? { annotations } : {}),
    ...(names ? { names } : {}),
    ...(onAdded ? { onSuccess: onAdded } : {}),
  });
  const [action, setAction] = useState<'create' | 'append'>('create');
  const [name, setName] = useState(defaultDatasetName);
  const [description, setDescription] = useState('');
  const [appendTo, setAppendTo] = useState('');
  const triggerRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const composedRef = useComposedRefs(ref, dialogRef);
  const wasOpen = useRef(open);
  const ids = { title: useId(), description: useId(), reason: useId(), name: useId(), desc: useId(), dataset: useId() };

  useEffect(() => {
    if (open && !wasOpen.current) {
      const first = dialogRef.current?.querySelector<HTMLElement>('input:not([disabled]), select:not([disabled]), button:not([disabled])');
      (first ?? dialogRef.current)?.focus();
    } else if (!open && wasOpen.current) {
      triggerRef.current?.focus();
    }
    wasOpen.current = open;
  }, [open]);

  const target = action === 'create' ? name.trim() : appendTo || add.datasets[0]?.name || '';
  const canSubmit = add.isSupported && !add.isPending && !add.isLoadingExamples && add.examples.length > 0 && target !== '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!canSubmit) return;
    add.addToDataset({ name: target, action, ...(action === 'create' ? { description: description.trim() || null } : {}) }).catch(() => {
      // shown through add.error
    });
  };
  const exportAs = (format: ExportFormat) => {
    const file = add.exportExamples(format, fileSlug(target || 'examples'));
    if (onExport) onExport(file);
    else downloadFile(file);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      setOpen(false);
      return;
    }
    if (!modal || event.key !== 'Tab' || !dialogRef.current) return;
    // keep focus inside the modal: wrap from the last focusable element to the first and back
    const focusable = [...dialogRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (focusable.length === 0) return;
    const first = focusable[0]!;
    const last = focusable[focusable.length - 1]!;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };
  const state = add.isPending ? 'pending' : add.error ? 'error' : add.dataset ? 'done' : 'idle';

  return (
    <>
      <button
        ref={triggerRef}
        type="button"
        data-slot="add-to-dataset-trigger"
        data-state={open ? 'open' : 'closed'}
        aria-haspopup="dialog"
        aria-expanded={open}
        disabled={spans.length === 0}
        onClick={() => setOpen(true)}
        className={buttonClass}
      >
        {formatMessage(m.trigger, { count: spans.length })}
      </button>
      {open ? (
        <div
          data-slot="add-to-dataset-overlay"
          data-modal={modal ? '' : undefined}
          className="ak:data-[modal]:fixed ak:data-[modal]:inset-0 ak:data-[modal]:z-50 ak:data-[modal]:flex ak:data-[modal]:items-center ak:data-[modal]:justify-center ak:data-[modal]:backdrop-brightness-50 ak:data-[modal]:p-4"
        >
          <div
            ref={composedRef}
            role="dialog"
            aria-modal={modal}
            aria-labelledby={ids.title}
            aria-describedby={ids.description}
            tabIndex={-1}
            data-slot="add-to-dataset-dialog"
            data-state={state}
            data-supported={add.isSupported ? undefined : 'false'}
            onKeyDown={onKeyDown}
            className={cn(
              'ak:flex ak:max-h-[90vh] ak:w-full ak:max-w-2xl ak:flex-col ak:gap-3 ak:overflow-auto ak:rounded-ak-lg ak:border ak:border-ak-border ak:bg-ak-bg ak:p-4 ak:text-sm ak:text-ak-fg ak:font-ak ak:shadow-lg',
              className,
            )}
            {...props}
          >
            <h2 id={ids.title} className="ak:m-0 ak:text-base ak:font-semibold">
              {formatMessage(m.title, { count: spans.length })}
            </h2>
            <p id={ids.description} className="ak:m-0 ak:text-ak-muted">
              {m.description}
            </p>
            <div data-slot="add-to-dataset-preview">
              {add.isLoadingExamples ? (
                <p role="status" className="ak:m-0 ak:text-ak-muted">{m.loadingExamples}</p>
              ) : add.examples.length === 0 ? (
                <p className="ak:m-0 ak:text-ak-muted">{m.noSpans}</p>
              ) : (
                <ul aria-label={m.preview} className="ak:m-0 ak:flex ak:max-h-64 ak:list-none ak:flex-col ak:gap-1 ak:overflow-auto ak:p-0">
                  {add.examples.map((example, index) => (
                    <ExamplePreview key={example.spanId ?? index} example={example} m={m} />
                  ))}
                </ul>
              )}
            </div>
            <form onSubmit={submit} className="ak:flex ak:flex-col ak:gap-2">
              {!add.isSupported ? (
                <p id={ids.reason} data-slot="add-to-dataset-unsupported" className="ak:m-0 ak:text-ak-warning">
                  {formatMessage(common.missingCapability, { capability: 'datasets' })}
                </p>
              ) : null}
              <fieldset
                disabled={!add.isSupported || add.isPending}
                aria-describedby={add.isSupported ? undefined : ids.reason}
                className="ak:m-0 ak:flex ak:flex-col ak:gap-2 ak:border-0 ak:p-0"
              >
                <legend className="ak:mb-1 ak:font-medium">{m.destination}</legend>
                <div className="ak:flex ak:flex-wrap ak:gap-4">
                  {(['create', 'append'] as const).map((value) => (
                    <label key={value} className="ak:flex ak:items-center ak:gap-1">
                      <input type="radio" name={`${ids.title}-action`} value={value} checked={action === value} onChange={() => setAction(value)} />
                      {m[value]}
                    </label>
                  ))}
                </div>
                {action === 'create' ? (
                  <>
                    <label htmlFor={ids.name} className="ak:text-ak-muted">{m.name}</label>
                    <input id={ids.name} required value={name} onChange={(event) => setName(event.target.value)} className={fieldClass} />
                    <label htmlFor={ids.desc} className="ak:text-ak-muted">{m.descriptionLabel}</label>
                    <textarea id={ids.desc} rows={2} value={description} onChange={(event) => setDescription(event.target.value)} className={fieldClass} />
                  </>
                ) : add.datasets.length === 0 ? (
                  <p className="ak:m-0 ak:text-ak-muted">{m.noDatasets}</p>
                ) : (
                  <>
                    <label htmlFor={ids.dataset} className="ak:text-ak-muted">{m.dataset}</label>
                    <select id={ids.dataset} value={appendTo || add.datasets[0]!.name} onChange={(event) => setAppendTo(event.target.value)} className={fieldClass}>
                      {add.datasets.map((dataset) => (
                        <option key={dataset.id} value={dataset.name}>
                          {dataset.name} ({dataset.exampleCount})
                        </option>
                      ))}
                    </select>
                  </>
                )}
              </fieldset>
              {state === 'done' ? (
                <p role="status" data-slot="add-to-dataset-result" className="ak:m-0 ak:text-ak-positive">
                  {formatMessage(m.added, { count: add.examples.length, name: add.dataset!.name })}
                </p>
              ) : null}
              {state === 'error' ? (
                <p role="alert" data-slot="add-to-dataset-error" className="ak:m-0 ak:text-ak-negative">
                  {formatMessage(m.failed, { message: add.error!.message })}
                </p>
              ) : null}
              <div className="ak:flex ak:flex-wrap ak:justify-between ak:gap-2">
                <div className="ak:flex ak:gap-2">
                  <button type="button" className={buttonClass} disabled={add.examples.length === 0} onClick={() => exportAs('jsonl')}>
                    {m.exportJsonl}
                  </button>
                  <button type="button" className={buttonClass} disabled={add.examples.length === 0} onClick={() => exportAs('csv')}>
                    {m.exportCsv}
                  </button>
                </div>
                <div className="ak:flex ak:gap-2">
                  <button type="button" className={buttonClass} onClick={() => setOpen(false)}>
                    {m.close}
                  </button>
                  <button type="submit" data-slot="add-to-dataset-submit" className={primaryClass} disabled={!canSubmit}>
                    {add.isPending ? m.pending : action === 'create' ? m.submitCreate : m.submitAppend}
                  </button>
                </div>
              </div>
            </form>
          </div>
        </div>
      ) : null}
    </>
  );
});
