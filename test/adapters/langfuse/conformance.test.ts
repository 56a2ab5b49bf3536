import { afterAll, afterEach, expect } from 'vitest';
import { createLangfuseAdapter } from '../../../src/adapters/langfuse';
import type { Span } from '../../../src/core';
import { describeAdapterConformance } from '../conformance';
import { PUBLIC_KEY, SECRET_KEY, startFakeLangfuse, type FakeLangfuse } from './fake-langfuse';

const fake = await startFakeLangfuse();
afterAll(() => fake.close());
afterEach(() => {
  expect(fake.violations.splice(0)).toEqual([]);
});

const create = () => createLangfuseAdapter({ baseUrl: fake.url, publicKey: PUBLIC_KEY, secretKey: SECRET_KEY });

const KIND_TYPE: Record<string, string> = { LLM: 'GENERATION', AGENT: 'AGENT', TOOL: 'TOOL', CHAIN: 'CHAIN', RETRIEVER: 'RETRIEVER' };

/** Loads spans into the fake as Langfuse observations grouped into traces. */
export function seedObservations(target: FakeLangfuse, spans: readonly Span[]): void {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  for (const span of spans) {
    target.observations.set(span.spanId, {
      id: span.spanId,
      traceId: span.traceId,
      type: KIND_TYPE[span.kind] ?? 'SPAN',
      name: span.name,
      startTime: iso(span.startTime) ?? new Date(0).toISOString(),
      endTime: iso(span.endTime),
      completionStartTime: null,
      model: null,
      modelParameters: {},
      input: null,
      version: null,
      metadata: { attributes: { 'openinference.span.kind': span.kind } },
      output: null,
      usage: { unit: 'TOKENS', input: 0, output: 0, total: 0 },
      level: span.status.code === 'ERROR' ? 'ERROR' : 'DEFAULT',
      statusMessage: span.status.message,
      parentObservationId: span.parentId,
      promptId: null,
      usageDetails: {},
      costDetails: {},
      environment: 'default',
      // the fields of Langfuse's observation view
      promptName: null,
      promptVersion: null,
      modelId: null,
      inputPrice: null,
      outputPrice: null,
      totalPrice: null,
      calculatedInputCost: null,
      calculatedOutputCost: null,
      calculatedTotalCost: null,
      latency: null,
      timeToFirstToken: null,
    });
    if (!target.traces.has(span.traceId)) {
      target.traces.set(span.traceId, {
        id: span.traceId,
        timestamp: iso(span.startTime) ?? new Date(0).toISOString(),
        name: span.name,
        sessionId: null,
        release: null,
        version: null,
        userId: null,
        tags: [],
        public: false,
        environment: 'default',
      });
    }
  }
}

describeAdapterConformance({
  name: 'langfuse (fake on 127.0.0.1)',
  create,
  reset: () => fake.reset(),
  seed: (data) => {
    seedObservations(fake, data.spans);
    return create();
  },
});
