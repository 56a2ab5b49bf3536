import type { AnnotationTarget, SessionQuery, SpanQuery } from '../core/model';
import { targetKey } from '../core/targets';
import type { AnnotationsKeyPart } from '../provider/annotationCache';

// Matching and invalidating cached annotations queries lives with the provider's cache upkeep.
export { invalidateAnnotationsFor, queryCoversTargets, type AnnotationsKeyPart } from '../provider/annotationCache';

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
