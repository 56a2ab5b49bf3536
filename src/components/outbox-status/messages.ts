/** UI text of the outbox status; override through `<AnnotationProvider messages={{ outboxStatus: {...} }}>` or the `messages` prop. */
export const outboxStatusMessages = {
  label: 'Saving status',
  idle: 'All changes saved',
  pending: 'Saving {count} changes…',
  pendingOne: 'Saving 1 change…',
  offline: 'Offline: {count} changes will be sent when you are back online',
  failed: '{count} changes could not be saved',
  failedOne: '1 change could not be saved',
  details: 'Show what failed',
  hideDetails: 'Hide',
  retry: 'Retry',
  retryAll: 'Retry all',
  discard: 'Discard',
  upsert: '{name} on {target}',
  delete: 'Removing {name} on {target}',
  note: 'Note on {target}',
};

/** Text of the outbox status. */
export type OutboxStatusMessages = typeof outboxStatusMessages;

declare module '../../provider/messages' {
  interface AnnokitMessages {
    outboxStatus: OutboxStatusMessages;
  }
}
