import type { Annotation, AnnotatorKind, Attributes, Span, SpanKind, SpanStatusCode } from '../../../src/core';

const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A span with sensible defaults; `overrides` win. */
export function makeSpan(overrides: Partial<Span> & { spanId: string }): Span {
  return {
    traceId: 't1',
    parentId: null,
    name: 'chat',
    kind: 'LLM',
    startTime: T0,
    endTime: T0 + 500,
    status: { code: 'OK', message: null },
    attributes: {},
    events: [],
    ...overrides,
  };
}

/**
 * The hand-made spans the filter tests name by id (`span_id == 'llm'`): the semantics tests pick
 * them with {@link namedSpan}, and the Phoenix differential suites store them all in a project.
 */
export function namedSpans(): Span[] {
  return [
    makeSpan({
      spanId: 'llm',
      name: 'ChatCompletion',
      kind: 'LLM',
      startTime: T0,
      endTime: T0 + 1500,
      attributes: {
        input: { value: 'How do I get a REFUND?' },
        llm: { model_name: 'gpt-4o', token_count: { prompt: 100, completion: 20, total: 120 } },
        metadata: { plan: 'pro', tier: '2', flag: 'true', tags: ['a', 'b'] },
        retrieval: { documents: [{ document: { id: 'd1' } }, { document: { id: 'd2' } }] },
      },
    }),
    makeSpan({
      spanId: 'tool',
      name: 'search',
      kind: 'TOOL',
      startTime: T0 + 100,
      endTime: T0 + 300,
      status: { code: 'ERROR', message: 'timeout after 30s' },
      attributes: { input: { value: 'weather in Paris' }, metadata: { plan: 'free', tier: 10, flag: false } },
    }),
    makeSpan({ spanId: 'root', traceId: 't2', parentId: null, name: 'agent', kind: 'AGENT', startTime: T0 + 1000, endTime: T0 + 4000 }),
    makeSpan({
      spanId: 'child',
      traceId: 't2',
      parentId: 'root',
      startTime: T0 + 1100,
      endTime: T0 + 2000,
      attributes: { llm: { token_count: { prompt: 10, completion: 5, total: 15 } } },
    }),
    makeSpan({
      spanId: 'grandchild',
      traceId: 't2',
      parentId: 'child',
      startTime: T0 + 1200,
      endTime: T0 + 1900,
      attributes: { llm: { token_count: { prompt: 1, completion: 1, total: 2 } } },
    }),
    makeSpan({
      spanId: 'orphan',
      traceId: 't3',
      parentId: 'gone',
      startTime: T0 + 5000,
      endTime: T0 + 5007,
      attributes: { llm: { token_count: { prompt: 7, completion: 0, total: 7 } } },
    }),
    makeSpan({ spanId: 'pair', traceId: 't4', kind: 'CHAIN', attributes: { a: '9', b: '10' } }),
    makeSpan({ spanId: 'json', traceId: 't4', kind: 'CHAIN', attributes: { metadata: '{"plan": "pro", "n": 3}' } }),
    makeSpan({ spanId: 'plain', traceId: 't4', kind: 'CHAIN', attributes: { a: { b: 1 } } }),
    makeSpan({ spanId: 'p', traceId: 't4', kind: 'TOOL', attributes: { parent: 'x' } }),
    makeSpan({ spanId: 'x', traceId: 't4', name: 'foo', kind: 'TOOL', attributes: { input: { value: 'a FOO b' } } }),
  ];
}

/** The span of {@link namedSpans} with this id (a fresh copy). */
export function namedSpan(spanId: string): Span {
  const span = namedSpans().find((candidate) => candidate.spanId === spanId);
  if (!span) throw new Error(`No named filter fixture span has the id ${JSON.stringify(spanId)}`);
  return span;
}

let annotationCount = 0;

/** A span annotation with sensible defaults. */
export function makeAnnotation(
  spanId: string,
  name: string,
  fields: { label?: string | null; score?: number | null; explanation?: string | null; annotatorKind?: AnnotatorKind; identifier?: string } = {},
): Annotation {
  annotationCount++;
  return {
    id: `a${annotationCount}`,
    target: { kind: 'span', spanId },
    name,
    annotatorKind: fields.annotatorKind ?? 'HUMAN',
    label: fields.label ?? null,
    score: fields.score ?? null,
    explanation: fields.explanation ?? null,
    identifier: fields.identifier ?? '',
    metadata: {},
    source: 'APP',
    userId: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

/** A small deterministic PRNG (mulberry32) so generated projects are the same on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const QUESTIONS = [
  'How do I get a refund for my order?',
  'What is the weather in Paris tomorrow?',
  'Summarise this contract in three bullet points',
  'Why was my card declined?',
  'Translate "good morning" into Japanese',
  'Can I change my delivery address after the REFUND request?',
  'Write a haiku about databases',
  'What are your opening hours on Sunday?',
];
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4', 'llama-3.1-70b'];
const KINDS: SpanKind[] = ['CHAIN', 'LLM', 'RETRIEVER', 'TOOL', 'LLM'];

/** A generated project: `traceCount` traces of five spans each, with correctness and helpfulness annotations on LLM spans. */
export function generateProject(traceCount: number, seed = 7): { spans: Span[]; annotations: Annotation[] } {
  const next = random(seed);
  const spans: Span[] = [];
  const annotations: Annotation[] = [];
  for (let t = 0; t < traceCount; t++) {
    const traceId = `trace-${t}`;
    const start = T0 + t * 60_000;
    const question = QUESTIONS[Math.floor(next() * QUESTIONS.length)]!;
    for (let s = 0; s < KINDS.length; s++) {
      const kind = KINDS[s]!;
      const spanId = `${traceId}-${s}`;
      const latency = Math.round(50 + next() * 3000);
      const status: SpanStatusCode = next() < 0.05 ? 'ERROR' : 'OK';
      const attributes: Attributes = { input: { value: question, mime_type: 'text/plain' }, output: { value: `answer ${t}` } };
      if (kind === 'LLM') {
        const prompt = Math.round(100 + next() * 2000);
        const completion = Math.round(20 + next() * 500);
        attributes.llm = {
          model_name: MODELS[Math.floor(next() * MODELS.length)]!,
          token_count: { prompt, completion, total: prompt + completion },
        };
      }
      attributes.metadata = { user_id: `user-${t % 97}`, plan: t % 3 === 0 ? 'pro' : 'free' };
      spans.push({
        spanId,
        traceId,
        parentId: s === 0 ? null : `${traceId}-0`,
        name: kind === 'LLM' ? 'ChatCompletion' : kind === 'CHAIN' ? 'agent' : kind.toLowerCase(),
        kind,
        startTime: start + s * 10,
        endTime: start + s * 10 + latency,
        status: { code: status, message: status === 'ERROR' ? 'upstream timeout' : null },
        attributes,
        events: [],
      });
      if (kind === 'LLM') {
        if (next() < 0.8) {
          const correct = next() < 0.7;
          annotations.push(
            makeAnnotation(spanId, 'correctness', {
              label: correct ? 'correct' : 'incorrect',
              score: correct ? 1 : 0,
              annotatorKind: next() < 0.5 ? 'LLM' : 'HUMAN',
              explanation: correct ? 'matches the reference' : 'contradicts the policy',
            }),
          );
        }
        if (next() < 0.6) {
          annotations.push(makeAnnotation(spanId, 'helpfulness', { score: Math.round(next() * 100) / 100, annotatorKind: 'LLM' }));
        }
      }
    }
  }
  return { spans, annotations };
}
