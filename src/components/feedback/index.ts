export {
  Feedback,
  FeedbackDown,
  FeedbackOption,
  FeedbackRoot,
  FeedbackUp,
  useFeedbackContext,
  type FeedbackItemProps,
  type FeedbackOptionProps,
  type FeedbackRootProps,
} from './Feedback';
export {
  FeedbackButtons,
  FeedbackScore,
  feedbackButtonVariants,
  type FeedbackButtonVariantProps,
  type FeedbackButtonsProps,
  type FeedbackScoreProps,
} from './FeedbackButtons';
export { feedbackMessages, type FeedbackMessages } from './messages';
