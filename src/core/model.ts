/**
 * The annotation model (Phoenix's): an annotation puts a label and/or a score, with an optional
 * explanation, on a span, a trace, a session or a retrieved document, and records who made it.
 */

export type AnnotatorKind = 'HUMAN' | 'LLM' | 'CODE';
export const ANNOTATOR_KINDS: readonly AnnotatorKind[] = ['HUMAN', 'LLM', 'CODE'];

export type AnnotationTarget =
  | { kind: 'span'; spanId: string }
  | { kind: 'trace'; traceId: string }
  | { kind: 'session'; sessionId: string }
  | { kind: 'document'; spanId: string; position: number };

export type AnnotationTargetKind = AnnotationTarget['kind'];

export interface Annotation {
  id: string;
  target: AnnotationTarget;
  name: string;
  annotatorKind: AnnotatorKind;
  label: string | null;
  score: number | null;
  explanation: string | null;
  /** Part of the uniqueness key `(target, name, identifier)`; per-user annotations carry a per-user identifier. */
  identifier: string;
  metadata: Record<string, unknown>;
  /** Where the backend says the annotation came from (Phoenix: `API` or `APP`). */
  source: string | null;
  userId: string | null;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  updatedAt: string;
}

/** What a write carries; `(target, name, identifier)` decides whether it creates or updates. */
export interface AnnotationInput {
  target: AnnotationTarget;
  name: string;
  annotatorKind: AnnotatorKind;
  label?: string | null;
  score?: number | null;
  explanation?: string | null;
  /** Defaults to `''`. */
  identifier?: string;
  metadata?: Record<string, unknown>;
  userId?: string | null;
  /** Client-made key; adapters that support it pass it on so a retried write is applied once. */
  idempotencyKey?: string;
}

/** Which annotation a delete removes: exactly the one with this uniqueness key. */
export interface AnnotationRef {
  target: AnnotationTarget;
  name: string;
  identifier: string;
}

export interface AnnotationQuery {
  targets: AnnotationTarget[];
  names?: string[];
  identifiers?: string[];
}

export interface Note {
  id: string;
  target: AnnotationTarget;
  text: string;
  userId: string | null;
  createdAt: string;
}

export interface NoteInput {
  target: AnnotationTarget;
  text: string;
  userId?: string | null;
}

export type OptimizationDirection = 'MAXIMIZE' | 'MINIMIZE' | 'NONE';
export const OPTIMIZATION_DIRECTIONS: readonly OptimizationDirection[] = ['MAXIMIZE', 'MINIMIZE', 'NONE'];

export interface CategoricalValue {
  label: string;
  score?: number | null;
}

interface ConfigBase {
  id: string;
  name: string;
  description: string | null;
  optimizationDirection: OptimizationDirection;
}

export interface CategoricalAnnotationConfig extends ConfigBase {
  type: 'categorical';
  values: CategoricalValue[];
}

export interface ContinuousAnnotationConfig extends ConfigBase {
  type: 'continuous';
  lowerBound: number | null;
  upperBound: number | null;
}

export interface FreeformAnnotationConfig extends ConfigBase {
  type: 'freeform';
}

export type AnnotationConfig = CategoricalAnnotationConfig | ContinuousAnnotationConfig | FreeformAnnotationConfig;
export type AnnotationConfigType = AnnotationConfig['type'];

/** A config to create (no `id`) or to update (with the `id` of an existing one). */
export type AnnotationConfigInput =
  | (Omit<CategoricalAnnotationConfig, 'id' | 'description' | 'optimizationDirection'> & ConfigInputBase)
  | (Omit<ContinuousAnnotationConfig, 'id' | 'description' | 'optimizationDirection' | 'lowerBound' | 'upperBound'> &
      ConfigInputBase & { lowerBound?: number | null; upperBound?: number | null })
  | (Omit<FreeformAnnotationConfig, 'id' | 'description' | 'optimizationDirection'> & ConfigInputBase);

interface ConfigInputBase {
  id?: string;
  description?: string | null;
  /** Defaults to `MAXIMIZE` for categorical and continuous, `NONE` for freeform. */
  optimizationDirection?: OptimizationDirection;
}

// ---------------------------------------------------------------------------------------------
// Spans and traces

/** OpenInference span kinds. */
export type SpanKind =
  | 'LLM'
  | 'CHAIN'
  | 'TOOL'
  | 'RETRIEVER'
  | 'EMBEDDING'
  | 'AGENT'
  | 'RERANKER'
  | 'GUARDRAIL'
  | 'EVALUATOR'
  | 'PROMPT'
  | 'UNKNOWN';

export const SPAN_KINDS: readonly SpanKind[] = [
  'LLM',
  'CHAIN',
  'TOOL',
  'RETRIEVER',
  'EMBEDDING',
  'AGENT',
  'RERANKER',
  'GUARDRAIL',
  'EVALUATOR',
  'PROMPT',
  'UNKNOWN',
];

export type SpanStatusCode = 'OK' | 'ERROR' | 'UNSET';

export interface SpanStatus {
  code: SpanStatusCode;
  message: string | null;
}

export interface SpanEvent {
  name: string;
  /** Unix epoch milliseconds (fractional for sub-millisecond precision), or null when missing. */
  time: number | null;
  attributes: Attributes;
}

/** Nested attributes: `llm.model_name` is stored as `{ llm: { model_name } }`, list indices as arrays. */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | Attributes;
export interface Attributes {
  [key: string]: AttributeValue;
}

export interface Span {
  spanId: string;
  traceId: string;
  parentId: string | null;
  name: string;
  kind: SpanKind;
  /** The kind as the source spelled it when it is not an OpenInference kind (shown, and marked). */
  rawKind?: string;
  /** Unix epoch milliseconds (fractional for sub-millisecond precision), or null when missing. */
  startTime: number | null;
  /** Unix epoch milliseconds, or null when missing. */
  endTime: number | null;
  status: SpanStatus;
  attributes: Attributes;
  events: SpanEvent[];
  /** What a loader had to repair or could not read on this span; the viewer marks such spans. */
  problems?: string[];
}

export interface Session {
  sessionId: string;
  traceCount: number;
  startTime: number | null;
  endTime: number | null;
  /** The first user input of the session, when the backend reports it. */
  firstInput?: string | null;
  /** The last output of the session, when the backend reports it. */
  lastOutput?: string | null;
}

export interface Page<T> {
  data: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface SpanQuery {
  traceIds?: string[];
  spanIds?: string[];
  spanKinds?: SpanKind[];
  statusCodes?: SpanStatusCode[];
  names?: string[];
  /** Inclusive lower bound on start time, epoch milliseconds. */
  startTime?: number;
  /** Exclusive upper bound on start time, epoch milliseconds. */
  endTime?: number;
  /** Only spans without a parent. */
  rootsOnly?: boolean;
  /** Attribute equality filters keyed by dotted path (`llm.model_name`). */
  attributes?: Record<string, string | number | boolean>;
  /** Session the spans' traces belong to. */
  sessionId?: string;
  cursor?: string | null;
  /** Page size; adapters choose a default. */
  limit?: number;
}

export interface SessionQuery {
  cursor?: string | null;
  limit?: number;
}

// ---------------------------------------------------------------------------------------------
// Datasets and experiments

export interface DatasetExample {
  id?: string;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
  metadata: Record<string, unknown>;
  /** The span the example was made from. */
  spanId?: string | null;
}

export interface Dataset {
  id: string;
  name: string;
  description: string | null;
  exampleCount: number;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface DatasetInput {
  /** Name of the dataset to create, or of the one to append to. */
  name: string;
  description?: string | null;
  examples: DatasetExample[];
  /** `create` fails when the name is taken; `append` adds to the dataset with that name. Default `create`. */
  action?: 'create' | 'append';
}

export interface Experiment {
  id: string;
  datasetId: string;
  name: string | null;
  createdAt: string;
  metadata: Record<string, unknown>;
  runCount: number;
}

export interface ExperimentEvaluation {
  name: string;
  annotatorKind: AnnotatorKind;
  label: string | null;
  score: number | null;
  explanation: string | null;
  error: string | null;
}

export interface ExperimentRun {
  id: string;
  experimentId: string;
  exampleId: string;
  output: unknown;
  error: string | null;
  startTime: string | null;
  endTime: string | null;
  evaluations: ExperimentEvaluation[];
}
