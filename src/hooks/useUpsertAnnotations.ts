'use client';
import { useMutation } from '@tanstack/react-query';
import { useCallback } from 'react';
import { toAnnokitError, type AnnokitError } from '../core/errors';
import type { Annotation, AnnotationInput } from '../core/model';
import { validateAnnotationInput } from '../core/validation';
import { useAnnotationContext } from '../provider/context';
import { cachedConfigs, patchAnnotationQueries, restoreSnapshot, upsertInto, type CacheSnapshot } from './annotationCache';
import { invalidateAnnotationsFor } from './queryKeys';

export interface UseUpsertAnnotationsOptions {
  /** Called with what the backend stored. */
  onSuccess?: (annotations: Annotation[]) => void;
  /** Called when a write is rejected (validation) or fails (backend); the cache has been rolled back. */
  onError?: (error: AnnokitError) => void;
}

export interface UseUpsertAnnotationsResult {
  /** Writes one or many annotations: shown at once, confirmed or rolled back when the backend answers. */
  upsert: (input: AnnotationInput | AnnotationInput[]) => Promise<Annotation[]>;
  isPending: boolean;
  /** The last write's error; cleared by the next write or `reset`. */
  error: AnnokitError | null;
  reset: () => void;
}

/**
 * Creates or updates annotations with optimistic updates. Inputs are validated first (against the
 * annotation config of the same name when configs are loaded): an invalid one is reported through
 * `error` and `onError`, and nothing is sent. Inputs without `userId` get the provider's user.
 */
export function useUpsertAnnotations(options: UseUpsertAnnotationsOptions = {}): UseUpsertAnnotationsResult {
  const { adapter, queryClient, scope, user } = useAnnotationContext('useUpsertAnnotations');
  const mutation = useMutation<Annotation[], AnnokitError, AnnotationInput[], CacheSnapshot>(
    {
      mutationFn: async (inputs) => {
        try {
          return await adapter.upsertAnnotations(inputs);
        } catch (error) {
          throw toAnnokitError(error);
        }
      },
      onMutate: async (inputs) => {
        const configs = cachedConfigs(queryClient, scope);
        inputs.forEach((input, index) =>
          validateAnnotationInput(input, {
            config: configs.find((config) => config.name === input.name) ?? null,
            path: inputs.length === 1 ? 'annotation' : `annotations[${index}]`,
          }),
        );
        return patchAnnotationQueries(queryClient, scope, inputs.map(refOf), upsertInto(inputs, new Date().toISOString()));
      },
      onError: (error, _inputs, snapshot) => {
        restoreSnapshot(queryClient, snapshot);
        options.onError?.(toAnnokitError(error));
      },
      onSuccess: (annotations) => options.onSuccess?.(annotations),
      onSettled: (_data, _error, inputs) =>
        invalidateAnnotationsFor(queryClient, scope, inputs.map((input) => input.target)),
    },
    queryClient,
  );
  const { mutateAsync } = mutation;
  const upsert = useCallback(
    (input: AnnotationInput | AnnotationInput[]) => {
      const inputs = (Array.isArray(input) ? input : [input]).map((entry) =>
        entry.userId === undefined && user ? { ...entry, userId: user.id } : entry,
      );
      return mutateAsync(inputs).catch((error: unknown) => Promise.reject(toAnnokitError(error)));
    },
    [mutateAsync, user],
  );
  return {
    upsert,
    isPending: mutation.isPending,
    error: mutation.error ? toAnnokitError(mutation.error) : null,
    reset: mutation.reset,
  };
}

function refOf(input: AnnotationInput) {
  return { target: input.target, name: input.name, identifier: input.identifier ?? '' };
}
