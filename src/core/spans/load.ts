import { ValidationError } from '../errors';
import type { Span } from '../model';
import { isPlainRecord } from './attributes';
import { describeShape } from './formats/common';
import { isLangfuseExport, loadLangfuseExport } from './formats/langfuse';
import { loadOtelSdkSpans, looksLikeJsSdkSpan, looksLikePythonSpan } from './formats/otelSdk';
import { isOtlpRequest, loadOtlpSpans, looksLikeOtlpSpan } from './formats/otlp';
import { loadPhoenixSpans, looksLikePhoenixOrPythonSpan } from './formats/phoenix';

export { describeShape } from './formats/common';
export { loadLangfuseExport, loadLangfuseScores, type LangfuseScore } from './formats/langfuse';
export { loadOtelSdkSpans } from './formats/otelSdk';
export { loadOtlpSpans } from './formats/otlp';
export { loadPhoenixSpans } from './formats/phoenix';

/**
 * Loaders: span JSON from Phoenix, OTLP, the OpenTelemetry SDKs and Langfuse → {@link Span}. One
 * file per format in `./formats`; this module detects the format and dispatches (`loadSpans`).
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

// Detection (each format's `looksLike…` predicate) looks at which keys a span has, not at their
// values, so a span whose `context` holds garbage is still recognised (and repaired with a
// problem) rather than failing the whole document.
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
