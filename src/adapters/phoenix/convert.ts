/**
 * Pure conversions between annokit's model and Phoenix's wire shapes, in both directions.
 * No I/O here: the adapter calls these, and the tests run them both ways.
 */
import type {
  Annotation,
  AnnotationConfig,
  AnnotationConfigInput,
  AnnotationInput,
  AnnotationTarget,
  Dataset,
  DatasetExample,
  DatasetInput,
  Experiment,
  ExperimentEvaluation,
  ExperimentRun,
  Note,
  Session,
  SpanQuery,
} from '../../core/model';
import { annotationFromInput, configFromInput } from '../../core/validation';
import { decodeIdentifier, encodeIdentifier, noteAuthor, type ReadableTarget } from './identifiers';
import type { ExperimentJson } from './schemas';
import type {
  QueryOf,
  WireAnnotationConfig,
  WireAnnotationConfigData,
  WireAnnotationResult,
  WireDataset,
  WireDatasetExample,
  WireDocumentAnnotationData,
  WireExperiment,
  WireExperimentRun,
  WireSession,
  WireSessionAnnotation,
  WireSessionAnnotationData,
  WireSpanAnnotation,
  WireSpanAnnotationData,
  WireTraceAnnotation,
  WireTraceAnnotationData,
  WireUploadDatasetBody,
} from './wire';

/** Phoenix reserves this annotation name for notes. */
export const NOTE_NAME = 'note';

/**
 * Phoenix stamps `user_id` with the Phoenix user behind the API key, which is your backend when
 * end users write through it; the end user annokit was told about travels in this metadata key.
 */
export const USER_ID_METADATA_KEY = 'annokit_user_id';

// ---------------------------------------------------------------------------------------------
// Annotations

export type PhoenixAnnotationWrite =
  | { kind: 'span'; data: WireSpanAnnotationData }
  | { kind: 'trace'; data: WireTraceAnnotationData }
  | { kind: 'session'; data: WireSessionAnnotationData }
  | { kind: 'document'; data: WireDocumentAnnotationData };

function wireMetadata(input: Pick<AnnotationInput, 'metadata' | 'userId'>): Record<string, unknown> {
  const metadata: Record<string, unknown> = { ...(input.metadata ?? {}) };
  if (input.userId) metadata[USER_ID_METADATA_KEY] = input.userId;
  else delete metadata[USER_ID_METADATA_KEY];
  return metadata;
}

/**
 * Where document annotations go: `'span'` stores them as span annotations on the retrieval span
 * with the position in the identifier (readable and retractable over REST); `'native'` writes
 * Phoenix's own document annotations (which feed its retrieval metrics) but its REST API can
 * neither read nor delete those.
 */
export type DocumentAnnotationMode = 'span' | 'native';

/** The write Phoenix gets for an annotation; the identifier embeds the target (see `encodeIdentifier`). */
export function toPhoenixAnnotation(
  input: AnnotationInput,
  options: { documentAnnotations?: DocumentAnnotationMode } = {},
): PhoenixAnnotationWrite {
  const identifier = input.identifier ?? '';
  const common = {
    name: input.name,
    annotator_kind: input.annotatorKind,
    result: {
      label: input.label ?? null,
      score: input.score ?? null,
      explanation: input.explanation ?? null,
    } satisfies WireAnnotationResult,
    metadata: wireMetadata(input),
  };
  const target = input.target;
  const encoded = encodeIdentifier(target, identifier);
  switch (target.kind) {
    case 'span':
      return { kind: 'span', data: { ...common, span_id: target.spanId, identifier: encoded } };
    case 'trace':
      return { kind: 'trace', data: { ...common, trace_id: target.traceId, identifier: encoded } };
    case 'session':
      return { kind: 'session', data: { ...common, session_id: target.sessionId, identifier: encoded } };
    case 'document':
      if ((options.documentAnnotations ?? 'span') === 'span') {
        return { kind: 'span', data: { ...common, span_id: target.spanId, identifier: encoded } };
      }
      return {
        kind: 'document',
        data: { ...common, span_id: target.spanId, document_position: target.position, identifier },
      };
  }
}

export type PhoenixAnnotationRow =
  | { kind: 'span'; row: WireSpanAnnotation }
  | { kind: 'trace'; row: WireTraceAnnotation }
  | { kind: 'session'; row: WireSessionAnnotation };

/** The span, trace or session Phoenix filed a stored row under. */
export function targetOfRow(stored: PhoenixAnnotationRow): ReadableTarget {
  switch (stored.kind) {
    case 'span':
      return { kind: 'span', spanId: stored.row.span_id };
    case 'trace':
      return { kind: 'trace', traceId: stored.row.trace_id };
    case 'session':
      return { kind: 'session', sessionId: stored.row.session_id };
  }
}

/** A stored Phoenix annotation as annokit's model, plus whether annokit wrote its identifier. */
export function readPhoenixAnnotation(stored: PhoenixAnnotationRow): { annotation: Annotation; owned: boolean } {
  const { row } = stored;
  const { target, identifier, owned } = decodeIdentifier(row.identifier ?? '', targetOfRow(stored));
  const metadata: Record<string, unknown> = { ...(row.metadata ?? {}) };
  const recordedUser = metadata[USER_ID_METADATA_KEY];
  delete metadata[USER_ID_METADATA_KEY];
  return {
    owned,
    annotation: {
      id: row.id,
      target,
      name: row.name,
      annotatorKind: row.annotator_kind,
      label: row.result?.label ?? null,
      score: row.result?.score ?? null,
      explanation: row.result?.explanation ?? null,
      identifier,
      metadata,
      source: row.source,
      userId: typeof recordedUser === 'string' ? recordedUser : row.user_id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    },
  };
}

/** A stored Phoenix annotation as annokit's model. */
export function fromPhoenixAnnotation(stored: PhoenixAnnotationRow): Annotation {
  return readPhoenixAnnotation(stored).annotation;
}

/** What annokit reports for a write Phoenix cannot read back (native document annotations). */
export function annotationFromWrite(input: AnnotationInput, id: string, now: string): Annotation {
  return annotationFromInput({ ...input, metadata: { ...(input.metadata ?? {}) } }, { id, source: 'API', createdAt: now, updatedAt: now });
}

/** A stored note (an annotation named `note` whose explanation is the text) as annokit's model. */
export function fromPhoenixNote(stored: PhoenixAnnotationRow): Note {
  const { row } = stored;
  return {
    id: row.id,
    target: targetOfRow(stored) as AnnotationTarget,
    text: row.result?.explanation ?? '',
    userId: noteAuthor(row.identifier ?? '') ?? row.user_id,
    createdAt: row.created_at,
  };
}

// ---------------------------------------------------------------------------------------------
// Annotation configs

/** A config as Phoenix's create/update body. */
export function toPhoenixConfig(input: AnnotationConfigInput): WireAnnotationConfigData {
  const config = configFromInput(input, input.id ?? '');
  const base = { name: config.name, description: config.description };
  switch (config.type) {
    case 'categorical':
      return {
        ...base,
        type: 'CATEGORICAL',
        optimization_direction: config.optimizationDirection,
        values: config.values.map((value) => ({ label: value.label, score: value.score ?? null })),
      };
    case 'continuous':
      return {
        ...base,
        type: 'CONTINUOUS',
        optimization_direction: config.optimizationDirection,
        lower_bound: config.lowerBound,
        upper_bound: config.upperBound,
      };
    case 'freeform':
      return { ...base, type: 'FREEFORM', optimization_direction: config.optimizationDirection };
  }
}

/** A Phoenix annotation config as annokit's model. */
export function fromPhoenixConfig(wire: WireAnnotationConfig): AnnotationConfig {
  const base = { id: wire.id, name: wire.name, description: wire.description ?? null };
  switch (wire.type) {
    case 'CATEGORICAL':
      return {
        ...base,
        type: 'categorical',
        optimizationDirection: wire.optimization_direction,
        values: wire.values.map((value) => ({ label: value.label, score: value.score ?? null })),
      };
    case 'CONTINUOUS':
      return {
        ...base,
        type: 'continuous',
        optimizationDirection: wire.optimization_direction,
        lowerBound: wire.lower_bound ?? null,
        upperBound: wire.upper_bound ?? null,
      };
    case 'FREEFORM':
      return { ...base, type: 'freeform', optimizationDirection: wire.optimization_direction ?? 'NONE' };
  }
}

// ---------------------------------------------------------------------------------------------
// Spans and sessions

/** Epoch milliseconds from an ISO timestamp; null when missing or unreadable. */
export function toEpochMs(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * An attribute filter as Phoenix reads it: `key:value`, the value JSON-parsed by the server, so a
 * string that would parse as a number, boolean or JSON is sent JSON-quoted to stay a string.
 */
export function attributeFilter(key: string, value: string | number | boolean): string {
  if (typeof value !== 'string') return `${key}:${JSON.stringify(value)}`;
  let parsesAsOther: boolean;
  try {
    parsesAsOther = typeof JSON.parse(value) !== 'string';
  } catch {
    parsesAsOther = false;
  }
  return `${key}:${parsesAsOther || value.startsWith('"') ? JSON.stringify(value) : value}`;
}

export type PhoenixSpanQuery = Omit<QueryOf<'getSpans'>, 'cursor' | 'limit'>;

/**
 * annokit's span filters as the query parameters of `GET /v1/projects/{id}/spans`. Phoenix has no
 * session filter on spans (only root spans carry `session.id`), so `sessionId` is not mapped here:
 * the adapter resolves it to the session's trace ids first.
 */
export function toPhoenixSpanQuery(query: Omit<SpanQuery, 'sessionId' | 'cursor' | 'limit'>): PhoenixSpanQuery {
  const attribute = Object.entries(query.attributes ?? {}).map(([key, value]) => attributeFilter(key, value));
  const out: PhoenixSpanQuery = {};
  if (query.startTime !== undefined) out.start_time = new Date(query.startTime).toISOString();
  if (query.endTime !== undefined) out.end_time = new Date(query.endTime).toISOString();
  if (query.traceIds?.length) out.trace_id = [...query.traceIds];
  if (query.spanIds?.length) out.span_id = [...query.spanIds];
  if (query.rootsOnly) out.parent_id = 'null';
  if (query.names?.length) out.name = [...query.names];
  if (query.spanKinds?.length) out.span_kind = [...query.spanKinds];
  if (query.statusCodes?.length) out.status_code = [...query.statusCodes];
  if (attribute.length) out.attribute = attribute;
  return out;
}

/** A Phoenix session as annokit's model. */
export function fromPhoenixSession(wire: WireSession): Session {
  return {
    sessionId: wire.session_id,
    traceCount: wire.traces.length,
    startTime: toEpochMs(wire.start_time),
    endTime: toEpochMs(wire.end_time),
  };
}

// ---------------------------------------------------------------------------------------------
// Datasets and experiments

/** A dataset upload body: examples become parallel `inputs`/`outputs`/`metadata`/`span_ids` arrays. */
export function toPhoenixUpload(input: DatasetInput): WireUploadDatasetBody {
  const body: WireUploadDatasetBody = {
    action: input.action ?? 'create',
    name: input.name,
    inputs: input.examples.map((example) => example.input),
    outputs: input.examples.map((example) => example.output),
    metadata: input.examples.map((example) => example.metadata),
  };
  if (input.description) body.description = input.description;
  if (input.examples.some((example) => example.spanId)) {
    body.span_ids = input.examples.map((example) => example.spanId ?? null);
  }
  return body;
}

/** Phoenix's dataset as annokit's model. */
export function fromPhoenixDataset(wire: WireDataset): Dataset {
  return {
    id: wire.id,
    name: wire.name,
    description: wire.description,
    exampleCount: wire.example_count,
    metadata: wire.metadata,
    createdAt: wire.created_at,
    updatedAt: wire.updated_at,
  };
}

/** A dataset example, with the span it was made from when Phoenix kept the link. */
export function fromPhoenixExample(wire: WireDatasetExample): DatasetExample {
  return {
    id: wire.id,
    input: wire.input,
    output: wire.output,
    metadata: wire.metadata,
    spanId: wire.source?.span_id ?? null,
  };
}

/** A Phoenix experiment as annokit's model; `runCount` counts finished runs, failed ones included. */
export function fromPhoenixExperiment(wire: WireExperiment): Experiment {
  return {
    id: wire.id,
    datasetId: wire.dataset_id,
    name: wire.name,
    createdAt: wire.created_at,
    metadata: wire.metadata,
    runCount: wire.successful_run_count + wire.failed_run_count,
  };
}

type JsonEvaluation = ExperimentJson[number]['annotations'][number];

/** One evaluation from Phoenix's experiment export. */
export function fromPhoenixEvaluation(wire: JsonEvaluation): ExperimentEvaluation {
  return {
    name: wire.name,
    annotatorKind: wire.annotator_kind,
    label: wire.label,
    score: wire.score,
    explanation: wire.explanation,
    error: wire.error,
  };
}

/** A run with its evaluations, joined from `/runs` and the export on `(example, repetition)`. */
export function fromPhoenixRun(wire: WireExperimentRun, evaluations: ExperimentEvaluation[]): ExperimentRun {
  return {
    id: wire.id,
    experimentId: wire.experiment_id,
    exampleId: wire.dataset_example_id,
    output: wire.output,
    error: wire.error ?? null,
    startTime: wire.start_time,
    endTime: wire.end_time,
    evaluations,
  };
}

/** The key that joins a run from `/runs` with its record in the experiment export. */
export function runKey(exampleId: string, repetition: number): string {
  return `${exampleId}#${repetition}`;
}
