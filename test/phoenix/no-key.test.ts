/**
 * No key in the browser: Phoenix runs with auth on (a second server of its own, with a system API
 * key issued as an admin does). A page in Chromium writes votes through the kit's HTTP adapter to
 * `createAnnotationHandler` in this Node process, which forwards them to Phoenix with the key. The
 * page signs in with a session cookie; everything it requests and receives is recorded (Playwright
 * and the DevTools protocol, preflights included).
 *
 * Checked: only allow-listed names pass (another is refused with a readable error that reaches the
 * page); the user comes from the session, whatever the body claims; no request the page makes, and
 * nothing it receives, carries the key; the page cannot reach Phoenix without it (401); and the votes
 * land in Phoenix under the session user's identifier, read back directly with the key.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPhoenixAdapter } from '../../src/adapters/phoenix';
import { encodeIdentifier } from '../../src/adapters/phoenix/identifiers';
import { createAnnotationHandler, toNodeListener } from '../../src/server';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';
import { freePort, localOrigins, startPhoenix } from '../../scripts/phoenix/server.mjs';
import { freshAnswerSpan, projectPath, uniqueName } from './support/rest';
import { runChatExample } from './support/chat-example';
import { seedSpans } from './support/seed';
import { repoPath } from '../support/repoPath';

const executablePath = findChromium();
const ALLOWED = 'user_feedback';
const SESSION_COOKIE = 'app_session';

interface Recorded {
  via: 'playwright' | 'devtools';
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

interface StoredRow {
  span_id: string;
  name: string;
  identifier: string;
  annotator_kind: string;
  result: { label: string | null; score: number | null } | null;
  metadata: Record<string, unknown>;
}

/** A span of its own for each case, as the chat app's traces would make it. */
const spanOf = (name: string) =>
  freshAnswerSpan({ name, startTime: Date.parse('2026-12-14T10:00:00Z'), durationMs: 500, input: name, output: `answer to ${name}` });

function cookieOf(request: IncomingMessage | Request, name: string): string | null {
  const header = request instanceof Request ? request.headers.get('cookie') : request.headers.cookie;
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
}

describe.skipIf(!executablePath)('no key in the browser: the page writes through the handler to an auth-on Phoenix', () => {
  let phoenix: Awaited<ReturnType<typeof startPhoenix>>;
  let key: string;
  let app: Server;
  let vite: ViteDevServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let origin: string;
  const project = uniqueName('no-key');
  const spans = { allowed: spanOf('allowed'), refused: spanOf('refused'), forged: spanOf('forged') };
  const recorded: Recorded[] = [];
  const received: { url: string; status: number; headers: Record<string, string>; body: string }[] = [];
  const pending: Promise<unknown>[] = [];
  const handlerErrors: unknown[] = [];
  const wrongKeyErrors: unknown[] = [];
  /** Who each session cookie belongs to: the app's own auth, on the server. */
  const sessions = new Map<string, string>();
  const withKey: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${key}`);
    return fetch(input, { ...init, headers });
  };

  /** Reads the rows straight from Phoenix, with the key (not through the handler). */
  async function phoenixRows(spanIds: string[]): Promise<StoredRow[]> {
    const query = new URLSearchParams(spanIds.map((id) => ['span_ids', id]));
    query.set('limit', '100');
    const response = await withKey(`${phoenix.url}${projectPath(project)}/span_annotations?${query}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { data: StoredRow[] }).data;
  }

  beforeAll(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    // CORS lets the page's origin call Phoenix at all, so the 401 below is Phoenix's auth talking
    phoenix = await startPhoenix({ auth: true, origins: localOrigins(port), log: () => {} });
    key = phoenix.apiKey!;
    expect(key).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await seedSpans(phoenix.url, project, Object.values(spans), { fetch: withKey });

    const handler = createAnnotationHandler({
      backend: createPhoenixAdapter({ baseUrl: phoenix.url, projectName: project, headers: { authorization: `Bearer ${key}` } }),
      allowNames: [ALLOWED],
      getUser: (request) => {
        const session = cookieOf(request, SESSION_COOKIE);
        const user = session === null ? undefined : sessions.get(session);
        return user ? { id: user } : null;
      },
      onError: (error) => handlerErrors.push(error),
    });
    const api = toNodeListener(handler);
    // the same handler with a key Phoenix does not know (a revoked one, a typo)
    const wrongKey = toNodeListener(
      createAnnotationHandler({
        backend: createPhoenixAdapter({ baseUrl: phoenix.url, projectName: project, headers: { authorization: `Bearer ${key}x` } }),
        allowNames: [ALLOWED],
        getUser: () => ({ id: 'ada' }),
        onError: (error) => wrongKeyErrors.push(error),
      }),
    );
    const root = repoPath('test/phoenix/support/no-key-app');
    app = createServer();
    vite = await createViteServer({
      configFile: false,
      root,
      plugins: [react()],
      // Vite's WebSocket on the app's own port (its default in middleware mode is the fixed port 24678)
      server: { middlewareMode: true, hmr: false, ws: { server: app }, fs: { allow: [repoPath('.')] } },
      appType: 'spa',
      // its own cache, so a dependency scan here never races the example's or another suite's
      cacheDir: repoPath('node_modules/.vite/phoenix-no-key'),
      optimizeDeps: { entries: [fileURLToPath(new URL('./support/no-key-app/main.tsx', import.meta.url))] },
      logLevel: 'warn',
    });
    app.on('request', async (request, response) => {
      const path = (request.url ?? '/').split('?')[0]!;
      if (path.startsWith('/api/annotations/')) return void api(request, response);
      if (path.startsWith('/api/wrong-key/')) return void wrongKey(request, response);
      if (path === '/signin' && request.method === 'POST') {
        const { name } = (await readJson(request)) as { name?: string };
        const session = randomUUID();
        sessions.set(session, String(name).trim().toLowerCase());
        response.writeHead(204, { 'set-cookie': `${SESSION_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Lax` });
        return void response.end();
      }
      if (path === '/config.json') {
        const session = cookieOf(request, SESSION_COOKIE);
        const user = session === null ? null : (sessions.get(session) ?? null);
        response.writeHead(200, { 'content-type': 'application/json' });
        return void response.end(JSON.stringify({ user, spans: { allowed: spans.allowed.spanId, refused: spans.refused.spanId } }));
      }
      vite.middlewares(request, response);
    });
    await new Promise<void>((resolve) => app.listen(port, '127.0.0.1', resolve));

    browser = await chromium.launch({ executablePath: executablePath!, args: CHROMIUM_ARGS });
    context = await browser.newContext();
    context.on('request', (request) => {
      pending.push(
        request.allHeaders().then((headers) =>
          recorded.push({ via: 'playwright', method: request.method(), url: request.url(), headers, body: request.postDataBuffer()?.toString('utf8') ?? '' }),
        ),
      );
    });
    context.on('response', (response) => {
      pending.push(
        Promise.all([response.allHeaders(), response.body().then((body) => body.toString('utf8')).catch(() => '')]).then(([headers, body]) =>
          received.push({ url: response.url(), status: response.status(), headers, body }),
        ),
      );
    });
    page = await context.newPage();
    // the DevTools protocol also sees what Playwright's events leave out (CORS preflights) with the headers as sent
    const devtools = await context.newCDPSession(page);
    await devtools.send('Network.enable');
    const sent = new Map<string, { method: string; url: string; body: string }>();
    devtools.on('Network.requestWillBeSent', (event) => {
      sent.set(event.requestId, { method: event.request.method, url: event.request.url, body: event.request.postData ?? '' });
      recorded.push({ via: 'devtools', method: event.request.method, url: event.request.url, headers: event.request.headers as Record<string, string>, body: event.request.postData ?? '' });
    });
    devtools.on('Network.requestWillBeSentExtraInfo', (event) => {
      const request = sent.get(event.requestId);
      recorded.push({ via: 'devtools', method: request?.method ?? '?', url: request?.url ?? '?', headers: event.headers as Record<string, string>, body: '' });
    });
    page.on('pageerror', (error) => handlerErrors.push(error));

    await page.goto(`${origin}/`);
    await page.getByLabel('Your name').fill('Ada');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as ada').waitFor();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await vite?.close();
    await new Promise((resolve) => (app ? app.close(resolve) : resolve(undefined)));
    await phoenix?.stop();
  });

  it('lands a vote clicked in the page in Phoenix under the session user, read back with the key', async () => {
    const answer = page.getByRole('article', { name: 'First answer' });
    await answer.getByRole('button', { name: 'Good response' }).click();
    await expect.poll(() => answer.locator('[data-pending]').count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(async () => (await phoenixRows([spans.allowed.spanId])).length, { timeout: 15_000 }).toBe(1);
    const [row] = await phoenixRows([spans.allowed.spanId]);
    expect(row).toMatchObject({
      name: ALLOWED,
      identifier: encodeIdentifier({ kind: 'span', spanId: spans.allowed.spanId }, 'ada'),
      annotator_kind: 'HUMAN',
      result: { label: 'positive', score: 1 },
      metadata: { annokit_user_id: 'ada' },
    });
    expect(await answer.getByRole('button', { name: 'Good response' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('retracts it from the page: the handler deletes the row in Phoenix with the key', async () => {
    const thumb = page.getByRole('article', { name: 'First answer' }).getByRole('button', { name: 'Good response' });
    await thumb.click();
    await expect.poll(() => thumb.getAttribute('aria-pressed')).toBe('false');
    await expect.poll(async () => (await phoenixRows([spans.allowed.spanId])).length, { timeout: 30_000 }).toBe(0);
  });

  it('refuses a name off the allow-list with a readable error that reaches the page, and writes nothing', async () => {
    const answer = page.getByRole('article', { name: 'Second answer' });
    await answer.getByRole('button', { name: 'Good response' }).click();
    await page.getByRole('alert').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('alert').textContent()).toBe('annotations[0].name: the annotation name "internal_grade" is not allowed here');
    await answer.locator('[data-failed]').waitFor();
    expect(await phoenixRows([spans.refused.spanId])).toEqual([]);
  });

  it('records a body that claims another user as the session user, and refuses a claimed LLM annotator', async () => {
    const forged = await page.evaluate(async (spanId) => {
      const post = (annotation: Record<string, unknown>) =>
        fetch('/api/annotations/annotations/upsert', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ annotations: [{ target: { kind: 'span', spanId }, name: 'user_feedback', label: 'negative', score: 0, ...annotation }] }),
        }).then(async (response) => ({ status: response.status, body: await response.json() }));
      return {
        asMallory: await post({ annotatorKind: 'HUMAN', identifier: 'mallory', userId: 'mallory' }),
        asJudge: await post({ annotatorKind: 'LLM', identifier: 'ada' }),
      };
    }, spans.forged.spanId);
    expect(forged.asMallory.status).toBe(200);
    expect(forged.asMallory.body.data[0]).toMatchObject({ identifier: 'ada', userId: 'ada', label: 'negative' });
    expect(forged.asJudge.status).toBe(403);
    expect(forged.asJudge.body.error.message).toContain('"LLM" annotations may not be written here');
    const rows = await phoenixRows([spans.forged.spanId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      identifier: encodeIdentifier({ kind: 'span', spanId: spans.forged.spanId }, 'ada'),
      annotator_kind: 'HUMAN',
      metadata: { annokit_user_id: 'ada' },
    });
    expect(JSON.stringify(rows)).not.toContain('mallory');
  });

  it('reads back only the session user’s own annotations, though Phoenix holds another user’s on the same span', async () => {
    const bob = randomUUID();
    sessions.set(bob, 'bob');
    const asBob = await fetch(`${origin}/api/annotations/annotations/upsert`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `${SESSION_COOKIE}=${bob}` },
      body: JSON.stringify({ annotations: [{ target: { kind: 'span', spanId: spans.forged.spanId }, name: ALLOWED, annotatorKind: 'HUMAN', label: 'positive', score: 1 }] }),
    });
    expect(asBob.status).toBe(200);
    expect((await phoenixRows([spans.forged.spanId])).map((row) => row.metadata.annokit_user_id).sort()).toEqual(['ada', 'bob']);
    const read = await page.evaluate(async (spanId) => {
      const response = await fetch('/api/annotations/annotations/query', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ targets: [{ kind: 'span', spanId }] }),
      });
      return (await response.json()) as { data: { identifier: string }[] };
    }, spans.forged.spanId);
    expect(read.data.map((annotation) => annotation.identifier)).toEqual(['ada']);
  });

  it('answers 502 without Phoenix’s details when Phoenix refuses the server’s key, and tells onError why', async () => {
    const answer = await page.evaluate(async (spanId) => {
      const response = await fetch('/api/wrong-key/annotations/upsert', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ annotations: [{ target: { kind: 'span', spanId }, name: 'user_feedback', annotatorKind: 'HUMAN', label: 'positive' }] }),
      });
      return { status: response.status, body: await response.text() };
    }, spans.refused.spanId);
    expect(answer.status).toBe(502);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'server', message: 'The annotation backend refused the server\'s credentials' } });
    expect(wrongKeyErrors).toHaveLength(1);
    expect(String(wrongKeyErrors[0])).toMatch(/401/);
    expect(await phoenixRows([spans.refused.spanId])).toEqual([]);
  });

  it('answers 401 to a request without a session', async () => {
    const anonymous = await browser.newContext();
    try {
      const other = await anonymous.newPage();
      await other.goto(`${origin}/config.json`);
      const answer = await other.evaluate(async (spanId) => {
        const response = await fetch('/api/annotations/annotations/upsert', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ annotations: [{ target: { kind: 'span', spanId }, name: 'user_feedback', annotatorKind: 'HUMAN', label: 'positive', identifier: 'ada' }] }),
        });
        return { status: response.status, body: await response.json() };
      }, spans.forged.spanId);
      expect(answer.status).toBe(401);
      expect(answer.body.error.message).toMatch(/no session/);
    } finally {
      await anonymous.close();
    }
  });

  it('cannot reach Phoenix from the page without the key: Phoenix answers 401 to reads and writes', async () => {
    const before = await phoenixRows([spans.allowed.spanId]);
    const direct = await page.evaluate(
      async ({ url, project: name, spanId }) => {
        const read = await fetch(`${url}/v1/projects/${encodeURIComponent(name)}/span_annotations?span_ids=${spanId}`);
        const write = await fetch(`${url}/v1/span_annotations?sync=true`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ data: [{ span_id: spanId, name: 'user_feedback', annotator_kind: 'HUMAN', result: { label: 'negative' }, identifier: 'x' }] }),
        });
        return { read: read.status, write: write.status };
      },
      { url: phoenix.url, project, spanId: spans.allowed.spanId },
    );
    expect(direct).toEqual({ read: 401, write: 401 });
    expect(await phoenixRows([spans.allowed.spanId])).toEqual(before);
  });

  it('sends and receives nothing that carries the key: every request and response of the page, recorded', async () => {
    await Promise.all(pending);
    const secrets = [key, key.split('.')[2]!];
    const carrying = [
      ...recorded.filter((request) => secrets.some((secret) => `${request.url}\n${JSON.stringify(request.headers)}\n${request.body}`.includes(secret))),
      ...received.filter((response) => secrets.some((secret) => `${JSON.stringify(response.headers)}\n${response.body}`.includes(secret))),
    ];
    console.log(
      `no key in the browser: ${recorded.filter((r) => r.via === 'playwright').length} requests (Playwright) and ${recorded.filter((r) => r.via === 'devtools').length} request records (DevTools, preflights and sent headers included), ${received.length} responses checked; none carries the key`,
    );
    expect(carrying.map((entry) => entry.url)).toEqual([]);
    // the recording saw the traffic it should have: the handler's API with the session cookie, Phoenix without a credential
    const api = recorded.filter((request) => request.url.startsWith(`${origin}/api/annotations/`));
    expect(api.length).toBeGreaterThan(3);
    expect(api.some((request) => (request.headers.cookie ?? request.headers.Cookie ?? '').includes(`${SESSION_COOKIE}=`))).toBe(true);
    const toPhoenix = recorded.filter((request) => request.url.startsWith(phoenix.url));
    expect(toPhoenix.length).toBeGreaterThanOrEqual(2);
    expect(toPhoenix.filter((request) => Object.keys(request.headers).some((name) => name.toLowerCase() === 'authorization'))).toEqual([]);
    expect(received.filter((response) => response.url.startsWith(phoenix.url)).map((response) => response.status)).toEqual([401, 401]);
    expect(handlerErrors).toEqual([]);
  });

  it('runs the chat example against the auth-on Phoenix, with the key on its server only', async () => {
    const run = await runChatExample({ PHOENIX_URL: phoenix.url, PHOENIX_API_KEY: key });
    console.log(`chat example against an auth-on Phoenix: ${run.seconds.toFixed(1)} s`);
    expect(run.code, run.output).toBe(0);
  }, 300_000);
});
