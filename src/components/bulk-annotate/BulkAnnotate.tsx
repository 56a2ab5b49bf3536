'use client';
import { forwardRef, useEffect, useId, useRef, useState, type FormEvent, type HTMLAttributes } from 'react';
import type { AnnotationConfig } from '../../core/model';
import { useAnnotationConfigs } from '../../hooks/useAnnotationConfigs';
import { useBulkAnnotate, type BulkAnnotationValue } from '../../hooks/useBulkAnnotate';
import { useControllableState } from '../../hooks/useControllableState';
import { formatMessage as fill } from '../../provider/messages';
import { useMessages } from '../../provider/useMessages';
import { useComposedRefs } from '@radix-ui/react-compose-refs';
import { cn } from '../primitives/cn';
import { bulkAnnotateMessages, type BulkAnnotateMessages } from './messages';

export { bulkAnnotateMessages, type BulkAnnotateMessages } from './messages';

export interface BulkAnnotateProps extends Omit<HTMLAttributes<HTMLFormElement>, 'onSubmit'> {
  /** The spans to annotate (e.g. a `SpanTable`'s selection). */
  spanIds: readonly string[];
  /** The chosen annotation config's name (controlled). */
  name?: string;
  /** The config chosen first (uncontrolled). Default: the first config. */
  defaultName?: string;
  /** Called when the reviewer picks another annotation config. */
  onNameChange?: (name: string) => void;
  /** Spans written per request. Default 50. */
  batchSize?: number;
  /** Called when a write finished (with the spans written and the failed count). */
  onApplied?: (result: { done: number; failed: number }) => void;
  /** Override any UI text, on top of the provider's `bulkAnnotate` messages. Default none. */
  messages?: Partial<BulkAnnotateMessages>;
}

const buttonClass =
  'ak:inline-flex ak:h-7 ak:cursor-pointer ak:items-center ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:text-xs ak:text-ak-fg ak:hover:bg-ak-surface-hover ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus ak:disabled:cursor-not-allowed ak:disabled:opacity-60';
const inputClass =
  'ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:py-1 ak:text-sm ak:text-ak-fg ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus';

function valueOf(config: AnnotationConfig | undefined, raw: string, explanation: string): BulkAnnotationValue | null {
  if (!config || raw.trim() === '') return null;
  const base = explanation.trim() ? { explanation: explanation.trim() } : {};
  if (config.type === 'categorical') {
    const choice = config.values.find((value) => value.label === raw);
    return choice ? { label: choice.label, ...(choice.score != null ? { score: choice.score } : {}), ...base } : null;
  }
  if (config.type === 'continuous') {
    const score = Number(raw);
    return Number.isFinite(score) ? { score, ...base } : null;
  }
  return { label: raw, ...base };
}

/**
 * Applies one annotation, chosen from a config, to every given span as the current reviewer:
 * previews how many already carry one from them, asks before overwriting, shows progress, reports
 * failed batches with a retry, and offers undo. Built on `useBulkAnnotate`.
 */
export const BulkAnnotate = forwardRef<HTMLFormElement, BulkAnnotateProps>(function BulkAnnotate(props, ref) {
  const { spanIds, name: nameProp, defaultName, onNameChange, batchSize, onApplied, messages, className, ...rest } = props;
  const t = useMessages('bulkAnnotate', bulkAnnotateMessages, messages);
  const configsQuery = useAnnotationConfigs();
  const { configs } = configsQuery;
  const [chosen, setChosen] = useControllableState<string | undefined>(nameProp, defaultName, onNameChange as ((next: string | undefined) => void) | undefined, 'BulkAnnotate');
  const config = configs.find((entry) => entry.name === chosen) ?? configs[0];
  const name = config?.name ?? '';
  const bulk = useBulkAnnotate({ spanIds, name, ...(batchSize ? { batchSize } : {}) });
  const [raw, setRaw] = useState('');
  const [explanation, setExplanation] = useState('');
  const [confirming, setConfirming] = useState(false);
  const headingId = useId();
  const value = valueOf(config, raw, explanation);
  const busy = bulk.status === 'applying' || bulk.status === 'undoing';

  // The confirmation, Undo and Retry unmount or disable as they are used, which leaves focus on
  // <body>: once the form settles, focus goes to the next step (Retry, else Undo, else Apply).
  const formRef = useRef<HTMLFormElement>(null);
  const composedRef = useComposedRefs(ref, formRef);
  const submitRef = useRef<HTMLButtonElement>(null);
  const retryRef = useRef<HTMLButtonElement>(null);
  const undoRef = useRef<HTMLButtonElement>(null);
  const refocusRef = useRef(false);
  const refocus = () => {
    refocusRef.current = !!formRef.current?.contains(document.activeElement);
  };
  useEffect(() => {
    if (!refocusRef.current || busy || confirming) return;
    refocusRef.current = false;
    const focused = document.activeElement;
    if (focused && focused !== document.body && focused.isConnected) return;
    (retryRef.current ?? undoRef.current ?? submitRef.current)?.focus();
  });
  const cancel = () => {
    refocus();
    setConfirming(false);
  };

  const run = async () => {
    if (!value) return;
    refocus();
    setConfirming(false);
    await bulk.apply(value);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!value || busy) return;
    if (bulk.existingCount > 0 && !confirming) setConfirming(true);
    else void run();
  };
  const failedCount = bulk.failures.reduce((sum, failure) => sum + failure.spanIds.length, 0);
  const onAppliedRef = useRef(onApplied);
  onAppliedRef.current = onApplied;
  useEffect(() => {
    if (bulk.status === 'done') onAppliedRef.current?.({ done: bulk.doneCount, failed: failedCount });
  }, [bulk.status, bulk.doneCount, failedCount]);

  const notice = (role: 'note' | 'status' | 'alert', text: string) => (
    <p role={role} data-slot="bulk-annotate-notice" className={cn('ak:m-0 ak:text-sm', role === 'alert' ? 'ak:text-ak-negative' : 'ak:text-ak-muted')}>
      {text}
    </p>
  );
  if (!bulk.canWrite) return notice('note', t.noUser);
  if (!configsQuery.isSupported) return notice('note', t.configsUnsupported);
  if (configsQuery.error) return notice('alert', fill(t.configsFailed, { reason: configsQuery.error.message }));
  if (configsQuery.isLoading) return notice('status', t.loadingConfigs);
  if (!configs.length) return notice('note', t.noConfigs);

  return (
    <form
      ref={composedRef}
      aria-labelledby={headingId}
      data-slot="bulk-annotate"
      data-state={bulk.status}
      onSubmit={onSubmit}
      className={cn('ak:flex ak:flex-col ak:gap-2 ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:p-3 ak:text-sm ak:text-ak-fg', className)}
      {...rest}
    >
      <span id={headingId} className="ak:text-sm ak:font-semibold">
        {t.heading}
      </span>
      <div className="ak:flex ak:flex-wrap ak:items-end ak:gap-2">
        <label className="ak:flex ak:flex-col ak:gap-1 ak:text-xs">
          {t.name}
          <select
            className={inputClass}
            value={name}
            disabled={busy}
            onChange={(event) => {
              setChosen(event.currentTarget.value);
              setRaw('');
              setConfirming(false);
            }}
          >
            {configs.map((entry) => (
              <option key={entry.id} value={entry.name}>
                {entry.name}
              </option>
            ))}
          </select>
        </label>
        {config?.type === 'categorical' ? (
          <label className="ak:flex ak:flex-col ak:gap-1 ak:text-xs">
            {t.label}
            <select className={inputClass} value={raw} disabled={busy} onChange={(event) => setRaw(event.currentTarget.value)}>
              <option value="">—</option>
              {config.values.map((choice) => (
                <option key={choice.label} value={choice.label}>
                  {choice.label}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label className="ak:flex ak:flex-col ak:gap-1 ak:text-xs">
            {config?.type === 'continuous' ? t.score : t.text}
            <input
              className={inputClass}
              type={config?.type === 'continuous' ? 'number' : 'text'}
              step="any"
              {...(config?.type === 'continuous' && config.lowerBound != null ? { min: config.lowerBound } : {})}
              {...(config?.type === 'continuous' && config.upperBound != null ? { max: config.upperBound } : {})}
              value={raw}
              disabled={busy}
              onChange={(event) => setRaw(event.currentTarget.value)}
            />
          </label>
        )}
        <label className="ak:flex ak:grow ak:flex-col ak:gap-1 ak:text-xs">
          {t.explanation}
          <input className={inputClass} value={explanation} disabled={busy} onChange={(event) => setExplanation(event.currentTarget.value)} />
        </label>
      </div>
      <p
        data-slot="bulk-annotate-preview"
        role={bulk.previewError ? 'alert' : undefined}
        className="ak:m-0 ak:text-xs ak:data-[state=error]:text-ak-negative"
        data-state={bulk.previewError ? 'error' : bulk.isLoadingPreview ? 'loading' : 'ready'}
      >
        {spanIds.length === 0
          ? t.nothingSelected
          : bulk.previewError
            ? fill(t.previewFailed, { reason: bulk.previewError.message })
            : bulk.isLoadingPreview
            ? t.previewLoading
            : `${fill(t.preview, { total: bulk.total })}${bulk.existingCount ? ` ${fill(t.previewExisting, { existing: bulk.existingCount })}` : ''}`}
      </p>
      {confirming ? (
        <div
          role="alertdialog"
          aria-label={fill(t.confirm, { existing: bulk.existingCount })}
          className="ak:flex ak:items-center ak:gap-2"
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            event.preventDefault();
            cancel();
          }}
        >
          <span className="ak:text-ak-warning">{fill(t.confirm, { existing: bulk.existingCount })}</span>
          <button type="button" className={buttonClass} onClick={() => void run()} autoFocus>
            {t.confirmYes}
          </button>
          <button type="button" className={buttonClass} onClick={cancel}>
            {t.confirmNo}
          </button>
        </div>
      ) : (
        <div className="ak:flex ak:gap-2">
          <button
            ref={submitRef}
            type="submit"
            className={buttonClass}
            disabled={!value || busy || spanIds.length === 0 || bulk.isLoadingPreview || !!bulk.previewError}
          >
            {fill(t.apply, { total: spanIds.length })}
          </button>
          {bulk.canUndo ? (
            <button
              ref={undoRef}
              type="button"
              className={buttonClass}
              onClick={() => {
                refocus();
                void bulk.undo();
              }}
            >
              {t.undo}
            </button>
          ) : bulk.status === 'done' && !bulk.isUndoSupported ? (
            <span role="note" className="ak:self-center ak:text-xs ak:text-ak-muted">
              {t.undoUnsupported}
            </span>
          ) : null}
        </div>
      )}
      {bulk.status === 'applying' ? (
        <label className="ak:flex ak:items-center ak:gap-2 ak:text-xs">
          {fill(t.progress, { done: bulk.doneCount, total: bulk.total })}
          <progress value={bulk.doneCount} max={bulk.total} />
        </label>
      ) : null}
      <div role="status" className="ak:text-xs">
        {bulk.status === 'done' ? fill(t.done, { done: bulk.doneCount, total: bulk.total }) : null}
        {bulk.status === 'undone' ? t.undone : null}
      </div>
      {bulk.retrying.length ? (
        <div role="status" data-slot="bulk-annotate-retrying" className="ak:flex ak:items-center ak:gap-2 ak:text-xs ak:text-ak-muted">
          {fill(t.retrying, {
            count: bulk.retrying.reduce((sum, group) => sum + group.spanIds.length, 0),
            reason: bulk.retrying[0]!.error.message,
          })}
          <button type="button" className={buttonClass} onClick={() => void bulk.retryFailed()}>
            {t.retryNow}
          </button>
        </div>
      ) : null}
      {bulk.failures.length ? (
        <div role="alert" data-slot="bulk-annotate-failures" className="ak:flex ak:items-center ak:gap-2 ak:text-xs ak:text-ak-negative">
          {fill(t.failed, { count: failedCount, reason: bulk.failures[0]!.error.message })}
          <button
            ref={retryRef}
            type="button"
            className={buttonClass}
            disabled={busy}
            onClick={() => {
              refocus();
              void bulk.retryFailed();
            }}
          >
            {t.retry}
          </button>
        </div>
      ) : null}
      {bulk.undoError ? (
        <p role="alert" className="ak:m-0 ak:text-xs ak:text-ak-negative">
          {fill(t.undoFailed, { reason: bulk.undoError.message })}
        </p>
      ) : null}
    </form>
  );
});
