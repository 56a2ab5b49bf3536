import type { Query, QueryClient, QueryKey } from '@tanstack/react-query';
import type { Annotation, AnnotationInput, AnnotationRef, AnnotationTarget } from '../core/model';
import type { Outbox } from '../core/outbox/outbox';
import { annotationKey, targetKey } from '../core/targets';
import { annotationFromInput } from '../core/validation';

// The provider owns both the query client and the outbox, so keeping the cached annotations in step
// with the writes that land lives here; the hooks patch the same cache through these functions.

/** What an annotations query asked for; target keys and filters sorted so equal queries share a key. */
export interface AnnotationsKeyPart {
  targets: string[];
  names: string[] | null;
  identifiers: string[] | null;
}

/** Whether a cached annotations (or notes) query covers any of these target keys. */
export function queryCoversTargets(query: Query, kind: 'annotations' | 'notes', scope: string, keys: ReadonlySet<string>) {
  const [root, queryScope, queryKind, part] = query.queryKey as [string, string, string, { targets?: string[] }?];
  return (
    root === 'annokit' &&
    queryScope === scope &&
    queryKind === kind &&
    !!part?.targets?.some((key) => keys.has(key))
  );
}

const annotationsOf = (scope: string, targets: readonly AnnotationTarget[]) => {
  const keys = new Set(targets.map(targetKey));
  return { predicate: (query: Query) => queryCoversTargets(query, 'annotations', scope, keys) };
};

/** Invalidates exactly the annotations queries that include one of the targets. */
export function invalidateAnnotationsFor(queryClient: QueryClient, scope: string, targets: readonly AnnotationTarget[]) {
  return queryClient.invalidateQueries(annotationsOf(scope, targets));
}

/** A copy of every cached annotations query a write touches, to restore if the write fails. */
export type CacheSnapshot = Array<[QueryKey, Annotation[] | undefined]>;

type Patch = (annotations: Annotation[], part: AnnotationsKeyPart) => Annotation[];

function matchesQuery(part: AnnotationsKeyPart, ref: AnnotationRef): boolean {
  return (
    part.targets.includes(targetKey(ref.target)) &&
    (part.names === null || part.names.includes(ref.name)) &&
    (part.identifiers === null || part.identifiers.includes(ref.identifier))
  );
}

/**
 * What the UI shows for a write before the backend confirms it. Its placeholder id comes from the
 * annotation's key, so every cached list it is patched into gives it the same id.
 */
export function optimisticAnnotation(input: AnnotationInput, existing: Annotation | undefined, now: string): Annotation {
  return annotationFromInput(input, {
    id: existing?.id ?? `optimistic:${annotationKey({ target: input.target, name: input.name, identifier: input.identifier ?? '' })}`,
    source: existing?.source ?? null,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  });
}

function patchCached(queryClient: QueryClient, filters: ReturnType<typeof annotationsOf>, patch: Patch): CacheSnapshot {
  const snapshot: CacheSnapshot = [];
  for (const query of queryClient.getQueryCache().findAll(filters)) {
    const previous = query.state.data as Annotation[] | undefined;
    snapshot.push([query.queryKey, previous]);
    queryClient.setQueryData<Annotation[]>(query.queryKey, patch(previous ?? [], query.queryKey[3] as AnnotationsKeyPart));
  }
  return snapshot;
}

/**
 * Applies a change to every cached annotations query that covers one of the refs' targets, and
 * returns the previous data so a failed write can roll back.
 */
export async function patchAnnotationQueries(
  queryClient: QueryClient,
  scope: string,
  refs: readonly AnnotationRef[],
  patch: Patch,
): Promise<CacheSnapshot> {
  const filters = annotationsOf(scope, refs.map((ref) => ref.target));
  await queryClient.cancelQueries(filters);
  return patchCached(queryClient, filters, patch);
}

export function restoreSnapshot(queryClient: QueryClient, snapshot: CacheSnapshot | undefined) {
  for (const [key, data] of snapshot ?? []) queryClient.setQueryData(key, data);
}

/** Upserts optimistic annotations into the cached lists they belong to. */
export function upsertInto(inputs: readonly AnnotationInput[], now: string) {
  return (annotations: Annotation[], part: AnnotationsKeyPart): Annotation[] => {
    let next = annotations;
    for (const input of inputs) {
      const ref = { target: input.target, name: input.name, identifier: input.identifier ?? '' };
      if (!matchesQuery(part, ref)) continue;
      const key = annotationKey(ref);
      const index = next.findIndex((annotation) => annotationKey(annotation) === key);
      const updated = optimisticAnnotation(input, index >= 0 ? next[index] : undefined, now);
      next = index >= 0 ? next.map((annotation, i) => (i === index ? updated : annotation)) : [...next, updated];
    }
    return next;
  };
}

/** Removes the referenced annotations from the cached lists. */
export function removeFrom(refs: readonly AnnotationRef[]) {
  const keys = new Set(refs.map(annotationKey));
  return (annotations: Annotation[]): Annotation[] => annotations.filter((annotation) => !keys.has(annotationKey(annotation)));
}

/**
 * Keeps the cached annotations in step with the outbox: when the last write for a key leaves it
 * (landed, here or in another tab), its intent goes into every cached list that holds the key, then
 * those lists are refetched. Returns the unsubscribe function.
 */
export function followOutbox(outbox: Outbox, queryClient: QueryClient, scope: string): () => void {
  let keys = outbox.getSnapshot().keys;
  return outbox.subscribe(() => {
    const previous = keys;
    keys = outbox.getSnapshot().keys;
    const targets: AnnotationTarget[] = [];
    const upserts: AnnotationInput[] = [];
    const deletes: AnnotationRef[] = [];
    for (const [key, { latest }] of previous) {
      if (keys.has(key)) continue;
      const { write } = latest;
      targets.push(write.type === 'upsert' ? write.input.target : write.ref.target);
      // A failed write that left the outbox was discarded, not sent: only the refetch applies.
      if (latest.status === 'failed') continue;
      if (write.type === 'upsert') upserts.push(write.input);
      else deletes.push(write.ref);
    }
    if (targets.length === 0) return;
    const filters = annotationsOf(scope, targets);
    // Synchronously, inside the outbox's notification: the components re-render for the new outbox
    // snapshot only after this, so a vote never shows the backend's earlier value for a frame.
    // setQueryData also becomes what a cancelled fetch reverts to, so a stale read cannot undo it.
    const upsert = upsertInto(upserts, new Date().toISOString());
    const remove = removeFrom(deletes);
    patchCached(queryClient, filters, (annotations, part) => remove(upsert(annotations, part)));
    void queryClient.cancelQueries(filters).then(() => queryClient.invalidateQueries(filters));
  });
}
