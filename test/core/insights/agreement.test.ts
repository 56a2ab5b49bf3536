import { describe, expect, it } from 'vitest';
import { ValidationError, computeAgreement, type AnnotationConfig } from '../../../src/core';
import { annotation, labelledPairs, scoredPairs } from './fixtures';

const name = 'correctness';

describe('computeAgreement over labels', () => {
  // Wikipedia, "Cohen's kappa", first worked example: 50 proposals read by A (rows, here the
  // human) and B (columns, the judge). yes/yes 20, yes/no 5, no/yes 10, no/no 15.
  // p_o = 35/50 = 0.7; p_e = (25/50)(30/50) + (25/50)(20/50) = 0.3 + 0.2 = 0.5; kappa = 0.2/0.5 = 0.4.
  const textbook = [
    ...labelledPairs('yy', 20, 'yes', 'yes'),
    ...labelledPairs('yn', 5, 'yes', 'no'),
    ...labelledPairs('ny', 10, 'no', 'yes'),
    ...labelledPairs('nn', 15, 'no', 'no'),
  ];

  it("matches the textbook kappa of 0.4 and the raw agreement of 0.7", () => {
    const result = computeAgreement(textbook, { name });
    expect(result.pairCount).toBe(50);
    expect(result.labels.pairCount).toBe(50);
    expect(result.labels.rawAgreement.value).toBeCloseTo(0.7, 12);
    expect(result.labels.kappa).toEqual({ value: expect.closeTo(0.4, 12), reason: null });
  });

  it('puts the human label on rows and the judge label on columns of the confusion matrix', () => {
    const result = computeAgreement(textbook, { name });
    expect(result.labels.labels).toEqual(['no', 'yes']);
    expect(result.labels.confusion).toEqual([
      [15, 10],
      [5, 20],
    ]);
  });

  it('computes precision and recall per label with the human label as ground truth', () => {
    // yes: judge said yes 30 times, 20 right -> precision 2/3; humans said yes 25 times -> recall 20/25.
    // no: judge said no 20 times, 15 right -> 0.75; humans said no 25 times -> 15/25.
    const { perLabel } = computeAgreement(textbook, { name }).labels;
    const yes = perLabel.find((row) => row.label === 'yes')!;
    const no = perLabel.find((row) => row.label === 'no')!;
    expect(yes).toMatchObject({ support: 25, predicted: 30, truePositives: 20 });
    expect(yes.precision.value).toBeCloseTo(2 / 3, 12);
    expect(yes.recall.value).toBeCloseTo(0.8, 12);
    expect(yes.f1.value).toBeCloseTo((2 * (2 / 3) * 0.8) / (2 / 3 + 0.8), 12);
    expect(no.precision.value).toBeCloseTo(0.75, 12);
    expect(no.recall.value).toBeCloseTo(0.6, 12);
  });

  it.each([
    // Wikipedia's "same agreement, different kappa" pair, both with p_o = 0.6 over 100 items:
    // (45,15,25,15): p_e = .6*.7 + .4*.3 = .54 -> kappa = .06/.46
    [45, 15, 25, 15, 0.06 / 0.46],
    // (25,35,5,35): p_e = .6*.3 + .4*.7 = .46 -> kappa = .14/.54
    [25, 35, 5, 35, 0.14 / 0.54],
  ])('gives kappa %#: yes/yes %i, yes/no %i, no/yes %i, no/no %i', (yy, yn, ny, nn, kappa) => {
    const result = computeAgreement(
      [
        ...labelledPairs('a', yy, 'yes', 'yes'),
        ...labelledPairs('b', yn, 'yes', 'no'),
        ...labelledPairs('c', ny, 'no', 'yes'),
        ...labelledPairs('d', nn, 'no', 'no'),
      ],
      { name },
    );
    expect(result.labels.rawAgreement.value).toBeCloseTo(0.6, 12);
    expect(result.labels.kappa.value).toBeCloseTo(kappa, 12);
  });

  it('reports kappa as undefined with a reason, not NaN, when both sides used a single label', () => {
    const result = computeAgreement(labelledPairs('x', 4, 'yes', 'yes'), { name });
    expect(result.labels.rawAgreement.value).toBe(1);
    expect(result.labels.kappa.value).toBeNull();
    expect(result.labels.kappa.reason).toMatch(/same label \("yes"\).*undefined/);
  });

  it('gives kappa 0 when the humans used one label and the judge two (agreement no better than chance)', () => {
    // p_o = 3/4; p_e = 1 * 3/4 -> kappa = 0
    const result = computeAgreement([...labelledPairs('a', 3, 'yes', 'yes'), ...labelledPairs('b', 1, 'yes', 'no')], { name });
    expect(result.labels.kappa.value).toBeCloseTo(0, 12);
    const no = result.labels.perLabel.find((row) => row.label === 'no')!;
    expect(no.recall).toEqual({ value: null, reason: 'no human gave "no"' });
    expect(no.precision.value).toBe(0);
  });

  it('orders the matrix by the config values and keeps unused labels with a reason for their undefined precision', () => {
    const config: AnnotationConfig = {
      id: 'c1',
      name,
      description: null,
      optimizationDirection: 'MAXIMIZE',
      type: 'categorical',
      values: [{ label: 'correct', score: 1 }, { label: 'partial', score: 0.5 }, { label: 'incorrect', score: 0 }],
    };
    const result = computeAgreement(labelledPairs('p', 2, 'incorrect', 'correct'), { name, config });
    expect(result.labels.labels).toEqual(['correct', 'partial', 'incorrect']);
    expect(result.labels.confusion).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [2, 0, 0],
    ]);
    expect(result.labels.perLabel[1]!.precision.reason).toBe('the judge never gave "partial"');
  });

  it('lists every disagreement with the human and judge values and the judge explanation', () => {
    const result = computeAgreement(
      [...labelledPairs('ok', 2, 'yes', 'yes'), annotation('bad', 'HUMAN', { label: 'yes' }), annotation('bad', 'LLM', { label: 'no', explanation: 'missing a citation' })],
      { name },
    );
    expect(result.disagreements).toHaveLength(1);
    expect(result.disagreements[0]).toMatchObject({
      target: { kind: 'span', spanId: 'bad' },
      human: { label: 'yes' },
      judge: { label: 'no', explanation: 'missing a citation' },
      labelsAgree: false,
      agrees: false,
    });
  });
});

describe('computeAgreement pairing', () => {
  it('returns zero pairs and undefined metrics when humans and judge annotated different targets', () => {
    const result = computeAgreement(
      [annotation('h', 'HUMAN', { label: 'yes', score: 1 }), annotation('j', 'LLM', { label: 'yes', score: 1 })],
      { name },
    );
    expect(result.pairCount).toBe(0);
    expect(result.humanOnly).toEqual([{ kind: 'span', spanId: 'h' }]);
    expect(result.judgeOnly).toEqual([{ kind: 'span', spanId: 'j' }]);
    expect(result.labels.rawAgreement).toEqual({ value: null, reason: 'no pairs with a label on both sides' });
    expect(result.labels.kappa.value).toBeNull();
    expect(result.scores.pearson.value).toBeNull();
    expect(result.scores.spearman.value).toBeNull();
    expect(result.scores.meanAbsoluteError.value).toBeNull();
    expect(result.labels.confusion).toEqual([]);
  });

  it('ignores other names and CODE annotations', () => {
    const result = computeAgreement(
      [
        annotation('a', 'HUMAN', { label: 'yes' }),
        annotation('a', 'CODE', { label: 'no' }),
        annotation('a', 'LLM', { label: 'no' }, { name: 'helpfulness' }),
      ],
      { name },
    );
    expect(result.pairCount).toBe(0);
    expect(result.humanOnly).toHaveLength(1);
  });

  it('takes the majority human label as ground truth by default and the mean human score', () => {
    const result = computeAgreement(
      [
        annotation('a', 'HUMAN', { label: 'yes', score: 1 }),
        annotation('a', 'HUMAN', { label: 'no', score: 0 }),
        annotation('a', 'HUMAN', { label: 'yes', score: 1 }),
        annotation('a', 'LLM', { label: 'yes', score: 1 }),
      ],
      { name },
    );
    expect(result.pairCount).toBe(1);
    expect(result.pairs[0]!.human).toMatchObject({ label: 'yes', unresolved: null });
    expect(result.pairs[0]!.human.score).toBeCloseTo(2 / 3, 12);
    expect(result.pairs[0]!.human.annotations).toHaveLength(3);
    expect(result.pairs[0]!.labelsAgree).toBe(true);
  });

  it('leaves a tied human vote out of the label metrics and says why', () => {
    const result = computeAgreement(
      [annotation('a', 'HUMAN', { label: 'yes' }), annotation('a', 'HUMAN', { label: 'no' }), annotation('a', 'LLM', { label: 'no' })],
      { name },
    );
    expect(result.pairCount).toBe(1);
    expect(result.labels.pairCount).toBe(0);
    expect(result.pairs[0]!.human.label).toBeNull();
    expect(result.pairs[0]!.human.unresolved).toBe('the human labels are tied: "no" (1), "yes" (1)');
    expect(result.pairs[0]!.agrees).toBeNull();
    expect(result.disagreements).toEqual([]);
  });

  it('takes the most recently updated human annotation with humans: latest', () => {
    const annotations = [
      annotation('a', 'HUMAN', { label: 'no' }, { at: 5 }),
      annotation('a', 'HUMAN', { label: 'yes' }, { at: 9 }),
      annotation('a', 'HUMAN', { label: 'no' }, { at: 7 }),
      annotation('a', 'LLM', { label: 'yes' }),
    ];
    expect(computeAgreement(annotations, { name, humans: 'latest' }).pairs[0]!.human.label).toBe('yes');
    expect(computeAgreement(annotations, { name }).pairs[0]!.human.label).toBe('no');
  });

  it('makes one pair per human annotation with humans: each', () => {
    const result = computeAgreement(
      [annotation('a', 'HUMAN', { label: 'yes' }), annotation('a', 'HUMAN', { label: 'no' }), annotation('a', 'LLM', { label: 'yes' })],
      { name, humans: 'each' },
    );
    expect(result.pairCount).toBe(2);
    expect(result.labels.rawAgreement.value).toBe(0.5);
  });

  it('uses the latest judge annotation per target, or only the one with judgeIdentifier', () => {
    const annotations = [
      annotation('a', 'HUMAN', { label: 'yes' }),
      annotation('a', 'LLM', { label: 'yes' }, { identifier: 'gpt-judge', at: 1 }),
      annotation('a', 'LLM', { label: 'no' }, { identifier: 'small-judge', at: 2 }),
    ];
    expect(computeAgreement(annotations, { name }).pairs[0]!.judge.label).toBe('no');
    expect(computeAgreement(annotations, { name, judgeIdentifier: 'gpt-judge' }).pairs[0]!.judge.label).toBe('yes');
  });

  it('pairs document and trace targets by their own keys', () => {
    const doc = { kind: 'document', spanId: 'r', position: 1 } as const;
    const result = computeAgreement(
      [
        annotation('r', 'HUMAN', { label: 'relevant' }, { target: doc }),
        annotation('r', 'LLM', { label: 'relevant' }, { target: { kind: 'document', spanId: 'r', position: 2 } }),
        annotation('r', 'LLM', { label: 'irrelevant' }, { target: doc }),
      ],
      { name },
    );
    expect(result.pairCount).toBe(1);
    expect(result.pairs[0]!.judge.label).toBe('irrelevant');
    expect(result.judgeOnly).toEqual([{ kind: 'document', spanId: 'r', position: 2 }]);
  });

  it('names the field and value of a non-finite score and of a bad option', () => {
    const bad = { ...annotation('a', 'LLM', {}), score: Number.NaN };
    expect(() => computeAgreement([annotation('a', 'HUMAN', { score: 1 }), bad], { name })).toThrow(
      'annotations[1].score: expected a finite number or null, got NaN',
    );
    expect(() => computeAgreement([], { name: '' })).toThrow(ValidationError);
    expect(() => computeAgreement([], { name, humans: 'median' as never })).toThrow(/options\.humans.*"median"/);
  });
});

describe('computeAgreement over scores', () => {
  it('computes Pearson, Spearman and MAE as worked out by hand', () => {
    // x = 1..5, y = 2,4,5,4,5: dx = -2,-1,0,1,2; dy = -2,0,1,0,1 -> Sxy = 6, Sxx = 10, Syy = 6, r = 6/sqrt(60).
    // ranks x = 1..5; ranks y = 1, 2.5, 4.5, 2.5, 4.5 -> dy = -2,-.5,1.5,-.5,1.5, Sxy = 4+.5+0-.5+3 = 7, Syy = 4+.25+2.25+.25+2.25 = 9 -> rho = 7/sqrt(90).
    // MAE = (1+2+2+0+0)/5 = 1.
    const { scores } = computeAgreement(scoredPairs([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]), { name });
    expect(scores.pairCount).toBe(5);
    expect(scores.pearson.value).toBeCloseTo(6 / Math.sqrt(60), 12);
    expect(scores.spearman.value).toBeCloseTo(7 / Math.sqrt(90), 12);
    expect(scores.meanAbsoluteError.value).toBeCloseTo(1, 12);
  });

  it('averages tied ranks in Spearman (0.947, where the no-ties shortcut formula gives 0.95)', () => {
    // ranks human [1,2,2,3,4] -> 1,2.5,2.5,4,5; judge [1,3,2,4,4] -> 1,3,2,4.5,4.5;
    // Sxy = 9, Sxx = Syy = 9.5 -> rho = 9/9.5 (scipy.stats.spearmanr agrees: 0.9473684).
    const { scores } = computeAgreement(scoredPairs([1, 2, 2, 3, 4], [1, 3, 2, 4, 4]), { name });
    expect(scores.spearman.value).toBeCloseTo(9 / 9.5, 12);
  });

  it('reports correlations as undefined with a reason when one side is constant, and still gives MAE', () => {
    const { scores } = computeAgreement(scoredPairs([1, 1, 1], [0, 0.5, 1]), { name });
    expect(scores.pearson).toEqual({ value: null, reason: 'the human scores are all equal (1)' });
    expect(scores.spearman.value).toBeNull();
    expect(scores.meanAbsoluteError.value).toBeCloseTo(0.5, 12);
  });

  it('reports correlations as undefined for a single pair', () => {
    const { scores } = computeAgreement(scoredPairs([1], [0]), { name });
    expect(scores.pearson.reason).toBe('needs at least 2 pairs, got 1');
  });

  it('counts score pairs without labels as disagreements beyond the tolerance', () => {
    const annotations = scoredPairs([1, 0.5, 0], [0.9, 0.5, 0.6]);
    expect(computeAgreement(annotations, { name }).disagreements.map((p) => p.target)).toHaveLength(2);
    const tolerant = computeAgreement(annotations, { name, scoreTolerance: 0.2 });
    expect(tolerant.disagreements.map((p) => p.target)).toEqual([{ kind: 'span', spanId: 's2' }]);
    expect(tolerant.disagreements[0]!.scoreError).toBeCloseTo(0.6, 12);
  });
});
