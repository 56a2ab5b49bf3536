import type { Query, QueryClient, QueryKey } from '@tanstack/react-query';
import type { Annotation, AnnotationConfig, AnnotationInput, AnnotationRef, AnnotationTarget, Note, SessionQuery, SpanQuery } from '../core/model';
import { annotationRefOfWrite } from '../core/outbox/keys';
import type { OutboxSnapshot } from '../core/outbox/outbox';
import { annotationKey, refOf, targetKey } from '../core/targets';
import { annotationFromInput } from '../core/validation';

// The provider's react-query cache, in one place: the keys every hook reads and writes under, how a
// cached query's key is read back (by name, never by position), and how cached annotations and notes
// look with the outbox's writes applied (the hooks overlay queued writes with these, and the
// provider's follower, followOutbox.ts, patches the cache as writes land).

/** What an annotations (or notes) query asked for; target keys and filters sorted so equal queries share a key. */
export interface AnnotationsKeyPart {
  targets: string[];
  names: string[] | null;
  identifiers: string[] | null;
}

const sorted = (values: readonly string[] | undefined) => (values ? [...new Set(values)].sort() : null);

/**
 * The key of an annotations query. Also a function of its own (not only `annokitKeys.annotations`)
 * because a bundler keeps the whole `annokitKeys` object once one member is used, and the feedback
 * buttons need only this one.
 */
export function annotationsKey(
  scope: string,
  query: { targets: readonly AnnotationTarget[]; names?: readonly string[]; identifiers?: readonly string[] },
) {
  return [
    'annokit',
    scope,
    'annotations',
    {
      targets: sorted(query.targets.map(targetKey)) ?? [],
      names: sorted(query.names),
      identifiers: sorted(query.identifiers),
    } satisfies AnnotationsKeyPart,
  ] as const;
}

/** What a key made by {@link annotationsKey} asks for (the one place that knows where it sits). */
export const annotationsKeyPart = (queryKey: ReturnType<typeof annotationsKey>): AnnotationsKeyPart => queryKey[3];

/**
 * The one factory for annokit's react-query keys. Every key starts with `['annokit', scope]`,
 * the scope telling apart two providers (two adapters) that share a query client.
 */
export const annokitKeys = {
  all: (scope: string) => ['annokit', scope] as const,
  annotationsAll: (scope: string) => ['annokit', scope, 'annotations'] as const,
  annotations: annotationsKey,
  notesAll: (scope: string) => ['annokit', scope, 'notes'] as const,
  notes: (scope: string, targets: readonly AnnotationTarget[]) =>
    ['annokit', scope, 'notes', { targets: sorted(targets.map(targetKey)) ?? [] }] as const,
  configs: (scope: string) => ['annokit', scope, 'configs'] as const,
  spansAll: (scope: string) => ['annokit', scope, 'spans'] as const,
  spans: (scope: string, query: Omit<SpanQuery, 'cursor'>) => ['annokit', scope, 'spans', query] as const,
  trace: (scope: string, traceId: string) => ['annokit', scope, 'trace', traceId] as const,
  sessions: (scope: string, query: Omit<SessionQuery, 'cursor'>) => ['annokit', scope, 'sessions', query] as const,
  datasets: (scope: string) => ['annokit', scope, 'datasets'] as const,
  datasetExamples: (scope: string, datasetId: string) => ['annokit', scope, 'datasets', datasetId, 'examples'] as const,
  experiments: (scope: string, datasetId: string) => ['annokit', scope, 'experiments', datasetId] as const,
  experimentRuns: (scope: string, experimentId: string) => ['annokit', scope, 'experiment-runs', experimentId] as const,
};

/**
 * Reads back a key made by `annokitKeys.annotations` or `annokitKeys.notes` in `scope`: what the
 * query asked for, or `null` for any other key (another kind, another provider's scope, not ours).
 */
export function readTargetsKey(queryKey: QueryKey, kind: 'annotations' | 'notes', scope: string): AnnotationsKeyPart | null {
  const [root, keyScope, keyKind, part] = queryKey as readonly unknown[];
  if (root !== 'annokit' || keyScope !== scope || keyKind !== kind) return null;
  if (typeof part !== 'object' || part === null || !Array.isArray((part as { targets?: unknown }).targets)) return null;
  const { targets, names = null, identifiers = null } = part as Partial<AnnotationsKeyPart> & { targets: string[] };
  return { targets, names, identifiers };
}

/** The configs already in the cache (annotation writes are checked against the one of the same name). */
export function cachedConfigs(queryClient: QueryClient, scope: string): AnnotationConfig[] {
  return queryClient.getQueryData<AnnotationConfig[]>(annokitKeys.configs(scope)) ?? [];
}

/** Whether a cached annotations (or notes) query covers any of these target keys. */
export function queryCoversTargets(query: Query, kind: 'annotations' | 'notes', scope: string, keys: ReadonlySet<string>) {
  return !!readTargetsKey(query.queryKey, kind, scope)?.targets.some((key) => keys.has(key));
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

/** A query's targets as a set, made once per key (keys are never mutated), so testing many refs stays linear. */
const targetSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function matchesQuery(part: AnnotationsKeyPart, ref: AnnotationRef): boolean {
  let targets = targetSets.get(part.targets);
  if (!targets) targetSets.set(part.targets, (targets = new Set(part.targets)));
  return (
    targets.has(targetKey(ref.target)) &&
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
    id: existing?.id ?? `optimistic:${annotationKey(refOf(input))}`,
    source: existing?.source ?? null,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  });
}

/** Applies a change to every cached annotations query the filters select. */
export function patchCached(queryClient: QueryClient, scope: string, targets: readonly AnnotationTarget[], patch: Patch): void {
  for (const query of queryClient.getQueryCache().findAll(annotationsOf(scope, targets))) {
    const part = readTargetsKey(query.queryKey, 'annotations', scope);
    if (!part) continue;
    const previous = query.state.data as Annotation[] | undefined;
    queryClient.setQueryData<Annotation[]>(query.queryKey, patch(previous ?? [], part));
  }
}

/** Upserts optimistic annotations into the cached lists they belong to. */
export function upsertInto(inputs: readonly AnnotationInput[], now: string) {
  return (annotations: Annotation[], part: AnnotationsKeyPart): Annotation[] => {
    let next = annotations;
    for (const input of inputs) {
      const ref = refOf(input);
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
  let next = annotations;
  for (const { latest } of keys.values()) {
    const { write } = latest;
    const ref = annotationRefOfWrite(write);
    if (!ref || !matchesQuery(part, ref)) continue;
    next =
      write.type === 'upsert'
        ? upsertInto([write.input], new Date(latest.createdAt).toISOString())(next, part)
        : removeFrom([ref])(next);
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
