/**
 * Pure conversions between annokit's model and Langfuse's scores, score configs and traces.
 *
 * Mapping (and its losses):
 * - target: span → `observationId` (+ its `traceId`), trace → `traceId`, session → `sessionId`;
 *   a document target is written on its span's observation with `annokit_document_position` in metadata.
 * - value: a label → CATEGORICAL (`stringValue`), a score alone → NUMERIC, label `True`/`False` with
 *   score 1/0 → BOOLEAN, an explanation alone → TEXT. A categorical score's number is Langfuse's
 *   category value; annokit keeps its own score in metadata so it survives the round trip.
 * - explanation ↔ `comment`.
 * - annotatorKind ↔ `source`: Langfuse accepts only API on writes (ANNOTATION needs a config, EVAL is
 *   internal), so the kind travels in metadata (`annokit_annotator_kind`); scores made elsewhere
 *   read as ANNOTATION → HUMAN, EVAL → LLM, API → CODE.
 * - score configs: NUMERIC ↔ continuous, CATEGORICAL ↔ categorical, BOOLEAN → categorical True/False,
 *   TEXT ↔ freeform; a non-default optimization direction is kept as `[optimize: X]` at the end of the description.
 * - identifier and userId travel in metadata (`annokit_identifier`, `annokit_user_id`); a score made in
 *   Langfuse's UI reads with its `authorUserId` as userId and identifier.
 * - score id: derived from `(target, name, identifier)`, so writing the same key again updates the
 *   same score (Langfuse upserts on id) and a retried write is applied once.
 */
import { ValidationError } from '../../core/errors';
import type {
  Annotation,
  AnnotationConfig,
  AnnotationConfigInput,
  AnnotationInput,
  AnnotationTarget,
  AnnotatorKind,
  Dataset,
  DatasetExample,
  OptimizationDirection,
  Span,
} from '../../core/model';
import { loadLangfuseExport } from '../../core/spans';
import { annotationKey } from '../../core/targets';
import type { components } from './generated/langfuse';

type Schemas = components['schemas'];
export type LangfuseScoreWrite = Schemas['CreateScoreRequest'];
export type LangfuseScoreConfig = Schemas['ScoreConfig'];
export type LangfuseScoreConfigWrite = Schemas['CreateScoreConfigRequest'];
export type LangfuseTrace = Schemas['TraceWithFullDetails'];

/** A score as Langfuse returns it (v2 list), reduced to the fields annokit reads. */
export interface LangfuseScoreRow {
  id: string;
  name: string;
  dataType: string;
  value?: number | null;
  stringValue?: string | null;
  source: string;
  comment?: string | null;
  metadata?: unknown;
  traceId?: string | null;
  observationId?: string | null;
  sessionId?: string | null;
  authorUserId?: string | null;
  createdAt: string;
  updatedAt: string;
}

export const META = {
  identifier: 'annokit_identifier',
  userId: 'annokit_user_id',
  annotatorKind: 'annokit_annotator_kind',
  score: 'annokit_score',
  documentPosition: 'annokit_document_position',
} as const;

const SOURCE_KIND: Record<string, AnnotatorKind> = { ANNOTATION: 'HUMAN', EVAL: 'LLM', API: 'CODE' };
const KIND_SOURCE: Record<AnnotatorKind, string> = { HUMAN: 'ANNOTATION', LLM: 'EVAL', CODE: 'API' };

/** The Langfuse source an annotator kind corresponds to (for reading and filtering; writes send API). */
export function sourceOfKind(kind: AnnotatorKind): string {
  return KIND_SOURCE[kind];
}

/** FNV-1a over UTF-16 code units with a seed; four seeds make a 128-bit id with no crypto dependency. */
function fnv(text: string, seed: number): string {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** The score id of an annotation key: the same `(target, name, identifier)` always gives the same id. */
export function scoreIdFor(target: AnnotationTarget, name: string, identifier: string): string {
  const key = annotationKey({ target, name, identifier });
  return `ak-${fnv(key, 0)}${fnv(key, 1)}${fnv(key, 2)}${fnv(key, 3)}`;
}

/**
 * An annotation write as a Langfuse score. `traceId` is the trace of a span or document target
 * (Langfuse files observation scores under their trace).
 */
export function toLangfuseScore(input: AnnotationInput, options: { traceId?: string | null; environment?: string } = {}): LangfuseScoreWrite {
  const identifier = input.identifier ?? '';
  const label = input.label ?? null;
  const score = input.score ?? null;
  const explanation = input.explanation ?? null;
  const metadata: Record<string, unknown> = {
    ...(input.metadata ?? {}),
    [META.identifier]: identifier,
    [META.annotatorKind]: input.annotatorKind,
  };
  if (input.userId) metadata[META.userId] = input.userId;
  const write: LangfuseScoreWrite = { id: scoreIdFor(input.target, input.name, identifier), name: input.name, value: 0, source: 'API' };
  switch (input.target.kind) {
    case 'trace':
      write.traceId = input.target.traceId;
      break;
    case 'session':
      write.sessionId = input.target.sessionId;
      break;
    case 'span':
    case 'document':
      write.observationId = input.target.spanId;
      if (options.traceId) write.traceId = options.traceId;
      if (input.target.kind === 'document') metadata[META.documentPosition] = input.target.position;
      break;
  }
  if ((label === 'True' || label === 'False') && (score === null || score === (label === 'True' ? 1 : 0))) {
    write.dataType = 'BOOLEAN';
    write.value = label === 'True' ? 1 : 0;
  } else if (label !== null) {
    write.dataType = 'CATEGORICAL';
    write.value = label;
    if (score !== null) metadata[META.score] = score;
  } else if (score !== null) {
    write.dataType = 'NUMERIC';
    write.value = score;
  } else {
    write.dataType = 'TEXT';
    write.value = (explanation ?? '').slice(0, 500);
  }
  if (explanation !== null) write.comment = explanation;
  if (options.environment) write.environment = options.environment;
  write.metadata = metadata;
  return write;
}

function targetOf(row: LangfuseScoreRow, metadata: Record<string, unknown>): AnnotationTarget | null {
  if (row.observationId) {
    const position = metadata[META.documentPosition];
    return typeof position === 'number' && Number.isInteger(position) && position >= 0
      ? { kind: 'document', spanId: row.observationId, position }
      : { kind: 'span', spanId: row.observationId };
  }
  if (row.traceId) return { kind: 'trace', traceId: row.traceId };
  if (row.sessionId) return { kind: 'session', sessionId: row.sessionId };
  return null;
}

/** A Langfuse score as an annotation; `null` for scores annokit cannot attach (dataset-run scores). */
export function fromLangfuseScore(row: LangfuseScoreRow): Annotation | null {
  const rawMetadata = row.metadata !== null && typeof row.metadata === 'object' && !Array.isArray(row.metadata) ? (row.metadata as Record<string, unknown>) : {};
  const target = targetOf(row, rawMetadata);
  if (!target) return null;
  const { [META.identifier]: identifier, [META.userId]: userId, [META.annotatorKind]: kind, [META.score]: keptScore, [META.documentPosition]: _position, ...metadata } =
    rawMetadata;
  const value = typeof row.value === 'number' && Number.isFinite(row.value) ? row.value : null;
  let label: string | null = null;
  let score: number | null = null;
  let explanation = row.comment ?? null;
  switch (row.dataType) {
    case 'CATEGORICAL':
      label = row.stringValue ?? null;
      score = typeof keptScore === 'number' ? keptScore : null;
      break;
    case 'BOOLEAN':
      label = row.stringValue ?? (value === null ? null : value === 1 ? 'True' : 'False');
      score = value;
      break;
    case 'TEXT':
    case 'CORRECTION':
      explanation = explanation ?? row.stringValue ?? null;
      break;
    default:
      score = value;
  }
  const annotatorKind: AnnotatorKind =
    kind === 'HUMAN' || kind === 'LLM' || kind === 'CODE' ? kind : (SOURCE_KIND[row.source] ?? 'HUMAN');
  const author = typeof userId === 'string' ? userId : (row.authorUserId ?? null);
  return {
    id: row.id,
    target,
    name: row.name,
    annotatorKind,
    label,
    score,
    explanation,
    identifier: typeof identifier === 'string' ? identifier : (row.authorUserId ?? ''),
    metadata,
    source: row.source,
    userId: author,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Names Langfuse accepts for score configs: at most 35 letters, digits, `_ .()-` and spaces. */
const CONFIG_NAME = /^[A-Za-z0-9_ .()-]{1,35}$/;

// Langfuse configs have no optimization direction; a direction other than the default rides at the
// end of the description (visible in Langfuse's UI, stripped on read) so it survives the round trip.
const DIRECTION_MARK = / ?\[optimize: (MAXIMIZE|MINIMIZE|NONE)\]$/;

function withDirection(description: string | null, direction: OptimizationDirection, type: AnnotationConfigInput['type']): string | null {
  if (direction === (type === 'freeform' ? 'NONE' : 'MAXIMIZE')) return description;
  return `${description ?? ''}${description ? ' ' : ''}[optimize: ${direction}]`;
}

function readDirection(description: string | null): { description: string | null; direction: OptimizationDirection | null } {
  const match = description === null ? null : DIRECTION_MARK.exec(description);
  if (!match) return { description, direction: null };
  const rest = description!.slice(0, match.index);
  return { description: rest === '' ? null : rest, direction: match[1] as OptimizationDirection };
}

/** An annotation config as a Langfuse score config (categorical values need numbers: a missing score takes its index). */
export function toLangfuseConfig(input: AnnotationConfigInput): LangfuseScoreConfigWrite {
  if (!CONFIG_NAME.test(input.name)) {
    throw new ValidationError([
      { field: 'config.name', value: input.name, message: 'Langfuse config names have at most 35 letters, digits, spaces, _ . ( ) or -' },
    ]);
  }
  const direction = input.optimizationDirection ?? (input.type === 'freeform' ? 'NONE' : 'MAXIMIZE');
  const base = { name: input.name, description: withDirection(input.description ?? null, direction, input.type) };
  switch (input.type) {
    case 'categorical':
      return { ...base, dataType: 'CATEGORICAL', categories: input.values.map((value, index) => ({ label: value.label, value: value.score ?? index })) };
    case 'continuous':
      return { ...base, dataType: 'NUMERIC', minValue: input.lowerBound ?? null, maxValue: input.upperBound ?? null };
    case 'freeform':
      return { ...base, dataType: 'TEXT' };
  }
}

/** A Langfuse score config as an annotation config (Langfuse has no optimization direction: MAXIMIZE, or NONE for TEXT). */
export function fromLangfuseConfig(config: LangfuseScoreConfig): AnnotationConfig {
  const { description, direction } = readDirection(config.description ?? null);
  const base = { id: config.id, name: config.name, description };
  switch (config.dataType) {
    case 'CATEGORICAL':
      return {
        ...base,
        type: 'categorical',
        optimizationDirection: direction ?? 'MAXIMIZE',
        values: (config.categories ?? []).map((category) => ({ label: category.label, score: category.value })),
      };
    case 'BOOLEAN':
      return {
        ...base,
        type: 'categorical',
        optimizationDirection: direction ?? 'MAXIMIZE',
        values: [
          { label: 'True', score: 1 },
          { label: 'False', score: 0 },
        ],
      };
    case 'NUMERIC':
      return { ...base, type: 'continuous', optimizationDirection: direction ?? 'MAXIMIZE', lowerBound: config.minValue ?? null, upperBound: config.maxValue ?? null };
    default:
      return { ...base, type: 'freeform', optimizationDirection: direction ?? 'NONE' };
  }
}

/** A trace with its observations as spans, through core's Langfuse export loader (one conversion, not two). */
export function fromLangfuseTrace(trace: Pick<LangfuseTrace, 'id' | 'observations'> & Record<string, unknown>): Span[] {
  return loadLangfuseExport({ trace, observations: trace.observations ?? [] });
}

export type LangfuseDataset = Schemas['Dataset'];
export type LangfuseDatasetItem = Schemas['DatasetItem'];
export type LangfuseDatasetItemWrite = Schemas['CreateDatasetItemRequest'];

function asRecord(value: unknown, key: string): Record<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  return value === null || value === undefined ? {} : { [key]: value };
}

/** A dataset example as a Langfuse dataset item: output ↔ `expectedOutput`, spanId ↔ `sourceObservationId`. */
export function toLangfuseDatasetItem(example: DatasetExample, datasetName: string): LangfuseDatasetItemWrite {
  const item: LangfuseDatasetItemWrite = { datasetName, input: example.input, expectedOutput: example.output, metadata: example.metadata };
  if (example.id) item.id = example.id;
  if (example.spanId) item.sourceObservationId = example.spanId;
  return item;
}

/** A Langfuse dataset item as an example (a non-object input or output is wrapped as `{ input }` / `{ output }`). */
export function fromLangfuseDatasetItem(item: Pick<LangfuseDatasetItem, 'id' | 'input' | 'expectedOutput' | 'metadata' | 'sourceObservationId'>): DatasetExample {
  return {
    id: item.id,
    input: asRecord(item.input, 'input'),
    output: asRecord(item.expectedOutput, 'output'),
    metadata: asRecord(item.metadata, 'metadata'),
    spanId: item.sourceObservationId ?? null,
  };
}

/** A Langfuse dataset as a Dataset, with the item count read separately. */
export function fromLangfuseDataset(dataset: Pick<LangfuseDataset, 'id' | 'name' | 'description' | 'metadata' | 'createdAt' | 'updatedAt'>, exampleCount: number): Dataset {
  return {
    id: dataset.id,
    name: dataset.name,
    description: dataset.description ?? null,
    exampleCount,
    metadata: asRecord(dataset.metadata, 'metadata'),
    createdAt: dataset.createdAt,
    updatedAt: dataset.updatedAt,
  };
}
