import type { Attributes, Span } from '../model';
import { parseMetadataValue } from '../spans/attributes';
import { NUMERIC_TEXT } from './tokenizer';

/**
 * Runtime conversions for schemaless attribute values, total like Phoenix's `SafeJsonFloat` /
 * `SafeJsonBoolean`: what cannot be converted becomes null (missing), and a missing value fails
 * every comparison.
 */

/** A number, or a string in the plain numeric grammar; booleans and containers are not numbers. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && NUMERIC_TEXT.test(value)) {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

/** JSON's three boolean encodings: `true` / `"true"` / `1` and their false counterparts. */
export function toBoolean(value: unknown): boolean | null {
  if (value === true || value === 'true' || value === 1) return true;
  if (value === false || value === 'false' || value === 0) return false;
  return null;
}

/** The value as text, as PostgreSQL's `#>>` extracts it: numbers and booleans spelled out, containers as JSON. */
export function toText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return null;
  }
}

const parsedMetadata = new WeakMap<object, unknown>();

/**
 * Reads a path of literal keys in the nested attributes (`['llm', 'model_name']`, `['tools', 0]`),
 * own properties only. Follows the loaders' conventions (`src/core/spans/attributes.ts`): a key that
 * is both a leaf and a prefix holds its leaf under `''`, and `metadata` sent as JSON text is parsed
 * (once per span) and read like an object.
 */
export function readAttribute(attributes: Attributes, path: readonly (string | number)[]): unknown {
  let value: unknown = attributes;
  for (let i = 0; i < path.length; i++) {
    if (i === 1 && path[0] === 'metadata' && typeof value === 'string') value = metadataObject(attributes, value);
    if (value === null || typeof value !== 'object') return null;
    const key = path[i]!;
    if (Array.isArray(value)) {
      if (typeof key !== 'number') return null;
      value = value[key < 0 ? value.length + key : key];
    } else {
      value = Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    }
    if (value === undefined) return null;
  }
  return leaf(value);
}

/** A subtree that also carries a leaf value (`{ '': 'x', value: 'y' }`) reads as its leaf. */
export function leaf(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, '')) {
    return (value as Record<string, unknown>)[''];
  }
  return value;
}

function metadataObject(attributes: Attributes, text: string): unknown {
  if (parsedMetadata.has(attributes)) return parsedMetadata.get(attributes);
  const parsed = parseMetadataValue(text);
  const object = typeof parsed === 'string' ? null : parsed;
  parsedMetadata.set(attributes, object);
  return object;
}

/** Latency as Phoenix computes it (end minus start, ms); null when either time is missing. */
export function latencyOf(span: Span): number | null {
  return span.startTime === null || span.endTime === null ? null : span.endTime - span.startTime;
}

const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** An ISO 8601 literal with an offset as epoch milliseconds, or the reason it is refused. */
export function parseDatetimeLiteral(text: string): { ok: true; value: number } | { ok: false; message: string } {
  const match = ISO_DATETIME.exec(text.trim());
  const quoted = `'${text}'`;
  if (!match) return { ok: false, message: `invalid datetime literal: ${quoted}` };
  const [, y, mo, d, h, mi, s, fraction, offset] = match;
  if (offset === undefined || h === undefined) {
    return { ok: false, message: `datetime literal ${quoted} has no timezone, add an offset (e.g. 'Z' for UTC)` };
  }
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? 0);
  const millis = fraction === undefined ? 0 : Number(`0.${fraction}`) * 1000;
  let offsetMinutes = 0;
  if (offset !== 'Z' && offset !== 'z') {
    const sign = offset[0] === '-' ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMins = Number(digits.slice(2) || 0);
    if (offsetHours > 23 || offsetMins > 59) return { ok: false, message: `invalid datetime literal: ${quoted}` };
    offsetMinutes = sign * (offsetHours * 60 + offsetMins);
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return { ok: false, message: `invalid datetime literal: ${quoted}` };
  }
  return { ok: true, value: utc + millis - offsetMinutes * 60_000 };
}
