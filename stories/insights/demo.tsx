import type { Decorator } from '@storybook/react-vite';
import { useState, type ReactNode } from 'react';
import { createMemoryAdapter, type MemorySeed } from '../../src/adapters/memory';
import type { AnnotationAdapter, AnnotationTarget, Span } from '../../src/core';
import { AnnotationProvider, createAnnokitQueryClient } from '../../src/provider';

/** The seed every story in this folder starts from. */
export function demoSeed(): MemorySeed {
  return buildSeed();
}

/** The span targets of the seed's LLM spans (what the judge and the reviewers annotated). */
export function demoTargets(seed: MemorySeed): AnnotationTarget[] {
  return demoSpans(seed).map((span) => ({ kind: 'span', spanId: span.spanId }));
}

/** The LLM spans of the seed. */
export function demoSpans(seed: MemorySeed): Span[] {
  return (seed.spans ?? []).filter((span) => span.kind === 'LLM');
}

/** A provider over a fresh memory adapter, so each story starts from the same data. */
export function DemoProvider({ adapter, children }: { adapter?: AnnotationAdapter; children: ReactNode }) {
  const [state] = useState(() => ({
    adapter: adapter ?? createMemoryAdapter({ seed: demoSeed() }),
    queryClient: createAnnokitQueryClient(),
  }));
  return (
    <AnnotationProvider adapter={state.adapter} queryClient={state.queryClient} user={{ id: 'reviewer-1', name: 'Rita' }}>
      {children}
    </AnnotationProvider>
  );
}

export const withDemoProvider: Decorator = (Story) => (
  <DemoProvider>
    <Story />
  </DemoProvider>
);

/** An adapter whose every read fails, for error states. */
export function failingAdapter(): AnnotationAdapter {
  const base = createMemoryAdapter({ seed: demoSeed() });
  const fail = () => Promise.reject(new Error('The backend is unreachable'));
  return { ...base, listAnnotations: fail, listDatasetExamples: fail, listExperimentRuns: fail, listExperiments: fail, listDatasets: fail };
}

/** An adapter that never answers within a story, for loading states. */
export function slowAdapter(): AnnotationAdapter {
  return createMemoryAdapter({ seed: demoSeed(), latencyMs: 3_600_000 });
}

/** The demo adapter without some methods, for missing-capability states. */
export function adapterWithout(...methods: (keyof AnnotationAdapter)[]): AnnotationAdapter {
  const copy = { ...createMemoryAdapter({ seed: demoSeed() }) } as Record<string, unknown>;
  for (const method of methods) delete copy[method];
  return copy as unknown as AnnotationAdapter;
}

// A small support-bot project: twelve answers, each labelled by a reviewer and by an LLM judge
// that disagrees on three of them; a dataset of the first eight with the labels preserved, and two
// experiments over it (one fixes two answers and breaks one, one changes nothing).
const QUESTIONS: [string, string, 'correct' | 'incorrect', 'correct' | 'incorrect'][] = [
  ['How do I reset my password?', 'Use “Forgot password” on the sign-in page.', 'correct', 'correct'],
  ['Can I export my data as CSV?', 'Yes, from Settings → Export.', 'correct', 'correct'],
  ['Do you support SSO?', 'No, we do not.', 'incorrect', 'correct'],
  ['What is the refund window?', '30 days from purchase.', 'correct', 'correct'],
  ['Is there a mobile app?', 'Only on Android.', 'incorrect', 'incorrect'],
  ['How many seats are in the team plan?', 'Ten seats, more on request.', 'correct', 'incorrect'],
  ['Can I change my username?', 'Yes, once every 30 days.', 'correct', 'correct'],
  ['Where are invoices?', 'Invoices are emailed only.', 'incorrect', 'incorrect'],
  ['Does the API have rate limits?', '=HYPERLINK("http://x","100 per minute")', 'incorrect', 'correct'],
  ['Is my data encrypted?', 'Yes, at rest and in transit.', 'correct', 'correct'],
  ['Can I pause my subscription?', 'Yes, for up to three months.', 'correct', 'correct'],
  ['What languages are supported?', 'English and German.', 'incorrect', 'incorrect'],
];

function buildSeed(): MemorySeed {
  const t0 = Date.UTC(2026, 10, 20, 9);
  const iso = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();
  const spans: Span[] = QUESTIONS.map(([question, answer], i) => ({
    spanId: `span-${String(i + 1).padStart(2, '0')}`,
    traceId: `trace-${String(i + 1).padStart(2, '0')}`,
    parentId: null,
    name: 'support_answer',
    kind: 'LLM',
    startTime: t0 + i * 60_000,
    endTime: t0 + i * 60_000 + 800 + i * 37,
    status: { code: 'OK', message: null },
    attributes: {
      llm: {
        model_name: 'gpt-4o-mini',
        input_messages: [
          { message: { role: 'system', content: 'Answer support questions from the help centre.' } },
          { message: { role: 'user', content: question } },
        ],
        output_messages: [{ message: { role: 'assistant', content: answer } }],
      },
      metadata: JSON.stringify({ channel: i % 2 ? 'web' : 'email' }),
    },
    events: [],
  }));
  const annotations = QUESTIONS.flatMap(([, , human, judge], i) => {
    const spanId = spans[i]!.spanId;
    const score = (label: string) => (label === 'correct' ? 1 : 0);
    return [
      {
        id: `h-${i}`,
        target: { kind: 'span' as const, spanId },
        name: 'correctness',
        annotatorKind: 'HUMAN' as const,
        label: human,
        score: score(human),
        explanation: null,
        identifier: 'user:rita',
        metadata: {},
        source: 'APP',
        userId: 'rita',
        createdAt: iso(100 + i),
        updatedAt: iso(100 + i),
      },
      {
        id: `j-${i}`,
        target: { kind: 'span' as const, spanId },
        name: 'correctness',
        annotatorKind: 'LLM' as const,
        label: judge,
        score: score(judge),
        explanation:
          human === judge
            ? `The answer ${judge === 'correct' ? 'matches' : 'contradicts'} the help-centre article.`
            : `I judged it ${judge}: the answer sounds plausible and cites no source.`,
        identifier: '',
        metadata: { model: 'judge-v1' },
        source: 'API',
        userId: null,
        createdAt: iso(50 + i),
        updatedAt: iso(50 + i),
      },
    ];
  });
  const examples = spans.slice(0, 8).map((span, i) => ({
    id: `example-${i + 1}`,
    input: { question: QUESTIONS[i]![0] },
    output: { answer: QUESTIONS[i]![1] },
    metadata: {
      span_kind: 'LLM',
      annotations: {
        correctness: [{ label: QUESTIONS[i]![2], score: QUESTIONS[i]![2] === 'correct' ? 1 : 0, explanation: null, annotator_kind: 'HUMAN', user_id: 'rita' }],
      },
    },
    spanId: span.spanId,
  }));
  const fixed = new Set([2, 4]);
  const broken = new Set([5]);
  const run = (experimentId: string, i: number, label: string) => ({
    id: `${experimentId}-run-${i + 1}`,
    experimentId,
    exampleId: `example-${i + 1}`,
    output: { answer: 'new answer' },
    error: null,
    startTime: iso(300 + i),
    endTime: iso(300 + i),
    evaluations: [{ name: 'correctness', annotatorKind: 'LLM' as const, label, score: label === 'correct' ? 1 : 0, explanation: null, error: null }],
  });
  const flip = (label: string) => (label === 'correct' ? 'incorrect' : 'correct');
  return {
    spans,
    annotations,
    configs: [
      {
        id: 'config-correctness',
        name: 'correctness',
        description: 'Is the answer right according to the help centre?',
        optimizationDirection: 'MAXIMIZE',
        type: 'categorical',
        values: [
          { label: 'correct', score: 1 },
          { label: 'incorrect', score: 0 },
        ],
      },
    ],
    datasets: [
      { id: 'dataset-1', name: 'support golden set', description: 'Reviewed answers', exampleCount: 8, metadata: {}, createdAt: iso(200), updatedAt: iso(200), examples },
    ],
    experiments: [
      {
        id: 'experiment-1',
        datasetId: 'dataset-1',
        name: 'prompt v2 (cites sources)',
        createdAt: iso(300),
        metadata: {},
        runCount: 8,
        runs: examples.map((_, i) => run('experiment-1', i, fixed.has(i) || broken.has(i) ? flip(QUESTIONS[i]![2]) : QUESTIONS[i]![2])),
      },
      {
        id: 'experiment-2',
        datasetId: 'dataset-1',
        name: 'temperature 0',
        createdAt: iso(400),
        metadata: {},
        runCount: 8,
        runs: examples.map((_, i) => run('experiment-2', i, QUESTIONS[i]![2])),
      },
    ],
  };
}
