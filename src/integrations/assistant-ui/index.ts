// annokit/assistant-ui: annokit behind assistant-ui's feedback buttons. An optional peer
// (@assistant-ui/react) behind its own entry, so apps without assistant-ui never load it.
export {
  messageSpanTarget,
  useAnnokitFeedbackAdapters,
  type AssistantFeedbackType,
  type UseAnnokitFeedbackAdaptersOptions,
  type UseAnnokitFeedbackAdaptersResult,
} from './useAnnokitFeedbackAdapters';
