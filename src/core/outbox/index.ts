export {
  Outbox,
  createOutbox,
  type EnqueueOptions,
  type OutboxChannel,
  type OutboxClock,
  type OutboxEnvironment,
  type OutboxEvent,
  type OutboxKeyState,
  type OutboxOptions,
  type OutboxSnapshot,
  type ManyOptions,
  type OutboxLike,
  type OutboxTicket,
  type UpsertOptions,
} from './outbox';
export { createLazyOutbox, type LazyOutbox, type LazyOutboxOptions } from './lazy';
export { noteWriteKey, writeKey } from './keys';
export {
  createIndexedDBOutboxStorage,
  createLocalStorageOutboxStorage,
  createMemoryOutboxStorage,
  type IndexedDBOutboxOptions,
  type LocalStorageOutboxOptions,
} from './storage';
export {
  createLeaseLeader,
  createSoleLeader,
  createWebLocksLeader,
  type LeaseLeaderOptions,
  type LockManagerLike,
  type OutboxLeader,
} from './leader';
export { backoffDelay, type BackoffOptions } from './backoff';
export {
  outboxEntrySchema,
  type AnnotationWrite,
  type OutboxBaseline,
  type OutboxChange,
  type OutboxEntry,
  type OutboxError,
  type OutboxOperation,
  type OutboxStorage,
} from './types';
