'use client';
import { forwardRef, useId, type HTMLAttributes, type ReactNode } from 'react';
import { annotationRefOfWrite } from '../../core/outbox/keys';
import type { OutboxEntry } from '../../core/outbox/types';
import { targetId } from '../../core/targets';
import { useControllableState } from '../../hooks/useControllableState';
import { useOutboxStatus } from '../../hooks/useOutboxStatus';
import { formatMessage as fill } from '../../provider/messages';
import { useMessages } from '../../provider/useMessages';
import { cn } from '../primitives/cn';
import { outboxStatusMessages, type OutboxStatusMessages } from './messages';

export { outboxStatusMessages, type OutboxStatusMessages } from './messages';

export interface OutboxStatusProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** Whether the list of failed writes is shown (controlled). */
  open?: boolean;
  /** Whether the list of failed writes starts shown (uncontrolled). Default true. */
  defaultOpen?: boolean;
  /** Called when the reviewer shows or hides the list. */
  onOpenChange?: (open: boolean) => void;
  /** Words one failed write in the list. Default: its annotation name and target (or "Note on …"). */
  describe?: (entry: OutboxEntry) => ReactNode;
  /** Override any UI text, on top of the provider's `outboxStatus` messages. Default none. */
  messages?: Partial<OutboxStatusMessages>;
}

const buttonClass =
  'ak:inline-flex ak:h-6 ak:cursor-pointer ak:items-center ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:text-xs ak:text-ak-fg ak:hover:bg-ak-surface-hover ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus';

function describeEntry(entry: OutboxEntry, t: OutboxStatusMessages): string {
  const { write } = entry;
  if (write.type === 'note') return fill(t.note, { target: targetId(write.input.target) });
  const ref = annotationRefOfWrite(write);
  if (!ref) return '';
  return fill(write.type === 'delete' ? t.delete : t.upsert, { name: ref.name, target: targetId(ref.target) });
}

/**
 * One line on the writes people made that have not landed yet: saving, waiting offline, or failed
 * for good, with the failed ones listed with Retry and Discard. It reads the provider's outbox, so
 * a label whose panel has unmounted (the reviewer moved on) still shows here when its write fails.
 */
export const OutboxStatus = forwardRef<HTMLDivElement, OutboxStatusProps>(function OutboxStatus(props, ref) {
  const { open, defaultOpen = true, onOpenChange, describe, messages, className, ...rest } = props;
  const t = useMessages('outboxStatus', outboxStatusMessages, messages);
  const status = useOutboxStatus();
  const [isOpen, setOpen] = useControllableState(open, defaultOpen, onOpenChange, 'OutboxStatus');
  const listId = useId();
  const count = status.state === 'failed' ? status.failed.length : status.pending.length;
  const summary =
    status.state === 'failed'
      ? count === 1
        ? t.failedOne
        : fill(t.failed, { count })
      : status.state === 'offline'
        ? fill(t.offline, { count })
        : status.state === 'pending'
          ? count === 1
            ? t.pendingOne
            : fill(t.pending, { count })
          : t.idle;
  return (
    // A group, not a landmark: several review panes on one page may each show one.
    <div
      ref={ref}
      role="group"
      aria-label={t.label}
      data-slot="outbox-status"
      data-state={status.state}
      className={cn(
        'ak:flex ak:flex-col ak:gap-1 ak:text-xs ak:text-ak-muted ak:data-[state=failed]:text-ak-negative',
        className,
      )}
      {...rest}
    >
      <div className="ak:flex ak:flex-wrap ak:items-center ak:gap-2">
        <span role="status" data-slot="outbox-status-summary">
          {summary}
        </span>
        {status.state === 'failed' ? (
          <>
            <button type="button" className={buttonClass} data-slot="outbox-status-retry-all" onClick={() => void status.retryAll()}>
              {t.retryAll}
            </button>
            <button
              type="button"
              className={buttonClass}
              aria-expanded={isOpen}
              aria-controls={listId}
              data-slot="outbox-status-toggle"
              onClick={() => setOpen(!isOpen)}
            >
              {isOpen ? t.hideDetails : t.details}
            </button>
          </>
        ) : null}
      </div>
      {status.state === 'failed' && isOpen ? (
        <ul id={listId} data-slot="outbox-status-list" className="ak:m-0 ak:flex ak:list-none ak:flex-col ak:gap-1 ak:p-0">
          {status.failed.map((entry) => (
            <li key={entry.id} data-slot="outbox-status-item" className="ak:flex ak:flex-wrap ak:items-center ak:gap-2 ak:text-ak-fg">
              <span>
                {describe ? describe(entry) : describeEntry(entry, t)}
                {entry.error ? <span className="ak:text-ak-negative">{`: ${entry.error.message}`}</span> : null}
              </span>
              <button type="button" className={buttonClass} onClick={() => void status.retry(entry.id)}>
                {t.retry}
              </button>
              <button type="button" className={buttonClass} onClick={() => void status.discard(entry.id)}>
                {t.discard}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
});
