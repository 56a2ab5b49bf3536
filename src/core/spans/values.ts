import { describeValue } from '../errors';
import { SPAN_KINDS, type SpanKind, type SpanStatusCode } from '../model';

/** Small conversions every span loader needs: times, ids, status codes and kinds. */

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * ISO 8601 text → epoch milliseconds, keeping sub-millisecond digits (Phoenix and Python print
 * microseconds, which `Date.parse` would cut). A time without a zone is read as UTC, as Phoenix means it.
 */
export function parseIsoTime(text: string): number | null {
  const match = ISO.exec(text.trim());
  if (!match) {
    const parsed = Date.parse(text);
    return Number.isFinite(parsed) ? parsed : null;
  }
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (!Number.isFinite(ms)) return null;
  if (fraction) ms += Number(`0.${fraction}`) * 1000;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
    ms -= sign * offset * 60_000;
  }
  return ms;
}

/** Decimal nanoseconds (string or number) → epoch milliseconds without going through a lossy 19-digit number. */
export function nanosToMs(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value / 1e6 : null;
  const text = value.trim();
  if (!/^\d+$/.test(text)) return null;
  if (text.length <= 6) return Number(text) / 1e6;
  return Number(text.slice(0, -6)) + Number(text.slice(-6)) / 1e6;
}

/**
 * Reads a time in any of the shapes span sources use: ISO text, OpenTelemetry JS HrTime `[s, ns]`,
 * or nanoseconds. `undefined`/`null` is "missing" (null, no problem); anything unreadable is null plus a problem.
 */
export function readTime(
  value: unknown,
  field: string,
  problems: string[],
  numberUnit: 'ns' | 'ms' = 'ns',
): number | null {
  if (value === undefined || value === null || value === '') return null;
  let ms: number | null = null;
  if (typeof value === 'string') ms = /^\d+$/.test(value.trim()) ? nanosToMs(value) : parseIsoTime(value);
  else if (typeof value === 'number') ms = numberUnit === 'ns' ? nanosToMs(value) : Number.isFinite(value) ? value : null;
  else if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number') {
    ms = value[0] * 1000 + value[1] / 1e6;
    if (!Number.isFinite(ms)) ms = null;
  }
  if (ms === null) problems.push(`${field}: unreadable time ${describeValue(value)}; treated as missing`);
  return ms;
}

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function base64ToHex(text: string): string | null {
  if (text.length % 4 !== 0 || !BASE64.test(text)) return null;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let bits = 0;
  let buffer = 0;
  let hex = '';
  for (const char of text) {
    if (char === '=') break;
    buffer = (buffer << 6) | alphabet.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      hex += ((buffer >> bits) & 0xff).toString(16).padStart(2, '0');
    }
  }
  return hex;
}

/**
 * An OTLP trace/span id: hex of the right length in any case → lower-case hex; base64 (protobuf JSON
 * as some exporters write it) → lower-case hex. Anything else is kept as given, with a problem.
 */
export function normalizeOtelId(value: string, bytes: 8 | 16, field: string, problems: string[]): string {
  let text = value.trim();
  if (text.startsWith('0x') || text.startsWith('0X')) text = text.slice(2);
  if (HEX.test(text) && text.length === bytes * 2) return text.toLowerCase();
  const decoded = base64ToHex(text);
  if (decoded !== null && decoded.length === bytes * 2) return decoded;
  if (HEX.test(text)) return text.toLowerCase();
  problems.push(`${field}: ${describeValue(value)} is neither ${bytes * 2}-digit hex nor base64 for ${bytes} bytes; kept as given`);
  return value;
}

/** An id that means "no parent": absent, empty, or all zeros as some exporters write it. */
export function isNoParent(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value !== 'string') return false;
  const text = value.trim();
  return text === '' || /^(0x)?0+$/i.test(text) || /^(A{11}=|A{22}==)$/.test(text);
}

/**
 * Status code in any spelling: 0/1/2, `STATUS_CODE_ERROR`, `StatusCode.ERROR`, `ok`. Unknown → UNSET plus a problem.
 */
export function readStatusCode(value: unknown, field: string, problems: string[]): SpanStatusCode {
  if (value === undefined || value === null || value === '') return 'UNSET';
  if (typeof value === 'number') {
    if (value === 0) return 'UNSET';
    if (value === 1) return 'OK';
    if (value === 2) return 'ERROR';
  }
  if (typeof value === 'string') {
    const upper = value.trim().toUpperCase().replace(/^(STATUS_CODE_|STATUSCODE\.)/, '');
    if (upper === 'OK' || upper === 'ERROR' || upper === 'UNSET') return upper;
    if (upper === '0' || upper === '1' || upper === '2') return readStatusCode(Number(upper), field, problems);
  }
  problems.push(`${field}: unknown status code ${describeValue(value)}; read as UNSET`);
  return 'UNSET';
}

const KINDS: ReadonlySet<string> = new Set(SPAN_KINDS);

/** The OpenInference kind, case-insensitive; anything else → UNKNOWN with `rawKind` and a problem. */
export function readSpanKind(
  value: unknown,
  field: string,
  problems: string[],
): { kind: SpanKind; rawKind?: string } {
  if (value === undefined || value === null || value === '') return { kind: 'UNKNOWN' };
  const text = typeof value === 'string' ? value : describeValue(value);
  const upper = text.trim().toUpperCase();
  if (KINDS.has(upper)) return { kind: upper as SpanKind };
  problems.push(`${field}: ${describeValue(value)} is not an OpenInference span kind; shown as UNKNOWN`);
  return { kind: 'UNKNOWN', rawKind: text };
}

/** Any JSON scalar as text (ids sometimes arrive as numbers); undefined for the rest. */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return undefined;
}
