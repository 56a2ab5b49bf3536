import { ValidationError, describeValue } from '../../errors';
import type { AttributeValue, Attributes, Span, SpanEvent } from '../../model';
import { getAttribute, isPlainRecord, nestAttributes } from '../attributes';
import * as SC from '../conventions';
import { asText, isNoParent, normalizeOtelId, readSpanKind } from '../values';

// What every span loader shares: reading a JSON record, assembling a span from a draft (ids,
// attributes, kind, events) and the problems that say what was repaired.

export const SPAN_KIND_KEY = SC.OPENINFERENCE_SPAN_KIND;

export type Json = Record<string, unknown>;

export function field(value: Json, ...names: string[]): unknown {
  for (const name of names) {
    if (value[name] !== undefined) return value[name];
  }
  return undefined;
}

export function keysOf(value: Json): string {
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


export interface SpanDraft {
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

export function readIds(draft: SpanDraft, problems: string[]): Pick<Span, 'spanId' | 'traceId' | 'parentId' | 'name'> {
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

export function attributesFrom(raw: unknown, path: string, problems: string[]): { flat: Json; attributes: Attributes } {
  if (raw === undefined || raw === null) return { flat: {}, attributes: {} };
  if (!isPlainRecord(raw)) {
    problems.push(`${path}: expected an object of attributes, got ${describeValue(raw)}; kept under "${path}"`);
    return { flat: {}, attributes: { [path]: raw as AttributeValue } };
  }
  return { flat: raw, attributes: nestAttributes(raw, problems) };
}

export function kindFrom(explicit: unknown, attributes: Json, path: string, explicitField: string, problems: string[]) {
  if (explicit !== undefined && explicit !== null && explicit !== '') return readSpanKind(explicit, `${path}.${explicitField}`, problems);
  return readSpanKind(getAttribute(attributes, SPAN_KIND_KEY), `${path}.attributes.${SPAN_KIND_KEY}`, problems);
}

export function finish(span: Omit<Span, 'problems'> & { rawKind?: string }, problems: string[]): Span {
  const out: Span = { ...span };
  if (out.rawKind === undefined) delete out.rawKind;
  if (problems.length > 0) out.problems = problems;
  return out;
}

export function notASpan(item: unknown, path: string): Span {
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

export function statusMessage(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  return typeof value === 'string' ? value : describeValue(value);
}

export function eventsFrom(
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

export function listOf(json: unknown, loader: string, expected: string): { items: unknown[]; prefix: string } {
  if (Array.isArray(json)) return { items: json, prefix: '' };
  if (isPlainRecord(json) && Array.isArray(json.data)) return { items: json.data, prefix: 'data' };
  throw new ValidationError([{ field: 'spans', value: json, message: `${loader}: expected ${expected}; got ${describeShape(json)}` }]);
}
