export {
  ExperimentComparison,
  experimentComparisonMessages,
  type ExperimentComparisonFilter,
  type ExperimentComparisonProps,
} from './ExperimentComparison';
