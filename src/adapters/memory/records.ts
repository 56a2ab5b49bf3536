import {
  ANNOTATOR_KINDS,
  SPAN_KINDS,
  annotationConfigInputSchema,
  annotationTargetSchema,
  schema as s,
  type Annotation,
  type AnnotationConfig,
  type Dataset,
  type DatasetExample,
  type Experiment,
  type ExperimentRun,
  type Note,
  type Span,
} from '../../core';

/** A dataset with its examples, as the memory adapter holds it (and as the demo generator makes it). */
export interface MemoryDataset extends Dataset {
  examples: DatasetExample[];
}

/** An experiment with its runs, as the memory adapter holds it (and as the demo generator makes it). */
export interface MemoryExperiment extends Experiment {
  runs: ExperimentRun[];
}

/** Everything a memory adapter can start from; `generateDemoProject()` returns one. */
export interface MemorySeed {
  spans?: Span[];
  annotations?: Annotation[];
  notes?: Note[];
  configs?: AnnotationConfig[];
  datasets?: MemoryDataset[];
  experiments?: MemoryExperiment[];
}

// Schemas for what enters the store from outside: the seed and whatever storage hands back.
const id = s.string({ nonEmpty: true });
const iso = s.string({ nonEmpty: true });
const nullableString = s.nullable(s.string());
const plainRecord = s.record(s.unknown());

/** An annotation as stored (seed or storage). */
export const annotationRecordSchema: s.Schema<Annotation> = s.object({
  id,
  target: annotationTargetSchema,
  name: s.string({ nonEmpty: true }),
  annotatorKind: s.oneOf(ANNOTATOR_KINDS),
  label: nullableString,
  score: s.nullable(s.number()),
  explanation: nullableString,
  identifier: s.withDefault(s.string(), ''),
  metadata: s.withDefault(plainRecord, {}),
  source: nullableString,
  userId: nullableString,
  createdAt: iso,
  updatedAt: iso,
});

/** A note as stored. */
export const noteRecordSchema: s.Schema<Note> = s.object({
  id,
  target: annotationTargetSchema,
  text: s.string(),
  userId: nullableString,
  createdAt: iso,
});

/** A config as stored: a valid config input that has an id. */
export const configRecordSchema: s.Schema<AnnotationConfig> = s.refine(
  annotationConfigInputSchema as s.Schema<AnnotationConfig>,
  (config) => (typeof config.id === 'string' && config.id !== '' ? null : { field: 'id', value: config.id, message: 'a stored config needs an id' }),
);

/** A dataset example, as given to `createDataset` or stored. */
export const exampleSchema: s.Schema<DatasetExample> = s.object({
  id: s.optional(id),
  input: plainRecord,
  output: plainRecord,
  metadata: s.withDefault(plainRecord, {}),
  spanId: s.optional(s.nullable(s.string())),
});

/** A dataset with its examples, as stored. */
export const datasetRecordSchema: s.Schema<MemoryDataset> = s.object({
  id,
  name: s.string({ nonEmpty: true }),
  description: nullableString,
  exampleCount: s.withDefault(s.number({ integer: true, min: 0 }), 0),
  metadata: s.withDefault(plainRecord, {}),
  createdAt: iso,
  updatedAt: iso,
  examples: s.array(exampleSchema),
});

const evaluationSchema = s.object({
  name: s.string({ nonEmpty: true }),
  annotatorKind: s.oneOf(ANNOTATOR_KINDS),
  label: nullableString,
  score: s.nullable(s.number()),
  explanation: nullableString,
  error: nullableString,
});

/** An experiment with its runs, as seeded. */
export const experimentRecordSchema: s.Schema<MemoryExperiment> = s.object({
  id,
  datasetId: id,
  name: nullableString,
  createdAt: iso,
  metadata: s.withDefault(plainRecord, {}),
  runCount: s.withDefault(s.number({ integer: true, min: 0 }), 0),
  runs: s.array(
    s.object({
      id,
      experimentId: id,
      exampleId: id,
      output: s.unknown(),
      error: nullableString,
      startTime: nullableString,
      endTime: nullableString,
      evaluations: s.array(evaluationSchema),
    }),
  ),
}) as s.Schema<MemoryExperiment>;

/**
 * Spans are checked for the fields the adapter indexes on; attributes and events pass as they are
 * (a seed of 100,000 spans must load quickly, and loaders in core already validated real imports).
 */
export const spanRecordSchema: s.Schema<Span> = s.object(
  {
    spanId: id,
    traceId: id,
    parentId: s.nullable(id),
    name: s.string(),
    kind: s.oneOf(SPAN_KINDS),
    startTime: s.nullable(s.number()),
    endTime: s.nullable(s.number()),
    status: s.object({ code: s.oneOf(['OK', 'ERROR', 'UNSET'] as const), message: nullableString }),
    attributes: plainRecord,
    events: s.array(s.unknown()),
  },
  { passthrough: true },
) as s.Schema<Span>;

const SPAN_KIND_SET: ReadonlySet<string> = new Set(SPAN_KINDS);
const STATUS_CODE_SET: ReadonlySet<string> = new Set(['OK', 'ERROR', 'UNSET']);
const nullableFinite = (value: unknown) => value === null || (typeof value === 'number' && Number.isFinite(value));
const nonEmpty = (value: unknown) => typeof value === 'string' && value.trim() !== '';

/**
 * The same checks as {@link spanRecordSchema} without building a field path per value: seeds of
 * 100,000 spans take this path, and only a span that fails it goes through the schema for the message.
 */
export function isWellFormedSpan(span: unknown): span is Span {
  if (!s.isPlainObject(span)) return false;
  const status = span.status;
  return (
    nonEmpty(span.spanId) &&
    nonEmpty(span.traceId) &&
    (span.parentId === null || nonEmpty(span.parentId)) &&
    typeof span.name === 'string' &&
    SPAN_KIND_SET.has(span.kind as string) &&
    nullableFinite(span.startTime) &&
    nullableFinite(span.endTime) &&
    s.isPlainObject(status) &&
    STATUS_CODE_SET.has(status.code as string) &&
    (status.message === null || status.message === undefined || typeof status.message === 'string') &&
    s.isPlainObject(span.attributes) &&
    Array.isArray(span.events)
  );
}
