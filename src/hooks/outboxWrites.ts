'use client';
import { useCallback, useState, useSyncExternalStore } from 'react';
import { AnnokitError, outboxError, toAnnokitError } from '../core/errors';
import type { Annotation, Note } from '../core/model';
import type { OutboxLike, OutboxSnapshot, OutboxTicket } from '../core/outbox/outbox';
import { useLatestRef } from './useLatestRef';

/** The provider outbox's snapshot, re-rendering on every change. */
export function useOutboxSnapshot(outbox: OutboxLike): OutboxSnapshot {
  return useSyncExternalStore(outbox.subscribe, outbox.getSnapshot, outbox.getSnapshot);
}

/**
 * Resolves once every write of the tickets has left the outbox, with what the backend stored for
 * each (null where another tab sent it, or a newer intent replaced it); rejects with the error of
 * the first one that failed for good or was discarded. A write that waits offline keeps it pending.
 */
export function whenWritten(outbox: OutboxLike, tickets: readonly OutboxTicket[]): Promise<(Annotation | Note | null)[]> {
  const ids = new Set(tickets.map((ticket) => ticket.id));
  const results = new Map<string, Annotation | Note | null>();
  return new Promise((resolve, reject) => {
    let persisted = false;
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      unsubscribe();
      unsubscribeEvents();
      settle();
    };
    const unsubscribeEvents = outbox.subscribeEvents((event) => {
      if (!ids.has(event.entry.id)) return;
      if (event.type === 'sent') results.set(event.entry.id, event.note ?? event.annotation);
      else if (event.type === 'discarded') {
        finish(() => reject(new AnnokitError('The write was discarded before it was sent', { code: 'unknown', retryable: false })));
      }
    });
    const check = () => {
      if (!persisted) return;
      const mine = outbox.getSnapshot().entries.filter((entry) => ids.has(entry.id));
      const failed = mine.find((entry) => entry.status === 'failed');
      if (failed?.error) finish(() => reject(outboxError(failed.error!)));
      else if (mine.length === 0) finish(() => resolve(tickets.map((ticket) => results.get(ticket.id) ?? null)));
    };
    const unsubscribe = outbox.subscribe(check);
    Promise.all(tickets.map((ticket) => ticket.persisted)).then(
      () => {
        persisted = true;
        check();
      },
      (error: unknown) => finish(() => reject(toAnnokitError(error))),
    );
  });
}

/** Resolves once none of these writes is pending any more: each has landed, been replaced, or failed for good. */
export function whenSettled(outbox: OutboxLike, tickets: readonly OutboxTicket[]): Promise<void> {
  const ids = tickets.map((ticket) => ticket.id);
  return Promise.all(tickets.map((ticket) => ticket.persisted)).then(() => whenIdsSettled(outbox, ids));
}

/** Resolves once none of the outbox entries with these ids is pending (they are already in the outbox). */
export function whenIdsSettled(outbox: OutboxLike, ids: readonly string[]): Promise<void> {
  const mine = new Set(ids);
  return new Promise<void>((resolve) => {
    const check = () => {
      if (outbox.getSnapshot().entries.some((entry) => mine.has(entry.id) && entry.status === 'pending')) return;
      unsubscribe();
      resolve();
    };
    const unsubscribe = outbox.subscribe(check);
    check();
  });
}

/** Tracks the writes a hook made until they land: how many are out, and the last error. */
export function useTrackedWrites<T>(options: { onSuccess?: (results: T) => void; onError?: (error: AnnokitError) => void }) {
  const [state, setState] = useState<{ pending: number; error: AnnokitError | null }>({ pending: 0, error: null });
  const callbacks = useLatestRef(options);
  const fail = useCallback(
    (error: unknown) => {
      const failure = toAnnokitError(error);
      setState((current) => ({ ...current, error: failure }));
      callbacks.current.onError?.(failure);
      return failure;
    },
    [callbacks],
  );
  const track = useCallback(
    (written: Promise<T>): Promise<T> => {
      setState((current) => ({ pending: current.pending + 1, error: null }));
      return written.then(
        (results) => {
          setState((current) => ({ ...current, pending: current.pending - 1 }));
          callbacks.current.onSuccess?.(results);
          return results;
        },
        (error: unknown) => {
          setState((current) => ({ ...current, pending: current.pending - 1 }));
          throw fail(error);
        },
      );
    },
    [fail, callbacks],
  );
  const reset = useCallback(() => setState((current) => ({ ...current, error: null })), []);
  return { isPending: state.pending > 0, error: state.error, fail, track, reset };
}
