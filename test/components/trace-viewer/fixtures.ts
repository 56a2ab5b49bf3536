import type { Annotation, AnnotationConfigInput, Attributes, Span, SpanKind } from '../../../src/core';

export const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);

/** A span with defaults for everything not given. */
export function makeSpan(partial: Partial<Span> & { spanId: string }): Span {
  return {
    traceId: 'trace-1',
    parentId: null,
    name: partial.spanId,
    kind: 'CHAIN',
    startTime: T0,
    endTime: T0 + 100,
    status: { code: 'OK', message: null },
    attributes: {},
    events: [],
    ...partial,
  };
}

/** The reviewer of the review-console tests. */
export const REVIEWER = { id: 'rita', name: 'Rita' };

/** The categorical config the review-console tests label with. */
export const QUALITY: AnnotationConfigInput = { type: 'categorical', name: 'quality', values: [{ label: 'good', score: 1 }, { label: 'bad', score: 0 }] };

/** One LLM answer span per id, each in a trace of its own, a second apart and the first the newest. */
export function answerSpans(ids: readonly string[]): Span[] {
  return ids.map((spanId, index) =>
    makeSpan({
      spanId,
      traceId: `trace-${spanId}`,
      name: `answer ${spanId}`,
      kind: 'LLM',
      startTime: T0 - index * 1000,
      endTime: T0 - index * 1000 + 50,
      attributes: { input: { value: `question ${spanId}` }, output: { value: `reply ${spanId}` } },
    }),
  );
}

/** A small agent trace with an LLM call (messages, tool call, tokens), a retrieval, a tool and a failed step. */
export function agentTrace(): Span[] {
  const llmAttributes: Attributes = {
    llm: {
      model_name: 'gpt-4o-mini',
      token_count: { prompt: 120, completion: 30, total: 150 },
      input_messages: [
        { message: { role: 'system', content: 'You are a travel agent.' } },
        { message: { role: 'user', content: 'Find me a **cheap** flight to Lisbon' } },
      ],
      output_messages: [
        {
          message: {
            role: 'assistant',
            content: '',
            tool_calls: [{ tool_call: { id: 'call_1', function: { name: 'search_flights', arguments: '{"to":"LIS"}' } } }],
          },
        },
      ],
    },
    input: { value: '{"question":"Find me a cheap flight to Lisbon"}', mime_type: 'application/json' },
    output: { value: '# Flights\n\n- TAP 09:10 **€89**\n- easyJet 13:40 €64', mime_type: 'text/plain' },
  };
  return [
    makeSpan({ spanId: 'root', name: 'agent', kind: 'AGENT', startTime: T0, endTime: T0 + 2_000, attributes: { input: { value: 'Find me a cheap flight to Lisbon' }, output: { value: 'The cheapest is easyJet at €64.' } } }),
    makeSpan({ spanId: 'llm-1', parentId: 'root', name: 'plan', kind: 'LLM', startTime: T0 + 10, endTime: T0 + 800, attributes: llmAttributes }),
    makeSpan({
      spanId: 'retrieve',
      parentId: 'root',
      name: 'retrieve policies',
      kind: 'RETRIEVER',
      startTime: T0 + 810,
      endTime: T0 + 900,
      attributes: {
        retrieval: {
          documents: [
            { document: { id: 'doc-1', content: 'Refunds within 24h.', score: 0.91 } },
            { document: { id: 'doc-2', content: 'Baggage: 1 cabin bag.', score: 0.42 } },
          ],
        },
      },
    }),
    makeSpan({
      spanId: 'tool',
      parentId: 'root',
      name: 'search_flights',
      kind: 'TOOL',
      startTime: T0 + 900,
      endTime: T0 + 1_500,
      attributes: { tool: { name: 'search_flights', description: 'Searches flights', parameters: '{"type":"object"}' } },
    }),
    makeSpan({
      spanId: 'fail',
      parentId: 'tool',
      name: 'call airline api',
      kind: 'CHAIN',
      startTime: T0 + 950,
      endTime: T0 + 1_400,
      status: { code: 'ERROR', message: 'timeout' },
      events: [
        {
          name: 'exception',
          time: T0 + 1_400,
          attributes: { exception: { type: 'TimeoutError', message: 'airline api timed out', stacktrace: 'at fetch()' } },
        },
      ],
    }),
  ];
}

/**
 * A trace of `count` spans shaped like a long agent run: a root, `fanout` steps per level, depth
 * growing slowly. Deterministic.
 */
export function largeTrace(count: number, fanout = 10): Span[] {
  const spans: Span[] = [];
  const kinds: SpanKind[] = ['CHAIN', 'LLM', 'TOOL', 'RETRIEVER'];
  for (let i = 0; i < count; i += 1) {
    const parent = i === 0 ? null : `s${Math.floor((i - 1) / fanout)}`;
    const kind = kinds[i % kinds.length]!;
    spans.push({
      spanId: `s${i}`,
      traceId: 'big',
      parentId: parent,
      name: `${kind.toLowerCase()} step ${i}`,
      kind,
      // Nested windows: a child starts after and ends before its parent (lower ids are ancestors).
      startTime: T0 + i,
      endTime: T0 + 2 * count - i,
      status: { code: i % 97 === 0 && i > 0 ? 'ERROR' : 'OK', message: null },
      attributes: kind === 'LLM' ? { llm: { token_count: { total: 100 + (i % 50) } }, input: { value: `question ${i}` } } : { input: { value: `input ${i}` } },
      events: [],
    });
  }
  return spans;
}

let annotationCounter = 0;
/** An annotation on a span with defaults. */
export function makeAnnotation(partial: Partial<Annotation> & { spanId: string; name: string }): Annotation {
  const { spanId, ...rest } = partial;
  annotationCounter += 1;
  return {
    id: `a${annotationCounter}`,
    target: { kind: 'span', spanId },
    annotatorKind: 'HUMAN',
    label: null,
    score: null,
    explanation: null,
    identifier: `id${annotationCounter}`,
    metadata: {},
    source: null,
    userId: null,
    createdAt: new Date(T0).toISOString(),
    updatedAt: new Date(T0).toISOString(),
    ...rest,
  };
}
