/** UI text of the feedback components; override through `<AnnotationProvider messages={{ feedback: {...} }}>`. */
export const feedbackMessages = {
  group: 'Rate this response',
  up: 'Good response',
  down: 'Bad response',
  upLabel: 'Helpful',
  downLabel: 'Not helpful',
  score: 'Rate {value} of {max}',
  pending: 'Saving…',
  failed: 'Not saved.',
  offline: 'Offline: your feedback will be sent when you are back online.',
  retry: 'Retry',
  undo: 'Undo',
  noUser: 'Sign in to give feedback',
  disabled: 'Feedback is disabled',
  cannotRetract: 'Your feedback cannot be withdrawn here.',
  detailsTitle: 'Tell us more',
  reasons: 'What was wrong?',
  reasonsPositive: 'What was good?',
  comment: 'Comment (optional)',
  commentCount: '{count} of {max} characters',
  submit: 'Send',
  skip: 'Skip',
};

export type FeedbackMessages = typeof feedbackMessages;

declare module '../../provider/messages' {
  interface AnnokitMessages {
    feedback: FeedbackMessages;
  }
}
