import { describe, expect, it } from 'vitest';
import {
  chipToCondition,
  chipsFromCondition,
  completeCondition,
  completionSourceFromAnnotations,
  conditionFromChips,
  describeChip,
  parseCondition,
  type FilterChipSpec,
} from '../../../src/core';
import { makeAnnotation } from './fixtures';

describe('chips', () => {
  const specs: FilterChipSpec[] = [
    { kind: 'annotation-label', name: 'correctness', labels: ['incorrect'] },
    { kind: 'annotation-label', name: 'tone', labels: ['rude', 'curt'] },
    { kind: 'annotation-score', name: 'helpfulness', min: 0.2, max: 0.8 },
    { kind: 'annotation-score', name: 'helpfulness', min: null, max: 0.5 },
    { kind: 'annotation-present', name: 'user_feedback' },
    { kind: 'annotation-absent', name: 'review' },
    { kind: 'annotator-kind', name: 'correctness', annotatorKinds: ['HUMAN'] },
    { kind: 'span-kind', spanKinds: ['LLM', 'TOOL'] },
    { kind: 'status', statusCodes: ['ERROR'] },
    { kind: 'latency', min: 1000, max: null },
    { kind: 'model', models: ['gpt-4o'] },
    { kind: 'text', text: "it's a refund" },
  ];

  it('turns every chip kind into a condition and reads the same chip back', () => {
    for (const spec of specs) {
      const text = chipToCondition(spec);
      expect(() => parseCondition(text)).not.toThrow();
      const [chip, ...rest] = chipsFromCondition(text);
      expect(rest).toEqual([]);
      expect(chip).toMatchObject(spec);
    }
  });

  it('reads each top-level and term as one chip, keeping other terms as custom chips', () => {
    const chips = chipsFromCondition("annotations['correctness'].label == 'incorrect' and latency_ms > 1000 and (name == 'a' or name == 'b')");
    expect(chips.map((chip) => chip.kind)).toEqual(['annotation-label', 'custom', 'custom']);
    expect(chips[1]).toMatchObject({ text: 'latency_ms > 1000', range: { start: 52, end: 69 } });
    expect(chips[2]!.condition).toBe("name == 'a' or name == 'b'");
  });

  it('joins chips back into the same condition, parenthesising an or', () => {
    const text = "annotations['correctness'].label == 'incorrect' and (name == 'a' or name == 'b') and 0.2 <= annotations['h'].score <= 0.8";
    const chips = chipsFromCondition(text);
    expect(conditionFromChips(chips)).toBe(text);
    expect(conditionFromChips([...chips.slice(0, 1), { kind: 'text', text: 'refund' }])).toBe(
      "annotations['correctness'].label == 'incorrect' and ('refund' in input.value or 'refund' in output.value)",
    );
    expect(conditionFromChips([])).toBe('');
  });

  it('describes chips in words', () => {
    expect(describeChip(specs[0]!)).toBe('correctness: incorrect');
    expect(describeChip(specs[2]!)).toBe('helpfulness score 0.2–0.8');
    expect(describeChip(specs[9]!)).toBe('latency ≥ 1000 ms');
    expect(describeChip(specs[6]!)).toBe('correctness by human');
  });
});

describe('completeCondition', () => {
  const source = { annotationNames: ['correctness', 'helpfulness'], labels: { correctness: ['correct', 'incorrect'] } };
  const labels = (text: string) => completeCondition(text, text.length, source).items.map((item) => item.label);

  it('offers field names, attributes and annotations for a partial word', () => {
    const result = completeCondition('lat', 3, source);
    expect(result).toMatchObject({ from: 0, to: 3 });
    expect(result.items[0]).toEqual({ label: 'latency_ms', insert: 'latency_ms', detail: 'field' });
    expect(labels('ann')).toEqual(["annotations['correctness']", "annotations['helpfulness']"]);
    expect(labels('llm.m')).toEqual(['llm.model_name']);
  });

  it('offers annotation names inside annotations[...] and closes the subscript', () => {
    const result = completeCondition("annotations['cor", 16, source);
    expect(result).toMatchObject({ from: 13, to: 16 });
    expect(result.items).toEqual([{ label: 'correctness', insert: "correctness']", detail: 'annotation' }]);
  });

  it('offers members after the annotation and the labels seen after .label ==', () => {
    expect(labels("annotations['correctness'].")).toEqual(['label', 'score', 'explanation', 'annotator_kind']);
    expect(labels("annotations['correctness'].label == '")).toEqual(['correct', 'incorrect']);
    expect(labels("annotations['correctness'].label in ['correct', 'in")).toEqual(['incorrect']);
  });

  it('offers span kinds and status codes inside their literals', () => {
    expect(labels("span_kind == 'LL")).toEqual(['LLM']);
    expect(labels("status_code in ['E")).toEqual(['ERROR']);
  });

  it('offers the keywords after a complete value', () => {
    expect(labels('latency_ms > 5 a')).toEqual(['and']);
    expect(labels("name == 'x' ")).toContain('or');
  });
});

describe('completionSourceFromAnnotations', () => {
  it('collects annotation names with the labels seen, and configs with their categorical values', () => {
    const source = completionSourceFromAnnotations(
      [
        { ...makeAnnotation('s1', 'correctness', { label: 'incorrect' }) },
        { ...makeAnnotation('s2', 'helpfulness', { score: 0.3 }) },
      ],
      {
        configs: [
          { id: 'c1', name: 'correctness', type: 'categorical', description: null, optimizationDirection: 'MAXIMIZE', values: [{ label: 'correct' }] },
          { id: 'c2', name: 'tone', type: 'freeform', description: null, optimizationDirection: 'NONE' },
        ],
      },
    );
    expect(source).toEqual({
      annotationNames: ['correctness', 'helpfulness', 'tone'],
      labels: { correctness: ['correct', 'incorrect'], helpfulness: [], tone: [] },
    });
  });
});
