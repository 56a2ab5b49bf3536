'use client';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { AnnokitError } from '../core/errors';
import type { Annotation, AnnotationInput, AnnotationTarget } from '../core/model';
import { targetKey } from '../core/targets';
import { useAnnotationContext } from '../provider/context';
import { reviewerIdentifier } from './useAnnotationPanel';
import { useAnnotations } from './useAnnotations';
import { useDeleteAnnotations } from './useDeleteAnnotations';
import { useUpsertAnnotations } from './useUpsertAnnotations';

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
  /** Spans written per request. Default 50. */
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
  /** Writes `value` to every span (or only `onlySpanIds`, for a retry); resolves when every batch settled. */
  apply: (value: BulkAnnotationValue, onlySpanIds?: readonly string[]) => Promise<void>;
  /** Writes the last value again to the spans whose batches failed. */
  retryFailed: () => Promise<void>;
  /** Restores what the applied spans held before: previous values put back, new annotations deleted. */
  undo: () => Promise<void>;
  /** Whether there is a finished write to undo. */
  canUndo: boolean;
  /** False when undoing the last write would need deletes the backend cannot do (no `deleteAnnotations`). */
  isUndoSupported: boolean;
  status: 'idle' | 'applying' | 'done' | 'undoing' | 'undone';
  /** Spans written so far in the running or last write. */
  doneCount: number;
  /** Batches that failed in the last write. */
  failures: BulkAnnotateFailure[];
  /** Why the last undo failed, if it did. */
  undoError: AnnokitError | null;
  /** False when there is no current user (bulk writes need an identity). */
  canWrite: boolean;
}

const NO_ANNOTATIONS: readonly Annotation[] = [];

/**
 * Applies one annotation to many spans as the current reviewer, in batches, keeping what each
 * span held before so the whole write can be undone; failed batches are reported and can be retried.
 */
export function useBulkAnnotate(options: UseBulkAnnotateOptions): UseBulkAnnotateResult {
  const { spanIds, name, batchSize = 50 } = options;
  const { user } = useAnnotationContext('useBulkAnnotate');
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

  const { upsert } = useUpsertAnnotations();
  const { remove, isSupported: canDelete } = useDeleteAnnotations();
  const [status, setStatus] = useState<UseBulkAnnotateResult['status']>('idle');
  const [doneCount, setDoneCount] = useState(0);
  const [failures, setFailures] = useState<BulkAnnotateFailure[]>([]);
  const [undoError, setUndoError] = useState<AnnokitError | null>(null);
  // What each written span held before the first write of this run (null: nothing), for undo.
  const previousRef = useRef(new Map<string, Annotation | null>());
  // What render needs to know of that map, copied when a run or an undo ends.
  const [undoable, setUndoable] = useState({ spans: 0, allHeldOne: true });
  const recordUndoable = useCallback(() => {
    const before = [...previousRef.current.values()];
    setUndoable({ spans: before.length, allHeldOne: before.every((annotation) => annotation !== null) });
  }, []);
  const lastValueRef = useRef<BulkAnnotationValue | null>(null);

  const apply = useCallback(
    async (value: BulkAnnotationValue, onlySpanIds?: readonly string[]) => {
      if (!user) return;
      const ids = onlySpanIds ?? spanIds;
      if (!onlySpanIds) previousRef.current = new Map();
      lastValueRef.current = value;
      setStatus('applying');
      setDoneCount(onlySpanIds ? spanIds.length - ids.length : 0);
      setFailures([]);
      setUndoError(null);
      const failed: BulkAnnotateFailure[] = [];
      for (let from = 0; from < ids.length; from += batchSize) {
        const batch = ids.slice(from, from + batchSize);
        for (const spanId of batch)
          if (!previousRef.current.has(spanId)) previousRef.current.set(spanId, existingBySpan.get(spanId) ?? null);
        const inputs: AnnotationInput[] = batch.map((spanId) => ({
          target: { kind: 'span', spanId },
          name,
          annotatorKind: 'HUMAN',
          identifier,
          userId: user.id,
          ...value,
        }));
        try {
          await upsert(inputs);
          setDoneCount((count) => count + batch.length);
        } catch (error) {
          failed.push({ spanIds: batch, error: error as AnnokitError });
        }
      }
      setFailures(failed);
      recordUndoable();
      setStatus('done');
    },
    [user, spanIds, batchSize, existingBySpan, name, identifier, upsert, recordUndoable],
  );

  const retryFailed = useCallback(async () => {
    if (!lastValueRef.current || !failures.length) return;
    await apply(lastValueRef.current, failures.flatMap((failure) => failure.spanIds));
  }, [apply, failures]);

  const undo = useCallback(async () => {
    const failedIds = new Set(failures.flatMap((failure) => failure.spanIds));
    const restore: AnnotationInput[] = [];
    const deletes: { target: AnnotationTarget; name: string; identifier: string }[] = [];
    for (const [spanId, before] of previousRef.current) {
      if (failedIds.has(spanId)) continue;
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
    setStatus('undoing');
    setUndoError(null);
    try {
      if (restore.length) await upsert(restore);
      if (deletes.length) await remove(deletes);
      previousRef.current = new Map();
      recordUndoable();
      setStatus('undone');
    } catch (error) {
      setUndoError(error as AnnokitError);
      setStatus('done');
    }
  }, [failures, upsert, remove, name, identifier, recordUndoable]);

  // Spans that held nothing before are undone by a delete, which not every backend can do.
  const isUndoSupported = canDelete || undoable.allHeldOne;
  return {
    total: spanIds.length,
    existingCount: existingBySpan.size,
    isLoadingPreview: existing.isLoading,
    previewError: existing.error,
    apply,
    retryFailed,
    undo,
    canUndo: status === 'done' && undoable.spans > 0 && isUndoSupported,
    isUndoSupported,
    status,
    doneCount,
    failures,
    undoError,
    canWrite: !!user,
  };
}
