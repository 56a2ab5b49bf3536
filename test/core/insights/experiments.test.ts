import { describe, expect, it } from 'vitest';
import {
  compareExperiment,
  type AnnotationConfig,
  type DatasetExample,
  type ExperimentEvaluation,
  type ExperimentRun,
} from '../../../src/core';

const correctness: AnnotationConfig = {
  id: 'c1',
  name: 'correctness',
  description: null,
  optimizationDirection: 'MAXIMIZE',
  type: 'categorical',
  values: [
    { label: 'correct', score: 1 },
    { label: 'partial', score: 0.5 },
    { label: 'incorrect', score: 0 },
  ],
};
const latency: AnnotationConfig = {
  id: 'c2',
  name: 'hallucination',
  description: null,
  optimizationDirection: 'MINIMIZE',
  type: 'continuous',
  lowerBound: 0,
  upperBound: 1,
};
const tone: AnnotationConfig = { id: 'c3', name: 'tone', description: null, optimizationDirection: 'NONE', type: 'categorical', values: [{ label: 'formal' }, { label: 'casual' }] };

function example(id: string, annotations: Record<string, unknown>): DatasetExample {
  return { id, input: { q: id }, output: { a: id }, metadata: { span_kind: 'LLM', annotations }, spanId: `span-${id}` };
}

function run(exampleId: string, evaluations: Partial<ExperimentEvaluation>[], id = `run-${exampleId}`): ExperimentRun {
  return {
    id,
    experimentId: 'x1',
    exampleId,
    output: null,
    error: null,
    startTime: null,
    endTime: null,
    evaluations: evaluations.map((e) => ({ name: 'correctness', annotatorKind: 'LLM', label: null, score: null, explanation: null, error: null, ...e })),
  };
}

const human = (label: string, extra: Record<string, unknown> = {}) => ({ label, score: null, explanation: null, annotator_kind: 'HUMAN', user_id: 'u1', ...extra });

describe('compareExperiment', () => {
  it('classifies improved, regressed and unchanged by the categorical config scores and direction', () => {
    const result = compareExperiment({
      examples: [
        example('e1', { correctness: [human('incorrect')] }),
        example('e2', { correctness: [human('correct')] }),
        example('e3', { correctness: [human('partial')] }),
      ],
      runs: [run('e1', [{ label: 'partial' }]), run('e2', [{ label: 'incorrect' }]), run('e3', [{ label: 'partial' }])],
      configs: [correctness],
    });
    expect(result.names).toEqual(['correctness']);
    expect(result.examples.map((e) => e.status)).toEqual(['improved', 'regressed', 'unchanged']);
    expect(result.examples[0]!.comparisons[0]).toMatchObject({ baseline: { label: 'incorrect', score: 0 }, current: { label: 'partial', score: 0.5 }, delta: 0.5, direction: 'MAXIMIZE' });
    expect(result.totals).toMatchObject({ improved: 1, regressed: 1, unchanged: 1, mixed: 0 });
    // deltas: +0.5, -1, 0 -> mean -1/6; baselines 0, 1, .5 -> .5; current .5, 0, .5 -> 1/3
    expect(result.byName[0]!.meanDelta).toBeCloseTo(-1 / 6, 12);
    expect(result.byName[0]!.meanBaseline).toBeCloseTo(0.5, 12);
    expect(result.byName[0]!.meanCurrent).toBeCloseTo(1 / 3, 12);
  });

  it('treats a lower score as an improvement when the direction is MINIMIZE', () => {
    const result = compareExperiment({
      examples: [example('e1', { hallucination: [{ score: 0.8, annotator_kind: 'HUMAN' }] })],
      runs: [run('e1', [{ name: 'hallucination', score: 0.2 }])],
      configs: [latency],
    });
    expect(result.examples[0]!.status).toBe('improved');
    expect(result.examples[0]!.comparisons[0]!.delta).toBeCloseTo(-0.6, 12);
  });

  it('reports only changed or unchanged when the direction is NONE or labels have no scores', () => {
    const result = compareExperiment({
      examples: [example('e1', { tone: [human('formal')] }), example('e2', { tone: [human('casual')] }), example('e3', { verdict: [human('a')] })],
      runs: [run('e1', [{ name: 'tone', label: 'casual' }]), run('e2', [{ name: 'tone', label: 'casual' }]), run('e3', [{ name: 'verdict', label: 'b' }])],
      configs: [tone],
    });
    expect(result.examples.map((e) => e.comparisons.map((c) => c.status))).toEqual([
      ['changed', 'no_baseline'],
      ['unchanged', 'no_baseline'],
      ['no_baseline', 'changed'],
    ]);
    expect(result.examples[0]!.comparisons[0]!.reason).toBe('labels without scores have no direction');
  });

  it('says which side is missing, and marks an example mixed when one name improved and another regressed', () => {
    const result = compareExperiment({
      examples: [
        example('e1', { correctness: [human('incorrect')], hallucination: [{ score: 0.1, annotator_kind: 'HUMAN' }] }),
        example('e2', { correctness: [human('correct')] }),
        example('e3', {}),
      ],
      runs: [
        run('e1', [{ label: 'correct' }, { name: 'hallucination', score: 0.9 }]),
        run('e3', [{ label: 'correct' }]),
        run('gone', [{ label: 'correct' }]),
      ],
      configs: [correctness, latency],
    });
    expect(result.examples.map((e) => e.status)).toEqual(['mixed', 'no_evaluation', 'no_baseline']);
    expect(result.examples[1]!.comparisons[0]!.reason).toBe('no run evaluated "correctness"');
    expect(result.examples[2]!.comparisons[0]!.reason).toBe('the example has no "correctness" annotation');
    expect(result.unmatchedRuns.map((r) => r.exampleId)).toEqual(['gone']);
  });

  it('uses the human annotations as baseline when there are any, and all of them with baseline: any', () => {
    const examples = [example('e1', { correctness: [human('correct'), { label: 'incorrect', annotator_kind: 'LLM' }] })];
    const runs = [run('e1', [{ label: 'partial' }])];
    const preferHuman = compareExperiment({ examples, runs, configs: [correctness] });
    expect(preferHuman.examples[0]!.comparisons[0]).toMatchObject({ status: 'regressed', baseline: { score: 1, count: 1 } });
    const any = compareExperiment({ examples, runs, configs: [correctness], baseline: 'any' });
    // mean of 1 and 0 = 0.5 -> partial (0.5) is unchanged
    expect(any.examples[0]!.comparisons[0]).toMatchObject({ status: 'unchanged', baseline: { score: 0.5, count: 2 } });
    const llmOnly = compareExperiment({ examples, runs, configs: [correctness], baseline: ['LLM'] });
    expect(llmOnly.examples[0]!.comparisons[0]!.status).toBe('improved');
  });

  it('averages repeated runs and skips evaluations that failed', () => {
    const result = compareExperiment({
      examples: [example('e1', { correctness: [{ score: 0.5, annotator_kind: 'HUMAN' }] })],
      runs: [
        run('e1', [{ score: 1 }], 'r1'),
        run('e1', [{ score: 0.6 }], 'r2'),
        run('e1', [{ score: 0, error: 'judge timed out' }], 'r3'),
      ],
      configs: [{ ...correctness, type: 'continuous', lowerBound: 0, upperBound: 1 } as AnnotationConfig],
    });
    expect(result.examples[0]!.runs).toHaveLength(3);
    expect(result.examples[0]!.comparisons[0]).toMatchObject({ status: 'improved', current: { score: 0.8, count: 2 } });
  });

  it("reads Phoenix's single-object annotation entry and reports a malformed one naming the field", () => {
    const result = compareExperiment({
      examples: [
        example('e1', { correctness: { label: 'incorrect', annotator_kind: 'HUMAN' } }),
        example('e2', { correctness: [{ score: 'high' }] }),
      ],
      runs: [run('e1', [{ label: 'correct' }]), run('e2', [{ label: 'correct' }])],
      configs: [correctness],
    });
    expect(result.examples[0]!.status).toBe('improved');
    expect(result.examples[1]!.comparisons[0]).toMatchObject({
      status: 'no_baseline',
      reason: 'examples[1].metadata.annotations.correctness[0].score: expected a finite number, got "high"',
    });
  });

  it('rejects inputs that are not arrays, naming the field', () => {
    expect(() => compareExperiment({ examples: null as never, runs: [] })).toThrow('examples: expected an array, got null');
    expect(() => compareExperiment({ examples: [], runs: [], tolerance: -1 })).toThrow(/^tolerance:/);
  });
});
