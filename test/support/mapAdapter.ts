import type { AnnotationAdapter, RequestOptions } from '../../src/core/adapter';
import { AnnokitError } from '../../src/core/errors';
import type { Annotation, AnnotationInput, AnnotationQuery, AnnotationRef } from '../../src/core/model';
import { annotationKey, targetKey } from '../../src/core/targets';

/** A minimal in-process backend for outbox tests: annotations in a map keyed by (target, name, identifier). */
export function createMapAdapter(options: { withDelete?: boolean } = {}) {
  const store = new Map<string, Annotation>();
  let counter = 0;
  const adapter: AnnotationAdapter & { store: Map<string, Annotation> } = {
    name: 'map',
    store,
    async upsertAnnotations(inputs: AnnotationInput[], request?: RequestOptions) {
      if (request?.signal?.aborted) throw new AnnokitError('aborted', { code: 'network' });
      const now = new Date().toISOString();
      return inputs.map((input) => {
        const identifier = input.identifier ?? '';
        const key = annotationKey({ target: input.target, name: input.name, identifier });
        const existing = store.get(key);
        const stored: Annotation = {
          id: existing?.id ?? `a${++counter}`,
          target: input.target,
          name: input.name,
          annotatorKind: input.annotatorKind,
          label: input.label ?? null,
          score: input.score ?? null,
          explanation: input.explanation ?? null,
          identifier,
          metadata: input.metadata ?? {},
          source: null,
          userId: input.userId ?? null,
          createdAt: existing?.createdAt ?? now,
          updatedAt: now,
        };
        store.set(key, stored);
        return stored;
      });
    },
    async listAnnotations(query: AnnotationQuery) {
      const targets = new Set(query.targets.map(targetKey));
      return [...store.values()].filter(
        (a) =>
          targets.has(targetKey(a.target)) &&
          (!query.names || query.names.includes(a.name)) &&
          (!query.identifiers || query.identifiers.includes(a.identifier)),
      );
    },
  };
  if (options.withDelete !== false) {
    adapter.deleteAnnotations = async (refs: AnnotationRef[]) => {
      for (const ref of refs) store.delete(annotationKey(ref));
    };
  }
  return adapter;
}
