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
  feedbackButtonVariants,
  type FeedbackButtonVariantProps,
  type FeedbackButtonsProps,
} from './FeedbackButtons';
export { FeedbackScore, type FeedbackScoreProps } from './FeedbackScore';
export { feedbackMessages, type FeedbackMessages } from './messages';
