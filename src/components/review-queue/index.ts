export { ReviewQueue, reviewQueueMessages, type ReviewQueueMessages, type ReviewQueueProps } from './ReviewQueue';
