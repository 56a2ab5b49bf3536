import type { Annotation, AnnotationConfig, AnnotatorKind, Span } from '../../src/core';
import type { MemorySeed } from '../../src/adapters/memory';

export const correctnessConfig: AnnotationConfig = {
  id: 'cfg-correctness',
  name: 'correctness',
  description: null,
  optimizationDirection: 'MAXIMIZE',
  type: 'categorical',
  values: [
    { label: 'correct', score: 1 },
    { label: 'incorrect', score: 0 },
  ],
};

export function llmSpan(spanId: string, question: string, answer: string): Span {
  return {
    spanId,
    traceId: `trace-${spanId}`,
    parentId: null,
    name: 'chat',
    kind: 'LLM',
    startTime: Date.UTC(2026, 0, 1),
    endTime: Date.UTC(2026, 0, 1) + 500,
    status: { code: 'OK', message: null },
    attributes: {
      llm: {
        input_messages: [{ message: { role: 'user', content: question } }],
        output_messages: [{ message: { role: 'assistant', content: answer } }],
      },
    },
    events: [],
  };
}

let n = 0;
export function stored(spanId: string, kind: AnnotatorKind, label: string, extra: Partial<Annotation> = {}): Annotation {
  n += 1;
  const at = new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString();
  return {
    id: `ann-${n}`,
    target: { kind: 'span', spanId },
    name: 'correctness',
    annotatorKind: kind,
    label,
    score: label === 'correct' ? 1 : 0,
    explanation: kind === 'LLM' ? `judge thinks ${label}` : null,
    identifier: kind === 'HUMAN' ? 'user:alice' : '',
    metadata: {},
    source: 'API',
    userId: kind === 'HUMAN' ? 'alice' : null,
    createdAt: at,
    updatedAt: at,
    ...extra,
  };
}

/**
 * Four spans: s1 and s2 the judge agrees with the human, s3 it does not (human incorrect, judge
 * correct), s4 only a human label. A dataset made from s1..s3 with the human labels, and an
 * experiment whose runs fix s3 (incorrect -> correct), break s1 and leave s2.
 */
export function insightsSeed(): MemorySeed {
  const spans = [
    llmSpan('s1', 'Capital of France?', 'Paris'),
    llmSpan('s2', '2+2?', '4'),
    llmSpan('s3', 'Largest planet?', 'Saturn'),
    llmSpan('s4', 'Boiling point of water?', '100 °C'),
  ];
  const annotations = [
    stored('s1', 'HUMAN', 'correct'),
    stored('s1', 'LLM', 'correct'),
    stored('s2', 'HUMAN', 'incorrect'),
    stored('s2', 'LLM', 'incorrect'),
    stored('s3', 'HUMAN', 'incorrect'),
    stored('s3', 'LLM', 'correct'),
    stored('s4', 'HUMAN', 'correct'),
  ];
  const example = (id: string, spanId: string, label: string) => ({
    id,
    input: { question: spanId },
    output: { answer: spanId },
    metadata: { span_kind: 'LLM', annotations: { correctness: [{ label, score: label === 'correct' ? 1 : 0, annotator_kind: 'HUMAN' }] } },
    spanId,
  });
  const at = '2026-01-02T00:00:00.000Z';
  const evaluation = (label: string) => ({ name: 'correctness', annotatorKind: 'LLM' as const, label, score: label === 'correct' ? 1 : 0, explanation: null, error: null });
  const run = (id: string, exampleId: string, label: string) => ({
    id,
    experimentId: 'x1',
    exampleId,
    output: { answer: 'new' },
    error: null,
    startTime: at,
    endTime: at,
    evaluations: [evaluation(label)],
  });
  return {
    spans,
    annotations,
    configs: [correctnessConfig],
    datasets: [
      {
        id: 'd1',
        name: 'golden',
        description: null,
        exampleCount: 3,
        metadata: {},
        createdAt: at,
        updatedAt: at,
        examples: [example('e1', 's1', 'correct'), example('e2', 's2', 'incorrect'), example('e3', 's3', 'incorrect')],
      },
    ],
    experiments: [
      {
        id: 'x1',
        datasetId: 'd1',
        name: 'prompt v2',
        createdAt: at,
        metadata: {},
        runCount: 3,
        runs: [run('r1', 'e1', 'incorrect'), run('r2', 'e2', 'incorrect'), run('r3', 'e3', 'correct')],
      },
    ],
  };
}

export const spanTargets = (...ids: string[]) => ids.map((spanId) => ({ kind: 'span' as const, spanId }));
