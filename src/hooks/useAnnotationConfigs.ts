'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { AnnokitError, ValidationError, toAnnokitError } from '../core/errors';
import type { AnnotationConfig, AnnotationConfigInput } from '../core/model';
import { validateAnnotationConfigInput } from '../core/validation';
import { useAnnotationContext } from '../provider/context';
import { annokitKeys } from '../provider/queryCache';
import { retryRetryable } from './useAnnotations';

export interface UseAnnotationConfigsResult {
  configs: AnnotationConfig[];
  /** The config with this name, if any. */
  getConfig: (name: string) => AnnotationConfig | undefined;
  /** False when the adapter has no `listAnnotationConfigs`. */
  isSupported: boolean;
  isLoading: boolean;
  error: AnnokitError | null;
}

const NONE: AnnotationConfig[] = [];

/** The annotation configs that drive reviewers' inputs. */
export function useAnnotationConfigs(): UseAnnotationConfigsResult {
  const { adapter, queryClient, scope, capabilities } = useAnnotationContext('useAnnotationConfigs');
  const query = useQuery(
    {
      queryKey: annokitKeys.configs(scope),
      enabled: capabilities.annotationConfigs,
      retry: retryRetryable,
      queryFn: ({ signal }) => adapter.listAnnotationConfigs!({ signal }),
    },
    queryClient,
  );
  const configs = query.data ?? NONE;
  const getConfig = useCallback((name: string) => configs.find((config) => config.name === name), [configs]);
  return {
    configs,
    getConfig,
    isSupported: capabilities.annotationConfigs,
    isLoading: query.isLoading,
    error: query.error ? toAnnokitError(query.error) : null,
  };
}

export interface UseSaveAnnotationConfigResult {
  /** Creates a config (no `id`) or updates one; validated first. */
  save: (input: AnnotationConfigInput) => Promise<AnnotationConfig>;
  /** False when the adapter has no `upsertAnnotationConfig`. */
  isSupported: boolean;
  isPending: boolean;
  error: AnnokitError | null;
  reset: () => void;
}

/** Creates or edits an annotation config; refuses a duplicate name with a validation error. */
export function useSaveAnnotationConfig(): UseSaveAnnotationConfigResult {
  const { adapter, queryClient, scope, capabilities } = useAnnotationContext('useSaveAnnotationConfig');
  const mutation = useMutation<AnnotationConfig, AnnokitError, AnnotationConfigInput>(
    {
      mutationFn: async (input) => {
        const valid = validateAnnotationConfigInput(input);
        const existing = queryClient.getQueryData<AnnotationConfig[]>(annokitKeys.configs(scope)) ?? [];
        const clash = existing.find((config) => config.name === valid.name && config.id !== valid.id);
        if (clash) {
          throw new ValidationError([
            { field: 'config.name', value: valid.name, message: `a config named "${valid.name}" already exists` },
          ]);
        }
        if (!adapter.upsertAnnotationConfig) {
          throw new AnnokitError(`The ${adapter.name} adapter cannot save annotation configs`, { code: 'unsupported' });
        }
        try {
          return await adapter.upsertAnnotationConfig(valid);
        } catch (error) {
          throw toAnnokitError(error);
        }
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: annokitKeys.configs(scope) }),
    },
    queryClient,
  );
  const { mutateAsync } = mutation;
  return {
    save: useCallback((input: AnnotationConfigInput) => mutateAsync(input), [mutateAsync]),
    isSupported: capabilities.editAnnotationConfigs,
    isPending: mutation.isPending,
    error: mutation.error ? toAnnokitError(mutation.error) : null,
    reset: mutation.reset,
  };
}
