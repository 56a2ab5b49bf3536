'use client';
import { useCallback, useMemo } from 'react';
import { outboxError, type AnnokitError } from '../core/errors';
import type { OutboxEntry } from '../core/outbox/types';
import { useAnnotationContext } from '../provider/context';
import { useOutboxSnapshot } from './outboxWrites';

/** The overall state of the writes waiting in the outbox, worst first: `failed`, `offline`, `pending`, `idle`. */
export type OutboxStatusState = 'idle' | 'pending' | 'offline' | 'failed';

export interface UseOutboxStatusResult {
  /** `failed` when a write failed for good, `offline` when writes wait for the connection, `pending` while they are sent, else `idle`. */
  state: OutboxStatusState;
  /** Writes still to land: queued, being sent, or waiting to be retried (from every tab of the origin). */
  pending: readonly OutboxEntry[];
  /** Writes that failed for good: each waits for `retry` or `discard`. */
  failed: readonly OutboxEntry[];
  /** Whether the browser reports a connection. */
  isOnline: boolean;
  /** The error a failed (or retried) write last got, as an `AnnokitError`. */
  errorOf: (entry: OutboxEntry) => AnnokitError | null;
  /** Sends a failed write again. */
  retry: (id: string) => Promise<void>;
  /** Sends every failed write again. */
  retryAll: () => Promise<void>;
  /** Gives up a failed write (what the backend holds is shown again). */
  discard: (id: string) => Promise<void>;
}

/**
 * What is waiting in the provider's outbox, for a status line in a review console: writes still to
 * land and writes that failed for good, wherever in the app they were made (a panel that has since
 * unmounted, another tab), with retry and discard.
 */
export function useOutboxStatus(): UseOutboxStatusResult {
  const { outbox } = useAnnotationContext('useOutboxStatus');
  const snapshot = useOutboxSnapshot(outbox);
  const { pending, failed } = useMemo(() => {
    const writes = snapshot.entries.filter((entry) => entry.write.type !== 'verify');
    return {
      pending: writes.filter((entry) => entry.status === 'pending'),
      failed: writes.filter((entry) => entry.status === 'failed'),
    };
  }, [snapshot.entries]);
  const retry = useCallback((id: string) => outbox.retry(id), [outbox]);
  const discard = useCallback((id: string) => outbox.discard(id), [outbox]);
  const retryAll = useCallback(async () => {
    await Promise.all(failed.map((entry) => outbox.retry(entry.id)));
  }, [outbox, failed]);
  const state: OutboxStatusState =
    failed.length > 0 ? 'failed' : pending.length > 0 ? (snapshot.isOnline ? 'pending' : 'offline') : 'idle';
  return {
    state,
    pending,
    failed,
    isOnline: snapshot.isOnline,
    errorOf: (entry) => (entry.error ? outboxError(entry.error) : null),
    retry,
    retryAll,
    discard,
  };
}
