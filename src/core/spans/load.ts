import { ValidationError, describeValue } from '../errors';
import type { AttributeValue, Attributes, Span, SpanEvent, SpanKind, SpanStatusCode } from '../model';
import { getAttribute, isPlainRecord, nestAttributes, setOwn } from './attributes';
import * as SC from './conventions';
import { asText, isNoParent, normalizeOtelId, readSpanKind, readStatusCode, readTime } from './values';

/**
 * Loaders: span JSON from Phoenix, OTLP, the OpenTelemetry SDKs and Langfuse → {@link Span}.
 *
 * A loader throws a {@link ValidationError} only when the document as a whole is not a shape it
 * knows. Inside a known shape nothing is dropped: a span with a missing or unreadable field is kept,
 * the field is repaired (a generated id `missing-span-id:<path>`, a null time, status UNSET, kind
 * UNKNOWN) and `span.problems` says what was repaired, naming the field path and the value.
 */

/** The span document shapes {@link loadSpans} recognises. */
export type SpanFormat = 'phoenix' | 'otlp' | 'otel-sdk' | 'langfuse';

const EXPECTED =
  'expected Phoenix REST spans ({ data: [...] } or an array of spans), OTLP/JSON ({ resourceSpans: [...] } or an array of them), ' +
  'OpenTelemetry SDK spans (an array of span.to_json() or JS SDK span objects) or a Langfuse export ({ trace, observations: [...] })';

const SPAN_KIND_KEY = SC.OPENINFERENCE_SPAN_KIND;
const INPUT_VALUE = SC.INPUT_VALUE;
const OUTPUT_VALUE = SC.OUTPUT_VALUE;
const INPUT_MIME_TYPE = SC.INPUT_MIME_TYPE;
const OUTPUT_MIME_TYPE = SC.OUTPUT_MIME_TYPE;
const LLM_MODEL_NAME = SC.LLM_MODEL_NAME;
const TOKEN_PROMPT = SC.LLM_TOKEN_COUNT_PROMPT;
const TOKEN_COMPLETION = SC.LLM_TOKEN_COUNT_COMPLETION;
const TOKEN_TOTAL = SC.LLM_TOKEN_COUNT_TOTAL;
const METADATA = SC.METADATA;

type Json = Record<string, unknown>;

function field(value: Json, ...names: string[]): unknown {
  for (const name of names) {
    if (value[name] !== undefined) return value[name];
  }
  return undefined;
}

function keysOf(value: Json): string {
  const keys = Object.keys(value);
  if (keys.length === 0) return 'no keys';
  const shown = keys.slice(0, 8).join(', ');
  return keys.length > 8 ? `keys ${shown}, … (${keys.length} in all)` : `keys ${shown}`;
}

/** Says what a value is, for "expected …; got …" messages. */
export function describeShape(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return 'an empty array';
    const first = value[0];
    return `an array of ${value.length} whose first item is ${isPlainRecord(first) ? `an object with ${keysOf(first)}` : describeValue(first)}`;
  }
  if (isPlainRecord(value)) return `an object with ${keysOf(value)}`;
  if (typeof value === 'string') return `a string (${describeValue(value)})`;
  return describeValue(value);
}

// Detection looks at which keys a span has, not at their values, so a span whose `context` holds
// garbage is still recognised (and repaired with a problem) rather than failing the whole document.

/** Phoenix REST and Python `to_json()` spans both carry `context`; they spell status and kind differently. */
function looksLikePhoenixOrPythonSpan(value: Json): boolean {
  return 'context' in value;
}

function looksLikePythonSpan(value: Json): boolean {
  if (!('context' in value) || 'span_kind' in value || 'status_code' in value) return false;
  if ('status' in value || (typeof value.kind === 'string' && value.kind.startsWith('SpanKind.'))) return true;
  const id = isPlainRecord(value.context) ? value.context.span_id : undefined;
  return typeof id === 'string' && id.startsWith('0x');
}

function looksLikeJsSdkSpan(value: Json): boolean {
  return (
    'spanContext' in value ||
    '_spanContext' in value ||
    (Array.isArray(value.startTime) && ('spanId' in value || 'traceId' in value))
  );
}

function looksLikeOtlpSpan(value: Json): boolean {
  return (
    ('spanId' in value || 'span_id' in value || 'traceId' in value || 'trace_id' in value) &&
    ('startTimeUnixNano' in value || 'start_time_unix_nano' in value || 'endTimeUnixNano' in value || 'end_time_unix_nano' in value)
  );
}

function isOtlpRequest(value: unknown): boolean {
  return isPlainRecord(value) && (Array.isArray(value.resourceSpans) || Array.isArray(value.resource_spans));
}

function isLangfuseExport(value: unknown): boolean {
  return isPlainRecord(value) && Array.isArray(value.observations) && (value.trace === undefined || isPlainRecord(value.trace));
}

function formatOfItem(item: unknown): SpanFormat | null {
  if (!isPlainRecord(item)) return null;
  if (isOtlpRequest(item)) return 'otlp';
  if (looksLikePythonSpan(item) || looksLikeJsSdkSpan(item)) return 'otel-sdk';
  if (looksLikePhoenixOrPythonSpan(item)) return 'phoenix';
  if (looksLikeOtlpSpan(item)) return 'otlp';
  return null;
}

function firstFormat(items: unknown[]): SpanFormat | null {
  for (const item of items) {
    const format = formatOfItem(item);
    if (format !== null) return format;
  }
  return null;
}

/** Which span document shape `json` is, judged from its top level and its first recognisable item; null when none fits. */
export function detectSpanFormat(json: unknown): SpanFormat | null {
  if (Array.isArray(json)) return firstFormat(json);
  if (!isPlainRecord(json)) return null;
  if (isOtlpRequest(json)) return 'otlp';
  if (isLangfuseExport(json)) return 'langfuse';
  // A Phoenix page: `/spans` holds Phoenix spans, `/spans/otlpv1` OTLP spans.
  if (Array.isArray(json.data)) return firstFormat(json.data) === 'otlp' ? 'otlp' : 'phoenix';
  const single = formatOfItem(json);
  return single === 'otel-sdk' || single === 'phoenix' ? single : null;
}

/**
 * JSON text, or JSON Lines (one document per line, as the OpenTelemetry file exporter writes OTLP);
 * a dropped file can be passed as text.
 */
function parseText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
    if (lines.length > 1) {
      try {
        return lines.map((line) => JSON.parse(line) as unknown);
      } catch {
        // fall through to the error about the text as a whole
      }
    }
    throw new ValidationError([
      { field: 'spans', value: text, message: `${EXPECTED}; got text that is neither JSON nor JSON Lines (${(error as Error).message})` },
    ]);
  }
}

/**
 * Loads spans from any supported document (Phoenix REST, OTLP/JSON, OpenTelemetry SDK JSON, Langfuse
 * export), parsed or as JSON / JSON Lines text. Throws a {@link ValidationError} naming the expected
 * shapes when the document fits none.
 */
export function loadSpans(json: unknown): Span[] {
  if (typeof json === 'string') json = parseText(json);
  if (Array.isArray(json) && json.length === 0) return [];
  if (isPlainRecord(json) && Array.isArray(json.data) && json.data.length === 0) return [];
  switch (detectSpanFormat(json)) {
    case 'phoenix':
      return loadPhoenixSpans(json);
    case 'otlp':
      return loadOtlpSpans(json);
    case 'otel-sdk':
      return loadOtelSdkSpans(json);
    case 'langfuse':
      return loadLangfuseExport(json);
    default:
      throw new ValidationError([{ field: 'spans', value: json, message: `${EXPECTED}; got ${describeShape(json)}` }]);
  }
}

// ---------------------------------------------------------------------------------------------
// Shared span assembly

interface SpanDraft {
  spanId: unknown;
  traceId: unknown;
  parentId: unknown;
  name: unknown;
  /** Path of the span in the document, e.g. `data[3]`. */
  path: string;
  /** Field names as the format spells them, for problem messages. */
  fields: { spanId: string; traceId: string; parentId: string; name: string };
  /** OpenTelemetry ids (hex in any case, `0x`, base64) are normalized to lower-case hex; Phoenix and Langfuse ids are kept as given. */
  normalizeIds?: boolean;
}

function readIds(draft: SpanDraft, problems: string[]): Pick<Span, 'spanId' | 'traceId' | 'parentId' | 'name'> {
  const normalize = draft.normalizeIds ?? false;
  const { path, fields } = draft;
  let spanId = asText(draft.spanId);
  if (spanId === undefined || spanId.trim() === '') {
    spanId = `missing-span-id:${path}`;
    problems.push(`${path}.${fields.spanId}: missing span id (got ${describeValue(draft.spanId)}); generated ${spanId}`);
  } else if (normalize) {
    spanId = normalizeOtelId(spanId, 8, `${path}.${fields.spanId}`, problems);
  }
  let traceId = asText(draft.traceId);
  if (traceId === undefined || traceId.trim() === '') {
    problems.push(`${path}.${fields.traceId}: missing trace id (got ${describeValue(draft.traceId)}); left empty`);
    traceId = '';
  } else if (normalize) {
    traceId = normalizeOtelId(traceId, 16, `${path}.${fields.traceId}`, problems);
  }
  let parentId: string | null = null;
  if (!isNoParent(draft.parentId)) {
    const text = asText(draft.parentId);
    if (text === undefined) {
      problems.push(`${path}.${fields.parentId}: unreadable parent id ${describeValue(draft.parentId)}; treated as a root`);
    } else {
      parentId = normalize ? normalizeOtelId(text, 8, `${path}.${fields.parentId}`, problems) : text;
    }
  }
  let name = asText(draft.name);
  if (name === undefined) {
    if (draft.name !== undefined && draft.name !== null) {
      problems.push(`${path}.${fields.name}: expected a string, got ${describeValue(draft.name)}`);
    }
    name = '';
  }
  return { spanId, traceId, parentId, name };
}

function attributesFrom(raw: unknown, path: string, problems: string[]): { flat: Json; attributes: Attributes } {
  if (raw === undefined || raw === null) return { flat: {}, attributes: {} };
  if (!isPlainRecord(raw)) {
    problems.push(`${path}: expected an object of attributes, got ${describeValue(raw)}; kept under "${path}"`);
    return { flat: {}, attributes: { [path]: raw as AttributeValue } };
  }
  return { flat: raw, attributes: nestAttributes(raw, problems) };
}

function kindFrom(explicit: unknown, attributes: Json, path: string, explicitField: string, problems: string[]) {
  if (explicit !== undefined && explicit !== null && explicit !== '') return readSpanKind(explicit, `${path}.${explicitField}`, problems);
  return readSpanKind(getAttribute(attributes, SPAN_KIND_KEY), `${path}.attributes.${SPAN_KIND_KEY}`, problems);
}

function finish(span: Omit<Span, 'problems'> & { rawKind?: string }, problems: string[]): Span {
  const out: Span = { ...span };
  if (out.rawKind === undefined) delete out.rawKind;
  if (problems.length > 0) out.problems = problems;
  return out;
}

function notASpan(item: unknown, path: string): Span {
  const spanId = `missing-span-id:${path}`;
  return {
    spanId,
    traceId: '',
    parentId: null,
    name: '',
    kind: 'UNKNOWN',
    startTime: null,
    endTime: null,
    status: { code: 'UNSET', message: null },
    attributes: {},
    events: [],
    problems: [`${path}: expected a span object, got ${describeValue(item)}; kept as an empty span ${spanId}`],
  };
}

function statusMessage(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  return typeof value === 'string' ? value : describeValue(value);
}

function eventsFrom(
  raw: unknown,
  path: string,
  problems: string[],
  read: (event: Json, eventPath: string) => SpanEvent,
): SpanEvent[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.push(`${path}: expected an array of events, got ${describeValue(raw)}; ignored`);
    return [];
  }
  return raw.map((event, index) => {
    const eventPath = `${path}[${index}]`;
    if (!isPlainRecord(event)) {
      problems.push(`${eventPath}: expected an event object, got ${describeValue(event)}`);
      return { name: '', time: null, attributes: {} };
    }
    return read(event, eventPath);
  });
}

function listOf(json: unknown, loader: string, expected: string): { items: unknown[]; prefix: string } {
  if (Array.isArray(json)) return { items: json, prefix: '' };
  if (isPlainRecord(json) && Array.isArray(json.data)) return { items: json.data, prefix: 'data' };
  throw new ValidationError([{ field: 'spans', value: json, message: `${loader}: expected ${expected}; got ${describeShape(json)}` }]);
}

// ---------------------------------------------------------------------------------------------
// Phoenix REST (GET /v1/projects/{project_identifier}/spans)

function phoenixSpan(item: Json, path: string): Span {
  const problems: string[] = [];
  const context = isPlainRecord(item.context) ? item.context : {};
  if (!isPlainRecord(item.context)) problems.push(`${path}.context: expected an object, got ${describeValue(item.context)}`);
  const ids = readIds(
    {
      spanId: context.span_id,
      traceId: context.trace_id,
      parentId: item.parent_id,
      name: item.name,
      path,
      fields: { spanId: 'context.span_id', traceId: 'context.trace_id', parentId: 'parent_id', name: 'name' },
    },
    problems,
  );
  const { flat, attributes } = attributesFrom(item.attributes, `${path}.attributes`, problems);
  const { kind, rawKind } = kindFrom(item.span_kind, flat, path, 'span_kind', problems);
  return finish(
    {
      ...ids,
      kind,
      rawKind,
      startTime: readTime(item.start_time, `${path}.start_time`, problems),
      endTime: readTime(item.end_time, `${path}.end_time`, problems),
      status: {
        code: readStatusCode(item.status_code, `${path}.status_code`, problems),
        message: statusMessage(item.status_message),
      },
      attributes,
      events: eventsFrom(item.events, `${path}.events`, problems, (event, eventPath) => ({
        name: asText(event.name) ?? '',
        time: readTime(event.timestamp, `${eventPath}.timestamp`, problems),
        attributes: attributesFrom(event.attributes, `${eventPath}.attributes`, problems).attributes,
      })),
    },
    problems,
  );
}

/**
 * Loads Phoenix REST spans: the `{ data: [...], next_cursor }` body of `GET /v1/projects/{id}/spans`
 * or a bare array of its spans (`/spans/otlpv1` bodies are read as OTLP spans).
 */
export function loadPhoenixSpans(json: unknown): Span[] {
  const { items, prefix } = listOf(json, 'loadPhoenixSpans', 'Phoenix REST spans ({ data: [...] } or an array of spans)');
  return items.map((item, index) => {
    const path = `${prefix}[${index}]`;
    if (!isPlainRecord(item)) return notASpan(item, path);
    if (!('context' in item) && looksLikeOtlpSpan(item)) return otlpSpan(item, path);
    return phoenixSpan(item, path);
  });
}

// ---------------------------------------------------------------------------------------------
// OTLP/JSON (camelCase as the spec's JSON mapping writes it; snake_case as Phoenix's otlpv1 and some exporters do)

const OTLP_VALUE_KEYS = [
  'stringValue', 'string_value', 'boolValue', 'bool_value', 'intValue', 'int_value', 'doubleValue', 'double_value',
  'arrayValue', 'array_value', 'kvlistValue', 'kvlist_value', 'bytesValue', 'bytes_value',
] as const;

/** One OTLP `AnyValue` → a plain value. Integers past 2^53 stay as their decimal text rather than lose digits. */
export function otlpAnyValue(value: unknown, path: string, problems: string[]): AttributeValue {
  if (!isPlainRecord(value)) {
    if (value === undefined || value === null) return null;
    // Not an AnyValue wrapper: some exporters write plain values.
    return value as AttributeValue;
  }
  const key = OTLP_VALUE_KEYS.find((name) => value[name] !== undefined);
  if (key === undefined) return Object.keys(value).length === 0 ? null : (value as Attributes);
  const raw = value[key];
  switch (key) {
    case 'stringValue':
    case 'string_value':
    case 'bytesValue':
    case 'bytes_value':
      return typeof raw === 'string' ? raw : describeValue(raw);
    case 'boolValue':
    case 'bool_value':
      return typeof raw === 'boolean' ? raw : raw === 'true' ? true : raw === 'false' ? false : describeValue(raw);
    case 'intValue':
    case 'int_value': {
      if (typeof raw === 'number') return raw;
      const text = String(raw).trim();
      const number = Number(text);
      if (/^-?\d+$/.test(text) && Number.isSafeInteger(number)) return number;
      if (/^-?\d+$/.test(text)) return text;
      problems.push(`${path}.${key}: not an integer ${describeValue(raw)}; kept as text`);
      return text;
    }
    case 'doubleValue':
    case 'double_value': {
      if (typeof raw === 'number') return raw;
      const number = Number(raw);
      // Proto JSON writes NaN and Infinity as text; JSON numbers cannot hold them, so the text stays.
      return typeof raw === 'string' && Number.isFinite(number) && raw.trim() !== '' ? number : describeValue(raw);
    }
    case 'arrayValue':
    case 'array_value': {
      const values = isPlainRecord(raw) && Array.isArray(raw.values) ? raw.values : [];
      return values.map((entry, index) => otlpAnyValue(entry, `${path}.${key}.values[${index}]`, problems));
    }
    case 'kvlistValue':
    case 'kvlist_value': {
      const values = isPlainRecord(raw) && Array.isArray(raw.values) ? raw.values : [];
      return otlpKeyValues(values, `${path}.${key}.values`, problems);
    }
  }
}

/** OTLP `KeyValue[]` → a flat object with the keys as given (dotted, not yet nested). */
export function otlpKeyValues(list: unknown, path: string, problems: string[]): Attributes {
  const out: Attributes = {};
  if (list === undefined || list === null) return out;
  if (isPlainRecord(list)) {
    // Some exporters write attributes as a plain object already.
    return list as Attributes;
  }
  if (!Array.isArray(list)) {
    problems.push(`${path}: expected a list of key/value pairs, got ${describeValue(list)}`);
    return out;
  }
  list.forEach((entry, index) => {
    const entryPath = `${path}[${index}]`;
    if (!isPlainRecord(entry) || typeof entry.key !== 'string') {
      problems.push(`${entryPath}: expected { key, value }, got ${describeValue(entry)}; ignored`);
      return;
    }
    setOwn(out, entry.key, otlpAnyValue(entry.value, `${entryPath}.value`, problems));
  });
  return out;
}

function otlpSpan(item: Json, path: string): Span {
  const problems: string[] = [];
  const snake = !('spanId' in item) && ('span_id' in item || 'start_time_unix_nano' in item);
  const name = (camel: string, snakeName: string) => (snake ? snakeName : camel);
  const ids = readIds(
    {
      spanId: field(item, 'spanId', 'span_id'),
      traceId: field(item, 'traceId', 'trace_id'),
      parentId: field(item, 'parentSpanId', 'parent_span_id'),
      name: item.name,
      path,
      fields: {
        spanId: name('spanId', 'span_id'),
        traceId: name('traceId', 'trace_id'),
        parentId: name('parentSpanId', 'parent_span_id'),
        name: 'name',
      },
      normalizeIds: true,
    },
    problems,
  );
  const flat = otlpKeyValues(item.attributes, `${path}.attributes`, problems);
  const attributes = nestAttributes(flat, problems);
  const { kind, rawKind } = kindFrom(undefined, flat, path, 'kind', problems);
  const status = item.status;
  let code: SpanStatusCode = 'UNSET';
  let message: string | null = null;
  if (isPlainRecord(status)) {
    code = readStatusCode(status.code, `${path}.status.code`, problems);
    message = statusMessage(status.message);
  } else if (status !== undefined && status !== null) {
    code = readStatusCode(status, `${path}.status`, problems);
  }
  return finish(
    {
      ...ids,
      kind,
      rawKind,
      startTime: readTime(field(item, 'startTimeUnixNano', 'start_time_unix_nano'), `${path}.${name('startTimeUnixNano', 'start_time_unix_nano')}`, problems),
      endTime: readTime(field(item, 'endTimeUnixNano', 'end_time_unix_nano'), `${path}.${name('endTimeUnixNano', 'end_time_unix_nano')}`, problems),
      status: { code, message },
      attributes,
      events: eventsFrom(item.events, `${path}.events`, problems, (event, eventPath) => ({
        name: asText(event.name) ?? '',
        time: readTime(field(event, 'timeUnixNano', 'time_unix_nano'), `${eventPath}.timeUnixNano`, problems),
        attributes: nestAttributes(otlpKeyValues(event.attributes, `${eventPath}.attributes`, problems), problems),
      })),
    },
    problems,
  );
}

function otlpRequestSpans(request: Json, path: string, out: Span[]): void {
  const resourceKey = Array.isArray(request.resourceSpans) ? 'resourceSpans' : 'resource_spans';
  const resources = request[resourceKey] as unknown[];
  resources.forEach((resource, r) => {
    const resourcePath = `${path}${resourceKey}[${r}]`;
    if (!isPlainRecord(resource)) {
      out.push(notASpan(resource, resourcePath));
      return;
    }
    const scopeKey = ['scopeSpans', 'scope_spans', 'instrumentationLibrarySpans', 'instrumentation_library_spans'].find((key) =>
      Array.isArray(resource[key]),
    );
    if (scopeKey === undefined) return;
    (resource[scopeKey] as unknown[]).forEach((scope, s) => {
      const scopePath = `${resourcePath}.${scopeKey}[${s}]`;
      if (!isPlainRecord(scope) || !Array.isArray(scope.spans)) return;
      scope.spans.forEach((span, index) => {
        const spanPath = `${scopePath}.spans[${index}]`;
        out.push(isPlainRecord(span) ? otlpSpan(span, spanPath) : notASpan(span, spanPath));
      });
    });
  });
}

/**
 * Loads OTLP/JSON: an export request `{ resourceSpans: [...] }`, an array of them (batches), or a bare
 * array of OTLP spans. Ids in hex (any case) or base64 come out as lower-case hex.
 */
export function loadOtlpSpans(json: unknown): Span[] {
  const out: Span[] = [];
  if (isOtlpRequest(json)) {
    otlpRequestSpans(json as Json, '', out);
    return out;
  }
  const { items, prefix } = listOf(json, 'loadOtlpSpans', 'OTLP/JSON ({ resourceSpans: [...] }, an array of them, or an array of OTLP spans)');
  items.forEach((item, index) => {
    const path = `${prefix}[${index}]`;
    if (isOtlpRequest(item)) otlpRequestSpans(item as Json, `${path}.`, out);
    else out.push(isPlainRecord(item) ? otlpSpan(item, path) : notASpan(item, path));
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// OpenTelemetry SDK span JSON (Python `span.to_json()`, JS SDK ReadableSpan objects)

function pythonSpan(item: Json, path: string): Span {
  const problems: string[] = [];
  const context = isPlainRecord(item.context) ? item.context : {};
  if (!isPlainRecord(item.context)) problems.push(`${path}.context: expected an object, got ${describeValue(item.context)}`);
  const ids = readIds(
    {
      spanId: context.span_id,
      traceId: context.trace_id,
      parentId: item.parent_id,
      name: item.name,
      path,
      fields: { spanId: 'context.span_id', traceId: 'context.trace_id', parentId: 'parent_id', name: 'name' },
      normalizeIds: true,
    },
    problems,
  );
  const { flat, attributes } = attributesFrom(item.attributes, `${path}.attributes`, problems);
  const { kind, rawKind } = kindFrom(undefined, flat, path, 'kind', problems);
  const status = isPlainRecord(item.status) ? item.status : {};
  return finish(
    {
      ...ids,
      kind,
      rawKind,
      startTime: readTime(item.start_time, `${path}.start_time`, problems, 'ms'),
      endTime: readTime(item.end_time, `${path}.end_time`, problems, 'ms'),
      status: {
        code: readStatusCode(field(status, 'status_code', 'code'), `${path}.status.status_code`, problems),
        message: statusMessage(field(status, 'description', 'message')),
      },
      attributes,
      events: eventsFrom(item.events, `${path}.events`, problems, (event, eventPath) => ({
        name: asText(event.name) ?? '',
        time: readTime(event.timestamp, `${eventPath}.timestamp`, problems, 'ms'),
        attributes: attributesFrom(event.attributes, `${eventPath}.attributes`, problems).attributes,
      })),
    },
    problems,
  );
}

function jsSdkSpan(item: Json, path: string): Span {
  const problems: string[] = [];
  // `JSON.stringify` of a live SDK span (rather than the exporter's object) writes `_spanContext`.
  const contextKey = isPlainRecord(item.spanContext) ? 'spanContext' : isPlainRecord(item._spanContext) ? '_spanContext' : undefined;
  const context = contextKey ? (item[contextKey] as Json) : item;
  const parentContext = isPlainRecord(item.parentSpanContext) ? item.parentSpanContext : undefined;
  const contextField = contextKey ? `${contextKey}.` : '';
  for (const key of ['spanContext', '_spanContext']) {
    if (key in item && !isPlainRecord(item[key])) problems.push(`${path}.${key}: expected an object, got ${describeValue(item[key])}`);
  }
  const ids = readIds(
    {
      spanId: context.spanId,
      traceId: context.traceId,
      parentId: item.parentSpanId ?? parentContext?.spanId,
      name: item.name,
      path,
      fields: {
        spanId: `${contextField}spanId`,
        traceId: `${contextField}traceId`,
        parentId: item.parentSpanId !== undefined ? 'parentSpanId' : 'parentSpanContext.spanId',
        name: 'name',
      },
      normalizeIds: true,
    },
    problems,
  );
  const { flat, attributes } = attributesFrom(item.attributes, `${path}.attributes`, problems);
  const { kind, rawKind } = kindFrom(undefined, flat, path, 'kind', problems);
  const status = isPlainRecord(item.status) ? item.status : {};
  return finish(
    {
      ...ids,
      kind,
      rawKind,
      // The JS SDK's TimeInput takes epoch milliseconds when a plain number is given.
      startTime: readTime(item.startTime, `${path}.startTime`, problems, 'ms'),
      endTime: readTime(item.endTime, `${path}.endTime`, problems, 'ms'),
      status: {
        code: readStatusCode(status.code, `${path}.status.code`, problems),
        message: statusMessage(status.message),
      },
      attributes,
      events: eventsFrom(item.events, `${path}.events`, problems, (event, eventPath) => ({
        name: asText(event.name) ?? '',
        time: readTime(event.time, `${eventPath}.time`, problems, 'ms'),
        attributes: attributesFrom(event.attributes, `${eventPath}.attributes`, problems).attributes,
      })),
    },
    problems,
  );
}

/**
 * Loads OpenTelemetry SDK span JSON: Python's `span.to_json()` objects (`0x` ids, ISO times) and the
 * JS SDK's span objects (`spanContext`, HrTime `[s, ns]`), as an array or a single span.
 */
export function loadOtelSdkSpans(json: unknown): Span[] {
  const items = Array.isArray(json)
    ? json
    : isPlainRecord(json) && (looksLikePythonSpan(json) || looksLikeJsSdkSpan(json) || looksLikePhoenixOrPythonSpan(json))
      ? [json]
      : isPlainRecord(json) && Array.isArray(json.data)
        ? json.data
        : null;
  if (items === null) {
    throw new ValidationError([
      {
        field: 'spans',
        value: json,
        message: `loadOtelSdkSpans: expected OpenTelemetry SDK spans (span.to_json() objects or JS SDK spans); got ${describeShape(json)}`,
      },
    ]);
  }
  return items.map((item, index) => {
    const path = `[${index}]`;
    if (!isPlainRecord(item)) return notASpan(item, path);
    if (looksLikeJsSdkSpan(item) || (!('context' in item) && ('spanId' in item || 'traceId' in item))) return jsSdkSpan(item, path);
    return pythonSpan(item, path);
  });
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
