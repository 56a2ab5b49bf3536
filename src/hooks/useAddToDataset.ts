'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { ValidationError, toAnnokitError, type AnnokitError } from '../core/errors';
import { EXPORT_FORMATS, exportExamples, spansToExamples, type ExportFile, type ExportFormat } from '../core/insights';
import type { Annotation, Dataset, DatasetExample, Span } from '../core/model';
import { spanTarget } from '../core/targets';
import { useAnnotationContext } from '../provider/context';
import { annokitKeys } from '../provider/queryCache';
import { retryRetryable, useAnnotations } from './useAnnotations';

export interface UseAddToDatasetOptions {
  /** The spans to turn into examples (a selection, or the filtered list). */
  spans: readonly Span[];
  /** The annotations to snapshot into the examples. Default: read through the adapter for the spans. */
  annotations?: readonly Annotation[];
  /** Only these annotation names go into the examples' metadata. Default: every name. */
  names?: readonly string[];
  /** Called with the dataset after the examples were added. */
  onSuccess?: (dataset: Dataset) => void;
  /** Called when adding failed. */
  onError?: (error: AnnokitError) => void;
}

/** Where the examples go: a new dataset, or the end of an existing one. */
export interface AddToDatasetInput {
  /** Name of the dataset to create, or of the one to append to. */
  name: string;
  /** Description of a new dataset. Default none. */
  description?: string | null;
  /** `create` (default) fails when the name is taken; `append` adds to that dataset. */
  action?: 'create' | 'append';
}

export interface UseAddToDatasetResult {
  /** The examples the spans make, annotations in their metadata (what will be sent). */
  examples: DatasetExample[];
  /** True while the spans' annotations load. */
  isLoadingExamples: boolean;
  /** Existing datasets, to append to. */
  datasets: Dataset[];
  /** False when the adapter lacks the `datasets` capability; exporting still works. */
  isSupported: boolean;
  /** Creates a dataset of the examples or appends them; resolves with the dataset. */
  addToDataset: (input: AddToDatasetInput) => Promise<Dataset>;
  /** The dataset of the last successful add. */
  dataset: Dataset | null;
  isPending: boolean;
  /** The last failure: reading annotations, building examples or adding them. */
  error: AnnokitError | null;
  reset: () => void;
  /** The examples as a JSONL or CSV file (no backend needed). */
  exportExamples: (format: ExportFormat, fileName?: string) => ExportFile;
}

const NO_DATASETS: Dataset[] = [];

/**
 * Turns spans into dataset examples ({@link spansToExamples}, their annotations preserved in the
 * metadata) and creates a dataset or appends to one through the adapter; also exports them.
 */
export function useAddToDataset(options: UseAddToDatasetOptions): UseAddToDatasetResult {
  const { adapter, queryClient, scope, capabilities } = useAnnotationContext('useAddToDataset');
  const { spans, names, onSuccess, onError } = options;
  const targets = useMemo(() => spans.map((span) => spanTarget(span.spanId)), [spans]);
  const read = useAnnotations({ targets, enabled: options.annotations === undefined });
  const annotations = options.annotations ?? read.annotations;
  const built = useMemo((): { examples: DatasetExample[]; error: AnnokitError | null } => {
    try {
      return { examples: spansToExamples(spans, annotations, names ? { names } : {}), error: null };
    } catch (error) {
      return { examples: [], error: toAnnokitError(error) };
    }
  }, [spans, annotations, names]);
  const datasetsQuery = useQuery(
    {
      queryKey: annokitKeys.datasets(scope),
      enabled: capabilities.datasets,
      retry: retryRetryable,
      queryFn: ({ signal }) => adapter.listDatasets!({ signal }),
    },
    queryClient,
  );
  const mutation = useMutation<Dataset, AnnokitError, AddToDatasetInput>(
    {
      mutationFn: async (input) => {
        if (!adapter.createDataset) {
          throw toAnnokitError(new ValidationError([{ field: 'adapter', value: adapter.name, message: `the ${adapter.name} adapter cannot create datasets` }]));
        }
        if (built.error) throw built.error;
        if (built.examples.length === 0) {
          throw new ValidationError([{ field: 'spans', value: spans, message: 'there are no spans to add' }]);
        }
        try {
          return await adapter.createDataset({
            name: input.name.trim(),
            description: input.description ?? null,
            action: input.action ?? 'create',
            examples: built.examples,
          });
        } catch (error) {
          throw toAnnokitError(error);
        }
      },
      onSuccess: (dataset) => onSuccess?.(dataset),
      onError: (error) => onError?.(toAnnokitError(error)),
      // the prefix covers the list and every dataset's examples
      onSettled: () => queryClient.invalidateQueries({ queryKey: annokitKeys.datasets(scope) }),
    },
    queryClient,
  );
  const { mutateAsync } = mutation;
  const addToDataset = useCallback(
    (input: AddToDatasetInput) => mutateAsync(input).catch((error: unknown) => Promise.reject(toAnnokitError(error))),
    [mutateAsync],
  );
  const exportFile = useCallback(
    (format: ExportFormat, fileName = 'examples') => ({
      fileName: `${fileName}.${EXPORT_FORMATS[format].extension}`,
      mimeType: EXPORT_FORMATS[format].mimeType,
      content: exportExamples(built.examples, format),
    }),
    [built.examples],
  );
  const error = mutation.error ?? built.error ?? read.error ?? (datasetsQuery.error ? toAnnokitError(datasetsQuery.error) : null);
  return {
    examples: built.examples,
    isLoadingExamples: options.annotations === undefined && read.isLoading,
    datasets: datasetsQuery.data ?? NO_DATASETS,
    isSupported: capabilities.datasets,
    addToDataset,
    dataset: mutation.data ?? null,
    isPending: mutation.isPending,
    error: error ? toAnnokitError(error) : null,
    reset: mutation.reset,
    exportExamples: exportFile,
  };
}
