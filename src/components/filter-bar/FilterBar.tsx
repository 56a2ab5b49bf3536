'use client';
import * as Popover from '@radix-ui/react-popover';
import { forwardRef, useId, useState, type FormEvent, type HTMLAttributes, type ReactNode } from 'react';
import { describeChip, type CompletionSource, type FilterChipSpec, type FilterChipKind } from '../../core/filter';
import { ANNOTATOR_KINDS, SPAN_KINDS, type AnnotatorKind, type SpanKind, type SpanStatusCode } from '../../core/model';
import { useFilterBar, type FilterBarMode, type UseFilterBarOptions, type UseFilterBarResult } from '../../hooks/useFilterBar';
import { useMessages } from '../../provider/useMessages';
import { cn } from '../primitives/cn';

export const filterBarMessages = {
  label: 'Filter spans',
  placeholder: "e.g. annotations['correctness'].label == 'incorrect' and latency_ms > 1000",
  chipsLabel: 'Active filters',
  noFilters: 'No filters: every span is shown.',
  removeChip: 'Remove filter: {chip}',
  addFilter: 'Add filter',
  addFilterDialog: 'Add a filter',
  filterBy: 'Filter by',
  annotationName: 'Annotation name',
  labels: 'Labels (comma-separated)',
  minimum: 'Minimum',
  maximum: 'Maximum',
  annotatorKind: 'Annotator',
  spanKind: 'Span kind',
  status: 'Status',
  models: 'Models (comma-separated)',
  text: 'Text in input or output',
  add: 'Add',
  editAsText: 'Edit as text',
  apply: 'Apply',
  clear: 'Clear',
  suggestions: 'Suggestions',
  recent: 'recent',
  invalid: 'Invalid condition:',
};

declare module '../../provider/messages' {
  interface AnnokitMessages {
    filterBar: typeof filterBarMessages;
  }
}

export interface FilterBarProps
  extends UseFilterBarOptions,
    Omit<HTMLAttributes<HTMLDivElement>, 'defaultValue' | 'onChange' | 'children'> {
  /** Annotation names and labels (and attribute paths) to suggest; see `completionSourceFromAnnotations`. Default: none. */
  completionSource?: CompletionSource;
  /** Accessible name of the text input. Default: the `filterBar.label` message. */
  inputLabel?: string;
}

const KIND_OPTIONS: FilterChipKind[] = [
  'annotation-label',
  'annotation-score',
  'annotation-present',
  'annotation-absent',
  'annotator-kind',
  'span-kind',
  'status',
  'latency',
  'model',
  'text',
];
const KIND_NAMES: Record<Exclude<FilterChipKind, 'custom'>, string> = {
  'annotation-label': 'Annotation label',
  'annotation-score': 'Annotation score range',
  'annotation-present': 'Annotation present',
  'annotation-absent': 'Annotation absent',
  'annotator-kind': 'Annotator kind',
  'span-kind': 'Span kind',
  status: 'Status',
  latency: 'Latency (ms)',
  model: 'Model',
  text: 'Text contains',
};

const button =
  'ak:inline-flex ak:items-center ak:gap-1 ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:py-1 ak:text-sm ak:text-ak-fg ak:cursor-pointer ak:hover:bg-ak-surface-hover ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus ak:disabled:opacity-50 ak:disabled:cursor-not-allowed';
const field =
  'ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:py-1 ak:text-sm ak:text-ak-fg ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus';

/**
 * A filter bar over Phoenix's span-filter language: chips for the common filters, a text mode
 * with autocomplete and the parse error shown at its range, recent conditions. Controlled
 * (`value` / `onValueChange`) or not (`defaultValue`).
 */
export const FilterBar = forwardRef<HTMLDivElement, FilterBarProps>(function FilterBar(props, ref) {
  const {
    value,
    defaultValue,
    onValueChange,
    mode,
    defaultMode,
    onModeChange,
    completionSource,
    recentStorageKey,
    maxRecent,
    disabled,
    inputLabel,
    className,
    ...rest
  } = props;
  const messages = useMessages('filterBar', filterBarMessages);
  const bar = useFilterBar({
    value,
    defaultValue,
    onValueChange,
    mode,
    defaultMode,
    onModeChange,
    completionSource,
    recentStorageKey,
    maxRecent,
    disabled,
  });
  return (
    <div
      ref={ref}
      data-slot="filter-bar"
      data-mode={bar.mode}
      data-state={bar.error ? 'invalid' : 'valid'}
      data-disabled={bar.disabled ? '' : undefined}
      className={cn('ak:flex ak:flex-col ak:gap-2 ak:text-ak-fg ak:text-sm ak:font-sans', className)}
      {...rest}
    >
      <div className="ak:flex ak:flex-wrap ak:items-center ak:gap-2">
        {bar.mode === 'chips' ? (
          <ChipList bar={bar} messages={messages} completionSource={completionSource} />
        ) : (
          <TextMode bar={bar} messages={messages} inputLabel={inputLabel ?? messages.label} />
        )}
        <button
          type="button"
          data-slot="filter-bar-mode"
          className={button}
          disabled={bar.disabled}
          aria-pressed={bar.mode === 'text'}
          onClick={() => bar.setMode(bar.mode === 'chips' ? 'text' : 'chips')}
        >
          {messages.editAsText}
        </button>
        {bar.value !== '' && (
          <button type="button" data-slot="filter-bar-clear" className={button} disabled={bar.disabled} onClick={bar.clear}>
            {messages.clear}
          </button>
        )}
      </div>
    </div>
  );
});

function ChipList({
  bar,
  messages,
  completionSource,
}: {
  bar: UseFilterBarResult;
  messages: typeof filterBarMessages;
  completionSource: CompletionSource | undefined;
}) {
  return (
    <>
      {bar.chips.length === 0 ? (
        <span data-slot="filter-bar-empty" className="ak:text-ak-muted">
          {bar.valueError ? `${messages.invalid} ${bar.valueError.message}` : messages.noFilters}
        </span>
      ) : (
        <ul aria-label={messages.chipsLabel} data-slot="filter-bar-chips" className="ak:m-0 ak:flex ak:list-none ak:flex-wrap ak:gap-1 ak:p-0">
          {bar.chips.map((chip, index) => {
            const label = describeChip(chip);
            return (
              <li
                key={`${index}:${chip.condition}`}
                data-slot="filter-chip"
                data-kind={chip.kind}
                title={chip.condition}
                className="ak:inline-flex ak:items-center ak:gap-1 ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-surface ak:py-0.5 ak:pl-2 ak:pr-0.5 ak:data-[kind=custom]:font-mono"
              >
                <span>{label}</span>
                <button
                  type="button"
                  data-slot="filter-chip-remove"
                  aria-label={messages.removeChip.replace('{chip}', label)}
                  disabled={bar.disabled}
                  onClick={() => bar.removeChip(index)}
                  className="ak:inline-flex ak:h-5 ak:w-5 ak:items-center ak:justify-center ak:rounded-ak ak:border-0 ak:bg-transparent ak:text-ak-muted ak:cursor-pointer ak:hover:bg-ak-surface-hover ak:hover:text-ak-fg ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus"
                >
                  <span aria-hidden="true">×</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <AddFilter onAdd={bar.addChip} disabled={bar.disabled || !!bar.valueError} messages={messages} completionSource={completionSource} />
    </>
  );
}

function TextMode({ bar, messages, inputLabel }: { bar: UseFilterBarResult; messages: typeof filterBarMessages; inputLabel: string }) {
  const error = bar.error;
  return (
    <div data-slot="filter-bar-text" className="ak:relative ak:flex ak:min-w-0 ak:flex-1 ak:flex-col ak:gap-1">
      <div className="ak:flex ak:gap-2">
        <input
          {...bar.getInputProps({ 'aria-label': inputLabel, placeholder: messages.placeholder })}
          data-slot="filter-bar-input"
          className={cn(field, 'ak:min-w-0 ak:flex-1 ak:font-mono ak:data-[state=invalid]:border-ak-negative')}
        />
        <button type="button" data-slot="filter-bar-apply" className={button} disabled={bar.disabled || !!error} onClick={bar.commit}>
          {messages.apply}
        </button>
      </div>
      {bar.isSuggestionsOpen && (
        <ul
          {...bar.getListboxProps({ 'aria-label': messages.suggestions })}
          data-slot="filter-bar-suggestions"
          className="ak:absolute ak:top-full ak:z-10 ak:m-0 ak:mt-1 ak:max-h-64 ak:w-full ak:list-none ak:overflow-auto ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:p-1 ak:shadow"
        >
          {bar.suggestions.map((suggestion, index) => (
            <li
              key={`${suggestion.type}:${suggestion.label}`}
              {...bar.getOptionProps(index)}
              data-slot="filter-bar-suggestion"
              data-type={suggestion.type}
              className="ak:flex ak:cursor-pointer ak:justify-between ak:gap-4 ak:rounded-ak ak:px-2 ak:py-1 ak:font-mono ak:data-[highlighted]:bg-ak-surface-hover"
            >
              <span>{suggestion.label}</span>
              <span className="ak:font-sans ak:text-ak-muted">{suggestion.type === 'recent' ? messages.recent : suggestion.detail}</span>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p {...bar.getErrorProps()} role="alert" data-slot="filter-bar-error" className="ak:m-0 ak:flex ak:flex-col ak:gap-0.5 ak:text-ak-negative">
          <span>
            {messages.invalid} {error.message}
          </span>
          <ErrorMarker text={bar.draft} start={error.range.start} end={error.range.end} />
        </p>
      )}
    </div>
  );
}

/** The condition with the error's range marked, rendered as text (never as HTML). */
function ErrorMarker({ text, start, end }: { text: string; start: number; end: number }) {
  const marked = text.slice(start, Math.max(end, start + 1)) || ' ';
  return (
    <code data-slot="filter-bar-error-range" aria-hidden="true" className="ak:whitespace-pre-wrap ak:font-mono ak:text-ak-fg">
      {text.slice(0, start)}
      <mark className="ak:bg-transparent ak:text-ak-negative ak:underline ak:decoration-wavy">{marked}</mark>
      {text.slice(Math.max(end, start + 1))}
    </code>
  );
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function numberOrNull(text: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function AddFilter({
  onAdd,
  disabled,
  messages,
  completionSource,
}: {
  onAdd: (chip: FilterChipSpec) => void;
  disabled: boolean;
  messages: typeof filterBarMessages;
  completionSource: CompletionSource | undefined;
}) {
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Exclude<FilterChipKind, 'custom'>>('annotation-label');
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [min, setMin] = useState('');
  const [max, setMax] = useState('');
  const [choice, setChoice] = useState('');
  const id = useId();
  const names = completionSource?.annotationNames ?? [];
  const needsName = kind.startsWith('annotation') || kind === 'annotator-kind';

  const spec = (): FilterChipSpec | null => {
    const n = name.trim();
    if (needsName && n === '') return null;
    switch (kind) {
      case 'annotation-label': {
        const labels = splitList(text);
        return labels.length ? { kind, name: n, labels } : null;
      }
      case 'annotation-score':
      case 'latency': {
        const low = numberOrNull(min);
        const high = numberOrNull(max);
        if (low === null && high === null) return null;
        return kind === 'latency' ? { kind, min: low, max: high } : { kind, name: n, min: low, max: high };
      }
      case 'annotation-present':
      case 'annotation-absent':
        return { kind, name: n };
      case 'annotator-kind':
        return { kind, name: n, annotatorKinds: [(choice || 'HUMAN') as AnnotatorKind] };
      case 'span-kind':
        return { kind, spanKinds: [(choice || 'LLM') as SpanKind] };
      case 'status':
        return { kind, statusCodes: [(choice || 'ERROR') as SpanStatusCode] };
      case 'model': {
        const models = splitList(text);
        return models.length ? { kind, models } : null;
      }
      case 'text':
        return text.trim() ? { kind, text: text.trim() } : null;
    }
  };
  const built = spec();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!built) return;
    onAdd(built);
    setOpen(false);
    setText('');
    setMin('');
    setMax('');
  };
  const labelled = (labelText: string, control: ReactNode) => (
    <label className="ak:flex ak:flex-col ak:gap-0.5">
      <span className="ak:text-ak-muted">{labelText}</span>
      {control}
    </label>
  );
  const choices: readonly string[] =
    kind === 'annotator-kind' ? ANNOTATOR_KINDS : kind === 'span-kind' ? SPAN_KINDS : kind === 'status' ? ['ERROR', 'OK', 'UNSET'] : [];
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild>
        <button type="button" data-slot="filter-bar-add" className={button} disabled={disabled}>
          + {messages.addFilter}
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          aria-label={messages.addFilterDialog}
          align="start"
          sideOffset={4}
          data-slot="filter-bar-add-content"
          className="ak:z-50 ak:flex ak:w-72 ak:flex-col ak:gap-2 ak:rounded-ak-lg ak:border ak:border-ak-border ak:bg-ak-bg ak:p-3 ak:text-sm ak:text-ak-fg ak:shadow-lg"
        >
          <form onSubmit={submit} className="ak:flex ak:flex-col ak:gap-2">
            {labelled(
              messages.filterBy,
              <select
                className={field}
                value={kind}
                onChange={(event) => {
                  setKind(event.target.value as Exclude<FilterChipKind, 'custom'>);
                  setChoice('');
                }}
              >
                {KIND_OPTIONS.map((option) => (
                  <option key={option} value={option}>
                    {KIND_NAMES[option as Exclude<FilterChipKind, 'custom'>]}
                  </option>
                ))}
              </select>,
            )}
            {needsName &&
              labelled(
                messages.annotationName,
                <>
                  <input className={field} list={`${id}-names`} value={name} onChange={(event) => setName(event.target.value)} />
                  <datalist id={`${id}-names`}>
                    {names.map((n) => (
                      <option key={n} value={n} />
                    ))}
                  </datalist>
                </>,
              )}
            {kind === 'annotation-label' &&
              labelled(
                messages.labels,
                <>
                  <input className={field} list={`${id}-labels`} value={text} onChange={(event) => setText(event.target.value)} />
                  <datalist id={`${id}-labels`}>
                    {(completionSource?.labels?.[name.trim()] ?? []).map((label) => (
                      <option key={label} value={label} />
                    ))}
                  </datalist>
                </>,
              )}
            {(kind === 'annotation-score' || kind === 'latency') && (
              <div className="ak:flex ak:gap-2">
                {labelled(messages.minimum, <input className={cn(field, 'ak:w-full')} inputMode="decimal" value={min} onChange={(event) => setMin(event.target.value)} />)}
                {labelled(messages.maximum, <input className={cn(field, 'ak:w-full')} inputMode="decimal" value={max} onChange={(event) => setMax(event.target.value)} />)}
              </div>
            )}
            {choices.length > 0 &&
              labelled(
                kind === 'annotator-kind' ? messages.annotatorKind : kind === 'span-kind' ? messages.spanKind : messages.status,
                <select className={field} value={choice || choices[0]} onChange={(event) => setChoice(event.target.value)}>
                  {choices.map((option) => (
                    <option key={option} value={option}>
                      {option}
                    </option>
                  ))}
                </select>,
              )}
            {kind === 'model' && labelled(messages.models, <input className={field} value={text} onChange={(event) => setText(event.target.value)} />)}
            {kind === 'text' && labelled(messages.text, <input className={field} value={text} onChange={(event) => setText(event.target.value)} />)}
            <button type="submit" data-slot="filter-bar-add-submit" className={button} disabled={!built}>
              {messages.add}
            </button>
          </form>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

export type { FilterBarMode };
