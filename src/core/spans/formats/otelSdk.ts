import { ValidationError, describeValue } from '../../errors';
import type { Span } from '../../model';
import { isPlainRecord } from '../attributes';
import { attributesFrom, describeShape, eventsFrom, field, finish, kindFrom, notASpan, readIds, statusMessage, type Json } from './common';
import { contextIds, looksLikePhoenixOrPythonSpan } from './phoenix';
import { asText, readStatusCode, readTime } from '../values';

export function looksLikePythonSpan(value: Json): boolean {
  if (!('context' in value) || 'span_kind' in value || 'status_code' in value) return false;
  if ('status' in value || (typeof value.kind === 'string' && value.kind.startsWith('SpanKind.'))) return true;
  const id = isPlainRecord(value.context) ? value.context.span_id : undefined;
  return typeof id === 'string' && id.startsWith('0x');
}

export function looksLikeJsSdkSpan(value: Json): boolean {
  return (
    'spanContext' in value ||
    '_spanContext' in value ||
    (Array.isArray(value.startTime) && ('spanId' in value || 'traceId' in value))
  );
}

// ---------------------------------------------------------------------------------------------
// OpenTelemetry SDK span JSON (Python `span.to_json()`, JS SDK ReadableSpan objects)

function pythonSpan(item: Json, path: string): Span {
  const problems: string[] = [];
  const ids = contextIds(item, path, problems, true);
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
