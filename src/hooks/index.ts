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
  reviewerIdentifier,
  summarizeAnnotations,
  useAnnotationPanel,
  type AnnotationDraft,
  type AnnotationFieldStatus,
  type AnnotationPanelField,
  type AnnotationSummary,
  type EditDisabledReason,
  type LabelShare,
  type NotesDisabledReason,
  type UseAnnotationPanelOptions,
  type UseAnnotationPanelResult,
} from './useAnnotationPanel';
export {
  formatHotkey,
  isEditableTarget,
  isInOpenDialog,
  matchesHotkey,
  useReviewHotkeys,
  type ReviewHotkey,
  type ReviewHotkeyDescription,
  type UseReviewHotkeysOptions,
  type UseReviewHotkeysResult,
} from './useReviewHotkeys';
