'use client';
import * as Popover from '@radix-ui/react-popover';
import { useId, useState, type RefObject } from 'react';
import type { FeedbackDetails } from '../../hooks/useFeedback';
import { formatMessage } from '../../provider/messages';
import type { FeedbackMessages } from './messages';

export interface FeedbackDetailsPopoverProps {
  anchorRef: RefObject<HTMLElement | null>;
  messages: FeedbackMessages;
  /** Default: the negative or the positive defaults below, by `positive`. */
  reasons?: readonly string[] | undefined;
  positive: boolean;
  commentMaxLength: number;
  initial: FeedbackDetails;
  onSubmit: (details: FeedbackDetails) => void;
  /** Escape, a click outside or Skip: closes and keeps the vote. */
  onClose: () => void;
}

// Here rather than in FeedbackButtons, so they load with the popover.
const DEFAULT_REASONS = ['Inaccurate', 'Unhelpful', 'Incomplete', 'Unsafe', 'Other'];
const DEFAULT_POSITIVE_REASONS = ['Accurate', 'Helpful', 'Well written'];

const chip =
  'ak:cursor-pointer ak:rounded-full ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:py-0.5 ak:font-ak ak:text-xs ak:text-ak-fg ak:hover:bg-ak-surface-hover ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus ak:data-[state=on]:border-ak-accent ak:data-[state=on]:bg-ak-accent ak:data-[state=on]:text-ak-accent-fg';
const button =
  'ak:cursor-pointer ak:rounded-ak ak:border ak:px-2 ak:py-1 ak:font-ak ak:text-sm ak:focus-visible:outline-2 ak:focus-visible:outline-offset-1 ak:focus-visible:outline-ak-focus';

/** Reason chips and a comment for a vote, in a Radix popover. Loaded on demand (React.lazy). */
export default function FeedbackDetailsPopover({
  anchorRef,
  messages,
  positive,
  reasons = positive ? DEFAULT_POSITIVE_REASONS : DEFAULT_REASONS,
  commentMaxLength,
  initial,
  onSubmit,
  onClose,
}: FeedbackDetailsPopoverProps) {
  const [selected, setSelected] = useState<string[]>(initial.reasons);
  const [comment, setComment] = useState(initial.comment);
  const commentId = useId();
  const countId = useId();
  const reasonsId = useId();
  return (
    <Popover.Root open onOpenChange={(open) => (open ? undefined : onClose())}>
      <Popover.Anchor virtualRef={anchorRef as RefObject<HTMLElement>} />
      <Popover.Content
        aria-label={messages.detailsTitle}
        data-slot="feedback-details"
        side="bottom"
        align="start"
        sideOffset={4}
        className="ak:z-50 ak:flex ak:w-72 ak:flex-col ak:gap-2 ak:rounded-ak-lg ak:border ak:border-ak-border ak:bg-ak-bg ak:p-3 ak:font-ak ak:text-sm ak:text-ak-fg ak:shadow-lg"
      >
        <form
          className="ak:flex ak:flex-col ak:gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            onSubmit({ reasons: selected, comment: comment.slice(0, commentMaxLength) });
          }}
        >
          <p id={reasonsId} className="ak:m-0 ak:font-medium">
            {positive ? messages.reasonsPositive : messages.reasons}
          </p>
          <div role="group" aria-labelledby={reasonsId} className="ak:flex ak:flex-wrap ak:gap-1">
            {reasons.map((reason) => {
              const on = selected.includes(reason);
              return (
                <button
                  key={reason}
                  type="button"
                  aria-pressed={on}
                  data-state={on ? 'on' : 'off'}
                  data-slot="feedback-reason"
                  className={chip}
                  onClick={() => setSelected((current) => (on ? current.filter((r) => r !== reason) : [...current, reason]))}
                >
                  {reason}
                </button>
              );
            })}
          </div>
          <label htmlFor={commentId} className="ak:text-xs ak:text-ak-muted">
            {messages.comment}
          </label>
          <textarea
            id={commentId}
            data-slot="feedback-comment"
            aria-describedby={countId}
            maxLength={commentMaxLength}
            rows={3}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
            className="ak:resize-y ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:p-1.5 ak:font-ak ak:text-sm ak:text-ak-fg ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus"
          />
          <span id={countId} className="ak:text-xs ak:text-ak-muted">
            {formatMessage(messages.commentCount, { count: comment.length, max: commentMaxLength })}
          </span>
          <div className="ak:flex ak:justify-end ak:gap-2">
            <button type="button" onClick={onClose} className={`${button} ak:border-ak-border ak:bg-ak-bg ak:text-ak-fg`}>
              {messages.skip}
            </button>
            <button type="submit" className={`${button} ak:border-ak-accent ak:bg-ak-accent ak:text-ak-accent-fg`}>
              {messages.submit}
            </button>
          </div>
        </form>
      </Popover.Content>
    </Popover.Root>
  );
}
