import { describe, expect, it } from 'vitest';
import {
  validateAnnotationConfigInput,
  validateAnnotationInput,
  validateNoteInput,
  type AnnotationConfig,
} from '../../src/core';
import { rejection } from '../support/validationError';

const span = { kind: 'span', spanId: 'abc' } as const;

describe('validateAnnotationInput', () => {
  it('accepts a labelled human annotation and fills in identifier and metadata', () => {
    const input = validateAnnotationInput({ target: span, name: 'correctness', annotatorKind: 'HUMAN', label: 'correct' });
    expect(input).toMatchObject({ identifier: '', metadata: {}, label: 'correct' });
  });

  it.each([
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ])('rejects a score of %s naming the field and the value', (score, shown) => {
    const error = rejection(() => validateAnnotationInput({ target: span, name: 'q', annotatorKind: 'LLM', score }));
    expect(error.field).toBe('annotation.score');
    expect(error.message).toContain(`annotation.score: expected a finite number, got ${shown}`);
  });

  it('rejects an empty or blank name', () => {
    for (const name of ['', '   ']) {
      const error = rejection(() => validateAnnotationInput({ target: span, name, annotatorKind: 'HUMAN', label: 'x' }));
      expect(error.field).toBe('annotation.name');
      expect(error.message).toContain('expected a non-empty string');
    }
  });

  it('rejects a target without an id', () => {
    const error = rejection(() =>
      validateAnnotationInput({ target: { kind: 'span', spanId: '' }, name: 'q', annotatorKind: 'HUMAN', label: 'x' }),
    );
    expect(error.field).toBe('annotation.target.spanId');
    const missing = rejection(() =>
      validateAnnotationInput({ target: { kind: 'trace' }, name: 'q', annotatorKind: 'HUMAN', label: 'x' }),
    );
    expect(missing.message).toContain('annotation.target.traceId: expected a non-empty string, got undefined');
  });

  it('rejects an unknown target kind and an unknown annotator kind', () => {
    expect(
      rejection(() => validateAnnotationInput({ target: { kind: 'message', id: 'm' }, name: 'q', annotatorKind: 'HUMAN', label: 'x' }))
        .field,
    ).toBe('annotation.target.kind');
    expect(
      rejection(() => validateAnnotationInput({ target: span, name: 'q', annotatorKind: 'ROBOT', label: 'x' })).message,
    ).toContain('annotation.annotatorKind: expected one of "HUMAN", "LLM", "CODE", got "ROBOT"');
  });

  it('rejects an annotation that carries neither label, score nor explanation', () => {
    expect(rejection(() => validateAnnotationInput({ target: span, name: 'q', annotatorKind: 'HUMAN' })).message).toContain(
      'needs a label, a score or an explanation',
    );
  });

  it('rejects a continuous score outside the bounds of its config', () => {
    const config: AnnotationConfig = {
      id: 'c1',
      name: 'helpfulness',
      description: null,
      type: 'continuous',
      optimizationDirection: 'MAXIMIZE',
      lowerBound: 0,
      upperBound: 1,
    };
    const error = rejection(() =>
      validateAnnotationInput({ target: span, name: 'helpfulness', annotatorKind: 'HUMAN', score: 1.5 }, { config }),
    );
    expect(error.field).toBe('annotation.score');
    expect(error.value).toBe(1.5);
    expect(error.message).toContain('1.5 is outside the bounds of "helpfulness" (0 to 1)');
    expect(() =>
      validateAnnotationInput({ target: span, name: 'helpfulness', annotatorKind: 'HUMAN', score: 1 }, { config }),
    ).not.toThrow();
  });

  it('rejects a label that is not one of a categorical config', () => {
    const config: AnnotationConfig = {
      id: 'c2',
      name: 'correctness',
      description: null,
      type: 'categorical',
      optimizationDirection: 'MAXIMIZE',
      values: [{ label: 'correct', score: 1 }, { label: 'incorrect', score: 0 }],
    };
    const error = rejection(() =>
      validateAnnotationInput({ target: span, name: 'correctness', annotatorKind: 'HUMAN', label: 'maybe' }, { config }),
    );
    expect(error.field).toBe('annotation.label');
    expect(error.message).toContain('"maybe" is not a label of "correctness" (expected one of "correct", "incorrect")');
  });
});

describe('validateAnnotationConfigInput', () => {
  it('rejects a continuous config whose upper bound is not above its lower bound', () => {
    const error = rejection(() =>
      validateAnnotationConfigInput({ type: 'continuous', name: 'q', lowerBound: 5, upperBound: 5 }),
    );
    expect(error.field).toBe('config.upperBound');
    expect(error.message).toContain('must be above the lower bound');
  });

  it('rejects a categorical config without categories or with a repeated label', () => {
    expect(rejection(() => validateAnnotationConfigInput({ type: 'categorical', name: 'q', values: [] })).field).toBe(
      'config.values',
    );
    expect(
      rejection(() =>
        validateAnnotationConfigInput({ type: 'categorical', name: 'q', values: [{ label: 'a' }, { label: 'a' }] }),
      ).message,
    ).toContain('the label "a" appears twice');
  });

  it('names the unknown config type', () => {
    expect(rejection(() => validateAnnotationConfigInput({ type: 'ordinal', name: 'q' })).message).toContain(
      'config.type: expected one of "categorical", "continuous", "freeform", got "ordinal"',
    );
  });
});

describe('validateNoteInput', () => {
  it('rejects an empty note', () => {
    expect(rejection(() => validateNoteInput({ target: span, text: '' })).field).toBe('note.text');
  });
});
