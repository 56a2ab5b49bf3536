'use client';
import { forwardRef, useEffect, useRef, type CSSProperties, type HTMLAttributes } from 'react';
import type { Span } from '../../core/model';
import { formatHotkey, useApplePlatform, useReviewHotkeys } from '../../hooks/useReviewHotkeys';
import { useReviewQueue, type UseReviewQueueOptions } from '../../hooks/useReviewQueue';
import { useAnnotationContext } from '../../provider/context';
import { formatMessage as fill } from '../../provider/messages';
import { useMessages } from '../../provider/useMessages';
import { AnnotationPanel } from '../annotation-panel/AnnotationPanel';
import { OutboxStatus } from '../outbox-status/OutboxStatus';
import { useComposedRefs } from '@radix-ui/react-compose-refs';
import { cn } from '../primitives/cn';
import { TraceViewer } from '../trace-viewer/TraceViewer';
import { reviewQueueMessages, type ReviewQueueMessages } from './messages';

export { reviewQueueMessages, type ReviewQueueMessages } from './messages';

export interface ReviewQueueProps extends Omit<HTMLAttributes<HTMLElement>, 'defaultValue' | 'onChange'>, UseReviewQueueOptions {
  /** Annotation names the panel shows. Default: every config. */
  names?: readonly string[];
  /** Height of the trace viewer. Default 560. */
  height?: CSSProperties['height'];
  /** Side by side (`row`) or stacked (`column`, for narrow layouts). Default `row`. */
  orientation?: 'row' | 'column';
  /** Override any UI text, on top of the provider's `reviewQueue` messages. Default none. */
  messages?: Partial<ReviewQueueMessages>;
  /**
   * Show the outbox status in the bar: writes still saving, and failed ones with Retry and Discard,
   * including those of items the reviewer has moved past. Default true.
   */
  showOutboxStatus?: boolean;
}

const buttonClass =
  'ak:inline-flex ak:h-7 ak:cursor-pointer ak:items-center ak:gap-1 ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:text-xs ak:text-ak-fg ak:hover:bg-ak-surface-hover ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus ak:disabled:cursor-not-allowed ak:disabled:opacity-60';

/**
 * Walks spans one at a time: the item's trace in a `TraceViewer` (the item span selected) beside an
 * `AnnotationPanel` on the span. `j` / `k` (or Shift+J / Shift+K from inside the tree or the panel,
 * where j / k move within them) go to the next / previous item; progress shows "n of N" and how
 * many the current user has reviewed; "only items I have not reviewed" skips the rest.
 */
export const ReviewQueue = forwardRef<HTMLElement, ReviewQueueProps>(function ReviewQueue(props, ref) {
  const {
    spans,
    value,
    defaultValue,
    onValueChange,
    unreviewedOnly,
    defaultUnreviewedOnly,
    onUnreviewedOnlyChange,
    names,
    height = 560,
    orientation = 'row',
    messages,
    showOutboxStatus = true,
    className,
    onFocus,
    onBlur,
    ...rest
  } = props;
  const t = useMessages('reviewQueue', reviewQueueMessages, messages);
  useAnnotationContext('ReviewQueue');
  const mac = useApplePlatform();
  const queue = useReviewQueue({
    spans,
    ...(value !== undefined ? { value } : {}),
    ...(defaultValue !== undefined ? { defaultValue } : {}),
    ...(onValueChange ? { onValueChange } : {}),
    ...(unreviewedOnly !== undefined ? { unreviewedOnly } : {}),
    ...(defaultUnreviewedOnly !== undefined ? { defaultUnreviewedOnly } : {}),
    ...(onUnreviewedOnlyChange ? { onUnreviewedOnlyChange } : {}),
  });
  const rootRef = useRef<HTMLElement>(null);
  const composedRef = useComposedRefs(ref, rootRef);
  useReviewHotkeys(
    [
      { keys: ['j', 'shift+j'], description: t.nextHotkey, handler: () => queue.next() },
      { keys: ['k', 'shift+k'], description: t.previousHotkey, handler: () => queue.previous() },
    ],
    { scopeRef: rootRef, cheatSheetKey: false },
  );
  const current: Span | null = queue.current;
  const itemRef = useRef<HTMLDivElement>(null);
  const previousRef = useRef<HTMLButtonElement>(null);
  const nextRef = useRef<HTMLButtonElement>(null);
  // Where focus was inside the queue, if anywhere, when the reviewer last moved.
  const focusWhereRef = useRef<'item' | 'bar' | null>(null);
  const currentId = current?.spanId;
  // The item remounts on every move and takes the focused control with it, and Next / Previous
  // disable at either end while focused; both would leave focus on <body>, where neither j / k nor
  // the panel's keys reach. Focus goes to the new panel's active field, or to the other button.
  useEffect(() => {
    const item = itemRef.current;
    const focused = document.activeElement;
    // Chromium blurs a disabled control only at its next rendering step, so a disabled one counts as lost.
    const lost = !focused || focused === document.body || (focused instanceof HTMLButtonElement && focused.disabled);
    if (!lost || !focusWhereRef.current) return;
    if (focusWhereRef.current === 'bar') {
      const button = [nextRef.current, previousRef.current].find((candidate) => candidate && !candidate.disabled);
      if (button && rootRef.current?.contains(button)) button.focus();
      return;
    }
    if (!item) return;
    const place = () => {
      const field = item.querySelector<HTMLElement>('[data-slot="annotation-field"][data-active]');
      field?.focus();
      return !!field;
    };
    if (place()) return;
    // The panel renders its fields once they load; until then the item holds focus so j / k work.
    item.focus();
    const observer = new MutationObserver(() => {
      if (document.activeElement !== item || place()) observer.disconnect();
    });
    observer.observe(item, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-active'] });
    return () => observer.disconnect();
  }, [currentId]);
  const done = queue.unreviewedOnly && queue.total > 0 && queue.reviewedCount === queue.total;
  const writeStatus = current ? queue.writeStatus(current.spanId) : null;

  return (
    <section
      ref={composedRef}
      aria-label={t.label}
      data-slot="review-queue"
      data-orientation={orientation}
      className={cn('ak:flex ak:flex-col ak:gap-2 ak:text-sm ak:text-ak-fg', className)}
      onFocus={(event) => {
        focusWhereRef.current = itemRef.current?.contains(event.target) ? 'item' : 'bar';
        onFocus?.(event);
      }}
      onBlur={(event) => {
        if (event.relatedTarget && !event.currentTarget.contains(event.relatedTarget)) focusWhereRef.current = null;
        onBlur?.(event);
      }}
      {...rest}
    >
      <div data-slot="review-queue-bar" className="ak:flex ak:flex-wrap ak:items-center ak:gap-3">
        <button ref={previousRef} type="button" className={buttonClass} onClick={queue.previous} disabled={queue.index <= 0} aria-keyshortcuts="k">
          <span aria-hidden="true">←</span> {t.previousHotkey} <kbd aria-hidden="true">{formatHotkey('k', mac)}</kbd>
        </button>
        <button
          ref={nextRef}
          type="button"
          className={buttonClass}
          onClick={queue.next}
          disabled={queue.index < 0 || queue.index >= queue.items.length - 1}
          aria-keyshortcuts="j"
        >
          {t.nextHotkey} <kbd aria-hidden="true">{formatHotkey('j', mac)}</kbd> <span aria-hidden="true">→</span>
        </button>
        <span role="status" data-slot="review-queue-progress" className="ak:text-xs">
          {queue.index >= 0 ? fill(t.progress, { position: queue.index + 1, count: queue.items.length }) : t.empty}
          {' · '}
          {queue.isLoading ? t.reviewedLoading : fill(t.reviewed, { reviewed: queue.reviewedCount, total: queue.total })}
        </span>
        <label className="ak:flex ak:items-center ak:gap-1.5 ak:text-xs">
          <input
            type="checkbox"
            checked={queue.unreviewedOnly}
            onChange={(event) => queue.setUnreviewedOnly(event.currentTarget.checked)}
          />
          {t.unreviewedOnly}
        </label>
        {current && queue.isReviewed(current.spanId) ? (
          <span data-slot="review-queue-reviewed" className="ak:rounded-ak ak:bg-ak-surface ak:px-1.5 ak:text-xs ak:text-ak-positive">
            {t.reviewedBadge}
          </span>
        ) : null}
        {writeStatus ? (
          <span
            data-slot="review-queue-write-status"
            data-status={writeStatus}
            className="ak:rounded-ak ak:bg-ak-surface ak:px-1.5 ak:text-xs ak:text-ak-muted ak:data-[status=failed]:text-ak-negative"
          >
            {writeStatus === 'failed' ? t.writeFailed : writeStatus === 'retrying' ? t.writeRetrying : t.writePending}
          </span>
        ) : null}
      </div>
      {showOutboxStatus ? <OutboxStatus /> : null}
      {queue.error ? (
        <p role="alert" data-slot="review-queue-error" className="ak:m-0 ak:text-xs ak:text-ak-negative">
          {fill(t.reviewedFailed, { reason: queue.error.message })}
        </p>
      ) : null}
      {done ? <p className="ak:text-ak-muted">{t.allReviewed}</p> : null}
      {current ? (
        <div
          ref={itemRef}
          tabIndex={-1}
          data-slot="review-queue-item"
          data-span-id={current.spanId}
          className={cn('ak:grid ak:gap-3 ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus', orientation === 'row' ? 'ak:grid-cols-[minmax(0,3fr)_minmax(16rem,2fr)]' : 'ak:grid-cols-1')}
        >
          <TraceViewer key={current.spanId} traceId={current.traceId} defaultSelectedSpanId={current.spanId} height={height} />
          <AnnotationPanel key={`panel:${current.spanId}`} target={{ kind: 'span', spanId: current.spanId }} {...(names ? { names } : {})} />
        </div>
      ) : (
        <p className="ak:text-ak-muted">{t.empty}</p>
      )}
    </section>
  );
});
