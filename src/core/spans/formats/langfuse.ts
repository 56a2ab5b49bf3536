import { ValidationError } from '../../errors';
import type { AttributeValue, Span, SpanKind } from '../../model';
import { getAttribute, isPlainRecord, nestAttributes } from '../attributes';
import * as SC from '../conventions';
import { SPAN_KIND_KEY, describeShape, finish, notASpan, readIds, statusMessage, type Json } from './common';
import { asText, readSpanKind, readTime } from '../values';

const INPUT_VALUE = SC.INPUT_VALUE;
const OUTPUT_VALUE = SC.OUTPUT_VALUE;
const INPUT_MIME_TYPE = SC.INPUT_MIME_TYPE;
const OUTPUT_MIME_TYPE = SC.OUTPUT_MIME_TYPE;
const LLM_MODEL_NAME = SC.LLM_MODEL_NAME;
const TOKEN_PROMPT = SC.LLM_TOKEN_COUNT_PROMPT;
const TOKEN_COMPLETION = SC.LLM_TOKEN_COUNT_COMPLETION;
const TOKEN_TOTAL = SC.LLM_TOKEN_COUNT_TOTAL;
const METADATA = SC.METADATA;

export function isLangfuseExport(value: unknown): boolean {
  return isPlainRecord(value) && Array.isArray(value.observations) && (value.trace === undefined || isPlainRecord(value.trace));
}

// ---------------------------------------------------------------------------------------------
// Langfuse export ({ trace, observations })

const LANGFUSE_TYPE_KINDS: Readonly<Record<string, SpanKind>> = {
  GENERATION: 'LLM',
  AGENT: 'AGENT',
  TOOL: 'TOOL',
  CHAIN: 'CHAIN',
  RETRIEVER: 'RETRIEVER',
  EMBEDDING: 'EMBEDDING',
  EVALUATOR: 'EVALUATOR',
  GUARDRAIL: 'GUARDRAIL',
};

function langfuseKind(observation: Json, flat: Json, path: string, problems: string[]): { kind: SpanKind; rawKind?: string } {
  const fromAttributes = getAttribute(flat, SPAN_KIND_KEY);
  if (fromAttributes !== undefined && fromAttributes !== null && fromAttributes !== '') {
    return readSpanKind(fromAttributes, `${path}.metadata.attributes.${SPAN_KIND_KEY}`, problems);
  }
  const type = asText(observation.type);
  if (type === undefined || type === '') return { kind: 'UNKNOWN' };
  const kind = LANGFUSE_TYPE_KINDS[type.toUpperCase()];
  // SPAN and EVENT are legitimate Langfuse types with no OpenInference counterpart: kept, not a problem.
  return kind ? { kind } : { kind: 'UNKNOWN', rawKind: type };
}

function langfuseObservation(observation: Json, path: string, traceId: unknown): Span {
  const problems: string[] = [];
  const ids = readIds(
    {
      spanId: observation.id,
      traceId: observation.traceId ?? traceId,
      parentId: observation.parentObservationId,
      name: observation.name,
      path,
      fields: { spanId: 'id', traceId: 'traceId', parentId: 'parentObservationId', name: 'name' },
    },
    problems,
  );
  const metadata = observation.metadata;
  const otelAttributes = isPlainRecord(metadata) && isPlainRecord(metadata.attributes) ? metadata.attributes : undefined;
  const flat: Json = { ...(otelAttributes ?? {}) };
  // Observations not ingested through OpenTelemetry carry their data in Langfuse's own fields.
  if (getAttribute(flat, INPUT_VALUE) === undefined && observation.input !== undefined && observation.input !== null) {
    flat[INPUT_VALUE] = observation.input as AttributeValue;
    if (typeof observation.input !== 'string') flat[INPUT_MIME_TYPE] = 'application/json';
  }
  if (getAttribute(flat, OUTPUT_VALUE) === undefined && observation.output !== undefined && observation.output !== null) {
    flat[OUTPUT_VALUE] = observation.output as AttributeValue;
    if (typeof observation.output !== 'string') flat[OUTPUT_MIME_TYPE] = 'application/json';
  }
  if (getAttribute(flat, LLM_MODEL_NAME) === undefined && typeof observation.model === 'string') flat[LLM_MODEL_NAME] = observation.model;
  const usage = isPlainRecord(observation.usageDetails) ? observation.usageDetails : {};
  const usageKeys: Array<[string, string]> = [
    [TOKEN_PROMPT, 'input'],
    [TOKEN_COMPLETION, 'output'],
    [TOKEN_TOTAL, 'total'],
  ];
  for (const [key, usageKey] of usageKeys) {
    if (getAttribute(flat, key) === undefined && typeof usage[usageKey] === 'number') flat[key] = usage[usageKey];
  }
  if (otelAttributes === undefined && isPlainRecord(metadata) && Object.keys(metadata).length > 0 && flat[METADATA] === undefined) {
    flat[METADATA] = metadata;
  }
  const attributes = nestAttributes(flat, problems);
  const { kind, rawKind } = langfuseKind(observation, flat, path, problems);
  const level = asText(observation.level)?.toUpperCase();
  return finish(
    {
      ...ids,
      kind,
      rawKind,
      startTime: readTime(observation.startTime, `${path}.startTime`, problems, 'ms'),
      endTime: readTime(observation.endTime, `${path}.endTime`, problems, 'ms'),
      status: { code: level === 'ERROR' ? 'ERROR' : 'UNSET', message: statusMessage(observation.statusMessage) },
      attributes,
      events: [],
    },
    problems,
  );
}

/**
 * Loads a Langfuse trace export `{ trace, observations: [...] }`: each observation becomes a span
 * (GENERATION → LLM; `openinference.span.kind` in `metadata.attributes` wins; `level: ERROR` → ERROR).
 */
export function loadLangfuseExport(json: unknown): Span[] {
  if (!isLangfuseExport(json)) {
    throw new ValidationError([
      { field: 'spans', value: json, message: `loadLangfuseExport: expected a Langfuse export ({ trace, observations: [...] }); got ${describeShape(json)}` },
    ]);
  }
  const { trace: rawTrace, observations } = json as Json;
  const trace = isPlainRecord(rawTrace) ? rawTrace : {};
  return (observations as unknown[]).map((observation, index) => {
    const path = `observations[${index}]`;
    return isPlainRecord(observation) ? langfuseObservation(observation, path, trace.id) : notASpan(observation, path);
  });
}

/** A Langfuse score as exported with a trace (`trace.scores`), in Langfuse's own terms. */
export interface LangfuseScore {
  id: string;
  name: string;
  /** Numeric value (NUMERIC and BOOLEAN scores; CATEGORICAL scores may carry one too). */
  value: number | null;
  /** The label of a CATEGORICAL score (and the text of a BOOLEAN one). */
  stringValue: string | null;
  dataType: string | null;
  /** `API`, `EVAL` or `ANNOTATION`. */
  source: string | null;
  comment: string | null;
  traceId: string | null;
  /** Null for a trace-level score. */
  observationId: string | null;
  sessionId: string | null;
  authorUserId: string | null;
  /** ISO 8601, as Langfuse gave it. */
  timestamp: string | null;
  metadata: unknown;
}

function textOrNull(value: unknown): string | null {
  return asText(value) ?? null;
}

/**
 * Reads the scores of a Langfuse export (`trace.scores`, or a top-level `scores` array). Scores
 * without an id or a name are skipped, as there is nothing to attach them to; returns [] when none.
 */
export function loadLangfuseScores(json: unknown): LangfuseScore[] {
  const trace = isPlainRecord(json) && isPlainRecord(json.trace) ? json.trace : undefined;
  const list = trace && Array.isArray(trace.scores) ? trace.scores : isPlainRecord(json) && Array.isArray(json.scores) ? json.scores : [];
  const out: LangfuseScore[] = [];
  for (const score of list) {
    if (!isPlainRecord(score) || asText(score.id) === undefined || asText(score.name) === undefined) continue;
    out.push({
      id: asText(score.id)!,
      name: asText(score.name)!,
      value: typeof score.value === 'number' && Number.isFinite(score.value) ? score.value : null,
      stringValue: textOrNull(score.stringValue),
      dataType: textOrNull(score.dataType),
      source: textOrNull(score.source),
      comment: textOrNull(score.comment),
      traceId: textOrNull(score.traceId) ?? textOrNull(trace?.id),
      observationId: textOrNull(score.observationId),
      sessionId: textOrNull(score.sessionId),
      authorUserId: textOrNull(score.authorUserId),
      timestamp: textOrNull(score.timestamp),
      metadata: score.metadata ?? null,
    });
  }
  return out;
}
