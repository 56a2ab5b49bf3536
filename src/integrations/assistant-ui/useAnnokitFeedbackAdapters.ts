'use client';
import type { FeedbackAdapter, ThreadHistoryAdapter, ThreadMessage } from '@assistant-ui/react';
import { useMemo } from 'react';
import { AnnokitError, ValidationError, toAnnokitError } from '../../core/errors';
import type { Annotation, AnnotationInput, AnnotationTarget } from '../../core/model';
import { spanTargetFromMetadata } from '../../core/spanTarget';
import { annotationKey } from '../../core/targets';
import { annotationsKey, annotationsKeyPart, withQueuedWrites } from '../../provider/queryCache';
import { retryRetryable } from '../../hooks/useAnnotations';
import { THUMBS } from '../../hooks/useFeedback';
import { useLatestRef } from '../../hooks/useLatestRef';
import { useAnnotationContext, type AnnotationContextValue } from '../../provider/context';

/** assistant-ui's two feedback values. */
export type AssistantFeedbackType = 'positive' | 'negative';

export interface UseAnnokitFeedbackAdaptersOptions {
  /**
   * The thread's history adapter. It comes back wrapped: the messages it loads carry the user's
   * votes (`metadata.submittedFeedback`), so a reloaded thread shows them. Default: none.
   */
  history?: ThreadHistoryAdapter;
  /** Annotation name. Default `user_feedback`. */
  name?: string;
  /**
   * The target a message's vote is about, or null when it has none. Default: the span target
   * the server sent in the message's `metadata.custom.annokit` (see `annokit/server`).
   */
  getTarget?: (message: ThreadMessage) => AnnotationTarget | null;
  /** Extra metadata written with every vote (the message id is always added). Default none. */
  metadata?: Record<string, unknown>;
  /** Called with a vote that cannot be recorded (and is then not shown), or a read-back that failed. Default none. */
  onError?: (error: AnnokitError) => void;
}

export interface UseAnnokitFeedbackAdaptersResult {
  /** assistant-ui's feedback adapter: `ActionBarPrimitive.FeedbackPositive` / `FeedbackNegative` vote through annokit's outbox. */
  feedback: FeedbackAdapter;
  /** The history adapter you passed, reading the user's votes back on load; absent when you passed none. */
  history?: ThreadHistoryAdapter;
}

/** Thumbs up is `positive` (score 1), down `negative` (score 0): the same annotation `FeedbackButtons` writes. */
const LABEL_OF: Record<AssistantFeedbackType, string> = { positive: THUMBS[0]!.label!, negative: THUMBS[1]!.label! };
const SCORE_OF: Record<AssistantFeedbackType, number> = { positive: THUMBS[0]!.score!, negative: THUMBS[1]!.score! };

/** The span target the server put in an assistant message's custom metadata; null on other messages. */
export function messageSpanTarget(message: ThreadMessage): AnnotationTarget | null {
  if (message.role !== 'assistant') return null;
  return spanTargetFromMetadata(message.metadata.custom);
}

function feedbackTypeOf(written: Pick<AnnotationInput, 'label'> | null | undefined): AssistantFeedbackType | null {
  if (written?.label === LABEL_OF.positive) return 'positive';
  if (written?.label === LABEL_OF.negative) return 'negative';
  return null;
}

interface Bridge {
  context: AnnotationContextValue;
  name: string;
  getTarget: (message: ThreadMessage) => AnnotationTarget | null;
  metadata: Record<string, unknown> | undefined;
  onError: ((error: AnnokitError) => void) | undefined;
}

function reportAndThrow(bridge: Bridge, error: unknown): never {
  const failure = toAnnokitError(error);
  bridge.onError?.(failure);
  // Thrown before assistant-ui marks the message as voted, so a vote that is not recorded is not shown.
  throw failure;
}

function submitVote(bridge: Bridge, message: ThreadMessage, type: AssistantFeedbackType): void {
  const { context, name } = bridge;
  let target: AnnotationTarget | null;
  try {
    target = bridge.getTarget(message);
  } catch (error) {
    reportAndThrow(bridge, error);
  }
  if (target === null) {
    reportAndThrow(
      bridge,
      new ValidationError([
        {
          field: 'message.metadata.custom.annokit',
          value: message.role === 'assistant' ? message.metadata.custom.annokit : undefined,
          message: `message "${message.id}" has no span target to vote on: send one from the server (spanTargetMetadata) or pass getTarget`,
        },
      ]),
    );
  }
  const user = context.user;
  if (user === null) reportAndThrow(bridge, new AnnokitError('Sign in to give feedback: the AnnotationProvider has no user', { code: 'authentication' }));
  if (message.role === 'assistant' && message.metadata.submittedFeedback?.type === type) {
    // Clicking the thumb that is already on writes nothing again; it only retries a write that failed.
    const state = context.outbox.getKeyState({ target, name, identifier: user.id });
    if (state?.status === 'failed') void context.outbox.retry(state.latest.id);
    return;
  }
  try {
    const ticket = context.outbox.upsert({
      target,
      name,
      annotatorKind: 'HUMAN',
      label: LABEL_OF[type],
      score: SCORE_OF[type],
      identifier: user.id,
      userId: user.id,
      metadata: { ...bridge.metadata, messageId: message.id },
    });
    ticket.persisted.catch((error: unknown) => bridge.onError?.(toAnnokitError(error)));
  } catch (error) {
    reportAndThrow(bridge, error);
  }
}

/** The user's vote per message: the newest intent in the outbox, else what the backend holds. */
async function readVotes(bridge: Bridge, messages: readonly ThreadMessage[]): Promise<Map<string, AssistantFeedbackType>> {
  const { context, name } = bridge;
  const votes = new Map<string, AssistantFeedbackType>();
  const user = context.user;
  if (user === null) return votes;
  const targets = new Map<string, { message: ThreadMessage; target: AnnotationTarget }>();
  for (const message of messages) {
    let target: AnnotationTarget | null = null;
    try {
      target = bridge.getTarget(message);
    } catch (error) {
      bridge.onError?.(toAnnokitError(error));
    }
    if (target) targets.set(message.id, { message, target });
  }
  if (targets.size === 0) return votes;
  const { outbox } = context;
  await outbox.ready;
  const query = { targets: [...targets.values()].map(({ target }) => target), names: [name], identifiers: [user.id] };
  const queryKey = annotationsKey(context.scope, query);
  let stored: Annotation[] = [];
  try {
    stored = await context.queryClient.fetchQuery({
      queryKey,
      queryFn: ({ signal }) => context.adapter.listAnnotations(query, { signal }),
      retry: retryRetryable,
    });
  } catch (error) {
    // The thread still loads; votes waiting in the outbox still show.
    bridge.onError?.(toAnnokitError(error));
  }
  const shown = withQueuedWrites(stored, outbox.getSnapshot().keys, annotationsKeyPart(queryKey));
  const byKey = new Map(shown.map((annotation) => [annotationKey(annotation), annotation]));
  for (const [messageId, { target }] of targets) {
    const type = feedbackTypeOf(byKey.get(annotationKey({ target, name, identifier: user.id })));
    if (type) votes.set(messageId, type);
  }
  return votes;
}

function withVotes(bridge: { readonly current: Bridge }, history: ThreadHistoryAdapter): ThreadHistoryAdapter {
  return {
    async load() {
      const repository = await history.load();
      const votes = await readVotes(
        bridge.current,
        repository.messages.map((item) => item.message),
      );
      if (votes.size === 0) return repository;
      return {
        ...repository,
        messages: repository.messages.map((item) => {
          const type = votes.get(item.message.id);
          if (!type || item.message.role !== 'assistant') return item;
          return { ...item, message: { ...item.message, metadata: { ...item.message.metadata, submittedFeedback: { type } } } };
        }),
      };
    },
    append: (item) => history.append(item),
    ...(history.delete ? { delete: (items: Parameters<NonNullable<ThreadHistoryAdapter['delete']>>[0]) => history.delete!(items) } : {}),
    ...(history.resume ? { resume: (options: Parameters<NonNullable<ThreadHistoryAdapter['resume']>>[0]) => history.resume!(options) } : {}),
    ...(history.withFormat ? { withFormat: history.withFormat.bind(history) } : {}),
  };
}

/**
 * annokit behind assistant-ui's feedback buttons. Pass the result to your runtime's `adapters`
 * (`useLocalRuntime(model, { adapters: useAnnokitFeedbackAdapters({ history }) })`): a click on
 * `ActionBarPrimitive.FeedbackPositive` / `FeedbackNegative` writes the `user_feedback` annotation
 * through the provider's outbox (persisted, retried with backoff, sent once with an idempotency
 * key, one annotation per message and user), and the wrapped history reads the votes back so a
 * reloaded thread shows them. Must be used inside `AnnotationProvider`.
 */
export function useAnnokitFeedbackAdapters(options: UseAnnokitFeedbackAdaptersOptions = {}): UseAnnokitFeedbackAdaptersResult {
  const context = useAnnotationContext('useAnnokitFeedbackAdapters');
  const latest: Bridge = {
    context,
    name: options.name ?? 'user_feedback',
    getTarget: options.getTarget ?? messageSpanTarget,
    metadata: options.metadata,
    onError: options.onError,
  };
  // The adapters are created once and read the latest options and context through this ref.
  const bridge = useLatestRef(latest);
  const feedback = useMemo<FeedbackAdapter>(() => ({ submit: ({ message, type }) => submitVote(bridge.current, message, type) }), [bridge]);
  const { history } = options;
  // withVotes keeps the ref and reads it only inside load(), which assistant-ui calls after render.
  const wrapped = useMemo(() => (history ? withVotes(bridge, history) : undefined), [bridge, history]);
  return useMemo(() => (wrapped ? { feedback, history: wrapped } : { feedback }), [feedback, wrapped]);
}
