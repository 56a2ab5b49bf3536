import type { AnnokitErrorCode } from '../errors';
import type { AnnotationInput, AnnotationRef, NoteInput } from '../model';
import * as s from '../schema';
import { annotationInputSchema, annotationRefSchema, noteInputSchema } from '../validation';

/** A write to an annotation's key: its upsert, or its delete (retraction). */
export type AnnotationWrite = { type: 'upsert'; input: AnnotationInput } | { type: 'delete'; ref: AnnotationRef };

/**
 * One queued write: an annotation upsert or delete, a note (appended, never coalesced), or the
 * read-back of a key whose earlier write may still land late (`verify`, holding the intent the
 * backend must show).
 */
export type OutboxOperation = AnnotationWrite | { type: 'note'; input: NoteInput } | { type: 'verify'; write: AnnotationWrite };

/**
 * What the outbox knows of the backend's state for a key before a write: `absent` when the caller
 * (or an earlier, never-sent write) says nothing is stored there, `unknown` otherwise. A delete whose
 * baseline is `absent` has nothing to remove and is dropped instead of sent.
 */
export type OutboxBaseline = 'absent' | 'unknown';

/** A failure as stored with an entry (errors must survive JSON storage and a reload). */
export interface OutboxError {
  message: string;
  code: AnnokitErrorCode;
  retryable: boolean;
  status?: number;
  /** The rejected field, for validation errors. */
  field?: string;
}

/** A write as the outbox persists it. Plain JSON so every storage can hold it. */
export interface OutboxEntry {
  /** The entry's id, also the idempotency key sent with the write. */
  id: string;
  /** `annotationKey(target, name, identifier)`, or `note:<target>` for notes: entries with the same key are sent in order. */
  key: string;
  /** Order among the entries in storage. */
  seq: number;
  write: OutboxOperation;
  /** `pending` until it lands; `failed` after a non-retryable error or too many attempts. */
  status: 'pending' | 'failed';
  /** Attempts started so far; above zero the write may have landed even if no answer came back. */
  attempts: number;
  /** Failed attempts since the entry was last queued or retried; `maxAttempts` bounds it. */
  failures: number;
  /** Epoch ms before which the entry is not tried (backoff). */
  nextAttemptAt: number;
  /** Set while an outbox (this tab or another) has an attempt in flight; `until` bounds the attempt. */
  claim: { owner: string; until: number } | null;
  baseline: OutboxBaseline;
  /** The last error, kept while the entry is retried and when it failed. */
  error: OutboxError | null;
  /** Epoch ms. */
  createdAt: number;
  /** Entries queued together (bulk writes) share it and are sent together, up to the outbox's `batchSize` per request. */
  batch?: string;
  /**
   * An attempt of this write, or of an earlier write of its key, ended without an answer (time-out,
   * dropped connection, a page that closed mid-request), so it may still land later. Once the key
   * drains, the outbox reads it back and repairs it if a late landing overwrote the latest intent.
   */
  uncertain?: boolean;
}

/** Changes a storage transaction writes, plus the value it hands back to the caller. */
export interface OutboxChange<T> {
  put?: OutboxEntry[];
  remove?: string[];
  result: T;
}

/**
 * Where the outbox keeps its entries. `transact` reads every entry, lets `mutate` decide
 * synchronously, and writes the changes atomically, so two tabs enqueueing at once never lose
 * one another's writes.
 */
export interface OutboxStorage {
  /** `memory`, `localStorage`, `indexedDB` or your own. */
  readonly kind: string;
  transact<T>(mutate: (entries: readonly OutboxEntry[]) => OutboxChange<T>): Promise<{ result: T; entries: OutboxEntry[] }>;
  /** Calls `listener` when another outbox (another tab) changed the entries. */
  subscribe?(listener: () => void): () => void;
}

const errorSchema: s.Schema<OutboxError> = s.object({
  message: s.string(),
  code: s.string({ nonEmpty: true }) as s.Schema<AnnokitErrorCode>,
  retryable: s.boolean(),
  status: s.optional(s.number()),
  field: s.optional(s.string()),
}) as s.Schema<OutboxError>;

/** The variants of an {@link AnnotationWrite}: a write of its own and the write a `verify` reads back. */
const annotationWriteSchemas = {
  upsert: s.object({ type: s.literal('upsert'), input: annotationInputSchema }),
  delete: s.object({ type: s.literal('delete'), ref: annotationRefSchema }),
};

/** Entries read back from storage are untrusted (another version, a user, a corrupt write). */
export const outboxEntrySchema: s.Schema<OutboxEntry> = s.object({
  id: s.string({ nonEmpty: true }),
  key: s.string({ nonEmpty: true }),
  seq: s.number({ integer: true }),
  write: s.discriminated('type', {
    ...annotationWriteSchemas,
    note: s.object({ type: s.literal('note'), input: noteInputSchema }),
    verify: s.object({ type: s.literal('verify'), write: s.discriminated('type', annotationWriteSchemas) }),
  }) as s.Schema<OutboxOperation>,
  status: s.oneOf(['pending', 'failed'] as const),
  attempts: s.number({ integer: true, min: 0 }),
  failures: s.number({ integer: true, min: 0 }),
  nextAttemptAt: s.number(),
  claim: s.nullable(s.object({ owner: s.string(), until: s.number() })),
  baseline: s.oneOf(['absent', 'unknown'] as const),
  error: s.nullable(errorSchema),
  createdAt: s.number(),
  batch: s.optional(s.string()),
  uncertain: s.optional(s.boolean()),
}) as s.Schema<OutboxEntry>;

/** Keeps the valid entries of a stored list and reports how many were unreadable. */
export function readEntries(value: unknown): { entries: OutboxEntry[]; invalid: number } {
  if (!Array.isArray(value)) return { entries: [], invalid: value == null ? 0 : 1 };
  const entries: OutboxEntry[] = [];
  let invalid = 0;
  value.forEach((item, index) => {
    const parsed = s.safeParse(outboxEntrySchema, item, `outbox[${index}]`);
    if (parsed.ok) entries.push(parsed.value);
    else invalid++;
  });
  return { entries, invalid };
}
