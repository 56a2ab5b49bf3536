'use client';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { isRetryableError, toAnnokitError, type AnnokitError } from '../core/errors';
import type { Annotation, AnnotationTarget } from '../core/model';
import { groupByTarget } from '../core/targets';
import { validateAnnotationTarget } from '../core/targetSchema';
import { annotationsKey, annotationsKeyPart, withQueuedWrites, type AnnotationsKeyPart } from '../provider/queryCache';
import { useAnnotationContext } from '../provider/context';
import { useOutboxSnapshot } from './outboxWrites';

export interface UseAnnotationsOptions {
  /** One target to read; or use `targets`. */
  target?: AnnotationTarget | null;
  /** Several targets read in one request. */
  targets?: readonly AnnotationTarget[];
  /** Only annotations with these names. Default: all names. */
  names?: readonly string[];
  /** Only annotations with these identifiers (e.g. one user's). Default: all. */
  identifiers?: readonly string[];
  /** Set false to hold the request. Default true. */
  enabled?: boolean;
}

export interface UseAnnotationsResult {
  /** Every annotation found, as the backend returned them (plus optimistic writes). */
  annotations: Annotation[];
  /** The same annotations grouped by `targetKey(target)`. */
  byTarget: ReadonlyMap<string, Annotation[]>;
  isLoading: boolean;
  isFetching: boolean;
  error: AnnokitError | null;
  refetch: () => void;
}

/** Shared by read hooks: retry only what is worth retrying. */
export const retryRetryable = (failureCount: number, error: unknown) => failureCount < 2 && isRetryableError(error);

const EMPTY: Annotation[] = [];

/**
 * The read behind {@link useAnnotations}, without the grouping by target: for hooks that need only
 * the list (useFeedback), so they do not carry the grouping.
 */
export function useAnnotationList(
  options: UseAnnotationsOptions,
): Omit<UseAnnotationsResult, 'byTarget'> & { part: AnnotationsKeyPart } {
  const { adapter, queryClient, scope } = useAnnotationContext('useAnnotations');
  const targets = useMemo(
    () => (options.targets ? [...options.targets] : options.target ? [options.target] : []),
    [options.target, options.targets],
  );
  // Hosts pass new `names` / `identifiers` arrays on every render; the key changes only with what they say.
  const names = options.names && JSON.stringify(options.names);
  const identifiers = options.identifiers && JSON.stringify(options.identifiers);
  const queryKey = useMemo(
    () =>
      annotationsKey(scope, {
        targets,
        names: names === undefined ? undefined : (JSON.parse(names) as string[]),
        identifiers: identifiers === undefined ? undefined : (JSON.parse(identifiers) as string[]),
      }),
    [scope, targets, names, identifiers],
  );
  const query = useQuery(
    {
      queryKey,
      enabled: (options.enabled ?? true) && targets.length > 0,
      retry: retryRetryable,
      queryFn: async ({ signal }) => {
        targets.forEach((target, index) => validateAnnotationTarget(target, `targets[${index}]`));
        return adapter.listAnnotations(
          {
            targets,
            ...(options.names ? { names: [...options.names] } : {}),
            ...(options.identifiers ? { identifiers: [...options.identifiers] } : {}),
          },
          { signal },
        );
      },
    },
    queryClient,
  );
  return {
    part: annotationsKeyPart(queryKey),
    annotations: query.data ?? EMPTY,
    isLoading: query.isLoading,
    isFetching: query.isFetching,
    error: query.error ? toAnnokitError(query.error) : null,
    refetch: () => void query.refetch(),
  };
}

/**
 * Reads the annotations of one or many targets through the adapter, cached by react-query, with
 * the writes still in the provider's outbox applied: a label a reviewer picked shows at once and
 * stays shown while it is queued, retried or failed (until it is discarded), even after a reload.
 */
export function useAnnotations(options: UseAnnotationsOptions): UseAnnotationsResult {
  const { outbox } = useAnnotationContext('useAnnotations');
  const { part, ...list } = useAnnotationList(options);
  const { keys } = useOutboxSnapshot(outbox);
  const annotations = useMemo(() => withQueuedWrites(list.annotations, keys, part), [list.annotations, keys, part]);
  const byTarget = useMemo(() => groupByTarget(annotations), [annotations]);
  return { ...list, annotations, byTarget };
}
