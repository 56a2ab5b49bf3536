export {
  AnnotationProvider,
  createAnnokitQueryClient,
  useAnnotationContext,
  useOptionalAnnotationContext,
  type AnnokitTheme,
  type AnnotationContextValue,
  type AnnotationProviderProps,
  type AnnotationUser,
  type OutboxSetting,
} from './AnnotationProvider';
export { commonMessages, formatMessage, type AnnokitMessageOverrides, type AnnokitMessages } from './messages';
export { useMessages } from './useMessages';
export { annokitKeys, invalidateAnnotationsFor } from './queryCache';
