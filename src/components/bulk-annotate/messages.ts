/** UI text of bulk annotation; override through `<AnnotationProvider messages={{ bulkAnnotate: {...} }}>` or the `messages` prop. */
export const bulkAnnotateMessages = {
  heading: 'Annotate selected spans',
  name: 'Annotation',
  label: 'Label',
  score: 'Score',
  text: 'Text',
  explanation: 'Explanation (optional)',
  preview: 'Applies to {total} spans.',
  previewExisting: '{existing} already carry one from you and will be overwritten.',
  previewLoading: 'Checking which spans you have already annotated…',
  previewFailed: 'Could not check which spans you have already annotated: {reason}',
  apply: 'Apply to {total} spans',
  confirm: 'Overwrite {existing} of your annotations?',
  confirmYes: 'Overwrite',
  confirmNo: 'Cancel',
  progress: 'Written {done} of {total}',
  done: 'Applied to {done} of {total} spans.',
  failed: '{count} spans failed: {reason}',
  retrying: '{count} spans not written yet, trying again: {reason}',
  retry: 'Retry failed',
  retryNow: 'Retry now',
  undo: 'Undo',
  undone: 'Undone: the spans hold what they held before.',
  undoFailed: 'Undo failed: {reason}',
  undoUnsupported: 'Undo is not available: this backend cannot delete annotations.',
  nothingSelected: 'Select spans first.',
  noUser: 'Sign in to annotate in bulk.',
  loadingConfigs: 'Loading annotation configs…',
  configsFailed: 'Could not load the annotation configs: {reason}',
  configsUnsupported: 'Not available: this backend has no annotation configs to choose from.',
  noConfigs: 'No annotation configs: create one first.',
};

/** Text of bulk annotation. */
export type BulkAnnotateMessages = typeof bulkAnnotateMessages;

declare module '../../provider/messages' {
  interface AnnokitMessages {
    bulkAnnotate: BulkAnnotateMessages;
  }
}
