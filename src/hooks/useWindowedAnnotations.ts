'use client';
import { useMemo } from 'react';
import type { Annotation, AnnotationTarget } from '../core/model';
import type { AnnokitError } from '../core/errors';
import { useAnnotations } from './useAnnotations';

/** Rows per bucket of a windowed read: the window asks for two buckets, so a scroll reuses cached requests. */
export const ANNOTATION_WINDOW_BUCKET = 200;

export interface UseWindowedAnnotationsOptions {
  /** Number of rows, in display order. */
  rowCount: number;
  /** The span id shown at a display row (0-based, below `rowCount`). */
  spanIdAt: (row: number) => string;
  /** The first row of the virtual window (its overscan included). */
  firstRow: number;
  /**
   * Read these spans' annotations instead of the window's: a small list, or a sort by an annotation
   * that needs every row. Keep the order stable (not the display order), so a re-sort reuses the
   * request. Default null (the window only).
   */
  allSpanIds?: readonly string[] | null;
  /** A span whose annotations stay read while its row is out of the window, e.g. the selected one. Default none. */
  pinnedSpanId?: string | null;
  /** Only annotations with these names. Default: all names. */
  names?: readonly string[];
  /** Set false to hold the requests. Default true. */
  enabled?: boolean;
}

export interface UseWindowedAnnotationsResult {
  /** The annotations read so far, by `targetKey(target)`; the pinned span's included. */
  byTarget: ReadonlyMap<string, Annotation[]>;
  /** True while the window's (or the whole list's) first read is in flight. */
  isLoading: boolean;
  isFetching: boolean;
  error: AnnokitError | null;
  refetch: () => void;
}

const NO_TARGETS: AnnotationTarget[] = [];

function spanTargets(ids: Iterable<string>): AnnotationTarget[] {
  const unique = new Set(ids);
  return [...unique].map((spanId) => ({ kind: 'span', spanId }));
}

/**
 * Annotations for the rows of a virtual list (`TraceViewer`, `SpanTable`): the rows around the
 * viewport are read in buckets of {@link ANNOTATION_WINDOW_BUCKET}, so scrolling a 100,000-row list
 * asks for a few hundred spans at a time and scrolling back reuses the cached request. `allSpanIds`
 * reads a whole list instead; `pinnedSpanId` keeps one span's annotations while it is scrolled away.
 */
export function useWindowedAnnotations(options: UseWindowedAnnotationsOptions): UseWindowedAnnotationsResult {
  const { rowCount, spanIdAt, firstRow, allSpanIds = null, pinnedSpanId = null, names, enabled = true } = options;
  const bucket = Math.floor(Math.max(0, firstRow) / ANNOTATION_WINDOW_BUCKET);

  const allTargets = useMemo(() => (allSpanIds ? spanTargets(allSpanIds) : null), [allSpanIds]);
  // The window's span ids are listed on every render (`spanIdAt` is usually a new function) but
  // become a new target list only when they change, so the read and its grouping stay the same objects.
  let windowKey = '';
  if (!allTargets) {
    const end = Math.min(rowCount, (bucket + 2) * ANNOTATION_WINDOW_BUCKET);
    const ids: string[] = [];
    for (let row = bucket * ANNOTATION_WINDOW_BUCKET; row < end; row += 1) ids.push(spanIdAt(row));
    windowKey = JSON.stringify(ids);
  }
  const windowTargets = useMemo(() => (windowKey ? spanTargets(JSON.parse(windowKey) as string[]) : NO_TARGETS), [windowKey]);
  const targets = allTargets ?? windowTargets;
  const pinnedTargets = useMemo<AnnotationTarget[]>(() => (pinnedSpanId === null ? NO_TARGETS : [{ kind: 'span', spanId: pinnedSpanId }]), [pinnedSpanId]);

  const read = useAnnotations({ targets, ...(names ? { names } : {}), enabled });
  // Whole-list reads already hold the pinned span.
  const pinned = useAnnotations({ targets: pinnedTargets, ...(names ? { names } : {}), enabled: enabled && !allTargets });
  const byTarget = useMemo(() => {
    if (!pinned.byTarget.size) return read.byTarget;
    const map = new Map(read.byTarget);
    for (const [key, list] of pinned.byTarget) map.set(key, list);
    return map;
  }, [read.byTarget, pinned.byTarget]);
  return { byTarget, isLoading: read.isLoading, isFetching: read.isFetching, error: read.error ?? pinned.error, refetch: read.refetch };
}
