/** UI text of the session view; override through `<AnnotationProvider messages={{ sessionView: {...} }}>` or the `messages` prop. */
export const sessionViewMessages = {
  heading: 'Session {sessionId}',
  turn: 'Turn {index}',
  user: 'User',
  assistant: 'Assistant',
  noInput: '(no input recorded)',
  noOutput: '(no output recorded)',
  loading: 'Loading the session…',
  empty: 'This session has no traces.',
  failed: 'Could not load the session: {reason}',
  retry: 'Retry',
  unsupported: 'Not available: this backend cannot list spans.',
  sessionAnnotations: 'Annotations on the session',
  turnAnnotations: 'Annotations on this turn',
  openTrace: 'Open trace',
};

/** Text of the session view. */
export type SessionViewMessages = typeof sessionViewMessages;

declare module '../../provider/messages' {
  interface AnnokitMessages {
    sessionView: SessionViewMessages;
  }
}
