import type { AnnotationAdapter } from '../adapter';
import type { AnnotationRef, AnnotationTarget } from '../model';
import { annotationKey, refOf, targetKey } from '../targets';
import type { OutboxOperation } from './types';

// Apart from the engine: the provider's outbox front, loaded up front, keys writes the same way
// while the engine (and its storage) loads.

/** The key notes on a target are queued under: they are sent in the order written, and never coalesced. */
export const noteWriteKey = (target: AnnotationTarget): string => `note:${targetKey(target)}`;

/** The key a write is queued under: `annotationKey` for annotation writes, one key per target for notes. */
export function writeKey(write: OutboxOperation): string {
  switch (write.type) {
    case 'upsert':
      return annotationKey(refOf(write.input));
    case 'delete':
      return annotationKey(write.ref);
    case 'note':
      return noteWriteKey(write.input.target);
    case 'verify':
      return writeKey(write.write);
  }
}

/** The annotation an outbox write changes: an upsert's `(target, name, identifier)`, a delete's ref; null for notes and read-backs. */
export function annotationRefOfWrite(write: OutboxOperation): AnnotationRef | null {
  return write.type === 'upsert' ? refOf(write.input) : write.type === 'delete' ? write.ref : null;
}

/** The backend an adapter writes to: its `outboxKey` (default its name), or the object itself for a page-local backend. */
export const backendOf = (adapter: AnnotationAdapter): string | AnnotationAdapter =>
  adapter.outboxKey === null ? adapter : (adapter.outboxKey ?? adapter.name);

/** Whether two adapter objects write to the same backend, so one may take over the other's queued writes. */
export const sameBackend = (a: AnnotationAdapter, b: AnnotationAdapter): boolean => backendOf(a) === backendOf(b);
