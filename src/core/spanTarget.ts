import { ValidationError, got, type ValidationIssue } from './errors';
import { isPlainObject, issue } from './schemaBase';

/*
 * The span an answer came from, as the server hands it to the browser: the annotation target of
 * that span plus the trace (and session) it belongs to. `annokit/server` makes one from the active
 * OpenTelemetry span; the browser reads it back from a message's metadata or a response header and
 * passes it to the feedback buttons as their `target` (it is a span target as it stands).
 */

/** A span target that also names its trace and, when the span carries one, its session. */
export interface SpanTarget {
  kind: 'span';
  /** 16 lowercase hex characters, as OpenTelemetry writes a span id. */
  spanId: string;
  /** 32 lowercase hex characters. */
  traceId: string;
  /** The OpenInference `session.id` of the span, when it has one. */
  sessionId?: string;
}

/** The response header `spanTargetHeaders` sets: `trace_id=…&span_id=…&session_id=…` (URL-encoded). */
export const SPAN_TARGET_HEADER = 'x-annokit-span-target';

/** The field of a message's metadata that holds its {@link SpanTarget}. */
export const SPAN_TARGET_METADATA_KEY = 'annokit';

const SPAN_ID = /^[0-9a-f]{16}$/i;
const TRACE_ID = /^[0-9a-f]{32}$/i;
const INVALID_SPAN_ID = '0000000000000000';
const INVALID_TRACE_ID = '00000000000000000000000000000000';

function checkId(value: unknown, pattern: RegExp, invalid: string, what: string, field: string, issues: ValidationIssue[]): string | null {
  if (typeof value === 'string' && pattern.test(value) && value !== invalid) return value.toLowerCase();
  const expected = `${what} (${invalid.length} hex characters, not all zero)`;
  issue(issues, field, value, got(expected, value));
  return null;
}

/**
 * Checks a span target that came from outside (a message's metadata, a header, a request body);
 * hex ids come back lowercased.
 * @throws ValidationError naming the field and the value, e.g. `metadata.annokit.spanId: expected an OpenTelemetry span id …, got "abc"`.
 */
export function validateSpanTarget(value: unknown, path = 'target'): SpanTarget {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (!isPlainObject(value)) {
    throw new ValidationError([{ field: path, value, message: got('a span target { kind: "span", spanId, traceId }', value) }]);
  }
  const record = value;
  const issues: ValidationIssue[] = [];
  if (record.kind !== 'span') issue(issues, at('kind'), record.kind, got('"span"', record.kind));
  const spanId = checkId(record.spanId, SPAN_ID, INVALID_SPAN_ID, 'an OpenTelemetry span id', at('spanId'), issues);
  const traceId = checkId(record.traceId, TRACE_ID, INVALID_TRACE_ID, 'an OpenTelemetry trace id', at('traceId'), issues);
  const { sessionId } = record;
  if (sessionId !== undefined && (typeof sessionId !== 'string' || sessionId === '')) {
    issue(issues, at('sessionId'), sessionId, got('a non-empty string or no value', sessionId));
  }
  if (issues.length > 0 || spanId === null || traceId === null) throw new ValidationError(issues);
  return sessionId === undefined ? { kind: 'span', spanId, traceId } : { kind: 'span', spanId, traceId, sessionId: sessionId as string };
}

/** The header value for a target: `trace_id=…&span_id=…`, plus `&session_id=…` when it has a session. */
export function formatSpanTargetHeader(target: SpanTarget): string {
  const valid = validateSpanTarget(target, 'target');
  const params = new URLSearchParams({ trace_id: valid.traceId, span_id: valid.spanId });
  if (valid.sessionId !== undefined) params.set('session_id', valid.sessionId);
  return params.toString();
}

/**
 * Reads the span target from a response's headers (or the headers themselves): `null` when the
 * response has no {@link SPAN_TARGET_HEADER}.
 * @throws ValidationError when the header is there but malformed.
 */
export function spanTargetFromHeaders(source: Headers | { headers: Headers }): SpanTarget | null {
  const headers = source instanceof Headers ? source : source.headers;
  const value = headers.get(SPAN_TARGET_HEADER);
  if (value === null) return null;
  const params = new URLSearchParams(value);
  const sessionId = params.get('session_id');
  return validateSpanTarget(
    { kind: 'span', spanId: params.get('span_id'), traceId: params.get('trace_id'), ...(sessionId === null ? {} : { sessionId }) },
    `headers.${SPAN_TARGET_HEADER}`,
  );
}

/**
 * Reads the span target from a chat message's metadata (`metadata.annokit`, as the server's
 * `spanTargetMetadata` wrote it): `null` when the message carries none (yet).
 * @throws ValidationError when it is there but malformed.
 */
export function spanTargetFromMetadata(metadata: unknown): SpanTarget | null {
  if (typeof metadata !== 'object' || metadata === null) return null;
  const value = (metadata as Record<string, unknown>)[SPAN_TARGET_METADATA_KEY];
  return value === undefined || value === null ? null : validateSpanTarget(value, `metadata.${SPAN_TARGET_METADATA_KEY}`);
}
