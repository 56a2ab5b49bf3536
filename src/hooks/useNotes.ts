'use client';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { AnnokitError } from '../core/errors';
import { toAnnokitError } from '../core/errors';
import type { AnnotationTarget, Note, NoteInput } from '../core/model';
import type { OutboxError } from '../core/outbox/types';
import { targetKey } from '../core/targets';
import { useAnnotationContext } from '../provider/context';
import { useOutboxSnapshot, useTrackedWrites, whenWritten } from './outboxWrites';
import { annokitKeys, queuedNote } from '../provider/queryCache';
import { retryRetryable } from './useAnnotations';

/** Where a note written here stands while it is in the outbox. */
export interface QueuedNoteState {
  /** `pending` while it is queued, retried or sent; `failed` when it failed for good (retry or discard it). */
  status: 'pending' | 'failed';
  /** The last error of its attempts, if any. */
  error: OutboxError | null;
}

export interface UseNotesResult {
  /** Oldest first; notes still in the outbox come last, with their `id` in `queued`. */
  notes: Note[];
  /** The notes still in the outbox, by id: pending ones and failed ones. */
  queued: ReadonlyMap<string, QueuedNoteState>;
  /** Sends a failed note again. */
  retryNote: (id: string) => Promise<void>;
  /** Gives up a failed note. */
  discardNote: (id: string) => Promise<void>;
  /** False when the adapter has no notes. */
  isSupported: boolean;
  isLoading: boolean;
  error: AnnokitError | null;
}

const NONE: Note[] = [];

/** The notes on one or several targets, with the ones still in the provider's outbox after them. */
export function useNotes(target: AnnotationTarget | readonly AnnotationTarget[] | null): UseNotesResult {
  const { adapter, queryClient, scope, capabilities, outbox } = useAnnotationContext('useNotes');
  const targets = useMemo(() => (target ? (Array.isArray(target) ? [...target] : [target as AnnotationTarget]) : []), [target]);
  const query = useQuery(
    {
      queryKey: annokitKeys.notes(scope, targets),
      enabled: capabilities.notes && targets.length > 0,
      retry: retryRetryable,
      queryFn: async ({ signal }) => {
        const notes = await adapter.listNotes!({ targets }, { signal });
        return [...notes].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      },
    },
    queryClient,
  );
  const { entries } = useOutboxSnapshot(outbox);
  const stored = query.data ?? NONE;
  const { notes, queued } = useMemo(() => {
    const keys = new Set(targets.map(targetKey));
    const states = new Map<string, QueuedNoteState>();
    const waiting: Note[] = [];
    for (const entry of entries) {
      if (entry.write.type !== 'note' || !keys.has(targetKey(entry.write.input.target))) continue;
      states.set(entry.id, { status: entry.status, error: entry.error });
      // A note already read back (a backend that keeps the idempotency key as its id) is not shown twice.
      if (!stored.some((note) => note.id === entry.id)) waiting.push(queuedNote(entry.id, entry.write.input, entry.createdAt));
    }
    return { notes: waiting.length > 0 ? [...stored, ...waiting] : stored, queued: states };
  }, [entries, stored, targets]);
  const retryNote = useCallback((id: string) => outbox.retry(id), [outbox]);
  const discardNote = useCallback((id: string) => outbox.discard(id), [outbox]);
  return {
    notes,
    queued,
    retryNote,
    discardNote,
    isSupported: capabilities.notes,
    isLoading: query.isLoading,
    error: query.error ? toAnnokitError(query.error) : null,
  };
}

export interface UseAddNoteResult {
  /**
   * Appends a note through the provider's outbox (the provider's user is its author unless `userId`
   * is given): shown at once by `useNotes`, persisted, retried, sent in order with its id as the
   * idempotency key, so a retried note is stored once. Resolves with the stored note once it landed.
   */
  addNote: (input: NoteInput) => Promise<Note>;
  isSupported: boolean;
  /** A note of this hook is still to land. */
  isPending: boolean;
  error: AnnokitError | null;
  reset: () => void;
}

/** Appends notes; notes are never overwritten. */
export function useAddNote(options: { onError?: (error: AnnokitError) => void } = {}): UseAddNoteResult {
  const { outbox, capabilities, user } = useAnnotationContext('useAddNote');
  const { isPending, error, fail, track, reset } = useTrackedWrites<Note>(options);
  const addNote = useCallback(
    (input: NoteInput) => {
      const note = { ...input, userId: input.userId === undefined ? (user?.id ?? null) : input.userId };
      let ticket;
      try {
        ticket = outbox.addNote(note);
      } catch (caught) {
        return Promise.reject(fail(caught));
      }
      const written = whenWritten(outbox, [ticket]).then(
        ([stored]) => (stored as Note | null) ?? queuedNote(ticket.id, note, Date.now()),
      );
      return track(written);
    },
    [outbox, user, fail, track],
  );
  return { addNote, isSupported: capabilities.notes, isPending, error, reset };
}
