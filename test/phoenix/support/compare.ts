/**
 * What Phoenix keeps of a span the kit loaded, to compare span for span with what the adapter reads
 * back. Phoenix's storage differs from the kit's model in exactly these documented ways:
 * - times are stored to the microsecond (the kit keeps sub-millisecond digits as fractions);
 * - attributes (and event attributes) whose value is `null`, and empty objects, are not stored;
 * - the `openinference.span.kind` attribute moves into the span's kind (`span_kind`): Phoenix
 *   serves it only there;
 * - the loader's `problems` (repairs it made while reading a file) are not part of the data;
 * - JSON-text attributes other than `metadata` (`tool.parameters`, `document.metadata`,
 *   `llm.prompt_template.variables`) are stored parsed, as Phoenix's OTLP ingestion stores them
 *   (see `toIngestedWireSpan`), and served as dotted keys.
 */
import { flattenAttributes, nestAttributes } from '../../../src/core/spans';
import type { Attributes, Span } from '../../../src/core';
import { isJsonTextAttribute } from './seed';

const SPAN_KIND_ATTRIBUTE = 'openinference.span.kind';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function storedAttributes(attributes: Attributes, isSpan: boolean): Attributes {
  const flat = flattenAttributes(attributes);
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    if (isSpan && key === SPAN_KIND_ATTRIBUTE) continue;
    if (value === null) continue;
    if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) continue;
    if (key !== 'metadata' && typeof value === 'string' && isJsonTextAttribute(key)) {
      const parsed = parseJson(value);
      if (parsed !== null && typeof parsed === 'object') {
        Object.assign(kept, flattenAttributes({ [key]: parsed as Attributes[string] }));
        continue;
      }
    }
    kept[key] = value;
  }
  return nestAttributes(kept);
}

/** JSON with object keys sorted at every level: Phoenix returns attributes in its own order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, entry: unknown) =>
    entry && typeof entry === 'object' && !Array.isArray(entry)
      ? Object.fromEntries(Object.entries(entry as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : entry,
  );
}

const micros = (ms: number | null) => (ms === null ? null : Math.round(ms * 1000));

/** A span as Phoenix stores it (see above), with times in whole microseconds, for comparison. */
export function asStored(span: Span): Record<string, unknown> {
  return {
    spanId: span.spanId,
    traceId: span.traceId,
    parentId: span.parentId,
    name: span.name,
    kind: span.kind,
    rawKind: span.rawKind ?? null,
    startTime: micros(span.startTime),
    endTime: micros(span.endTime),
    status: { code: span.status.code, message: span.status.message ?? null },
    attributes: storedAttributes(span.attributes, true),
    events: span.events.map((event) => ({ name: event.name, time: micros(event.time), attributes: storedAttributes(event.attributes, false) })),
  };
}

function attributeDifferences(seeded: Attributes, readBack: Attributes): string[] {
  const a = flattenAttributes(seeded);
  const b = flattenAttributes(readBack);
  const out: string[] = [];
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const left = canonical(a[key]);
    const right = canonical(b[key]);
    if (left !== right) out.push(`attribute ${key}: seeded ${(left ?? 'nothing').slice(0, 200)}, read back ${(right ?? 'nothing').slice(0, 200)}`);
  }
  return out;
}

/**
 * Compares what was seeded with what was read back, span for span, and returns readable lines for
 * each difference (at most `limit`): a missing or extra span, or the fields that differ.
 */
export function spanDifferences(seeded: readonly Span[], readBack: readonly Span[], limit = 20): string[] {
  const out: string[] = [];
  const back = new Map(readBack.map((span) => [span.spanId, span]));
  const seen = new Set<string>();
  for (const span of seeded) {
    seen.add(span.spanId);
    const found = back.get(span.spanId);
    if (!found) {
      out.push(`span ${span.spanId} (${span.name}): not read back`);
      continue;
    }
    const want = asStored(span);
    const got = asStored({ ...found, problems: undefined });
    for (const key of Object.keys(want)) {
      const a = canonical(want[key]);
      const b = canonical(got[key]);
      if (a === b) continue;
      if (key === 'attributes') {
        out.push(...attributeDifferences(want[key] as Attributes, got[key] as Attributes).map((line) => `span ${span.spanId} (${span.name}) ${line}`));
      } else {
        out.push(`span ${span.spanId} (${span.name}) ${key}: seeded ${a.slice(0, 300)}, read back ${b.slice(0, 300)}`);
      }
    }
    if (found.problems?.length) out.push(`span ${span.spanId} (${span.name}): the loader reported problems reading it back: ${found.problems.join('; ')}`);
  }
  for (const span of readBack) if (!seen.has(span.spanId)) out.push(`span ${span.spanId} (${span.name}): read back but never seeded`);
  return out.slice(0, limit);
}
