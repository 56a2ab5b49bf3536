import { toAnnokitError } from '../core/errors';
import type { Span } from '../core/model';
import { loadOtelSdkSpans } from '../core/spans/formats/otelSdk';

/** HrTime as the OpenTelemetry JS SDK writes times: `[seconds, nanoseconds]`. */
type HrTime = [number, number];

/** The parts of an OpenTelemetry SDK `ReadableSpan` the exporter reads (SDK 1.x and 2.x). */
export interface ReadableSpanLike {
  readonly name: string;
  readonly kind: number;
  spanContext(): { traceId: string; spanId: string };
  /** SDK 2.x. */
  readonly parentSpanContext?: { spanId: string } | undefined;
  /** SDK 1.x. */
  readonly parentSpanId?: string | undefined;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly status: { code: number; message?: string | undefined };
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly events: readonly { name: string; time: HrTime; attributes?: Readonly<Record<string, unknown>> | undefined }[];
}

/** OpenTelemetry's `ExportResult`: code 0 is success, 1 failure. */
export interface SpanExportResult {
  code: 0 | 1;
  error?: Error;
}

/** An OpenTelemetry `SpanExporter`, typed structurally so annokit needs no OpenTelemetry SDK package. */
export interface SpanStoreExporter {
  export(spans: ReadableSpanLike[], resultCallback: (result: SpanExportResult) => void): void;
  shutdown(): Promise<void>;
  forceFlush(): Promise<void>;
}

/** Where the exporter puts the spans: the memory adapter has `addSpans`. */
export interface SpanStore {
  addSpans(spans: Span[]): Promise<void> | void;
}

/**
 * An OpenTelemetry span exporter that loads every finished span into a store the kit reads (a
 * memory adapter in your Node server), through the same loader as `loadOtelSdkSpans`: chat and
 * review console then see the same traces with no tracing backend. Put it behind OpenInference's
 * span processor so AI SDK spans carry OpenInference attributes. For development, demos and tests;
 * production traces belong in Phoenix or Langfuse.
 */
export function createSpanStoreExporter(store: SpanStore): SpanStoreExporter {
  let shutDown = false;
  const pending = new Set<Promise<unknown>>();
  return {
    export(spans, resultCallback) {
      if (shutDown) {
        resultCallback({ code: 1, error: new Error('createSpanStoreExporter: export after shutdown') });
        return;
      }
      const work = (async () => {
        const loaded = loadOtelSdkSpans(
          spans.map((span) => ({
            spanContext: { ...span.spanContext() },
            parentSpanContext: span.parentSpanContext ? { spanId: span.parentSpanContext.spanId } : undefined,
            parentSpanId: span.parentSpanId,
            name: span.name,
            kind: span.kind,
            startTime: span.startTime,
            endTime: span.endTime,
            status: { ...span.status },
            attributes: { ...span.attributes },
            events: span.events.map((event) => ({ name: event.name, time: event.time, attributes: { ...event.attributes } })),
          })),
        );
        await store.addSpans(loaded);
      })().then(
        () => resultCallback({ code: 0 }),
        (error: unknown) => resultCallback({ code: 1, error: toAnnokitError(error) }),
      );
      pending.add(work);
      void work.finally(() => pending.delete(work));
    },
    async forceFlush() {
      await Promise.all([...pending]);
    },
    async shutdown() {
      shutDown = true;
      await Promise.all([...pending]);
    },
  };
}
