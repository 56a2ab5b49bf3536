import type { Annotation, AnnotatorKind } from '../../../src/core';

let sequence = 0;

/** An annotation as an adapter returns it; `at` orders updates (minutes after a fixed start). */
export function annotation(
  spanId: string,
  annotatorKind: AnnotatorKind,
  value: { label?: string | null; score?: number | null; explanation?: string | null },
  extra: Partial<Annotation> & { at?: number } = {},
): Annotation {
  sequence += 1;
  const { at = sequence, ...rest } = extra;
  const time = new Date(Date.UTC(2026, 0, 1, 0, at)).toISOString();
  return {
    id: `a${sequence}`,
    target: { kind: 'span', spanId },
    name: 'correctness',
    annotatorKind,
    label: value.label ?? null,
    score: value.score ?? null,
    explanation: value.explanation ?? null,
    identifier: annotatorKind === 'HUMAN' ? `user:${sequence}` : '',
    metadata: {},
    source: 'API',
    userId: annotatorKind === 'HUMAN' ? `u${sequence}` : null,
    createdAt: time,
    updatedAt: time,
    ...rest,
  };
}

/** `count` targets whose human label is `human` and judge label is `judge`, span ids from `prefix`. */
export function labelledPairs(prefix: string, count: number, human: string, judge: string): Annotation[] {
  return Array.from({ length: count }, (_, i) => [
    annotation(`${prefix}${i}`, 'HUMAN', { label: human }),
    annotation(`${prefix}${i}`, 'LLM', { label: judge, explanation: `judge says ${judge}` }),
  ]).flat();
}

/** One target per index with the given human and judge scores. */
export function scoredPairs(human: number[], judge: number[]): Annotation[] {
  return human.flatMap((score, i) => [
    annotation(`s${i}`, 'HUMAN', { score }),
    annotation(`s${i}`, 'LLM', { score: judge[i]! }),
  ]);
}
