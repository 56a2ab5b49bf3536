import { it } from 'vitest';
import { generateDemoProject } from '../../src/adapters/memory';
import { compareExperiment, computeAgreement, exportExamples, spansToExamples, type Annotation, type DatasetExample, type ExperimentRun } from '../../src/core';
import { median, report } from './report';

function time(run: () => unknown, repeats = 5): number {
  const samples: number[] = [];
  for (let i = 0; i < repeats; i += 1) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

function pairs(count: number): Annotation[] {
  const out: Annotation[] = [];
  const at = '2026-01-01T00:00:00.000Z';
  for (let i = 0; i < count; i += 1) {
    const target = { kind: 'span' as const, spanId: `s${i}` };
    const base = { target, name: 'correctness', explanation: null, metadata: {}, source: null, createdAt: at, updatedAt: at };
    const human = i % 3 === 0 ? 'incorrect' : 'correct';
    const judge = i % 7 === 0 ? 'incorrect' : 'correct';
    out.push({ ...base, id: `h${i}`, annotatorKind: 'HUMAN', label: human, score: (i % 10) / 10, identifier: 'u', userId: 'u' });
    out.push({ ...base, id: `j${i}`, annotatorKind: 'LLM', label: judge, score: ((i * 7) % 10) / 10, identifier: '', userId: null });
  }
  return out;
}

it('insights: agreement, comparison and export timings', async () => {
  // a reference row: on an idle 2-core machine this loop takes ~10 ms, so readers can scale the rest by the load seen
  const rows = [{ operation: 'reference: integer loop 1e7', size: '-', 'median ms': Number(time(() => { let s = 0; for (let i = 0; i < 1e7; i += 1) s += i; return s; }).toFixed(1)) }];
  for (const count of [1_000, 10_000, 100_000]) {
    const annotations = pairs(count);
    rows.push({ operation: 'computeAgreement (labels + scores)', size: `${count} pairs`, 'median ms': Number(time(() => computeAgreement(annotations, { name: 'correctness' })).toFixed(1)) });
  }
  const examples: DatasetExample[] = Array.from({ length: 10_000 }, (_, i) => ({
    id: `e${i}`,
    input: { input: `question ${i}` },
    output: { output: `answer, with "quotes" ${i}` },
    metadata: { annotations: { correctness: [{ label: i % 2 ? 'correct' : 'incorrect', annotator_kind: 'HUMAN' }] } },
    spanId: `s${i}`,
  }));
  const runs: ExperimentRun[] = examples.map((e, i) => ({
    id: `r${i}`, experimentId: 'x', exampleId: e.id!, output: null, error: null, startTime: null, endTime: null,
    evaluations: [{ name: 'correctness', annotatorKind: 'LLM', label: i % 3 ? 'correct' : 'incorrect', score: null, explanation: null, error: null }],
  }));
  const configs = [{ id: 'c', name: 'correctness', description: null, optimizationDirection: 'MAXIMIZE' as const, type: 'categorical' as const, values: [{ label: 'correct', score: 1 }, { label: 'incorrect', score: 0 }] }];
  rows.push({ operation: 'compareExperiment', size: '10000 examples', 'median ms': Number(time(() => compareExperiment({ examples, runs, configs })).toFixed(1)) });
  rows.push({ operation: 'exportExamples CSV', size: '10000 examples', 'median ms': Number(time(() => exportExamples(examples, 'csv')).toFixed(1)) });
  rows.push({ operation: 'exportExamples JSONL', size: '10000 examples', 'median ms': Number(time(() => exportExamples(examples, 'jsonl')).toFixed(1)) });
  const project = generateDemoProject({ spans: 10_000 });
  rows.push({ operation: 'spansToExamples', size: `${project.spans.length} spans`, 'median ms': Number(time(() => spansToExamples(project.spans, project.annotations)).toFixed(1)) });
  await report('insights', 'Insights (Node, 2 shared cores): median of 5 runs', rows);
});
