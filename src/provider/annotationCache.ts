import type { Query, QueryClient } from '@tanstack/react-query';
import type { Annotation, AnnotationInput, AnnotationRef, AnnotationTarget } from '../core/model';
import { refOf } from '../core/outbox/keys';
import type { OutboxSnapshot } from '../core/outbox/outbox';
import type { Note } from '../core/model';
import { annotationKey, targetKey } from '../core/targets';
import { annotationFromInput } from '../core/validation';

// How cached annotations and notes look with the outbox's writes applied: the hooks overlay queued
// writes with these, and the provider's follower (followOutbox.ts) patches the cache as writes land.

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

export const annotationsOf = (scope: string, targets: readonly AnnotationTarget[]) => {
  const keys = new Set(targets.map(targetKey));
  return { predicate: (query: Query) => queryCoversTargets(query, 'annotations', scope, keys) };
};

/** Invalidates exactly the annotations queries that include one of the targets. */
export function invalidateAnnotationsFor(queryClient: QueryClient, scope: string, targets: readonly AnnotationTarget[]) {
  return queryClient.invalidateQueries(annotationsOf(scope, targets));
}

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

/** Applies a change to every cached annotations query the filters select. */
export function patchCached(queryClient: QueryClient, filters: ReturnType<typeof annotationsOf>, patch: Patch): void {
  for (const query of queryClient.getQueryCache().findAll(filters)) {
    const previous = query.state.data as Annotation[] | undefined;
    queryClient.setQueryData<Annotation[]>(query.queryKey, patch(previous ?? [], query.queryKey[3] as AnnotationsKeyPart));
  }
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

/**
 * The annotations a query read, as the outbox's queued and failed intents will leave them: a queued
 * upsert shown in place of (or beside) what is stored, a queued delete taken out. The same array
 * when no queued write touches the query, so memoised consumers keep their work.
 */
export function withQueuedWrites(annotations: Annotation[], keys: OutboxSnapshot['keys'], part: AnnotationsKeyPart): Annotation[] {
  if (keys.size === 0) return annotations;
  let targets: Set<string> | null = null;
  let next = annotations;
  for (const { latest } of keys.values()) {
    const { write } = latest;
    if (write.type !== 'upsert' && write.type !== 'delete') continue;
    const ref = write.type === 'upsert' ? refOf(write.input) : write.ref;
    targets ??= new Set(part.targets);
    if (
      !targets.has(targetKey(ref.target)) ||
      (part.names !== null && !part.names.includes(ref.name)) ||
      (part.identifiers !== null && !part.identifiers.includes(ref.identifier))
    ) {
      continue;
    }
    next =
      write.type === 'upsert'
        ? upsertInto([write.input], new Date(latest.createdAt).toISOString())(next, part)
        : removeFrom([write.ref])(next);
  }
  return next;
}

/** Removes the referenced annotations from the cached lists. */
export function removeFrom(refs: readonly AnnotationRef[]) {
  const keys = new Set(refs.map(annotationKey));
  return (annotations: Annotation[]): Annotation[] => annotations.filter((annotation) => !keys.has(annotationKey(annotation)));
}

/** A note still in the outbox, shaped as the note it will become (its id is the entry's). */
export function queuedNote(id: string, input: { target: AnnotationTarget; text: string; userId?: string | null }, createdAt: number): Note {
  return { id, target: input.target, text: input.text, userId: input.userId ?? null, createdAt: new Date(createdAt).toISOString() };
}
