import { describeValue } from '../../errors';
import type { AttributeValue, Attributes, Span, SpanStatusCode } from '../../model';
import { isPlainRecord, nestAttributes, setOwn } from '../attributes';
import { eventsFrom, field, finish, kindFrom, listOf, notASpan, readIds, statusMessage, type Json } from './common';
import { asText, readStatusCode, readTime } from '../values';

export function looksLikeOtlpSpan(value: Json): boolean {
  return (
    ('spanId' in value || 'span_id' in value || 'traceId' in value || 'trace_id' in value) &&
    ('startTimeUnixNano' in value || 'start_time_unix_nano' in value || 'endTimeUnixNano' in value || 'end_time_unix_nano' in value)
  );
}

export function isOtlpRequest(value: unknown): boolean {
  return isPlainRecord(value) && (Array.isArray(value.resourceSpans) || Array.isArray(value.resource_spans));
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

export function otlpSpan(item: Json, path: string): Span {
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
