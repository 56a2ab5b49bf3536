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
export {
  EXPORT_FORMATS,
  calibrationRecords,
  csvCell,
  exportCalibrationSet,
  exportExamples,
  toCsv,
  toJsonl,
  type CalibrationOptions,
  type CalibrationRecord,
  type CsvOptions,
  type ExportFormat,
} from './export';
export {
  COMPARISON_STATUSES,
  EXAMPLE_STATUSES,
  compareExperiment,
  type BaselineSelection,
  type CompareExperimentInput,
  type ComparedValue,
  type ComparisonStatus,
  type ExampleComparison,
  type ExampleStatus,
  type ExperimentComparison,
  type NameComparison,
  type NameSummary,
} from './experiments';
export {
  exampleResolver,
  groupAnnotations,
  spanToExample,
  spansToExamples,
  type ExampleAnnotation,
  type SpanToExampleOptions,
} from './examples';
