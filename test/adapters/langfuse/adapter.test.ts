import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLangfuseAdapter } from '../../../src/adapters/langfuse';
import { getCapabilities, type AnnotationInput } from '../../../src/core';
import { PUBLIC_KEY, SECRET_KEY, seedObservations, startFakeLangfuse } from './fake-langfuse';
import { rejectionOf } from '../../support/rejection';

const fake = await startFakeLangfuse();
afterAll(() => fake.close());
beforeEach(() => fake.reset());
afterEach(() => {
  expect(fake.violations.splice(0)).toEqual([]);
});

const span = { kind: 'span', spanId: 'obs-1' } as const;
const vote = (overrides: Partial<AnnotationInput> = {}): AnnotationInput => ({
  target: span,
  name: 'user_feedback',
  annotatorKind: 'HUMAN',
  label: 'up',
  score: 1,
  identifier: 'user-1',
  ...overrides,
});

describe('browser mode (public key only)', () => {
  const browser = () => createLangfuseAdapter({ baseUrl: fake.url, publicKey: PUBLIC_KEY });

  it('only writes scores: no reads, deletes, configs or traces', () => {
    const adapter = browser();
    expect(adapter.mode).toBe('browser');
    expect(Object.values(getCapabilities(adapter)).every((has) => !has)).toBe(true);
  });

  it('writes a score with the public key as Bearer, accepted by Langfuse\'s client contract', async () => {
    await browser().upsertAnnotations([vote({ explanation: 'Helpful' })]);
    const [score] = [...fake.scores.values()];
    expect(score).toMatchObject({ name: 'user_feedback', stringValue: 'up', comment: 'Helpful', observationId: 'obs-1' });
    expect(fake.log).toEqual(['POST /api/public/scores']);
  });

  it('is idempotent on retry: the same write twice leaves one score', async () => {
    const adapter = browser();
    await adapter.upsertAnnotations([vote()]);
    await browser().upsertAnnotations([vote()]);
    await adapter.upsertAnnotations([vote({ label: 'down', score: 0 })]);
    expect(fake.scores.size).toBe(1);
    expect([...fake.scores.values()][0]).toMatchObject({ stringValue: 'down' });
  });

  it('lists only what this adapter wrote in this session, without calling Langfuse', async () => {
    const adapter = browser();
    await adapter.upsertAnnotations([vote(), vote({ name: 'other', target: { kind: 'trace', traceId: 't-1' } })]);
    fake.log.length = 0;
    expect((await adapter.listAnnotations({ targets: [span] })).map((a) => a.name)).toEqual(['user_feedback']);
    expect(await browser().listAnnotations({ targets: [span] })).toEqual([]);
    expect(fake.log).toEqual([]);
  });

  it('sends the trace id from traceIdOf with a span score', async () => {
    await createLangfuseAdapter({ baseUrl: fake.url, publicKey: PUBLIC_KEY, traceIdOf: () => 'trace-9' }).upsertAnnotations([vote()]);
    expect([...fake.scores.values()][0]).toMatchObject({ traceId: 'trace-9' });
  });
});

describe('server mode', () => {
  const server = () => createLangfuseAdapter({ baseUrl: fake.url, publicKey: PUBLIC_KEY, secretKey: SECRET_KEY });

  it('looks up the trace of a span once, and files the score under it', async () => {
    seedObservations(fake, [
      { spanId: 'obs-1', traceId: 'trace-1', parentId: null, name: 'root', kind: 'LLM', startTime: 0, endTime: 1, status: { code: 'OK', message: null }, attributes: {}, events: [] },
    ]);
    const adapter = server();
    await adapter.upsertAnnotations([vote(), vote({ identifier: 'user-2' })]);
    expect(fake.log.filter((line) => line.startsWith('GET /api/public/observations'))).toHaveLength(1);
    expect([...fake.scores.values()].map((score) => score.traceId)).toEqual(['trace-1', 'trace-1']);
  });

  it('reads scores made in Langfuse\'s UI with their source as annotator kind', async () => {
    fake.scores.set('ui-1', {
      id: 'ui-1', name: 'quality', dataType: 'NUMERIC', value: 4, source: 'ANNOTATION', traceId: 't', observationId: 'obs-1', sessionId: null,
      datasetRunId: null, comment: 'ok', metadata: null, timestamp: '2026-01-01T00:00:00Z', createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z', authorUserId: 'rev-1', configId: null, queueId: null, environment: 'default',
    });
    const [annotation] = await server().listAnnotations({ targets: [span] });
    expect(annotation).toMatchObject({ name: 'quality', annotatorKind: 'HUMAN', score: 4, explanation: 'ok', userId: 'rev-1', source: 'ANNOTATION' });
  });

  it('reports wrong keys as an authentication error that says where keys belong', async () => {
    const error = await rejectionOf(createLangfuseAdapter({ baseUrl: fake.url, publicKey: 'pk-wrong', secretKey: 'sk-wrong' }).listAnnotations({ targets: [span] }));
    expect(error.code).toBe('authentication');
    expect(error.message).toContain('secretKey');
  });

  it('reports an unreachable Langfuse as a retryable network error', async () => {
    const error = await rejectionOf(createLangfuseAdapter({ baseUrl: 'http://127.0.0.1:9', publicKey: PUBLIC_KEY }).upsertAnnotations([vote()]));
    expect(error.code).toBe('network');
    expect(error.retryable).toBe(true);
  });
});
