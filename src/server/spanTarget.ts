import { isSpanContextValid, trace, TraceFlags, type Span } from '@opentelemetry/api';
import { AnnokitError } from '../core/errors';
import { SESSION_ID } from '../core/spans/conventions';
import {
  SPAN_TARGET_HEADER,
  SPAN_TARGET_METADATA_KEY,
  formatSpanTargetHeader,
  validateSpanTarget,
  type SpanTarget,
} from '../core/spanTarget';

export interface GetSpanTargetOptions {
  /** The span to point at. Default: the active span (`trace.getActiveSpan()`). */
  span?: Span;
  /** The session the answer belongs to. Default: the span's OpenInference `session.id` attribute, when the SDK lets it be read. */
  sessionId?: string;
}

/** Thrown by {@link getSpanTarget} when there is no span to point at. */
export class NoActiveSpanError extends AnnokitError {
  constructor(message: string) {
    super(message, { code: 'validation', retryable: false });
    this.name = 'NoActiveSpanError';
  }
}

const SETUP_HINT =
  'call it inside tracer.startActiveSpan(...) with a tracer provider registered (NodeTracerProvider#register() or @vercel/otel registerOTel)';

/**
 * The annotation target of the active OpenTelemetry span (or of `options.span`): its hex span id
 * and trace id, and its session id when the span carries OpenInference's `session.id`. Send it to
 * the browser with the answer ({@link spanTargetMetadata}, {@link spanTargetHeaders}); the thumbs
 * under that answer then annotate this span.
 * @throws NoActiveSpanError when there is no active span, it has no valid ids (no SDK registered),
 *   or the sampler dropped it: such a span is never exported, so a vote on it could never land.
 */
export function getSpanTarget(options: GetSpanTargetOptions = {}): SpanTarget {
  const span = options.span ?? trace.getActiveSpan();
  if (!span) throw new NoActiveSpanError(`getSpanTarget: there is no active OpenTelemetry span; ${SETUP_HINT}`);
  const context = span.spanContext();
  if (!isSpanContextValid(context)) {
    throw new NoActiveSpanError(
      `getSpanTarget: the active span has no valid ids (span id "${context.spanId}"), so it is not recorded; ${SETUP_HINT}`,
    );
  }
  if ((context.traceFlags & TraceFlags.SAMPLED) === 0) {
    throw new NoActiveSpanError(
      `getSpanTarget: the active span "${context.spanId}" was not sampled (trace flags ${context.traceFlags}), so it is never exported and a vote on it could never land; sample the requests you collect feedback on, or catch NoActiveSpanError and send the answer without a target`,
    );
  }
  // The SDK's spans expose their attributes; the API's Span interface does not, hence the structural read.
  const attributes = (span as { attributes?: Record<string, unknown> }).attributes;
  const fromSpan = attributes?.[SESSION_ID];
  const sessionId = options.sessionId ?? (typeof fromSpan === 'string' && fromSpan !== '' ? fromSpan : undefined);
  return validateSpanTarget(
    { kind: 'span', spanId: context.spanId, traceId: context.traceId, ...(sessionId === undefined ? {} : { sessionId }) },
    'span',
  );
}

/** Response headers that carry the target: `{ 'x-annokit-span-target': 'trace_id=…&span_id=…' }`; read them with `spanTargetFromHeaders`. */
export function spanTargetHeaders(target: SpanTarget): Record<string, string> {
  return { [SPAN_TARGET_HEADER]: formatSpanTargetHeader(target) };
}

/** Message metadata that carries the target: `{ annokit: target }`; read it with `spanTargetFromMetadata`. */
export function spanTargetMetadata(target: SpanTarget): { [SPAN_TARGET_METADATA_KEY]: SpanTarget } {
  return { [SPAN_TARGET_METADATA_KEY]: validateSpanTarget(target, 'target') };
}

/**
 * A `messageMetadata` callback for the AI SDK's `toUIMessageStreamResponse`: it attaches the target
 * to the assistant message when the message starts, so the thumbs can render while it streams.
 * `extra` adds your own metadata to the same part.
 */
export function spanTargetMessageMetadata<Extra extends Record<string, unknown> = Record<never, never>>(
  target: SpanTarget,
  extra?: Extra,
): (options: { part: { type: string } }) => (Extra & { [SPAN_TARGET_METADATA_KEY]: SpanTarget }) | undefined {
  const metadata = { ...(extra as Extra), ...spanTargetMetadata(target) };
  return ({ part }) => (part.type === 'start' ? metadata : undefined);
}
