export { BulkAnnotate, bulkAnnotateMessages, type BulkAnnotateMessages, type BulkAnnotateProps } from './BulkAnnotate';
