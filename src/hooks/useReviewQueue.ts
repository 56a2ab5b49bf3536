'use client';
import { useCallback, useMemo } from 'react';
import type { AnnokitError } from '../core/errors';
import type { Annotation, AnnotationTarget, Span } from '../core/model';
import { annotationRefOfWrite } from '../core/outbox/keys';
import { targetKey } from '../core/targets';
import { useAnnotationContext } from '../provider/context';
import { useOutboxSnapshot } from './outboxWrites';
import { reviewerIdentifier } from './useAnnotationPanel';
import { useAnnotations } from './useAnnotations';
import { useControllableState } from './useControllableState';
import { useLatestRef } from './useLatestRef';

export interface UseReviewQueueOptions {
  /** The spans to walk, in the order to walk them (e.g. the rows of a `SpanTable`). */
  spans: readonly Span[];
  /** The current item's span id (controlled). */
  value?: string | null;
  /** The item shown first (uncontrolled). Default: the first item. */
  defaultValue?: string | null;
  /** Called when the reviewer moves to another item. */
  onValueChange?: (spanId: string) => void;
  /** Skip items the current user has already annotated (controlled). */
  unreviewedOnly?: boolean;
  /** Whether unreviewed-only starts on (uncontrolled). Default false. */
  defaultUnreviewedOnly?: boolean;
  /** Called when unreviewed-only is switched. */
  onUnreviewedOnlyChange?: (on: boolean) => void;
}

export interface UseReviewQueueResult {
  /** The items walked now (all, or the unreviewed ones plus the current one). */
  items: readonly Span[];
  /** The current item, or null when the queue is empty. */
  current: Span | null;
  /** 0-based position of the current item in `items`, -1 when empty. */
  index: number;
  /** How many items of `spans` the current user has annotated. */
  reviewedCount: number;
  /** Total items in `spans`. */
  total: number;
  /** Whether the current user has annotated this span (a write still in the outbox counts). */
  isReviewed: (spanId: string) => boolean;
  /**
   * Where the current user's writes on this span stand in the outbox: `pending` (queued or being
   * sent), `retrying` (an attempt failed, it will be tried again), `failed` (failed for good), or
   * null when nothing is waiting. Items the reviewer has moved past keep their state.
   */
  writeStatus: (spanId: string) => ReviewItemWriteStatus | null;
  /** Whether reviewed items are skipped. */
  unreviewedOnly: boolean;
  /** Switches unreviewed-only on or off. */
  setUnreviewedOnly: (on: boolean) => void;
  /** Moves to the next item; false at the end. */
  next: () => boolean;
  /** Moves to the previous item; false at the start. */
  previous: () => boolean;
  /** Moves to an item by span id. */
  goTo: (spanId: string) => void;
  /** True while the reviewer's annotations load (the reviewed count is not final). */
  isLoading: boolean;
  /** Why the reviewer's annotations could not be loaded (the reviewed count and unreviewed-only are then unreliable). */
  error: AnnokitError | null;
}

const NO_ANNOTATIONS: readonly Annotation[] = [];

/** Where a reviewer's writes on one item stand in the outbox, worst first. */
export type ReviewItemWriteStatus = 'failed' | 'retrying' | 'pending';
const SEVERITY: Record<ReviewItemWriteStatus, number> = { failed: 3, retrying: 2, pending: 1 };

/**
 * Walks a list of spans one at a time in the order given. "Reviewed" means the current user has
 * an annotation on the span; with unreviewed-only on, reviewed items are skipped except the current
 * one, so finishing an item does not yank it away while the reviewer is still on it.
 */
export function useReviewQueue(options: UseReviewQueueOptions): UseReviewQueueResult {
  const { spans } = options;
  const { user, outbox } = useAnnotationContext('useReviewQueue');
  const { keys } = useOutboxSnapshot(outbox);
  const writes = useMemo(() => {
    const bySpan = new Map<string, ReviewItemWriteStatus>();
    if (!user) return bySpan;
    const identifier = reviewerIdentifier(user.id);
    for (const { latest, status, error } of keys.values()) {
      const ref = annotationRefOfWrite(latest.write);
      if (!ref || ref.target.kind !== 'span' || ref.identifier !== identifier) continue;
      const state: ReviewItemWriteStatus = status === 'failed' ? 'failed' : error ? 'retrying' : 'pending';
      const previous = bySpan.get(ref.target.spanId);
      if (!previous || SEVERITY[state] > SEVERITY[previous]) bySpan.set(ref.target.spanId, state);
    }
    return bySpan;
  }, [keys, user]);
  const targets = useMemo<AnnotationTarget[]>(() => spans.map((span) => ({ kind: 'span', spanId: span.spanId })), [spans]);
  const annotations = useAnnotations({ targets, enabled: !!user && targets.length > 0 });
  const reviewed = useMemo(() => {
    const set = new Set<string>();
    if (!user) return set;
    for (const span of spans) {
      const list = annotations.byTarget.get(targetKey({ kind: 'span', spanId: span.spanId })) ?? NO_ANNOTATIONS;
      if (list.some((annotation) => annotation.userId === user.id && annotation.annotatorKind === 'HUMAN')) set.add(span.spanId);
    }
    return set;
  }, [spans, annotations.byTarget, user]);

  const [unreviewedOnly, setUnreviewedOnly] = useControllableState(
    options.unreviewedOnly,
    options.defaultUnreviewedOnly ?? false,
    options.onUnreviewedOnlyChange,
    'useReviewQueue',
  );
  const [requested, setRequested] = useControllableState<string | null>(
    options.value,
    options.defaultValue ?? null,
    options.onValueChange as ((next: string | null) => void) | undefined,
    'useReviewQueue',
  );
  const currentId = requested !== null && spans.some((span) => span.spanId === requested) ? requested : (spans[0]?.spanId ?? null);

  const items = useMemo(
    () => (unreviewedOnly ? spans.filter((span) => !reviewed.has(span.spanId) || span.spanId === currentId) : spans),
    [spans, unreviewedOnly, reviewed, currentId],
  );
  // With unreviewed-only on and the first item reviewed, start on the first unreviewed one.
  const index = items.findIndex((span) => span.spanId === currentId);
  const current = index >= 0 ? items[index]! : (items[0] ?? null);
  const position = index >= 0 ? index : items.length ? 0 : -1;

  const stateRef = useLatestRef({ items, position });
  const goTo = useCallback((spanId: string) => setRequested(spanId), [setRequested]);
  const step = useCallback(
    (delta: number) => {
      const { items: list, position: at } = stateRef.current;
      const target = list[at + delta];
      if (!target) return false;
      goTo(target.spanId);
      return true;
    },
    [goTo, stateRef],
  );

  return {
    items,
    current,
    index: position,
    reviewedCount: reviewed.size,
    total: spans.length,
    isReviewed: (spanId) => reviewed.has(spanId),
    writeStatus: (spanId) => writes.get(spanId) ?? null,
    unreviewedOnly,
    setUnreviewedOnly,
    next: () => step(1),
    previous: () => step(-1),
    goTo,
    isLoading: annotations.isLoading,
    error: annotations.error,
  };
}
