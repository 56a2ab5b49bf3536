'use client';
import { useCallback, useMemo } from 'react';
import { toAnnokitError, type AnnokitError } from '../core/errors';
import {
  computeAgreement,
  exportCalibrationSet as writeCalibrationSet,
  type AgreementResult,
  type CalibrationOptions,
  type HumanAggregation,
} from '../core/insights';
import type { AnnotationConfig, AnnotationTarget } from '../core/model';
import { useAnnotationContext } from '../provider/context';
import { useAnnotationConfigs } from './useAnnotationConfigs';
import { useAnnotations } from './useAnnotations';

export interface UseJudgeAgreementOptions {
  /** The annotation name humans and the judge both wrote (e.g. `correctness`). */
  name: string;
  /** The targets to compare on (spans, traces, documents...). */
  targets: readonly AnnotationTarget[];
  /** How several human annotations on one target are combined. Default `majority`. */
  humans?: HumanAggregation;
  /** Only LLM annotations with this identifier are the judge. Default: the latest LLM annotation per target. */
  judgeIdentifier?: string;
  /** Score differences up to this are not disagreements. Default `0`. */
  scoreTolerance?: number;
  /** The input and output the judge saw, written into the calibration export. Default: none. */
  getExample?: CalibrationOptions['getExample'];
  /** Set false to hold the request. Default true. */
  enabled?: boolean;
}

export interface UseJudgeAgreementResult {
  /** The metrics, pairs and disagreements; null while loading or after an error. */
  agreement: AgreementResult | null;
  /** The annotation config of `name`, when the adapter serves configs. */
  config: AnnotationConfig | null;
  isLoading: boolean;
  error: AnnokitError | null;
  /** The calibration set as JSONL (every pair, or only the disagreements). */
  exportCalibrationSet: (options?: { only?: 'all' | 'disagreements' }) => string;
  refetch: () => void;
}

/**
 * Reads the human and LLM annotations of one name on the given targets and measures how well the
 * judge agrees with the humans ({@link computeAgreement}); recomputed when annotations change.
 */
export function useJudgeAgreement(options: UseJudgeAgreementOptions): UseJudgeAgreementResult {
  useAnnotationContext('useJudgeAgreement');
  const { name, humans, judgeIdentifier, scoreTolerance, getExample } = options;
  const names = useMemo(() => [name], [name]);
  const read = useAnnotations({ targets: options.targets, names, enabled: options.enabled ?? true });
  const { getConfig } = useAnnotationConfigs();
  const config = getConfig(name) ?? null;
  const computed = useMemo((): { agreement: AgreementResult | null; error: AnnokitError | null } => {
    if (read.isLoading) return { agreement: null, error: null };
    try {
      return {
        agreement: computeAgreement(read.annotations, {
          name,
          config,
          ...(humans ? { humans } : {}),
          ...(judgeIdentifier !== undefined ? { judgeIdentifier } : {}),
          ...(scoreTolerance !== undefined ? { scoreTolerance } : {}),
        }),
        error: null,
      };
    } catch (error) {
      return { agreement: null, error: toAnnokitError(error) };
    }
  }, [read.annotations, read.isLoading, name, config, humans, judgeIdentifier, scoreTolerance]);
  const { agreement } = computed;
  const exportCalibrationSet = useCallback(
    (exportOptions: { only?: 'all' | 'disagreements' } = {}) =>
      agreement ? writeCalibrationSet(agreement, { ...exportOptions, ...(getExample ? { getExample } : {}) }) : '',
    [agreement, getExample],
  );
  return {
    agreement,
    config,
    isLoading: read.isLoading,
    error: read.error ?? computed.error,
    exportCalibrationSet,
    refetch: read.refetch,
  };
}
