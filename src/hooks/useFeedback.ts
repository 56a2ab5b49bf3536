'use client';
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ButtonHTMLAttributes,
  type HTMLAttributes,
  type MouseEventHandler,
} from 'react';
import { AnnokitError, ValidationError, describeValue, got, outboxError, toAnnokitError } from '../core/errors';
import type { Annotation, AnnotationConfig, AnnotationInput, AnnotationRef, AnnotationTarget } from '../core/model';
import type { OutboxTicket } from '../core/outbox/outbox';
import type { OutboxEntry } from '../core/outbox/types';
import { annotationKey } from '../core/targets';
import { useAnnotationContext } from '../provider/context';
import { composeEventHandlers } from './dom';
import { useOutboxSnapshot } from './outboxWrites';
import { useAnnotationList } from './useAnnotations';

/** A vote's value: `up` / `down` for thumbs, a number for a score scale. */
export type FeedbackValue = string | number;

/** How a value is written: its label and score. */
export interface FeedbackChoice {
  value: FeedbackValue;
  label: string | null;
  score: number | null;
}

/** Thumbs up is label `positive` with score 1, thumbs down `negative` with score 0. */
export const THUMBS: readonly FeedbackChoice[] = [
  { value: 'up', label: 'positive', score: 1 },
  { value: 'down', label: 'negative', score: 0 },
];

/** A 1–5 scale: score only. */
export const SCORE_1_TO_5: readonly FeedbackChoice[] = /* @__PURE__ */ [1, 2, 3, 4, 5].map((n) => ({ value: n, label: null, score: n }));

/** Why the user voted as they did: reason chips and a comment, stored as metadata and explanation. */
export interface FeedbackDetails {
  reasons: string[];
  comment: string;
}

export interface UseFeedbackOptions {
  /** The span, trace or session the vote is about. */
  target: AnnotationTarget;
  /** Annotation name. Default `user_feedback`. */
  name?: string;
  /** The values and how each is written. Default {@link THUMBS}. */
  options?: readonly FeedbackChoice[];
  /** Separates users' votes: one annotation per identifier. Default the provider user's id. */
  identifier?: string;
  /** Default `HUMAN`. */
  annotatorKind?: AnnotationInput['annotatorKind'];
  /** Extra metadata written with every vote. Default none. */
  metadata?: Record<string, unknown>;
  /** Checks the score or label before anything is queued. Default none. */
  config?: AnnotationConfig | null;
  /** The vote shown, when you control it (`null` for none). Clicks are still written, then reported through `onValueChange`. */
  value?: FeedbackValue | null;
  /** The vote before anything is read back, uncontrolled. Default none. */
  defaultValue?: FeedbackValue | null;
  /** Called with the new vote (null when retracted) as the user changes it. */
  onValueChange?: (value: FeedbackValue | null) => void;
  /** Called when a vote cannot be queued (bad input) or its write failed. */
  onError?: (error: AnnokitError) => void;
  /** How long `undo()` stays available after a change, in ms. Default 5000. */
  undoMs?: number;
  /** Disables voting. Default false. */
  disabled?: boolean;
}

export interface UseFeedbackResult {
  /** The vote shown: the latest intent while it is being sent, else what the backend holds. */
  value: FeedbackValue | null;
  /** Votes, switches, or retracts (`null`). Shown at once; sent through the outbox. */
  setValue: (value: FeedbackValue | null) => void;
  /** A click on a value: votes for it, or retracts it when it is already the vote. */
  toggle: (value: FeedbackValue) => void;
  /** Reasons and comment for the current vote. */
  details: FeedbackDetails;
  /** Stores reasons and a comment with the current vote. */
  setDetails: (details: FeedbackDetails) => void;
  /** Restores the vote before the last change, while `canUndo`. */
  undo: () => void;
  canUndo: boolean;
  /** The earlier vote is still being read back. */
  isLoading: boolean;
  /** A write for this vote is queued or in flight. */
  isPending: boolean;
  /** The latest write failed and will not be retried on its own. */
  isFailed: boolean;
  /** The browser is offline; writes wait. */
  isOffline: boolean;
  /** Why voting is disabled, as a code the components word through `messages`: no provider user, or `disabled`; null when enabled. */
  disabledReason: FeedbackDisabledReason;
  /** The last error: a refused input, a failed write, or a failed read. */
  error: AnnokitError | null;
  /** Sends a failed write again. */
  retry: () => void;
  /**
   * Props for a button that votes for `value`, with yours merged in: aria-pressed, data-state,
   * disabled (also when you pass `disabled`), and an onClick that runs yours first (call
   * `preventDefault()` in it to stop the vote).
   */
  getButtonProps: (value: FeedbackValue, props?: ButtonHTMLAttributes<HTMLButtonElement>) => ButtonHTMLAttributes<HTMLButtonElement> & FeedbackButtonAttributes;
  /** `data-*` state for the element around the buttons, with your props merged in. */
  getRootProps: (props?: HTMLAttributes<HTMLElement>) => HTMLAttributes<HTMLElement> & FeedbackRootAttributes;
}

/** Why a user cannot vote: `no-user` (the provider has no user), `disabled` (the `disabled` option). */
export type FeedbackDisabledReason = 'no-user' | 'disabled' | null;

export interface FeedbackButtonAttributes {
  type: 'button';
  'aria-pressed': boolean;
  'data-state': 'on' | 'off';
  'data-value': string;
  disabled: boolean;
  onClick: MouseEventHandler<HTMLButtonElement>;
}

export interface FeedbackRootAttributes {
  'data-state': 'voted' | 'idle';
  'data-value'?: string;
  'data-pending'?: '';
  'data-failed'?: '';
  'data-offline'?: '';
  'data-disabled'?: '';
}

// Every option of the hook, once: a part that takes the options beside DOM props keeps them out of
// the DOM with omitFeedbackOptions (`satisfies` fails the build when an option is missing here).
const OPTION_KEYS = {
  target: 1,
  name: 1,
  options: 1,
  identifier: 1,
  annotatorKind: 1,
  metadata: 1,
  config: 1,
  value: 1,
  defaultValue: 1,
  onValueChange: 1,
  onError: 1,
  undoMs: 1,
  disabled: 1,
} satisfies Record<keyof UseFeedbackOptions, 1>;

/** The props of a part without the hook's options: what goes on its element. */
export function omitFeedbackOptions<P extends Partial<UseFeedbackOptions>>(props: P): Omit<P, keyof UseFeedbackOptions> {
  const rest: Record<string, unknown> = {};
  // A for…in over props (plain objects from JSX); `in` also matches Object.prototype names, which no prop has.
  for (const key in props) if (!(key in OPTION_KEYS)) rest[key] = props[key];
  return rest as Omit<P, keyof UseFeedbackOptions>;
}

const NO_DETAILS: FeedbackDetails = { reasons: [], comment: '' };

/** A boolean `data-*` attribute: present and empty when on; React leaves out an undefined one. */
const flag = (on: boolean) => (on ? ('' as const) : undefined);

/** The vote and details that a written annotation (read back, or waiting in the outbox) stands for. */
function voteOf(
  choices: readonly FeedbackChoice[],
  { label = null, score = null, explanation, metadata }: Pick<AnnotationInput, 'label' | 'score' | 'explanation' | 'metadata'>,
): [FeedbackValue | null, FeedbackDetails] {
  const match =
    choices.find((choice) => choice.label !== null && choice.label === label) ??
    choices.find((choice) => choice.label === null && choice.score === score);
  const reasons = metadata?.reasons;
  return [
    match ? match.value : null,
    { reasons: Array.isArray(reasons) ? reasons.filter((reason): reason is string => typeof reason === 'string') : [], comment: explanation ?? '' },
  ];
}

/**
 * One user's vote on one target: read back on mount, changed optimistically, written through the
 * provider's durable outbox (persisted, retried, sent once, in order). Headless: render it with
 * `getButtonProps`, or use `FeedbackButtons`.
 */
export function useFeedback(options: UseFeedbackOptions): UseFeedbackResult {
  const { user, outbox, capabilities, adapter } = useAnnotationContext('useFeedback');
  const name = options.name ?? 'user_feedback';
  const choices = options.options ?? THUMBS;
  const identifier = options.identifier ?? user?.id ?? null;
  const { target, onValueChange, onError } = options;
  const undoMs = options.undoMs ?? 5000;

  const read = useAnnotationList({
    target,
    names: [name],
    ...(identifier === null ? {} : { identifiers: [identifier] }),
    enabled: identifier !== null,
  });
  const stored: Annotation | undefined = identifier === null ? undefined : read.annotations.find((a) => a.identifier === identifier && a.name === name);

  const key = identifier === null ? null : annotationKey({ target, name, identifier });
  const ref = useMemo<AnnotationRef | null>(
    () => (identifier === null ? null : { target, name, identifier }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- hosts pass a new target object on every render; its key is what identifies it
    [key],
  );
  const snapshot = useOutboxSnapshot(outbox);
  const keyState = key ? (snapshot.keys.get(key) ?? null) : null;

  const [localError, setLocalError] = useState<AnnokitError | null>(null);
  const [undoState, setUndoState] = useState<{ previous: FeedbackValue | null; details: FeedbackDetails } | null>(null);
  // The click, shown in the same frame, until the outbox has persisted it (IndexedDB takes a few ms).
  const [optimistic, setOptimistic] = useState<{ id: string; value: FeedbackValue | null; details: FeedbackDetails } | null>(null);

  const latest: OutboxEntry | null = keyState?.latest ?? null;
  // What the user sees: the click, then the queued intent (null for a retraction), over what the
  // backend holds. The provider puts a write that lands into the cache before this re-renders, so the
  // vote never flickers back.
  const written = latest ? (latest.write.type === 'upsert' ? latest.write.input : null) : stored;
  const [shown, shownDetails]: [FeedbackValue | null, FeedbackDetails] = optimistic
    ? [optimistic.value, optimistic.details]
    : written
      ? voteOf(choices, written)
      : [latest ? null : (options.defaultValue ?? null), NO_DETAILS];
  // Not useControllableState (Radix's hook underneath) as the other trios: the uncontrolled vote is
  // server state (read back, then the outbox's intent), not a useState, and the hook would only decide
  // controlled-or-not here, for +1.15 kB gzip in the thumbs (6.23 against 5.08 kB, npm run size).
  const isControlled = options.value !== undefined;
  const value = isControlled ? (options.value ?? null) : shown;

  // A stored OutboxError carries the AnnokitError's code, retryable and status.
  const failedError = useMemo(
    () => (keyState?.status === 'failed' && keyState.error ? outboxError(keyState.error) : null),
    [keyState],
  );
  const reportedFailure = useRef<string | null>(null);
  useEffect(() => {
    if (failedError && latest && reportedFailure.current !== latest.id) {
      reportedFailure.current = latest.id;
      onError?.(failedError);
    }
  }, [failedError, latest, onError]);

  useEffect(() => {
    if (!undoState) return;
    const timer = setTimeout(() => setUndoState(null), undoMs);
    return () => clearTimeout(timer);
  }, [undoState, undoMs]);

  const noDelete = !capabilities.deleteAnnotations;
  const disabledReason: FeedbackDisabledReason = identifier === null ? 'no-user' : options.disabled ? 'disabled' : null;

  const fail = useCallback(
    (error: unknown) => {
      const failure = toAnnokitError(error);
      setLocalError(failure);
      onError?.(failure);
    },
    [onError],
  );

  const write = useCallback(
    (next: FeedbackValue | null, details: FeedbackDetails) => {
      if (!ref) return false;
      setLocalError(null);
      try {
        const baseline = read.isLoading || read.error || stored ? 'unknown' : 'absent';
        let ticket: OutboxTicket;
        if (next === null) {
          ticket = outbox.delete(ref, { baseline });
        } else {
          const option = choices.find((choice) => choice.value === next);
          if (!option) {
            const allowed = `one of ${choices.map((choice) => describeValue(choice.value)).join(', ')}`;
            throw new ValidationError([{ field: 'value', value: next, message: got(allowed, next) }]);
          }
          const metadata = { ...options.metadata, ...(details.reasons.length ? { reasons: details.reasons } : {}) };
          const input: AnnotationInput = {
            ...ref,
            annotatorKind: options.annotatorKind ?? 'HUMAN',
            label: option.label,
            score: option.score,
            explanation: details.comment.trim() === '' ? null : details.comment,
            metadata,
            userId: user?.id ?? null,
          };
          ticket = outbox.upsert(input, { baseline, config: options.config ?? null });
        }
        const { id } = ticket;
        setOptimistic({ id, value: next, details: next === null ? NO_DETAILS : details });
        ticket.persisted.then(
          () => setOptimistic((current) => (current?.id === id ? null : current)),
          (error: unknown) => {
            setOptimistic((current) => (current?.id === id ? null : current));
            fail(error);
          },
        );
        return true;
      } catch (error) {
        fail(error);
        return false;
      }
    },
    [ref, outbox, choices, read.isLoading, read.error, stored, user?.id, options.annotatorKind, options.config, options.metadata, fail],
  );

  const setValue = useCallback(
    (next: FeedbackValue | null) => {
      if (disabledReason || next === value) return;
      if (next === null && noDelete) {
        fail(new AnnokitError(`The ${adapter.name} backend cannot retract feedback`, { code: 'unsupported' }));
        return;
      }
      const keepDetails = next !== null && value !== null ? shownDetails : NO_DETAILS;
      // Controlled or not, a user's vote is written; `value` only decides what is shown.
      if (!write(next, keepDetails)) return;
      setUndoState({ previous: value, details: shownDetails });
      onValueChange?.(next);
    },
    [disabledReason, value, noDelete, adapter.name, fail, shownDetails, write, onValueChange],
  );

  const toggle = useCallback((next: FeedbackValue) => setValue(next === value ? null : next), [setValue, value]);

  const setDetails = useCallback(
    (details: FeedbackDetails) => {
      if (value === null || disabledReason) return;
      write(value, details);
    },
    [value, disabledReason, write],
  );

  const undo = useCallback(() => {
    if (!undoState) return;
    const { previous, details } = undoState;
    setUndoState(null);
    if (previous === null && noDelete) return;
    if (!write(previous, details)) return;
    onValueChange?.(previous);
  }, [undoState, noDelete, write, onValueChange]);

  // The outbox retries only an entry that failed.
  const retry = useCallback(() => void (latest && outbox.retry(latest.id)), [latest, outbox]);

  const isPending = keyState?.status === 'pending';
  const isFailed = keyState?.status === 'failed';
  const isOffline = !snapshot.isOnline;
  const disabled = disabledReason !== null;

  const getButtonProps = useCallback(
    (buttonValue: FeedbackValue, props: ButtonHTMLAttributes<HTMLButtonElement> = {}) => ({
      ...props,
      type: 'button' as const,
      'aria-pressed': value === buttonValue,
      'data-state': value === buttonValue ? ('on' as const) : ('off' as const),
      'data-value': String(buttonValue),
      disabled: disabled || !!props.disabled,
      onClick: composeEventHandlers(props.onClick, () => toggle(buttonValue)),
    }),
    [value, disabled, toggle],
  );

  const getRootProps = useCallback(
    (props: HTMLAttributes<HTMLElement> = {}) => ({
      ...props,
      'data-state': value === null ? ('idle' as const) : ('voted' as const),
      'data-value': value === null ? undefined : String(value),
      'data-pending': flag(isPending),
      'data-failed': flag(isFailed),
      'data-offline': flag(isOffline),
      'data-disabled': flag(disabled),
    }),
    [value, isPending, isFailed, isOffline, disabled],
  );

  return {
    value,
    setValue,
    toggle,
    details: shownDetails,
    setDetails,
    undo,
    canUndo: undoState !== null,
    isLoading: read.isLoading,
    isPending,
    isFailed,
    isOffline,
    disabledReason,
    error: localError ?? failedError ?? read.error,
    retry,
    getButtonProps,
    getRootProps,
  };
}

