import { describeValue } from '../../errors';
import type { Span } from '../../model';
import { isPlainRecord } from '../attributes';
import { attributesFrom, eventsFrom, finish, kindFrom, listOf, notASpan, readIds, statusMessage, type Json } from './common';
import { looksLikeOtlpSpan, otlpSpan } from './otlp';
import { asText, readStatusCode, readTime } from '../values';

/** Phoenix REST and Python `to_json()` spans both carry `context`; they spell status and kind differently. */
export function looksLikePhoenixOrPythonSpan(value: Json): boolean {
  return 'context' in value;
}

/** The ids of a span that keeps them in `context` (Phoenix REST; Python `to_json()` with `0x` ids to normalise). */
export function contextIds(item: Json, path: string, problems: string[], normalizeIds: boolean) {
  const context = isPlainRecord(item.context) ? item.context : {};
  if (!isPlainRecord(item.context)) problems.push(`${path}.context: expected an object, got ${describeValue(item.context)}`);
  return readIds(
    {
      spanId: context.span_id,
      traceId: context.trace_id,
      parentId: item.parent_id,
      name: item.name,
      path,
      fields: { spanId: 'context.span_id', traceId: 'context.trace_id', parentId: 'parent_id', name: 'name' },
      normalizeIds,
    },
    problems,
  );
}

// ---------------------------------------------------------------------------------------------
// Phoenix REST (GET /v1/projects/{project_identifier}/spans)

function phoenixSpan(item: Json, path: string): Span {
  const problems: string[] = [];
  const ids = contextIds(item, path, problems, false);
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
