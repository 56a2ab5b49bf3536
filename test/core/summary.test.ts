import { describe, expect, it } from 'vitest';
import { summarizeAnnotations, summarizeByNameAndKind, type Annotation } from '../../src/core';

const at = (name: string, annotatorKind: Annotation['annotatorKind'], label: string | null, score: number | null): Annotation => ({
  id: `${name}-${annotatorKind}-${label}-${score}`,
  target: { kind: 'span', spanId: 's1' },
  name,
  annotatorKind,
  label,
  score,
  explanation: null,
  identifier: '',
  metadata: {},
  source: null,
  userId: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

describe('summarizeAnnotations', () => {
  it('gives label shares among labelled annotations, most frequent first, and the mean of finite scores', () => {
    const summary = summarizeAnnotations([
      at('q', 'HUMAN', 'correct', 1),
      at('q', 'LLM', 'incorrect', 0),
      at('q', 'HUMAN', 'correct', null),
      at('q', 'CODE', null, 0.5),
    ]);
    expect(summary.count).toBe(4);
    expect(summary.countByKind).toEqual({ HUMAN: 2, LLM: 1, CODE: 1 });
    expect(summary.labels).toEqual([
      { label: 'correct', count: 2, share: 2 / 3 },
      { label: 'incorrect', count: 1, share: 1 / 3 },
    ]);
    expect(summary.meanScore).toBeCloseTo(0.5);
  });

  it('reports no mean score rather than NaN when nothing is scored', () => {
    expect(summarizeAnnotations([at('q', 'HUMAN', 'a', null)]).meanScore).toBeNull();
    expect(summarizeAnnotations([]).labels).toEqual([]);
  });
});

describe('summarizeByNameAndKind', () => {
  it('keeps HUMAN, LLM and CODE apart per name, sorted by name then kind', () => {
    const groups = summarizeByNameAndKind([
      at('relevance', 'LLM', 'relevant', 1),
      at('correctness', 'LLM', 'incorrect', 0),
      at('correctness', 'HUMAN', 'correct', 1),
      at('correctness', 'HUMAN', 'incorrect', 0),
    ]);
    expect(groups.map((g) => [g.name, g.annotatorKind, g.count])).toEqual([
      ['correctness', 'HUMAN', 2],
      ['correctness', 'LLM', 1],
      ['relevance', 'LLM', 1],
    ]);
    expect(groups[0]!.labels.map((l) => l.share)).toEqual([0.5, 0.5]);
  });
});
