import { describe, expect, it } from 'vitest';
import { schema as s } from '../../src/core';
import { annotationTargetSchema, validateAnnotationTarget } from '../../src/core/targetSchema';
import { rejection } from '../support/validationError';

describe('validateAnnotationTarget', () => {
  it('accepts every kind and drops fields the kind does not have', () => {
    expect(validateAnnotationTarget({ kind: 'span', spanId: 's1', extra: 1 })).toEqual({ kind: 'span', spanId: 's1' });
    expect(validateAnnotationTarget({ kind: 'trace', traceId: 't1' })).toEqual({ kind: 'trace', traceId: 't1' });
    expect(validateAnnotationTarget({ kind: 'session', sessionId: 'c1' })).toEqual({ kind: 'session', sessionId: 'c1' });
    expect(validateAnnotationTarget({ kind: 'document', spanId: 's1', position: 0 })).toEqual({
      kind: 'document',
      spanId: 's1',
      position: 0,
    });
  });

  it('names the field and the value of a missing or blank id', () => {
    const missing = rejection(() => validateAnnotationTarget({ kind: 'trace' }, 'targets[0]'));
    expect(missing.field).toBe('targets[0].traceId');
    expect(missing.value).toBeUndefined();
    expect(missing.message).toBe('targets[0].traceId: expected a non-empty string, got undefined');

    const blank = rejection(() => validateAnnotationTarget({ kind: 'span', spanId: '  ' }));
    expect(blank.field).toBe('target.spanId');
    expect(blank.value).toBe('  ');
    expect(blank.message).toBe('target.spanId: expected a non-empty string, got "  "');
  });

  it('names the kind it does not know and lists the ones it does', () => {
    const error = rejection(() => validateAnnotationTarget({ kind: 'message', id: 'm1' }));
    expect(error.field).toBe('target.kind');
    expect(error.value).toBe('message');
    expect(error.message).toBe('target.kind: expected one of "span", "trace", "session", "document", got "message"');
    // neither an inherited property name nor a value that merely prints as a kind is a kind
    expect(rejection(() => validateAnnotationTarget({ kind: 'toString', spanId: 's1' })).field).toBe('target.kind');
    expect(rejection(() => validateAnnotationTarget({ kind: ['span'], spanId: 's1' })).message).toBe(
      'target.kind: expected one of "span", "trace", "session", "document", got ["span"]',
    );
  });

  it('rejects a value that is not an object, naming it', () => {
    for (const [value, shown] of [
      [null, 'null'],
      ['span:s1', '"span:s1"'],
      [['span', 's1'], '["span","s1"]'],
    ] as const) {
      const error = rejection(() => validateAnnotationTarget(value));
      expect(error.field).toBe('target');
      expect(error.message).toBe(`target: expected an object, got ${shown}`);
    }
  });

  it('reports every bad field of a document target', () => {
    const error = rejection(() => validateAnnotationTarget({ kind: 'document', spanId: '', position: -1 }));
    expect(error.issues.map((issue) => [issue.field, issue.value])).toEqual([
      ['target.spanId', ''],
      ['target.position', -1],
    ]);
    expect(error.message).toBe(
      'target.spanId: expected a non-empty string, got ""; target.position: must be at least 0, got -1',
    );
    expect(rejection(() => validateAnnotationTarget({ kind: 'document', spanId: 's1', position: 1.5 })).message).toBe(
      'target.position: expected a finite integer, got 1.5',
    );
  });

  it('composes with the schema toolkit under a nested path', () => {
    const refSchema = s.object({ target: annotationTargetSchema, name: s.string({ nonEmpty: true }) });
    const error = rejection(() => s.parse(refSchema, { target: { kind: 'span', spanId: '' }, name: '' }, 'ref'));
    expect(error.issues.map((issue) => issue.field)).toEqual(['ref.target.spanId', 'ref.name']);
    expect(s.parse(annotationTargetSchema, { kind: 'span', spanId: 'x' }, '')).toEqual({ kind: 'span', spanId: 'x' });
    expect(rejection(() => s.parse(annotationTargetSchema, { kind: 1 }, '')).field).toBe('kind');
  });

  it('reports exactly what the generic toolkit composition reports', () => {
    const id = s.string({ nonEmpty: true });
    const generic = s.discriminated('kind', {
      span: s.object({ kind: s.literal('span'), spanId: id }),
      trace: s.object({ kind: s.literal('trace'), traceId: id }),
      session: s.object({ kind: s.literal('session'), sessionId: id }),
      document: s.object({ kind: s.literal('document'), spanId: id, position: s.number({ integer: true, min: 0 }) }),
    });
    const outcome = (schema: s.Schema<unknown>, value: unknown, path: string) => {
      const result = s.safeParse(schema, value, path);
      return result.ok ? { value: result.value } : { message: result.error.message, issues: result.error.issues };
    };
    const values: unknown[] = [
      null, undefined, 1, 'span', [], {}, { kind: 'span' }, { kind: 'span', spanId: '' }, { kind: 'span', spanId: 7 },
      { kind: 'span', spanId: 'a', traceId: 'b' }, { kind: 'trace', traceId: ' ' }, { kind: 'trace', traceId: 't', spanId: 's' },
      { kind: 'session', sessionId: 'c' }, { kind: 'session' }, { kind: 'document' }, { kind: 'document', spanId: 'a' },
      { kind: 'document', spanId: 'a', position: NaN }, { kind: 'document', spanId: 'a', position: Infinity },
      { kind: 'document', spanId: 'a', position: '1' }, { kind: 'document', spanId: 'a', position: 2 },
      { kind: 'document', spanId: '', position: -0.5 }, { kind: 'document', spanId: 'a', position: -3 },
      { kind: 'constructor' }, { kind: null }, { kind: { a: 1 } }, { spanId: 'a' },
    ];
    for (const value of values) {
      for (const path of ['target', 'targets[2]', '']) {
        expect(outcome(annotationTargetSchema, value, path), JSON.stringify([value, path])).toEqual(outcome(generic, value, path));
      }
    }
  });
});
