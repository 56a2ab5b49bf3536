/** Runtime schemas of the protocol's response bodies: what the client accepts from a server. */
import type {
  Annotation,
  AnnotationConfig,
  Dataset,
  DatasetExample,
  DatasetInput,
  Experiment,
  ExperimentRun,
  Note,
  Session,
  Span,
} from '../../core/model';
import { ANNOTATOR_KINDS, OPTIMIZATION_DIRECTIONS, SPAN_KINDS } from '../../core/model';
import * as s from '../../core/schema';
import { annotationTargetSchema } from '../../core/validation';

const text = s.string();
const nullableText = s.nullable(s.string());
const nullableNumber = s.nullable(s.number());
const json = s.record(s.unknown());

export const annotationSchema = s.object({
  id: s.string({ nonEmpty: true }),
  target: annotationTargetSchema,
  name: s.string({ nonEmpty: true }),
  annotatorKind: s.oneOf(ANNOTATOR_KINDS),
  label: nullableText,
  score: nullableNumber,
  explanation: nullableText,
  identifier: text,
  metadata: json,
  source: nullableText,
  userId: nullableText,
  createdAt: text,
  updatedAt: text,
}) as s.Schema<Annotation>;

export const noteSchema = s.object({
  id: s.string({ nonEmpty: true }),
  target: annotationTargetSchema,
  text,
  userId: nullableText,
  createdAt: text,
}) as s.Schema<Note>;

const configBase = {
  id: s.string({ nonEmpty: true }),
  name: s.string({ nonEmpty: true }),
  description: nullableText,
  optimizationDirection: s.oneOf(OPTIMIZATION_DIRECTIONS),
};

export const annotationConfigSchema = s.discriminated('type', {
  categorical: s.object({
    ...configBase,
    type: s.literal('categorical'),
    values: s.array(s.object({ label: text, score: s.optional(nullableNumber) })),
  }),
  continuous: s.object({ ...configBase, type: s.literal('continuous'), lowerBound: nullableNumber, upperBound: nullableNumber }),
  freeform: s.object({ ...configBase, type: s.literal('freeform') }),
}) as s.Schema<AnnotationConfig>;

export const spanSchema = s.object({
  spanId: s.string({ nonEmpty: true }),
  traceId: s.string({ nonEmpty: true }),
  parentId: nullableText,
  name: text,
  kind: s.oneOf(SPAN_KINDS),
  rawKind: s.optional(text),
  startTime: nullableNumber,
  endTime: nullableNumber,
  status: s.object({ code: s.oneOf(['OK', 'ERROR', 'UNSET'] as const), message: nullableText }),
  attributes: json,
  events: s.array(s.object({ name: text, time: nullableNumber, attributes: json })),
  problems: s.optional(s.array(text)),
}) as s.Schema<Span>;

export const sessionSchema = s.object({
  sessionId: s.string({ nonEmpty: true }),
  traceCount: s.number({ integer: true, min: 0 }),
  startTime: nullableNumber,
  endTime: nullableNumber,
  firstInput: s.optional(nullableText),
  lastOutput: s.optional(nullableText),
}) as s.Schema<Session>;

export const datasetSchema = s.object({
  id: s.string({ nonEmpty: true }),
  name: text,
  description: nullableText,
  exampleCount: s.number({ integer: true, min: 0 }),
  metadata: json,
  createdAt: text,
  updatedAt: text,
}) as s.Schema<Dataset>;

export const datasetExampleSchema = s.object({
  id: s.optional(text),
  input: json,
  output: json,
  metadata: json,
  spanId: s.optional(nullableText),
}) as s.Schema<DatasetExample>;

export const experimentSchema = s.object({
  id: s.string({ nonEmpty: true }),
  datasetId: text,
  name: nullableText,
  createdAt: text,
  metadata: json,
  runCount: s.number({ integer: true, min: 0 }),
}) as s.Schema<Experiment>;

export const experimentRunSchema = s.object({
  id: s.string({ nonEmpty: true }),
  experimentId: text,
  exampleId: text,
  output: s.unknown(),
  error: nullableText,
  startTime: nullableText,
  endTime: nullableText,
  evaluations: s.array(
    s.object({
      name: text,
      annotatorKind: s.oneOf(ANNOTATOR_KINDS),
      label: nullableText,
      score: nullableNumber,
      explanation: nullableText,
      error: nullableText,
    }),
  ),
}) as s.Schema<ExperimentRun>;

/** `{ data: T }`, the envelope of every successful answer. */
export function envelope<T>(schema: s.Schema<T>): s.Schema<{ data: T }> {
  return s.object({ data: schema }) as s.Schema<{ data: T }>;
}

/** `{ data: T[], nextCursor }`, a page. */
export function pageOf<T>(schema: s.Schema<T>): s.Schema<{ data: T[]; nextCursor: string | null }> {
  return s.object({ data: s.array(schema), nextCursor: nullableText }) as s.Schema<{ data: T[]; nextCursor: string | null }>;
}

/** A dataset to create or append to, checked by the client before sending and by the handler on arrival. */
export const datasetInputSchema = s.object({
  name: s.string({ nonEmpty: true }),
  description: s.optional(s.nullable(s.string())),
  examples: s.array(
    s.object({
      id: s.optional(s.string()),
      input: s.record(s.unknown()),
      output: s.record(s.unknown()),
      metadata: s.record(s.unknown()),
      spanId: s.optional(s.nullable(s.string())),
    }),
  ),
  action: s.optional(s.oneOf(['create', 'append'] as const)),
}) as s.Schema<DatasetInput>;

