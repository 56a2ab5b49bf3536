// @vitest-environment node
import { context, trace } from '@opentelemetry/api';
import { AlwaysOffSampler, BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { SPAN_TARGET_HEADER, spanTargetFromHeaders, spanTargetFromMetadata } from '../../src/core';
import {
  NoActiveSpanError,
  createSpanStoreExporter,
  getSpanTarget,
  spanTargetHeaders,
  spanTargetMessageMetadata,
  spanTargetMetadata,
} from '../../src/server';

const contextManager = new AsyncLocalStorageContextManager();
beforeAll(() => {
  contextManager.enable();
  context.setGlobalContextManager(contextManager);
});
afterAll(() => {
  context.disable();
});

function provider(...exporters: { export: InMemorySpanExporter['export']; shutdown(): Promise<void> }[]) {
  return new BasicTracerProvider({ spanProcessors: exporters.map((exporter) => new SimpleSpanProcessor(exporter)) });
}

describe('getSpanTarget', () => {
  it('returns the hex ids of the active span, and its session from session.id', async () => {
    const tracer = provider(new InMemorySpanExporter()).getTracer('test');
    await tracer.startActiveSpan('turn', { attributes: { 'session.id': 'chat-7' } }, async (span) => {
      await new Promise((resolve) => setTimeout(resolve, 1)); // still active across an await
      const target = getSpanTarget();
      expect(target).toEqual({ kind: 'span', spanId: span.spanContext().spanId, traceId: span.spanContext().traceId, sessionId: 'chat-7' });
      expect(getSpanTarget({ sessionId: 'other' }).sessionId).toBe('other');
      span.end();
    });
  });

  it('points at a span passed explicitly, without a session when it has none', () => {
    const span = provider(new InMemorySpanExporter()).getTracer('test').startSpan('not active');
    expect(getSpanTarget({ span })).toEqual({ kind: 'span', spanId: span.spanContext().spanId, traceId: span.spanContext().traceId });
    span.end();
  });

  it('throws a clear error outside any span', () => {
    expect(() => getSpanTarget()).toThrow(NoActiveSpanError);
    expect(() => getSpanTarget()).toThrow(/no active OpenTelemetry span; call it inside tracer.startActiveSpan/);
  });

  it('throws a clear error for a span with no valid ids (no tracer provider registered)', () => {
    const span = trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 });
    expect(() => getSpanTarget({ span })).toThrow(/has no valid ids \(span id "0000000000000000"\)/);
  });

  it('refuses a span the sampler dropped (it is never exported, so a vote on it could never land), naming it', async () => {
    const exporter = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ sampler: new AlwaysOffSampler(), spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('test');
    await tracer.startActiveSpan('turn', async (span) => {
      const { spanId } = span.spanContext();
      expect(() => getSpanTarget()).toThrow(NoActiveSpanError);
      expect(() => getSpanTarget()).toThrow(new RegExp(`span "${spanId}" was not sampled \\(trace flags 0\\)`));
      span.end();
    });
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});

describe('putting the target into a response', () => {
  const target = { kind: 'span' as const, spanId: 'a1b2c3d4e5f60718', traceId: '0123456789abcdef0123456789abcdef', sessionId: 's 1' };

  it('sets a header the browser reads back', () => {
    const response = new Response('ok', { headers: spanTargetHeaders(target) });
    expect(response.headers.get(SPAN_TARGET_HEADER)).toBeTruthy();
    expect(spanTargetFromHeaders(response)).toEqual(target);
  });

  it('writes message metadata the browser reads back', () => {
    expect(spanTargetFromMetadata(spanTargetMetadata(target))).toEqual(target);
  });

  it('attaches the metadata to the start part of an AI SDK message stream only, with extra fields kept', () => {
    const callback = spanTargetMessageMetadata(target, { model: 'mock' });
    expect(callback({ part: { type: 'start' } })).toEqual({ model: 'mock', annokit: target });
    expect(callback({ part: { type: 'text-delta' } })).toBeUndefined();
    expect(callback({ part: { type: 'finish' } })).toBeUndefined();
  });

  it('refuses a malformed target before it reaches a response, naming the field', () => {
    expect(() => spanTargetHeaders({ ...target, traceId: 'nope' })).toThrow(/target\.traceId: expected an OpenTelemetry trace id/);
  });
});

describe('createSpanStoreExporter', () => {
  it('loads finished SDK spans into a memory adapter: ids, parent, times, attributes, events, status', async () => {
    const store = createMemoryAdapter();
    const recorded = new InMemorySpanExporter();
    const tracer = provider(recorded, createSpanStoreExporter(store)).getTracer('test');
    let ids: { trace: string; root: string; child: string } | undefined;
    await tracer.startActiveSpan('root', { attributes: { 'openinference.span.kind': 'CHAIN', 'input.value': 'hi', 'session.id': 's-9' } }, async (root) => {
      const child = tracer.startSpan('child', { attributes: { 'openinference.span.kind': 'LLM', 'llm.model_name': 'mock' } });
      child.addEvent('first token', { 'token.index': 0 });
      child.setStatus({ code: 2, message: 'boom' });
      child.end();
      root.end();
      ids = { trace: root.spanContext().traceId, root: root.spanContext().spanId, child: child.spanContext().spanId };
    });
    // Oldest first; the two may start in the same millisecond, so compare them by name.
    const spans = (await store.getTrace(ids!.trace)).sort((a, b) => b.name.localeCompare(a.name));
    expect(spans.map((span) => [span.name, span.spanId, span.kind, span.parentId])).toEqual([
      ['root', ids!.root, 'CHAIN', null],
      ['child', ids!.child, 'LLM', ids!.root],
    ]);
    const [root, child] = spans;
    expect(root!.attributes).toMatchObject({ input: { value: 'hi' }, session: { id: 's-9' } });
    expect(child!.status).toEqual({ code: 'ERROR', message: 'boom' });
    expect(child!.events).toEqual([expect.objectContaining({ name: 'first token', attributes: { token: { index: 0 } } })]);
    const sdkChild = recorded.getFinishedSpans().find((span) => span.name === 'child')!;
    expect(child!.startTime).toBe(sdkChild.startTime[0] * 1000 + sdkChild.startTime[1] / 1e6);
    expect((await store.listSessions({})).data.map((session) => session.sessionId)).toEqual(['s-9']);
  });

  it('reports a failed export when the store refuses the spans, and refuses exports after shutdown', async () => {
    const failing = createSpanStoreExporter({ addSpans: () => Promise.reject(new Error('disk full')) });
    const span = provider(new InMemorySpanExporter()).getTracer('test').startSpan('x');
    span.end();
    const result = await new Promise<{ code: number; error?: Error }>((resolve) => failing.export([span as never], resolve));
    expect(result.code).toBe(1);
    expect(result.error?.message).toBe('disk full');
    await failing.shutdown();
    const after = await new Promise<{ code: number; error?: Error }>((resolve) => failing.export([], resolve));
    expect(after).toMatchObject({ code: 1, error: expect.objectContaining({ message: expect.stringMatching(/after shutdown/) }) });
  });
});
