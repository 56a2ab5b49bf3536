'use client';
import { useMutation } from '@tanstack/react-query';
import { useCallback } from 'react';
import { AnnokitError, toAnnokitError } from '../core/errors';
import type { AnnotationRef } from '../core/model';
import { parse, array } from '../core/schema';
import { annotationRefSchema } from '../core/validation';
import { useAnnotationContext } from '../provider/context';
import { patchAnnotationQueries, removeFrom, restoreSnapshot, type CacheSnapshot } from './annotationCache';
import { invalidateAnnotationsFor } from './queryKeys';

export interface UseDeleteAnnotationsOptions {
  onSuccess?: () => void;
  /** Called when the delete is rejected or fails; the removed annotations are back in the cache. */
  onError?: (error: AnnokitError) => void;
}

export interface UseDeleteAnnotationsResult {
  /** Removes exactly the annotations with these `(target, name, identifier)` keys, optimistically. */
  remove: (refs: AnnotationRef | AnnotationRef[]) => Promise<void>;
  /** False when the adapter cannot delete (no `deleteAnnotations`). */
  isSupported: boolean;
  isPending: boolean;
  error: AnnokitError | null;
  reset: () => void;
}

/** Deletes annotations, with an optimistic removal that is rolled back when the backend refuses. */
export function useDeleteAnnotations(options: UseDeleteAnnotationsOptions = {}): UseDeleteAnnotationsResult {
  const { adapter, queryClient, scope, capabilities } = useAnnotationContext('useDeleteAnnotations');
  const mutation = useMutation<void, AnnokitError, AnnotationRef[], CacheSnapshot>(
    {
      mutationFn: async (refs) => {
        if (!adapter.deleteAnnotations) {
          throw new AnnokitError(`The ${adapter.name} adapter cannot delete annotations`, { code: 'unsupported' });
        }
        try {
          await adapter.deleteAnnotations(refs);
        } catch (error) {
          throw toAnnokitError(error);
        }
      },
      onMutate: async (refs) => {
        parse(array(annotationRefSchema), refs, 'refs');
        return patchAnnotationQueries(queryClient, scope, refs, removeFrom(refs));
      },
      onError: (error, _refs, snapshot) => {
        restoreSnapshot(queryClient, snapshot);
        options.onError?.(toAnnokitError(error));
      },
      onSuccess: () => options.onSuccess?.(),
      onSettled: (_data, _error, refs) => invalidateAnnotationsFor(queryClient, scope, refs.map((ref) => ref.target)),
    },
    queryClient,
  );
  const { mutateAsync } = mutation;
  const remove = useCallback(
    (refs: AnnotationRef | AnnotationRef[]) =>
      mutateAsync(Array.isArray(refs) ? refs : [refs]).catch((error: unknown) => Promise.reject(toAnnokitError(error))),
    [mutateAsync],
  );
  return {
    remove,
    isSupported: capabilities.deleteAnnotations,
    isPending: mutation.isPending,
    error: mutation.error ? toAnnokitError(mutation.error) : null,
    reset: mutation.reset,
  };
}
