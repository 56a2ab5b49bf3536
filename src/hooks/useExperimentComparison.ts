'use client';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { toAnnokitError, type AnnokitError } from '../core/errors';
import { compareExperiment, type BaselineSelection, type ExperimentComparisonResult } from '../core/insights';
import type { DatasetExample, Experiment, ExperimentRun } from '../core/model';
import { useAnnotationContext } from '../provider/context';
import { annokitKeys } from '../provider/queryCache';
import { useAnnotationConfigs } from './useAnnotationConfigs';
import { retryRetryable } from './useAnnotations';

export interface UseExperimentComparisonOptions {
  /** The dataset whose examples carry the baseline annotations. */
  datasetId: string | null | undefined;
  /** The experiment whose runs are compared; default none (only the experiment list loads). */
  experimentId?: string | null;
  /** Names to compare. Default: every evaluation name that examples also carry. */
  names?: readonly string[];
  /** Baseline annotations: `prefer-human` (default), `any`, or a list of annotator kinds. */
  baseline?: BaselineSelection;
  /** Score differences up to this count as unchanged (e.g. `0.05` for judge noise on continuous scores). Default `1e-9`. */
  tolerance?: number;
}

export interface UseExperimentComparisonResult {
  /** Per example and in total; null until examples and runs are loaded. */
  comparison: ExperimentComparisonResult | null;
  /** The dataset's experiments, to choose one from. */
  experiments: Experiment[];
  examples: DatasetExample[];
  runs: ExperimentRun[];
  /** False when the adapter lacks the `datasets` or `experiments` capability. */
  isSupported: boolean;
  /** The capability the adapter lacks, when not supported. */
  missingCapability: 'datasets' | 'experiments' | null;
  isLoading: boolean;
  error: AnnokitError | null;
}

const NO_EXAMPLES: DatasetExample[] = [];
const NO_RUNS: ExperimentRun[] = [];
const NO_EXPERIMENTS: Experiment[] = [];

/**
 * Loads a dataset's examples and an experiment's runs and compares the runs' evaluations with the
 * annotations preserved in the examples ({@link compareExperiment}), directions from the configs.
 */
export function useExperimentComparison(options: UseExperimentComparisonOptions): UseExperimentComparisonResult {
  const { adapter, queryClient, scope, capabilities } = useAnnotationContext('useExperimentComparison');
  const { datasetId, experimentId } = options;
  const missingCapability = !capabilities.datasets ? 'datasets' : !capabilities.experiments ? 'experiments' : null;
  const supported = missingCapability === null;
  const examplesQuery = useQuery(
    {
      queryKey: annokitKeys.datasetExamples(scope, datasetId ?? ''),
      enabled: supported && !!datasetId,
      retry: retryRetryable,
      queryFn: ({ signal }) => adapter.listDatasetExamples!(datasetId!, { signal }),
    },
    queryClient,
  );
  const experimentsQuery = useQuery(
    {
      queryKey: annokitKeys.experiments(scope, datasetId ?? ''),
      enabled: supported && !!datasetId,
      retry: retryRetryable,
      queryFn: ({ signal }) => adapter.listExperiments!(datasetId!, { signal }),
    },
    queryClient,
  );
  const runsQuery = useQuery(
    {
      queryKey: annokitKeys.experimentRuns(scope, experimentId ?? ''),
      enabled: supported && !!experimentId,
      retry: retryRetryable,
      queryFn: ({ signal }) => adapter.listExperimentRuns!(experimentId!, { signal }),
    },
    queryClient,
  );
  const { configs, isLoading: configsLoading } = useAnnotationConfigs();
  const examples = examplesQuery.data ?? NO_EXAMPLES;
  const runs = runsQuery.data ?? NO_RUNS;
  const { names, baseline, tolerance } = options;
  const computed = useMemo((): { comparison: ExperimentComparisonResult | null; error: AnnokitError | null } => {
    if (!examplesQuery.data || !runsQuery.data || configsLoading) return { comparison: null, error: null };
    try {
      return {
        comparison: compareExperiment({
          examples: examplesQuery.data,
          runs: runsQuery.data,
          configs,
          ...(names ? { names } : {}),
          ...(baseline ? { baseline } : {}),
          ...(tolerance !== undefined ? { tolerance } : {}),
        }),
        error: null,
      };
    } catch (error) {
      return { comparison: null, error: toAnnokitError(error) };
    }
  }, [examplesQuery.data, runsQuery.data, configs, configsLoading, names, baseline, tolerance]);
  const queryError = examplesQuery.error ?? runsQuery.error ?? experimentsQuery.error;
  return {
    comparison: computed.comparison,
    experiments: experimentsQuery.data ?? NO_EXPERIMENTS,
    examples,
    runs,
    isSupported: supported,
    missingCapability,
    isLoading: examplesQuery.isLoading || runsQuery.isLoading || experimentsQuery.isLoading,
    error: queryError ? toAnnokitError(queryError) : computed.error,
  };
}
