export { annokitKeys, invalidateAnnotationsFor } from './queryKeys';
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
export { useAddNote, useNotes, type UseAddNoteResult, type UseNotesResult } from './useNotes';
export { useSpans, useTrace, type UseSpansResult, type UseTraceResult } from './useSpans';
export {
  useFeedback,
  SCORE_1_TO_5,
  THUMBS,
  type FeedbackButtonAttributes,
  type FeedbackDetails,
  type FeedbackChoice,
  type FeedbackRootAttributes,
  type FeedbackValue,
  type UseFeedbackOptions,
  type UseFeedbackResult,
} from './useFeedback';
