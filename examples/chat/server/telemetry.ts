import { OpenInferenceSimpleSpanProcessor } from '@arizeai/openinference-vercel';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { MemoryAdapter } from 'annokit/adapters/memory';
import { createSpanStoreExporter } from 'annokit/server';

export type TraceDestination =
  | { kind: 'memory'; store: MemoryAdapter }
  | { kind: 'phoenix'; baseUrl: string; projectName: string; headers: Record<string, string> };

/**
 * OpenTelemetry as the README sets it up: OpenInference's span processor for the AI SDK's spans, and
 * an exporter to Phoenix (OTLP) or, with no tracing backend, into the example's own memory store.
 */
export function createTracerProvider(destination: TraceDestination): NodeTracerProvider {
  const exporter: SpanExporter =
    destination.kind === 'memory'
      ? createSpanStoreExporter(destination.store)
      : new OTLPTraceExporter({
          url: `${destination.baseUrl.replace(/\/$/, '')}/v1/traces`,
          // Phoenix files the spans under the project this header names.
          headers: { ...destination.headers, 'x-project-name': destination.projectName },
        });
  return new NodeTracerProvider({ spanProcessors: [new OpenInferenceSimpleSpanProcessor({ exporter })] });
}
