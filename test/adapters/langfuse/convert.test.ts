import { describe, expect, it } from 'vitest';
import {
  META,
  fromLangfuseConfig,
  fromLangfuseScore,
  fromLangfuseTrace,
  scoreIdFor,
  toLangfuseConfig,
  toLangfuseScore,
  type LangfuseScoreRow,
} from '../../../src/adapters/langfuse/convert';
import { ValidationError, type AnnotationInput } from '../../../src/core';

const span = { kind: 'span', spanId: 'obs-1' } as const;
const stamp = { createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };

/** What Langfuse stores for a write and answers on a read: the write's fields plus its inferred string value. */
function stored(write: ReturnType<typeof toLangfuseScore>): LangfuseScoreRow {
  const value = write.value;
  return {
    id: write.id!,
    name: write.name,
    dataType: write.dataType!,
    value: typeof value === 'number' ? value : 0,
    stringValue: typeof value === 'string' ? value : write.dataType === 'BOOLEAN' ? (value === 1 ? 'True' : 'False') : undefined,
    source: 'API',
    comment: write.comment ?? null,
    metadata: write.metadata,
    traceId: write.traceId ?? null,
    observationId: write.observationId ?? null,
    sessionId: write.sessionId ?? null,
    ...stamp,
  };
}

const roundTrip = (input: AnnotationInput, traceId?: string) => fromLangfuseScore(stored(toLangfuseScore(input, { traceId })));

describe('scores ↔ annotations', () => {
  it('writes a label as a CATEGORICAL score and reads label, score, explanation, identifier and kind back', () => {
    const input: AnnotationInput = {
      target: span,
      name: 'correctness',
      annotatorKind: 'LLM',
      label: 'correct',
      score: 0.9,
      explanation: 'Matches the source',
      identifier: 'judge-v2',
      userId: 'u-7',
      metadata: { model: 'gpt' },
    };
    const write = toLangfuseScore(input, { traceId: 'trace-1' });
    expect(write).toMatchObject({ name: 'correctness', dataType: 'CATEGORICAL', value: 'correct', comment: 'Matches the source', observationId: 'obs-1', traceId: 'trace-1', source: 'API' });
    expect(roundTrip(input, 'trace-1')).toMatchObject({
      target: span,
      label: 'correct',
      score: 0.9,
      explanation: 'Matches the source',
      identifier: 'judge-v2',
      userId: 'u-7',
      annotatorKind: 'LLM',
      metadata: { model: 'gpt' },
    });
  });

  it('writes a score alone as NUMERIC and True/False with 1/0 as BOOLEAN', () => {
    expect(toLangfuseScore({ target: span, name: 'rating', annotatorKind: 'HUMAN', score: 4 })).toMatchObject({ dataType: 'NUMERIC', value: 4 });
    expect(toLangfuseScore({ target: span, name: 'ok', annotatorKind: 'HUMAN', label: 'True', score: 1 })).toMatchObject({ dataType: 'BOOLEAN', value: 1 });
    expect(roundTrip({ target: span, name: 'ok', annotatorKind: 'HUMAN', label: 'False' })).toMatchObject({ label: 'False', score: 0 });
    expect(roundTrip({ target: span, name: 'rating', annotatorKind: 'HUMAN', score: 4 })).toMatchObject({ label: null, score: 4 });
  });

  it('writes an explanation alone as a TEXT score', () => {
    const input: AnnotationInput = { target: { kind: 'session', sessionId: 's-1' }, name: 'note', annotatorKind: 'HUMAN', explanation: 'Off topic' };
    expect(toLangfuseScore(input)).toMatchObject({ dataType: 'TEXT', value: 'Off topic', sessionId: 's-1' });
    expect(roundTrip(input)).toMatchObject({ target: { kind: 'session', sessionId: 's-1' }, explanation: 'Off topic', label: null, score: null });
  });

  it('keeps trace and document targets apart from span targets', () => {
    expect(roundTrip({ target: { kind: 'trace', traceId: 't-1' }, name: 'x', annotatorKind: 'CODE', score: 1 })!.target).toEqual({ kind: 'trace', traceId: 't-1' });
    expect(roundTrip({ target: { kind: 'document', spanId: 'obs-1', position: 2 }, name: 'x', annotatorKind: 'CODE', score: 1 }, 't-1')!.target).toEqual({
      kind: 'document',
      spanId: 'obs-1',
      position: 2,
    });
  });

  it('derives the score id from (target, name, identifier), so a rewrite updates the same score', () => {
    const a = toLangfuseScore({ target: span, name: 'thumbs', annotatorKind: 'HUMAN', label: 'up', identifier: 'u1' });
    const again = toLangfuseScore({ target: span, name: 'thumbs', annotatorKind: 'HUMAN', label: 'down', identifier: 'u1' });
    const other = toLangfuseScore({ target: span, name: 'thumbs', annotatorKind: 'HUMAN', label: 'up', identifier: 'u2' });
    expect(a.id).toBe(again.id);
    expect(a.id).not.toBe(other.id);
    expect(a.id).toBe(scoreIdFor(span, 'thumbs', 'u1'));
  });

  it('reads a score made in Langfuse by source and author when annokit metadata is absent', () => {
    const base = { id: 's1', name: 'quality', dataType: 'NUMERIC', value: 3, observationId: 'obs-1', traceId: 't-1', ...stamp };
    expect(fromLangfuseScore({ ...base, source: 'ANNOTATION', authorUserId: 'rev-1' })).toMatchObject({ annotatorKind: 'HUMAN', userId: 'rev-1', identifier: 'rev-1' });
    expect(fromLangfuseScore({ ...base, source: 'EVAL' })!.annotatorKind).toBe('LLM');
    expect(fromLangfuseScore({ ...base, source: 'API' })!.annotatorKind).toBe('CODE');
    expect(fromLangfuseScore({ ...base, source: 'API', metadata: { [META.annotatorKind]: 'HUMAN' } })!.annotatorKind).toBe('HUMAN');
  });

  it('skips scores attached to nothing annokit can target (dataset runs)', () => {
    expect(fromLangfuseScore({ id: 's', name: 'x', dataType: 'NUMERIC', value: 1, source: 'API', ...stamp })).toBeNull();
  });
});

describe('score configs ↔ annotation configs', () => {
  it('converts each type both ways', () => {
    expect(toLangfuseConfig({ type: 'categorical', name: 'tone', values: [{ label: 'good', score: 1 }, { label: 'bad' }] })).toEqual({
      name: 'tone',
      description: null,
      dataType: 'CATEGORICAL',
      categories: [
        { label: 'good', value: 1 },
        { label: 'bad', value: 1 },
      ],
    });
    expect(toLangfuseConfig({ type: 'continuous', name: 'stars', lowerBound: 1, upperBound: 5 })).toMatchObject({ dataType: 'NUMERIC', minValue: 1, maxValue: 5 });
    expect(toLangfuseConfig({ type: 'freeform', name: 'notes' })).toMatchObject({ dataType: 'TEXT' });
    const config = { id: 'c1', name: 'stars', dataType: 'NUMERIC', minValue: 1, maxValue: 5, isArchived: false, createdAt: stamp.createdAt, updatedAt: stamp.updatedAt, projectId: 'p' } as const;
    expect(fromLangfuseConfig(config)).toEqual({ id: 'c1', name: 'stars', description: null, type: 'continuous', optimizationDirection: 'MAXIMIZE', lowerBound: 1, upperBound: 5 });
    expect(fromLangfuseConfig({ ...config, dataType: 'BOOLEAN' })).toMatchObject({ type: 'categorical', values: [{ label: 'True', score: 1 }, { label: 'False', score: 0 }] });
    expect(fromLangfuseConfig({ ...config, dataType: 'CATEGORICAL', categories: [{ label: 'a', value: 2 }] })).toMatchObject({ type: 'categorical', values: [{ label: 'a', score: 2 }] });
    expect(fromLangfuseConfig({ ...config, dataType: 'TEXT' })).toMatchObject({ type: 'freeform', optimizationDirection: 'NONE' });
  });

  it('keeps a non-default optimization direction through the description', () => {
    const write = toLangfuseConfig({ type: 'continuous', name: 'latency', description: 'Seconds', optimizationDirection: 'MINIMIZE' });
    expect(write.description).toBe('Seconds [optimize: MINIMIZE]');
    const config = { id: 'c', name: 'latency', dataType: 'NUMERIC', isArchived: false, createdAt: '', updatedAt: '', projectId: 'p', description: write.description } as const;
    expect(fromLangfuseConfig(config)).toMatchObject({ description: 'Seconds', optimizationDirection: 'MINIMIZE' });
    expect(toLangfuseConfig({ type: 'continuous', name: 'x', description: 'Plain' }).description).toBe('Plain');
  });

  it('rejects a name Langfuse would refuse, naming the field and the value', () => {
    expect(() => toLangfuseConfig({ type: 'freeform', name: 'a/very/long/name/that/langfuse/will/refuse' })).toThrow(ValidationError);
    expect(() => toLangfuseConfig({ type: 'freeform', name: 'bad/name' })).toThrow(/config\.name.*35/);
  });
});

describe('traces ↔ spans', () => {
  it('turns a trace\'s observations into spans through the core Langfuse loader', () => {
    const spans = fromLangfuseTrace({
      id: 'trace-1',
      observations: [
        { id: 'o1', traceId: 'trace-1', type: 'SPAN', name: 'root', startTime: '2026-01-01T00:00:00Z', endTime: '2026-01-01T00:00:01Z', input: 'hi' },
        { id: 'o2', traceId: 'trace-1', type: 'GENERATION', name: 'llm', parentObservationId: 'o1', startTime: '2026-01-01T00:00:00.1Z', model: 'gpt-4o', level: 'ERROR' },
      ] as never,
    });
    expect(spans.map((s) => [s.spanId, s.parentId, s.kind, s.status.code])).toEqual([
      ['o1', null, 'UNKNOWN', 'UNSET'],
      ['o2', 'o1', 'LLM', 'ERROR'],
    ]);
    expect(spans[1]!.attributes).toMatchObject({ llm: { model_name: 'gpt-4o' } });
  });
});

describe('dataset items ↔ examples', () => {
  it('maps output ↔ expectedOutput and spanId ↔ sourceObservationId both ways', async () => {
    const { toLangfuseDatasetItem, fromLangfuseDatasetItem } = await import('../../../src/adapters/langfuse/convert');
    const example = { id: 'ex-1', input: { q: 'hi' }, output: { a: 'hello' }, metadata: { annotations: { c: [] } }, spanId: 'obs-1' };
    const item = toLangfuseDatasetItem(example, 'golden');
    expect(item).toEqual({ datasetName: 'golden', id: 'ex-1', input: { q: 'hi' }, expectedOutput: { a: 'hello' }, metadata: { annotations: { c: [] } }, sourceObservationId: 'obs-1' });
    expect(fromLangfuseDatasetItem({ input: item.input, expectedOutput: item.expectedOutput, metadata: item.metadata, id: 'ex-1', sourceObservationId: 'obs-1' })).toEqual(example);
    expect(fromLangfuseDatasetItem({ id: 'i', input: 'plain', expectedOutput: null, metadata: null, sourceObservationId: null })).toEqual({
      id: 'i',
      input: { input: 'plain' },
      output: {},
      metadata: {},
      spanId: null,
    });
  });
});
