import type { AnnotationRef, AnnotationTarget } from './model';

/** A stable string for a target, for maps, react-query keys and storage: `span:abc`, `document:abc:2`. */
export function targetKey(target: AnnotationTarget): string {
  switch (target.kind) {
    case 'span':
      return `span:${target.spanId}`;
    case 'trace':
      return `trace:${target.traceId}`;
    case 'session':
      return `session:${target.sessionId}`;
    case 'document':
      return `document:${target.spanId}:${target.position}`;
  }
}

/** The id the target points at (the span id for a document). */
export function targetId(target: AnnotationTarget): string {
  switch (target.kind) {
    case 'span':
    case 'document':
      return target.spanId;
    case 'trace':
      return target.traceId;
    case 'session':
      return target.sessionId;
  }
}

export function sameTarget(a: AnnotationTarget, b: AnnotationTarget): boolean {
  return targetKey(a) === targetKey(b);
}

/** Annotations (or anything with a target) grouped by `targetKey`, each group in input order. */
export function groupByTarget<T extends { target: AnnotationTarget }>(items: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const key = targetKey(item.target);
    const group = map.get(key);
    if (group) group.push(item);
    else map.set(key, [item]);
  }
  return map;
}

/** The uniqueness key of an annotation: `(target, name, identifier)`. */
export function annotationKey(ref: AnnotationRef): string {
  return JSON.stringify([targetKey(ref.target), ref.name, ref.identifier]);
}

/** The `(target, name, identifier)` of an annotation input (its identifier defaults to `''`). */
export const refOf = (input: { target: AnnotationTarget; name: string; identifier?: string | undefined }): AnnotationRef => ({
  target: input.target,
  name: input.name,
  identifier: input.identifier ?? '',
});

export const spanTarget = (spanId: string): AnnotationTarget => ({ kind: 'span', spanId });
export const traceTarget = (traceId: string): AnnotationTarget => ({ kind: 'trace', traceId });
export const sessionTarget = (sessionId: string): AnnotationTarget => ({ kind: 'session', sessionId });
export const documentTarget = (spanId: string, position: number): AnnotationTarget => ({
  kind: 'document',
  spanId,
  position,
});
