'use client';
import { useCallback, useEffect, useMemo, type HTMLAttributes } from 'react';
import type { AnnokitError } from '../core/errors';
import type { AnnotationTarget, Span } from '../core/model';
import { getInput, getOutput } from '../core/spans/readers';
import { summarizeByNameAndKind, type AnnotationGroupSummary } from '../core/summary';
import { targetKey } from '../core/targets';
import { useAnnotations } from './useAnnotations';
import { useControllableState } from './useControllableState';
import { useSpans } from './useSpans';

export interface UseSessionViewOptions {
  /** The session to show. */
  sessionId: string;
  /** The selected turn's trace id (controlled); null selects none. */
  value?: string | null;
  /** The turn selected first (uncontrolled). Default none. */
  defaultValue?: string | null;
  /** Called when a turn is selected (with its trace id). */
  onValueChange?: (traceId: string | null) => void;
}

/** One turn of the conversation: a trace's root span read as a user message and an assistant reply. */
export interface SessionTurn {
  /** The trace's root span. */
  span: Span;
  traceId: string;
  /** The root's input as text (the user's message); null when none was recorded. */
  input: string | null;
  /** The root's output as text (the assistant's reply); null when none was recorded. */
  output: string | null;
  /** Annotations on the trace, grouped by name and annotator kind. */
  summary: AnnotationGroupSummary[];
}

export interface UseSessionViewResult {
  /** The session's turns in time order. */
  turns: readonly SessionTurn[];
  /** The selected turn's trace id, or null. */
  value: string | null;
  /** Selects a turn by trace id (null clears). */
  select: (traceId: string | null) => void;
  /** False when the adapter has no `listSpans`. */
  isSupported: boolean;
  /** True until the first page of the session's traces arrives. */
  isLoading: boolean;
  /** Why the session's traces could not be loaded. */
  error: AnnokitError | null;
  /** Loads the session's traces again, after an error. */
  retry: () => void;
  /** Props for a turn's element, with yours merged in: `data-state` `active|inactive` and `aria-current` on the selected one. */
  getTurnProps: (
    turn: SessionTurn,
    props?: HTMLAttributes<HTMLElement>,
  ) => HTMLAttributes<HTMLElement> & {
    'data-trace-id': string;
    'data-state': 'active' | 'inactive';
    'aria-current': 'true' | undefined;
  };
}

/**
 * A session's traces as the conversation they were: each trace's root input as the user turn and
 * its output as the assistant turn, in time order, with the trace's annotation summary and the
 * selected turn as a `value` / `defaultValue` / `onValueChange` trio.
 */
export function useSessionView(options: UseSessionViewOptions): UseSessionViewResult {
  const { sessionId } = options;
  const roots = useSpans({ sessionId, rootsOnly: true });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = roots;
  // A session is a handful of turns: load them all so the conversation reads whole.
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const spans = useMemo(
    () => [...roots.spans].sort((a, b) => (a.startTime ?? 0) - (b.startTime ?? 0) || a.traceId.localeCompare(b.traceId)),
    [roots.spans],
  );
  const targets = useMemo<AnnotationTarget[]>(() => spans.map((span) => ({ kind: 'trace', traceId: span.traceId })), [spans]);
  const annotations = useAnnotations({ targets });
  const turns = useMemo<SessionTurn[]>(
    () =>
      spans.map((span) => ({
        span,
        traceId: span.traceId,
        input: getInput(span)?.text || null,
        output: getOutput(span)?.text || null,
        summary: summarizeByNameAndKind(annotations.byTarget.get(targetKey({ kind: 'trace', traceId: span.traceId })) ?? []),
      })),
    [spans, annotations.byTarget],
  );
  const [value, setValue] = useControllableState<string | null>(options.value, options.defaultValue ?? null, options.onValueChange, 'useSessionView');
  const select = useCallback((traceId: string | null) => setValue(traceId), [setValue]);
  const getTurnProps = useCallback(
    (turn: SessionTurn, props: HTMLAttributes<HTMLElement> = {}) => ({
      ...props,
      'data-trace-id': turn.traceId,
      'data-state': turn.traceId === value ? ('active' as const) : ('inactive' as const),
      'aria-current': turn.traceId === value ? ('true' as const) : undefined,
    }),
    [value],
  );
  return {
    turns,
    value,
    select,
    isSupported: roots.isSupported,
    isLoading: roots.isLoading,
    error: roots.error,
    retry: roots.refetch,
    getTurnProps,
  };
}
