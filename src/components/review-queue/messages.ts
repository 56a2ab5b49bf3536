/** UI text of the review queue; override through `<AnnotationProvider messages={{ reviewQueue: {...} }}>` or the `messages` prop. */
export const reviewQueueMessages = {
  label: 'Review queue',
  progress: '{position} of {count}',
  reviewed: '{reviewed} of {total} reviewed by me',
  reviewedLoading: 'checking what I have reviewed…',
  reviewedFailed: 'Could not load which items you have reviewed: {reason}',
  unreviewedOnly: 'Only items I have not reviewed',
  nextHotkey: 'Next item',
  previousHotkey: 'Previous item',
  empty: 'Nothing to review here.',
  allReviewed: 'You have reviewed every item.',
  reviewedBadge: 'Reviewed',
  writePending: 'Saving…',
  writeRetrying: 'Not saved yet, retrying',
  writeFailed: 'Not saved',
};

/** Text of the review queue. */
export type ReviewQueueMessages = typeof reviewQueueMessages;

declare module '../../provider/messages' {
  interface AnnokitMessages {
    reviewQueue: ReviewQueueMessages;
  }
}
