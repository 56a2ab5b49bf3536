import type { Query, QueryClient } from '@tanstack/react-query';
import type { AnnotationInput, AnnotationRef, AnnotationTarget, Note } from '../core/model';
import { annotationRefOfWrite } from '../core/outbox/keys';
import type { OutboxLike, OutboxSnapshot } from '../core/outbox/outbox';
import { targetKey } from '../core/targets';
import { annotationsOf, patchCached, queryCoversTargets, queuedNote, readTargetsKey, removeFrom, upsertInto } from './queryCache';

// Loaded with the outbox engine (openOutbox.ts), not up front: it has nothing to do until writes land.

/**
 * Keeps the cached annotations in step with the outbox: when the last write for a key leaves it
 * (landed, here or in another tab), its intent goes into every cached list that holds the key, then
 * those lists are refetched. Returns the unsubscribe function.
 */
export function followOutbox(outbox: OutboxLike, queryClient: QueryClient, scope: string): () => void {
  let keys = outbox.getSnapshot().keys;
  let notes = queuedNotes(outbox.getSnapshot());
  return outbox.subscribe(() => {
    const previous = keys;
    keys = outbox.getSnapshot().keys;
    const previousNotes = notes;
    notes = queuedNotes(outbox.getSnapshot());
    followNotes(previousNotes, notes, queryClient, scope);
    const targets: AnnotationTarget[] = [];
    const upserts: AnnotationInput[] = [];
    const deletes: AnnotationRef[] = [];
    for (const [key, { latest }] of previous) {
      if (keys.has(key)) continue;
      const { write } = latest;
      // Notes are followed apart (below): their key holds many entries, each landing on its own.
      const ref = annotationRefOfWrite(write);
      if (!ref) continue;
      targets.push(ref.target);
      // A failed write that left the outbox was discarded, not sent: only the refetch applies.
      if (latest.status === 'failed') continue;
      if (write.type === 'upsert') upserts.push(write.input);
      else deletes.push(ref);
    }
    if (targets.length === 0) return;
    const filters = annotationsOf(scope, targets);
    // Synchronously, inside the outbox's notification: the components re-render for the new outbox
    // snapshot only after this, so a vote never shows the backend's earlier value for a frame.
    // setQueryData also becomes what a cancelled fetch reverts to, so a stale read cannot undo it.
    const upsert = upsertInto(upserts, new Date().toISOString());
    const remove = removeFrom(deletes);
    patchCached(queryClient, scope, targets, (annotations, part) => remove(upsert(annotations, part)));
    void queryClient.cancelQueries(filters).then(() => queryClient.invalidateQueries(filters));
  });
}

/** The notes waiting in the outbox, by entry id (which is also the note's idempotency key). */
function queuedNotes(snapshot: OutboxSnapshot): Map<string, { note: Note; failed: boolean }> {
  const notes = new Map<string, { note: Note; failed: boolean }>();
  for (const entry of snapshot.entries) {
    if (entry.write.type === 'note') notes.set(entry.id, { note: queuedNote(entry.id, entry.write.input, entry.createdAt), failed: entry.status === 'failed' });
  }
  return notes;
}

/** Notes that left the outbox having landed go into the cached notes lists of their target, which are then refetched. */
function followNotes(
  previous: Map<string, { note: Note; failed: boolean }>,
  current: Map<string, { note: Note; failed: boolean }>,
  queryClient: QueryClient,
  scope: string,
) {
  const landed: Note[] = [];
  const targets = new Set<string>();
  for (const [id, { note, failed }] of previous) {
    if (current.has(id)) continue;
    targets.add(targetKey(note.target));
    if (!failed) landed.push(note);
  }
  if (targets.size === 0) return;
  const filters = { predicate: (query: Query) => queryCoversTargets(query, 'notes', scope, targets) };
  for (const query of queryClient.getQueryCache().findAll(filters)) {
    const cached = (query.state.data as Note[] | undefined) ?? [];
    const keys = new Set(readTargetsKey(query.queryKey, 'notes', scope)?.targets);
    const added = landed.filter((note) => keys.has(targetKey(note.target)) && !cached.some((existing) => existing.id === note.id));
    if (added.length > 0) queryClient.setQueryData<Note[]>(query.queryKey, [...cached, ...added]);
  }
  void queryClient.invalidateQueries(filters);
}
