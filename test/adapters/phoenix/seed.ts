import { flattenAttributes } from '../../../src/core/spans';
import type { Span } from '../../../src/core';
import type { WireSchemas } from '../../../src/adapters/phoenix/wire';
import type { PhoenixAdapter } from '../../../src/adapters/phoenix';
import type { ConformanceData } from '../conformance';
import type { FakePhoenix } from './fake-phoenix';

/** ISO time to the microsecond, as Phoenix stores it (the kit keeps sub-millisecond digits as a fraction). */
export function isoMicros(ms: number | null): string {
  const micros = Math.round((ms ?? 0) * 1000);
  const whole = Math.floor(micros / 1000);
  return new Date(whole).toISOString().replace('Z', `${String(micros - whole * 1000).padStart(3, '0')}Z`);
}
const iso = isoMicros;

/** A span as Phoenix's REST API serves it: flat dotted attributes, ISO times. */
export function toWireSpan(span: Span): Omit<WireSchemas['Span'], 'id'> {
  return {
    name: span.name,
    context: { trace_id: span.traceId, span_id: span.spanId },
    span_kind: span.rawKind ?? span.kind,
    parent_id: span.parentId,
    start_time: iso(span.startTime),
    end_time: iso(span.endTime),
    status_code: span.status.code,
    status_message: span.status.message ?? '',
    attributes: flattenAttributes(span.attributes),
    events: span.events.map((event) => ({
      name: event.name,
      timestamp: iso(event.time),
      attributes: flattenAttributes(event.attributes),
    })),
  };
}

/**
 * Loads conformance data into the fake the way it would reach a real Phoenix: spans as ingested,
 * datasets through the adapter's upload, experiments (which annokit only reads) directly.
 */
export async function seedFakePhoenix(fake: FakePhoenix, adapter: PhoenixAdapter, data: ConformanceData, project = 'default') {
  fake.seedSpans(project, data.spans.map(toWireSpan));
  for (const source of data.datasets) {
    const dataset = await adapter.createDataset({ name: source.name, description: source.description, examples: source.examples });
    const stored = await adapter.listDatasetExamples(dataset.id);
    // the upload keeps example order, so the n-th stored example is the n-th given one
    const idOf = new Map(source.examples.map((example, index) => [example.id, stored[index]!.id!]));
    for (const experiment of data.experiments.filter((entry) => entry.datasetId === source.id)) {
      fake.seedExperiment({
        datasetId: dataset.id,
        name: experiment.name ?? experiment.id,
        runs: experiment.runs.map((run) => ({
          exampleId: idOf.get(run.exampleId)!,
          output: run.output,
          error: run.error,
          evaluations: run.evaluations.map((evaluation) => ({
            name: evaluation.name,
            annotator_kind: evaluation.annotatorKind,
            label: evaluation.label,
            score: evaluation.score,
            explanation: evaluation.explanation,
            error: evaluation.error,
          })),
        })),
      });
    }
  }
  fake.setBaseline();
}
