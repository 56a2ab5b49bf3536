import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnnotationHandler, createHttpAdapter } from '../../../src/adapters/http';
import { createMemoryAdapter } from '../../../src/adapters/memory';
import { AnnokitError, ValidationError, type AnnotationAdapter, type AnnotationInput } from '../../../src/core';
import { startProtocolServer } from './server';
import { rejectionOf } from '../../support/rejection';

const span = { kind: 'span', spanId: 'span-1' } as const;
const vote = (overrides: Partial<AnnotationInput> = {}): AnnotationInput => ({
  target: span,
  name: 'user_feedback',
  annotatorKind: 'HUMAN',
  label: 'up',
  score: 1,
  ...overrides,
});

// The session is a cookie naming the user, as a host's session middleware would resolve it.
const getUser = async (request: Request) => {
  const match = /(?:^|;\s*)session=([^;]+)/.exec(request.headers.get('cookie') ?? '');
  return match ? { id: decodeURIComponent(match[1]!) } : null;
};

let backend: AnnotationAdapter;
const endUserHandler = () => createAnnotationHandler({ backend, allowNames: ['user_feedback'], getUser });
const server = await startProtocolServer(createAnnotationHandler({ backend: createMemoryAdapter(), allowNames: [], getUser }));
afterAll(() => server.close());
beforeEach(() => {
  backend = createMemoryAdapter();
  server.use(endUserHandler());
});
afterEach(() => {
  expect(server.violations.splice(0)).toEqual([]);
});

const as = (user: string | null) =>
  createHttpAdapter({ baseUrl: server.url, headers: user ? { cookie: `session=${encodeURIComponent(user)}` } : {} });

async function post(path: string, body: string, user: string | null = 'alice', extra: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(user ? { cookie: `session=${user}` } : {}), ...extra },
    body,
  });
  return { status: response.status, body: (await response.json()) as { error: { code: string; message: string; issues?: { field: string }[] } } };
}

describe('createAnnotationHandler security', () => {
  it('refuses a name outside the allow-list with 403 naming it, and stores nothing', async () => {
    const error = await rejectionOf(as('alice').upsertAnnotations([vote({ name: 'is_admin' })]));
    expect(error.status).toBe(403);
    expect(error.code).toBe('authentication');
    expect(error.message).toContain('"is_admin"');
    expect(error.retryable).toBe(false);
    expect(await backend.listAnnotations({ targets: [span] })).toEqual([]);
  });

  it('refuses a whole batch when one name is outside the allow-list', async () => {
    await rejectionOf(as('alice').upsertAnnotations([vote(), vote({ name: 'hallucination' })]));
    expect(await backend.listAnnotations({ targets: [span] })).toEqual([]);
  });

  it('replaces a forged identifier and userId with the session user', async () => {
    const [stored] = await as('alice').upsertAnnotations([vote({ identifier: 'bob', userId: 'bob' })]);
    expect(stored).toMatchObject({ identifier: 'alice', userId: 'alice' });
    const [inBackend] = await backend.listAnnotations({ targets: [span] });
    expect(inBackend).toMatchObject({ identifier: 'alice', userId: 'alice', label: 'up' });
  });

  it('cannot overwrite or delete another user\'s vote by naming their identifier', async () => {
    await as('bob').upsertAnnotations([vote({ label: 'up' })]);
    await as('alice').upsertAnnotations([vote({ identifier: 'bob', label: 'down', score: 0 })]);
    // the forged delete is rewritten to alice's own key, so it removes alice's vote and leaves bob's
    await as('alice').deleteAnnotations!([{ target: span, name: 'user_feedback', identifier: 'bob' }]);
    const stored = await backend.listAnnotations({ targets: [span] });
    expect(Object.fromEntries(stored.map((a) => [a.identifier, a.label]))).toEqual({ bob: 'up' });
  });

  it('reads back only the signed-in user\'s own annotations', async () => {
    await as('bob').upsertAnnotations([vote({ label: 'up' })]);
    await as('alice').upsertAnnotations([vote({ label: 'down', score: 0 })]);
    const mine = await as('alice').listAnnotations({ targets: [span] });
    expect(mine.map((a) => [a.identifier, a.label])).toEqual([['alice', 'down']]);
  });

  it('answers 401 without a session and stores nothing', async () => {
    const error = await rejectionOf(as(null).upsertAnnotations([vote()]));
    expect(error.status).toBe(401);
    expect(error.code).toBe('authentication');
    expect(await backend.listAnnotations({ targets: [span] })).toEqual([]);
  });

  it('refuses an annotator kind other than HUMAN by default, so an end user cannot pose as a judge', async () => {
    const error = await rejectionOf(as('alice').upsertAnnotations([vote({ annotatorKind: 'LLM' })]));
    expect(error.status).toBe(403);
    expect(error.message).toContain('"LLM"');
  });

  it('answers malformed JSON with 400 naming the body', async () => {
    const { status, body } = await post('/annotations/upsert', '{"annotations": [', 'alice', { 'x-test-invalid': '1' });
    expect(status).toBe(400);
    expect(body.error.code).toBe('validation');
    expect(body.error.issues?.[0]?.field).toBe('body');
    expect(body.error.message).toContain('not valid JSON');
  });

  it('answers an invalid field with 400 naming the field and the value', async () => {
    const { status, body } = await post(
      '/annotations/upsert',
      JSON.stringify({ annotations: [{ ...vote(), score: 'high' }] }),
      'alice',
      { 'x-test-invalid': '1' },
    );
    expect(status).toBe(400);
    expect(body.error.issues?.[0]?.field).toBe('annotations[0].score');
    expect(body.error.message).toContain('"high"');
  });

  it('gives the client a ValidationError naming the field when the server rejects one', async () => {
    server.use(createAnnotationHandler({ backend, allowNames: ['user_feedback'], getUser, maxBatch: 1 }));
    const error = await rejectionOf(as('alice').upsertAnnotations([vote(), vote({ target: { kind: 'span', spanId: 'span-2' } })]));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('annotations');
  });

  it('does not serve capabilities it was not told to expose', async () => {
    const error = await rejectionOf(createHttpAdapter({ baseUrl: server.url, capabilities: ['spans'], headers: { cookie: 'session=alice' } }).listSpans!({}));
    expect(error.code).toBe('unsupported');
    expect(error.status).toBe(501);
  });

  it('hides the backend refusing the server key behind a 502, reporting it to onError', async () => {
    const seen: unknown[] = [];
    const failing: AnnotationAdapter = {
      name: 'failing',
      upsertAnnotations: async () => {
        throw new AnnokitError('Phoenix needs credentials (401 on POST /v1/span_annotations). secret detail', { code: 'authentication', status: 401 });
      },
      listAnnotations: async () => [],
    };
    server.use(createAnnotationHandler({ backend: failing, allowNames: ['user_feedback'], getUser, onError: (error) => seen.push(error) }));
    const error = await rejectionOf(as('alice').upsertAnnotations([vote()]));
    expect(error.status).toBe(502);
    expect(error.retryable).toBe(true);
    expect(error.message).not.toContain('secret detail');
    expect(seen).toHaveLength(1);
  });

  // Phoenix ingests spans in the background: a vote can arrive before its span. The retryable
  // not_found must stay retryable across the HTTP hop, or the browser's outbox gives the vote up.
  it('keeps a retryable not_found retryable for the browser: a 502 with Retry-After', async () => {
    const notYet: AnnotationAdapter = {
      name: 'lagging',
      upsertAnnotations: async () => {
        throw new AnnokitError('Phoenix has no span "ffffffffffffffff" (not ingested yet)', { code: 'not_found', status: 404, retryable: true });
      },
      listAnnotations: async () => [],
    };
    server.use(createAnnotationHandler({ backend: notYet, allowNames: ['user_feedback'], getUser }));
    const error = await rejectionOf(as('alice').upsertAnnotations([vote()]));
    expect(error).toMatchObject({ status: 502, retryable: true, retryAfterSeconds: 1 });
    expect(error.message).toMatch(/does not have the target yet/);
  });

  it('still answers a plain not_found with 404, which the browser does not retry', async () => {
    const missing: AnnotationAdapter = {
      name: 'missing',
      upsertAnnotations: async () => {
        throw new AnnokitError('No span "nope"', { code: 'not_found', status: 404 });
      },
      listAnnotations: async () => [],
    };
    server.use(createAnnotationHandler({ backend: missing, allowNames: ['user_feedback'], getUser }));
    const error = await rejectionOf(as('alice').upsertAnnotations([vote()]));
    expect(error).toMatchObject({ status: 404, code: 'not_found', retryable: false });
  });

  it('passes the Idempotency-Key on to the backend', async () => {
    const keys: (string | undefined)[] = [];
    const recording: AnnotationAdapter = {
      ...createMemoryAdapter(),
      name: 'recording',
      upsertAnnotations: async (inputs, options) => {
        keys.push(options?.idempotencyKey);
        return backend.upsertAnnotations(inputs, options);
      },
      listAnnotations: (query) => backend.listAnnotations(query),
    };
    server.use(createAnnotationHandler({ backend: recording, allowNames: ['user_feedback'], getUser }));
    await as('alice').upsertAnnotations([vote()], { idempotencyKey: 'outbox-entry-1' });
    expect(keys).toEqual(['outbox-entry-1']);
  });
});
