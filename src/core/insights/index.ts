export {
  computeAgreement,
  type AgreementPair,
  type AgreementResult,
  type ComputeAgreementOptions,
  type HumanAggregation,
  type HumanVerdict,
  type LabelAgreement,
  type LabelStatistics,
  type ScoreAgreement,
} from './agreement';
export {
  averageRanks,
  cohensKappa,
  meanAbsoluteError,
  pearson,
  spearman,
  type Statistic,
} from './statistics';
