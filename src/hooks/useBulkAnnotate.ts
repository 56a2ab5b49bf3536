'use client';
import { useCallback, useMemo, useRef, useState } from 'react';
import { outboxError, toAnnokitError, type AnnokitError } from '../core/errors';
import type { Annotation, AnnotationInput, AnnotationRef, AnnotationTarget } from '../core/model';
import type { OutboxLike, OutboxSnapshot, OutboxTicket } from '../core/outbox/outbox';
import { targetId, targetKey } from '../core/targets';
import { useAnnotationContext } from '../provider/context';
import { useOutboxSnapshot, whenIdsSettled, whenSettled } from './outboxWrites';
import { reviewerIdentifier } from './useAnnotationPanel';
import { useAnnotations } from './useAnnotations';

/** The value written to every selected span. */
export interface BulkAnnotationValue {
  label?: string | null;
  score?: number | null;
  explanation?: string | null;
}

/** A batch of spans whose write failed, with the reason. */
export interface BulkAnnotateFailure {
  spanIds: string[];
  error: AnnokitError;
}

export interface UseBulkAnnotateOptions {
  /** The spans to annotate. */
  spanIds: readonly string[];
  /** The annotation name (usually a config's). */
  name: string;
  /** Spans written per request (the outbox's `batchSize` caps it, default 50). Default 50. */
  batchSize?: number;
}

export interface UseBulkAnnotateResult {
  /** How many spans the write covers. */
  total: number;
  /** How many of them already carry an annotation of this name from the current reviewer (they would be overwritten). */
  existingCount: number;
  /** True while the reviewer's existing annotations load (the preview is not final). */
  isLoadingPreview: boolean;
  /** Why the reviewer's existing annotations could not be loaded (the overwrite count is unknown). */
  previewError: AnnokitError | null;
  /** Queues `value` for every span (or only `onlySpanIds`) in the outbox; resolves when every batch has landed or failed for good. */
  apply: (value: BulkAnnotationValue, onlySpanIds?: readonly string[]) => Promise<void>;
  /** Sends the failed writes of the last apply again, and the ones waiting for a retry now. */
  retryFailed: () => Promise<void>;
  /** Restores what the applied spans held before: previous values put back, new annotations deleted. */
  undo: () => Promise<void>;
  /** Whether there is a finished write to undo. */
  canUndo: boolean;
  /** False when undoing the last write would need deletes the backend cannot do (no `deleteAnnotations`). */
  isUndoSupported: boolean;
  status: 'idle' | 'applying' | 'done' | 'undoing' | 'undone';
  /** Spans whose write has landed so far in the running or last apply (from the outbox). */
  doneCount: number;
  /** Writes of the last apply that failed for good, grouped by error (from the outbox). */
  failures: BulkAnnotateFailure[];
  /** Writes of the last apply whose attempt failed and that the outbox will try again, grouped by error. */
  retrying: BulkAnnotateFailure[];
  /** Why the last undo failed, if it did. */
  undoError: AnnokitError | null;
  /** False when there is no current user (bulk writes need an identity). */
  canWrite: boolean;
}

const NO_ANNOTATIONS: readonly Annotation[] = [];

/** The writes of one apply, retry or undo: outbox entry id → span id. */
type Run = Map<string, string>;

/** Queues the writes for these spans, a batch per `batchSize` spans; returns them keyed by entry id. */
function queueWrites(
  outbox: OutboxLike,
  batchSize: number,
  inputs: readonly AnnotationInput[],
  refs: readonly AnnotationRef[],
): { writes: Run; tickets: OutboxTicket[] } {
  const writes: Run = new Map();
  const tickets: OutboxTicket[] = [];
  for (let from = 0; from < inputs.length; from += batchSize) {
    const batch = inputs.slice(from, from + batchSize);
    const queued = outbox.upsertMany(batch);
    queued.forEach((ticket, index) => writes.set(ticket.id, targetId(batch[index]!.target)));
    tickets.push(...queued);
  }
  for (let from = 0; from < refs.length; from += batchSize) {
    const batch = refs.slice(from, from + batchSize);
    const queued = outbox.deleteMany(batch);
    queued.forEach((ticket, index) => writes.set(ticket.id, targetId(batch[index]!.target)));
    tickets.push(...queued);
  }
  return { writes, tickets };
}

/** Where the writes of a run stand in the outbox. */
function progressOf(entries: OutboxSnapshot['entries'], writes: Run) {
  let left = 0;
  let pending = 0;
  const failed = new Map<string, BulkAnnotateFailure>();
  const retrying = new Map<string, BulkAnnotateFailure>();
  for (const entry of entries) {
    const spanId = writes.get(entry.id);
    if (spanId === undefined) continue;
    left += 1;
    if (entry.status === 'pending') pending += 1;
    if (!entry.error) continue;
    const groups = entry.status === 'failed' ? failed : retrying;
    const group = groups.get(entry.error.message) ?? { spanIds: [], error: outboxError(entry.error) };
    group.spanIds.push(spanId);
    groups.set(entry.error.message, group);
  }
  return { pending, left, failures: [...failed.values()], retrying: [...retrying.values()] };
}

/**
 * Applies one annotation to many spans as the current reviewer through the provider's outbox: one
 * bulk write, persisted before anything is sent, sent in batches, each span's write retried on its
 * own key. What each span held before is kept so the whole write can be undone; failed batches are
 * reported from the outbox and can be retried. The writes carry on if the component unmounts;
 * their failures then show in `useOutboxStatus` and the provider's `onError`.
 */
export function useBulkAnnotate(options: UseBulkAnnotateOptions): UseBulkAnnotateResult {
  const { spanIds, name, batchSize = 50 } = options;
  const { user, outbox, capabilities } = useAnnotationContext('useBulkAnnotate');
  const identifier = user ? reviewerIdentifier(user.id) : '';
  const targets = useMemo<AnnotationTarget[]>(() => spanIds.map((spanId) => ({ kind: 'span', spanId })), [spanIds]);
  const existing = useAnnotations({ targets, names: [name], identifiers: [identifier], enabled: !!user && targets.length > 0 });
  const existingBySpan = useMemo(() => {
    const map = new Map<string, Annotation>();
    for (const spanId of spanIds) {
      const own = (existing.byTarget.get(targetKey({ kind: 'span', spanId })) ?? NO_ANNOTATIONS).find(
        (annotation) => annotation.name === name && annotation.identifier === identifier,
      );
      if (own) map.set(spanId, own);
    }
    return map;
  }, [spanIds, existing.byTarget, name, identifier]);

  const canDelete = capabilities.deleteAnnotations;
  const { entries } = useOutboxSnapshot(outbox);
  const [phase, setPhase] = useState<'idle' | 'apply' | 'undo' | 'undone'>('idle');
  // `queued`: the writes are in the outbox (until then they are not in its snapshot, but not done either).
  const [run, setRun] = useState<{ writes: Run; skipped: number; queued: boolean }>({
    writes: new Map(),
    skipped: 0,
    queued: true,
  });
  const [undoRun, setUndoRun] = useState<{ writes: Run; queued: boolean }>({ writes: new Map(), queued: true });
  const [undoError, setUndoError] = useState<AnnokitError | null>(null);
  // What each written span held before the first write of this run (null: nothing), for undo.
  const previousRef = useRef(new Map<string, Annotation | null>());
  // What render needs to know of that map, copied whenever it changes (render never reads the ref).
  const [undoable, setUndoable] = useState({ spans: 0, allHeldOne: true });
  const recordUndoable = useCallback(() => {
    const before = [...previousRef.current.values()];
    setUndoable({ spans: before.length, allHeldOne: before.every((annotation) => annotation !== null) });
  }, []);

  const applied = useMemo(() => progressOf(entries, run.writes), [entries, run.writes]);
  const undone = useMemo(() => progressOf(entries, undoRun.writes), [entries, undoRun.writes]);

  const apply = useCallback(
    async (value: BulkAnnotationValue, onlySpanIds?: readonly string[]) => {
      if (!user) return;
      const ids = onlySpanIds ?? spanIds;
      if (!onlySpanIds) previousRef.current = new Map();
      for (const spanId of ids) if (!previousRef.current.has(spanId)) previousRef.current.set(spanId, existingBySpan.get(spanId) ?? null);
      recordUndoable();
      const inputs: AnnotationInput[] = ids.map((spanId) => ({
        target: { kind: 'span', spanId },
        name,
        annotatorKind: 'HUMAN',
        identifier,
        userId: user.id,
        ...value,
      }));
      const { writes, tickets } = queueWrites(outbox, batchSize, inputs, []);
      setUndoError(null);
      setUndoRun({ writes: new Map(), queued: true });
      setPhase('apply');
      const current = { writes, skipped: spanIds.length - ids.length };
      setRun({ ...current, queued: false });
      const settled = whenSettled(outbox, tickets);
      await Promise.allSettled(tickets.map((ticket) => ticket.persisted));
      setRun((latest) => (latest.writes === writes ? { ...current, queued: true } : latest));
      await settled;
    },
    [user, spanIds, batchSize, existingBySpan, name, identifier, outbox, recordUndoable],
  );

  const retryFailed = useCallback(async () => {
    const mine = entries.filter((entry) => run.writes.has(entry.id));
    const failed = mine.filter((entry) => entry.status === 'failed');
    await Promise.all(failed.map((entry) => outbox.retry(entry.id)));
    // The ones waiting out their backoff go now too.
    outbox.flush();
    await whenIdsSettled(outbox, mine.map((entry) => entry.id));
  }, [entries, run, outbox]);

  const undo = useCallback(async () => {
    const failedSpans = new Set(applied.failures.flatMap((failure) => failure.spanIds));
    const restore: AnnotationInput[] = [];
    const deletes: AnnotationRef[] = [];
    for (const [spanId, before] of previousRef.current) {
      if (failedSpans.has(spanId)) continue;
      if (before)
        restore.push({
          target: before.target,
          name: before.name,
          annotatorKind: before.annotatorKind,
          identifier: before.identifier,
          userId: before.userId,
          label: before.label,
          score: before.score,
          explanation: before.explanation,
          ...(before.metadata ? { metadata: before.metadata } : {}),
        });
      else deletes.push({ target: { kind: 'span', spanId }, name, identifier });
    }
    setUndoError(null);
    let queued: ReturnType<typeof queueWrites>;
    try {
      queued = queueWrites(outbox, batchSize, restore, deletes);
    } catch (error) {
      setUndoError(toAnnokitError(error));
      return;
    }
    setUndoRun({ writes: queued.writes, queued: false });
    setPhase('undo');
    const settled = whenSettled(outbox, queued.tickets);
    await Promise.allSettled(queued.tickets.map((ticket) => ticket.persisted));
    setUndoRun((latest) => (latest.writes === queued.writes ? { writes: queued.writes, queued: true } : latest));
    await settled;
    previousRef.current = new Map();
    recordUndoable();
    setPhase('undone');
  }, [applied.failures, name, identifier, outbox, batchSize, recordUndoable]);

  // Spans that held nothing before are undone by a delete, which not every backend can do.
  const isUndoSupported = canDelete || undoable.allHeldOne;
  const undoFailure = undone.failures[0]?.error ?? null;
  const status: UseBulkAnnotateResult['status'] =
    phase === 'idle'
      ? 'idle'
      : phase === 'apply'
        ? applied.pending > 0 || !run.queued
          ? 'applying'
          : 'done'
        : phase === 'undo'
          ? undone.pending > 0 || !undoRun.queued
            ? 'undoing'
            : undoFailure
              ? 'done'
              : 'undone'
          : 'undone';
  return {
    total: spanIds.length,
    existingCount: existingBySpan.size,
    isLoadingPreview: existing.isLoading,
    previewError: existing.error,
    apply,
    retryFailed,
    undo,
    canUndo: status === 'done' && phase === 'apply' && undoable.spans > 0 && isUndoSupported,
    isUndoSupported,
    status,
    doneCount: phase === 'apply' ? run.skipped + run.writes.size - applied.left : 0,
    failures: phase === 'apply' ? applied.failures : [],
    retrying: phase === 'apply' ? applied.retrying : [],
    undoError: undoError ?? undoFailure,
    canWrite: !!user,
  };
}
