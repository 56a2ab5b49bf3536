'use client';
import type { ClassValue } from 'clsx';
import { Suspense, forwardRef, lazy, useCallback, useImperativeHandle, useRef, useState, type HTMLAttributes } from 'react';
import {
  omitFeedbackOptions,
  useFeedback,
  type FeedbackValue,
  type UseFeedbackOptions,
  type UseFeedbackResult,
} from '../../hooks/useFeedback';
import { useMessages } from '../../provider/useMessages';
import { cn } from '../primitives/cn';
import { getFeedbackRootProps, getFeedbackThumbLabel } from './Feedback';
import { feedbackMessages, type FeedbackMessages } from './messages';

// The popover (and Radix) load only when a reason or comment is asked for.
const FeedbackDetailsPopover = lazy(() => import('./FeedbackDetailsPopover'));

// The look lives in the stylesheet as named utilities (`@utility feedback-*` in styles.css): the
// thumbs sit under every message of a chat, so their bundle carries short class names.
const buttonBase = 'ak:feedback-button';

const buttonSizes = {
  sm: 'ak:feedback-button-sm',
  md: 'ak:feedback-button-md',
  lg: 'ak:feedback-button-lg',
} as const;

/** Options of {@link feedbackButtonVariants}, as `cva` took them. */
export interface FeedbackButtonVariantProps {
  /** Button size; `null` for no size classes. Default `md`. */
  size?: keyof typeof buttonSizes | null;
  /** Classes after ours. */
  class?: ClassValue;
  /** Classes after ours. */
  className?: ClassValue;
}

/**
 * The classes of a feedback button, for your own buttons: `feedbackButtonVariants({ size: 'sm' })`.
 * A plain lookup: one variant did not pay for `cva` in the thumbs' bundle.
 */
export function feedbackButtonVariants({ size = 'md', class: classes, className }: FeedbackButtonVariantProps = {}): string {
  return cn(buttonBase, size === null ? null : buttonSizes[size], classes, className);
}

// FeedbackButtons joins its own classes with a template: its `className` is a string, and clsx
// (through cn or feedbackButtonVariants) would cost the thumbs' bundle more than the join.
const buttonClasses = (size: keyof typeof buttonSizes) => `${buttonBase} ${buttonSizes[size]}`;
export const rootClasses = 'ak:feedback';

const iconSize = { sm: 14, md: 16, lg: 20 } as const;

function Thumb({ down, size }: { down?: boolean; size: number }) {
  return (
    <svg
      aria-hidden="true"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      style={down ? { transform: 'rotate(180deg)' } : undefined}
    >
      <path d="M7 10v12M15 5.88 14 10h5.83a2 2 0 0 1 1.92 2.56l-2.33 8A2 2 0 0 1 17.5 22H4a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2h2.76a2 2 0 0 0 1.79-1.11L12 2a3.13 3.13 0 0 1 3 3.88Z" />
    </svg>
  );
}

export interface FeedbackButtonsProps extends UseFeedbackOptions, Omit<HTMLAttributes<HTMLDivElement>, 'defaultValue' | 'onError'> {
  /** Button size. Default `md`. */
  size?: 'sm' | 'md' | 'lg';
  /** Show text beside the icons ("Helpful" / "Not helpful"). Default false (icon-only, with accessible names). */
  labelled?: boolean;
  /** After which votes the reasons-and-comment popover opens. Default `negative`. */
  askFor?: 'negative' | 'any' | 'never';
  /** Reason chips offered after a negative vote. Default: Inaccurate, Unhelpful, Incomplete, Unsafe, Other. */
  reasons?: readonly string[];
  /** Reason chips offered after a positive vote. Default: Accurate, Helpful, Well written. */
  positiveReasons?: readonly string[];
  /** Longest comment accepted, in characters. Default 500. */
  commentMaxLength?: number;
  /** Classes for the group element, after ours. */
  className?: string;
}


/**
 * Thumbs up / down under an assistant message. Votes show at once and go through the provider's
 * durable outbox; the user can switch, retract (click the active thumb), undo, and say why.
 * Your ref and other props go to the group element.
 */
export const FeedbackButtons = forwardRef<HTMLDivElement, FeedbackButtonsProps>(function FeedbackButtons(
  {
    size = 'md',
    labelled = false,
    askFor = 'negative',
    reasons,
    positiveReasons,
    commentMaxLength = 500,
    className,
    onValueChange,
    ...options
  },
  ref,
) {
  const messages = useMessages('feedback', feedbackMessages);
  const [detailsOpen, setDetailsOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  // The thumbs sit under every message: React's own hook hands the element to your ref, where
  // @radix-ui/react-compose-refs would add to their bundle (size budgets in scripts/size-budgets.mjs).
  useImperativeHandle(ref, () => rootRef.current as HTMLDivElement, []);
  const handleChange = useCallback(
    (value: FeedbackValue | null) => {
      setDetailsOpen(value !== null && (askFor === 'any' || (askFor === 'negative' && value === 'down')));
      onValueChange?.(value);
    },
    [askFor, onValueChange],
  );
  const feedback = useFeedback({ ...options, onValueChange: handleChange });
  const icon = iconSize[size];
  return (
    // Built from the parts' prop helpers rather than the parts: the same attributes, without
    // Slot, context and forwardRef in the bundle of an app that only wants the thumbs.
    <div
      {...getFeedbackRootProps(feedback, messages, omitFeedbackOptions(options))}
      ref={rootRef}
      className={className ? `${rootClasses} ${className}` : rootClasses}
    >
      {(['up', 'down'] as const).map((thumb) => (
        <button
          key={thumb}
          {...getFeedbackThumbLabel(thumb, messages)}
          {...(labelled ? { 'aria-label': undefined } : {})}
          {...feedback.getButtonProps(thumb)}
          className={buttonClasses(size)}
          data-size={size}
        >
          <Thumb down={thumb === 'down'} size={icon} />
          {labelled ? <span>{thumb === 'up' ? messages.upLabel : messages.downLabel}</span> : null}
        </button>
      ))}
      <FeedbackStatus feedback={feedback} messages={messages} />
      {detailsOpen && feedback.value !== null ? (
        <Suspense fallback={null}>
          <FeedbackDetailsPopover
            anchorRef={rootRef}
            messages={messages}
            reasons={feedback.value === 'down' ? reasons : positiveReasons}
            positive={feedback.value !== 'down'}
            commentMaxLength={commentMaxLength}
            initial={feedback.details}
            onSubmit={(details) => {
              feedback.setDetails(details);
              setDetailsOpen(false);
            }}
            onClose={() => setDetailsOpen(false)}
          />
        </Suspense>
      ) : null}
    </div>
  );
});

/** Pending, failed (with retry), offline and undo, announced politely to screen readers. */
export function FeedbackStatus({ feedback, messages }: { feedback: UseFeedbackResult; messages: FeedbackMessages }) {
  const { isFailed, isPending, error } = feedback;
  // A failed write, or an error that no write in flight may still resolve.
  const state = isFailed || (error && !isPending) ? 'error' : isPending ? (feedback.isOffline ? 'offline' : 'pending') : null;
  return (
    <span role="status" aria-live="polite" className="ak:feedback-status">
      {state ? (
        <span data-slot={`feedback-${state}`} className={state === 'error' ? 'ak:text-ak-negative' : undefined}>
          {state !== 'error' ? messages[state] : isFailed ? messages.failed : error?.code === 'unsupported' ? messages.cannotRetract : error?.message}
        </span>
      ) : null}
      {isFailed ? <StatusButton slot="retry" onClick={feedback.retry} text={messages.retry} /> : null}
      {feedback.canUndo ? <StatusButton slot="undo" onClick={feedback.undo} text={messages.undo} /> : null}
    </span>
  );
}

function StatusButton({ slot, onClick, text }: { slot: string; onClick: () => void; text: string }) {
  return (
    <button
      type="button"
      data-slot={`feedback-${slot}`}
      onClick={onClick}
      className="ak:feedback-action"
    >
      {text}
    </button>
  );
}
