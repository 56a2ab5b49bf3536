/**
 * The conformance suite's data made safe for a shared, long-lived Phoenix: Phoenix keeps span ids,
 * trace ids and session ids unique across the whole server, and dataset names too, so every run
 * (and every file) gets its own.
 */
import type { PhoenixAdapter } from '../../../src/adapters/phoenix';
import type { Attributes, Span } from '../../../src/core';
import type { ConformanceData } from '../../adapters/fixture';
import { randomHex, uniqueName, type PhoenixRest } from './rest';

/**
 * The spans with fresh span, trace and session ids, the structure unchanged; `spanId` maps an
 * old span id to its new one (and gives an id it has not seen a fresh one, kept from then on).
 */
export function freshSpanIds(source: readonly Span[]): { spans: Span[]; spanId: (id: string) => string } {
  const spanIds = new Map<string, string>();
  const traceIds = new Map<string, string>();
  const sessionIds = new Map<string, string>();
  const fresh = (map: Map<string, string>, id: string, make: () => string) => {
    if (!map.has(id)) map.set(id, make());
    return map.get(id)!;
  };
  const spanId = (id: string) => fresh(spanIds, id, () => randomHex(8));
  const spans = source.map((span) => {
    const attributes: Attributes = structuredClone(span.attributes);
    const session = attributes.session as Attributes | undefined;
    if (session && typeof session.id === 'string') {
      session.id = fresh(sessionIds, session.id, () => uniqueName(session.id as string));
    }
    return {
      ...span,
      spanId: spanId(span.spanId),
      traceId: fresh(traceIds, span.traceId, () => randomHex(16)),
      parentId: span.parentId === null ? null : spanId(span.parentId),
      attributes,
    };
  });
  return { spans, spanId };
}

/** `data` with fresh span, trace and session ids and dataset names, the structure unchanged. */
export function withFreshIds(data: ConformanceData): ConformanceData {
  const { spans, spanId } = freshSpanIds(data.spans);
  const datasets = data.datasets.map((dataset) => ({
    ...dataset,
    name: uniqueName(dataset.name),
    examples: dataset.examples.map((example) => ({ ...example, spanId: example.spanId ? spanId(example.spanId) : example.spanId })),
  }));
  return { spans, datasets, experiments: data.experiments };
}

/**
 * Creates the data's datasets through the adapter and its experiments (which annokit only reads)
 * through Phoenix's REST API, as Phoenix's own experiment runner records them: the experiment, a
 * run per example, an evaluation per run.
 */
export async function seedDatasetsAndExperiments(rest: PhoenixRest, adapter: PhoenixAdapter, data: ConformanceData): Promise<void> {
  for (const source of data.datasets) {
    const dataset = await adapter.createDataset({ name: source.name, description: source.description, examples: source.examples });
    const stored = await adapter.listDatasetExamples(dataset.id);
    // examples keep their upload order, so the n-th stored one is the n-th given one
    const exampleId = new Map(source.examples.map((example, index) => [example.id, stored[index]!.id!]));
    for (const experiment of data.experiments.filter((entry) => entry.datasetId === source.id)) {
      const created = await rest.call<'createExperiment', { data: { id: string } }>(
        'createExperiment',
        'POST',
        `/v1/datasets/${encodeURIComponent(dataset.id)}/experiments`,
        { name: experiment.name, metadata: experiment.metadata, repetitions: 1 },
      );
      for (const run of experiment.runs) {
        const posted = await rest.call<'createExperimentRun', { data: { id: string } }>(
          'createExperimentRun',
          'POST',
          `/v1/experiments/${encodeURIComponent(created.data.id)}/runs`,
          {
            dataset_example_id: exampleId.get(run.exampleId)!,
            output: run.output,
            repetition_number: 1,
            start_time: run.startTime ?? experiment.createdAt,
            end_time: run.endTime ?? experiment.createdAt,
            error: run.error,
          },
        );
        for (const evaluation of run.evaluations) {
          await rest.call('upsertExperimentEvaluation', 'POST', '/v1/experiment_evaluations', {
            experiment_run_id: posted.data.id,
            name: evaluation.name,
            annotator_kind: evaluation.annotatorKind,
            start_time: run.endTime ?? experiment.createdAt,
            end_time: run.endTime ?? experiment.createdAt,
            result: { label: evaluation.label, score: evaluation.score, explanation: evaluation.explanation },
            error: evaluation.error,
          });
        }
      }
    }
  }
}
