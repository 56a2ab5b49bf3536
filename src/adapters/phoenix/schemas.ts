/**
 * Runtime checks of what Phoenix answers, one per response this adapter reads. Each is declared
 * with the type generated from the contract, so the compiler refuses a schema that drifts from it.
 */
import * as s from '../../core/schema';
import type { ResponseOf, WireAnnotationConfig, WireAnnotationResult, WireSchemas } from './wire';

const str = s.string();
const nullableString = s.optional(s.nullable(s.string()));
const annotatorKind = s.oneOf(['LLM', 'CODE', 'HUMAN'] as const);
const metadata = s.optional(s.nullable(s.record(s.unknown())));
const direction = s.oneOf(['MINIMIZE', 'MAXIMIZE', 'NONE'] as const);
const nextCursor = s.nullable(s.string());

const annotationResult: s.Schema<WireAnnotationResult> = s.object({
  label: nullableString,
  score: s.optional(s.nullable(s.number())),
  explanation: nullableString,
});

const annotationRowBase = {
  id: str,
  created_at: str,
  updated_at: str,
  source: s.oneOf(['API', 'APP'] as const),
  user_id: s.nullable(s.string()),
  name: str,
  annotator_kind: annotatorKind,
  result: s.optional(s.nullable(annotationResult)),
  metadata,
  // the contract gives these defaults, so Phoenix may leave them out
  identifier: s.withDefault(s.string(), ''),
};

function listOf<T>(item: s.Schema<T>) {
  return s.object({ data: s.array(item), next_cursor: nextCursor });
}

export const spanAnnotationsResponse: s.Schema<ResponseOf<'listSpanAnnotationsBySpanIds'>> = listOf(
  s.object({ ...annotationRowBase, span_id: str }),
);
export const traceAnnotationsResponse: s.Schema<ResponseOf<'listTraceAnnotationsByTraceIds'>> = listOf(
  s.object({ ...annotationRowBase, trace_id: str }),
);
export const sessionAnnotationsResponse: s.Schema<ResponseOf<'listSessionAnnotationsBySessionIds'>> = listOf(
  s.object({ ...annotationRowBase, session_id: str }),
);

const inserted = s.object({ id: s.string({ nonEmpty: true }) });
/** Every annotate endpoint answers `{ data: [{ id }] }` with `sync=true`, in request order. */
export const insertedAnnotationsResponse: s.Schema<ResponseOf<'annotateSpans'>> = s.object({ data: s.array(inserted) });
export const insertedNoteResponse: s.Schema<ResponseOf<'createSpanNote'>> = s.object({ data: inserted });

const configBase = {
  id: str,
  name: str,
  description: nullableString,
};

export const annotationConfig: s.Schema<WireAnnotationConfig> = s.discriminated('type', {
  CATEGORICAL: s.object({
    ...configBase,
    type: s.literal('CATEGORICAL'),
    optimization_direction: direction,
    values: s.array(s.object({ label: str, score: s.optional(s.nullable(s.number())) })),
  }),
  CONTINUOUS: s.object({
    ...configBase,
    type: s.literal('CONTINUOUS'),
    optimization_direction: direction,
    lower_bound: s.optional(s.nullable(s.number())),
    upper_bound: s.optional(s.nullable(s.number())),
  }),
  FREEFORM: s.object({
    ...configBase,
    type: s.literal('FREEFORM'),
    optimization_direction: s.optional(s.nullable(direction)),
    threshold: s.optional(s.nullable(s.number())),
    lower_bound: s.optional(s.nullable(s.number())),
    upper_bound: s.optional(s.nullable(s.number())),
  }),
}) as s.Schema<WireAnnotationConfig>;

export const annotationConfigsResponse: s.Schema<ResponseOf<'listAnnotationConfigs'>> = listOf(annotationConfig);
export const annotationConfigResponse: s.Schema<ResponseOf<'createAnnotationConfig'>> = s.object({ data: annotationConfig });

const spanEvent: s.Schema<WireSchemas['SpanEvent']> = s.object({
  name: str,
  timestamp: str,
  attributes: s.optional(s.record(s.unknown())),
});

export const span: s.Schema<WireSchemas['Span']> = s.object({
  id: s.withDefault(s.string(), ''),
  name: str,
  context: s.object({ trace_id: s.string({ nonEmpty: true }), span_id: s.string({ nonEmpty: true }) }),
  span_kind: str,
  parent_id: s.optional(s.nullable(s.string())),
  start_time: str,
  end_time: str,
  status_code: str,
  status_message: s.withDefault(s.string(), ''),
  attributes: s.optional(s.record(s.unknown())),
  events: s.optional(s.array(spanEvent)),
});

export const spansResponse: s.Schema<ResponseOf<'getSpans'>> = listOf(span);

const sessionTrace: s.Schema<WireSchemas['SessionTraceData']> = s.object({
  id: str,
  trace_id: str,
  start_time: str,
  end_time: str,
});

export const sessionsResponse: s.Schema<ResponseOf<'listProjectSessions'>> = listOf(
  s.object({
    id: str,
    session_id: str,
    project_id: str,
    start_time: str,
    end_time: str,
    traces: s.array(sessionTrace),
    token_count_prompt: s.withDefault(s.number(), 0),
    token_count_completion: s.withDefault(s.number(), 0),
    token_count_total: s.withDefault(s.number(), 0),
  }),
);

export const tracesResponse: s.Schema<ResponseOf<'listProjectTraces'>> = listOf(
  s.object({
    id: str,
    trace_id: str,
    project_id: str,
    start_time: str,
    end_time: str,
    token_count_prompt: s.withDefault(s.number(), 0),
    token_count_completion: s.withDefault(s.number(), 0),
    token_count_total: s.withDefault(s.number(), 0),
  }),
);

const dataset: s.Schema<WireSchemas['Dataset']> = s.object({
  id: str,
  name: str,
  description: s.nullable(s.string()),
  metadata: s.record(s.unknown()),
  created_at: str,
  updated_at: str,
  example_count: s.number({ integer: true, min: 0 }),
});

/** A project or experiment read only to tell "none there" from "no such thing": whether it exists is all that matters. */
export const existsResponse: s.Schema<{ data: { id: string } }> = s.object({ data: s.object({ id: str }) });

export const datasetsResponse: s.Schema<ResponseOf<'listDatasets'>> = listOf(dataset);
export const datasetResponse: s.Schema<ResponseOf<'getDataset'>> = s.object({ data: dataset });

export const uploadDatasetResponse: s.Schema<{ data: WireSchemas['UploadDatasetData'] }> = s.object({
  data: s.object({
    dataset_id: s.string({ nonEmpty: true }),
    version_id: str,
    num_created_examples: s.number({ integer: true }),
    num_updated_examples: s.number({ integer: true }),
    num_deleted_examples: s.number({ integer: true }),
  }),
});

export const datasetExamplesResponse: s.Schema<ResponseOf<'getDatasetExamples'>> = s.object({
  data: s.object({
    dataset_id: str,
    version_id: str,
    filtered_splits: s.optional(s.array(str)),
    examples: s.array(
      s.object({
        id: str,
        node_id: str,
        input: s.record(s.unknown()),
        output: s.record(s.unknown()),
        metadata: s.record(s.unknown()),
        updated_at: str,
        source: s.optional(s.nullable(s.object({ span_id: str, span_node_id: str }))),
      }),
    ),
  }),
});

export const experimentsResponse: s.Schema<ResponseOf<'listExperiments'>> = listOf(
  s.object({
    id: str,
    dataset_id: str,
    dataset_version_id: str,
    name: str,
    description: s.nullable(s.string()),
    repetitions: s.number({ integer: true }),
    metadata: s.record(s.unknown()),
    project_name: s.nullable(s.string()),
    created_at: str,
    updated_at: str,
    example_count: s.number({ integer: true }),
    successful_run_count: s.number({ integer: true }),
    failed_run_count: s.number({ integer: true }),
    missing_run_count: s.number({ integer: true }),
  }),
);

// `output` is any JSON value, so the object schema reads it as optional; the cast restores the contract's type.
export const experimentRunsResponse = listOf(
  s.object({
    id: str,
    experiment_id: str,
    dataset_example_id: str,
    output: s.unknown(),
    repetition_number: s.number({ integer: true }),
    start_time: str,
    end_time: str,
    trace_id: nullableString,
    error: nullableString,
  }),
) as s.Schema<ResponseOf<'listExperimentRuns'>>;

/**
 * `GET /v1/experiments/{id}/json` is typed `text/plain` in the contract; this is the shape of the
 * JSON inside (Phoenix's export: one record per run, its evaluations under `annotations`).
 */
export const experimentJson = s.array(
  s.object({
    example_id: str,
    repetition_number: s.withDefault(s.number({ integer: true }), 1),
    annotations: s.withDefault(
      s.array(
        s.object({
          name: str,
          annotator_kind: annotatorKind,
          label: s.nullable(s.string()),
          score: s.nullable(s.number()),
          explanation: s.nullable(s.string()),
          error: s.nullable(s.string()),
        }),
      ),
      [],
    ),
  }),
);
export type ExperimentJson = s.Infer<typeof experimentJson>;
