import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { Annotation, AnnotationConfig, AnnotationInput, AnnotationRef } from '../core/model';
import { annotationKey, targetKey } from '../core/targets';
import { annokitKeys, queryCoversTargets, type AnnotationsKeyPart } from './queryKeys';

/** A copy of every cached annotations query a write touches, to restore if the write fails. */
export type CacheSnapshot = Array<[QueryKey, Annotation[] | undefined]>;

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
  return {
    id: existing?.id ?? `optimistic:${annotationKey({ target: input.target, name: input.name, identifier: input.identifier ?? '' })}`,
    target: input.target,
    name: input.name,
    annotatorKind: input.annotatorKind,
    label: input.label ?? null,
    score: input.score ?? null,
    explanation: input.explanation ?? null,
    identifier: input.identifier ?? '',
    metadata: input.metadata ?? {},
    source: existing?.source ?? null,
    userId: input.userId ?? null,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
}

/**
 * Applies a change to every cached annotations query that covers one of the refs' targets, and
 * returns the previous data so a failed write can roll back.
 */
export async function patchAnnotationQueries(
  queryClient: QueryClient,
  scope: string,
  refs: readonly AnnotationRef[],
  patch: (annotations: Annotation[], part: AnnotationsKeyPart) => Annotation[],
): Promise<CacheSnapshot> {
  const keys = new Set(refs.map((ref) => targetKey(ref.target)));
  const filters = { predicate: (query: Parameters<typeof queryCoversTargets>[0]) => queryCoversTargets(query, 'annotations', scope, keys) };
  await queryClient.cancelQueries(filters);
  const snapshot: CacheSnapshot = [];
  for (const query of queryClient.getQueryCache().findAll(filters)) {
    const previous = query.state.data as Annotation[] | undefined;
    snapshot.push([query.queryKey, previous]);
    const part = query.queryKey[3] as AnnotationsKeyPart;
    queryClient.setQueryData<Annotation[]>(query.queryKey, patch(previous ?? [], part));
  }
  return snapshot;
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

/** The configs already in the cache (annotation writes are checked against the one of the same name). */
export function cachedConfigs(queryClient: QueryClient, scope: string): AnnotationConfig[] {
  return queryClient.getQueryData<AnnotationConfig[]>(annokitKeys.configs(scope)) ?? [];
}
