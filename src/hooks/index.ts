export { useCapabilities } from './useCapabilities';
export { useAnnotations, type UseAnnotationsOptions, type UseAnnotationsResult } from './useAnnotations';
export {
  useUpsertAnnotations,
  type UseUpsertAnnotationsOptions,
  type UseUpsertAnnotationsResult,
} from './useUpsertAnnotations';
export {
  useDeleteAnnotations,
  type UseDeleteAnnotationsOptions,
  type UseDeleteAnnotationsResult,
} from './useDeleteAnnotations';
export {
  useAnnotationConfigs,
  useSaveAnnotationConfig,
  type UseAnnotationConfigsResult,
  type UseSaveAnnotationConfigResult,
} from './useAnnotationConfigs';
export { useAddNote, useNotes, type QueuedNoteState, type UseAddNoteResult, type UseNotesResult } from './useNotes';
export { useOutboxStatus, type OutboxStatusState, type UseOutboxStatusResult } from './useOutboxStatus';
export { useSpans, useTrace, type UseSpansResult, type UseTraceResult } from './useSpans';
export { useFilteredSpans, type UseFilteredSpansOptions, type UseFilteredSpansResult } from './useFilteredSpans';
export {
  useFilterBar,
  type FilterBarMode,
  type FilterSuggestion,
  type UseFilterBarOptions,
  type UseFilterBarResult,
} from './useFilterBar';
export {
  useFeedback,
  SCORE_1_TO_5,
  THUMBS,
  type FeedbackButtonAttributes,
  type FeedbackDetails,
  type FeedbackDisabledReason,
  type FeedbackChoice,
  type FeedbackRootAttributes,
  type FeedbackValue,
  type UseFeedbackOptions,
  type UseFeedbackResult,
} from './useFeedback';
export {
  useAddToDataset,
  type AddToDatasetInput,
  type UseAddToDatasetOptions,
  type UseAddToDatasetResult,
} from './useAddToDataset';
export {
  useExperimentComparison,
  type UseExperimentComparisonOptions,
  type UseExperimentComparisonResult,
} from './useExperimentComparison';
export { useJudgeAgreement, type UseJudgeAgreementOptions, type UseJudgeAgreementResult } from './useJudgeAgreement';
export {
  reviewerIdentifier,
  useAnnotationPanel,
  type AnnotationDraft,
  type AnnotationFieldStatus,
  type AnnotationPanelField,
  type EditDisabledReason,
  type NotesDisabledReason,
  type UseAnnotationPanelOptions,
  type UseAnnotationPanelResult,
} from './useAnnotationPanel';
export { isEditableTarget } from './dom';
export {
  formatHotkey,
  isInOpenDialog,
  matchesHotkey,
  useReviewHotkeys,
  type ReviewHotkey,
  type ReviewHotkeyDescription,
  type UseReviewHotkeysOptions,
  type UseReviewHotkeysResult,
} from './useReviewHotkeys';
export {
  useTraceViewer,
  type TraceViewerItem,
  type UseTraceViewerOptions,
  type UseTraceViewerResult,
} from './useTraceViewer';
export {
  useAnnotationConfigForm,
  type AnnotationConfigFormCategory,
  type AnnotationConfigFormField,
  type AnnotationConfigFormIssue,
  type AnnotationConfigFormState,
  type UseAnnotationConfigFormOptions,
  type UseAnnotationConfigFormResult,
} from './useAnnotationConfigForm';
export { useFixedRowWindow, type UseFixedRowWindowOptions, type UseFixedRowWindowResult } from './useFixedRowWindow';
export {
  useWindowedAnnotations,
  type UseWindowedAnnotationsOptions,
  type UseWindowedAnnotationsResult,
} from './useWindowedAnnotations';
export {
  useSpanTable,
  type SpanTableColumn,
  type SpanTableItem,
  type SpanTableSort,
  type UseSpanTableOptions,
  type UseSpanTableResult,
} from './useSpanTable';
export {
  useReviewQueue,
  type ReviewItemWriteStatus,
  type UseReviewQueueOptions,
  type UseReviewQueueResult,
} from './useReviewQueue';
export {
  useBulkAnnotate,
  type BulkAnnotateFailure,
  type BulkAnnotationValue,
  type UseBulkAnnotateOptions,
  type UseBulkAnnotateResult,
} from './useBulkAnnotate';
export {
  useSessionView,
  type SessionTurn,
  type UseSessionViewOptions,
  type UseSessionViewResult,
} from './useSessionView';
