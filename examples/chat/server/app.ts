import type { LanguageModel } from 'ai';
import { createMemoryAdapter, type MemoryAdapter } from 'annokit/adapters/memory';
import { createPhoenixAdapter } from 'annokit/adapters/phoenix';
import { configFromInput, type AnnotationAdapter, type AnnotationConfigInput } from 'annokit/core';
import { createAnnotationHandler } from 'annokit/server';
import { createChatRoute } from './chat';
import { createMockModel } from './model';
import { createSessions, type SessionUser } from './session';
import { createTracerProvider } from './telemetry';

export interface ChatExampleOptions {
  /** Phoenix's URL: spans go there over OTLP and annotations through its REST API. Default: none (the in-process store). */
  phoenixUrl?: string;
  /** Sent to Phoenix as a bearer token, when its auth is on. */
  phoenixApiKey?: string;
  /** Phoenix project. Default `annokit-chat-example`. */
  projectName?: string;
  /** The model. Default: the AI SDK's mock model with canned answers. */
  model?: LanguageModel;
  /** Registers the tracer provider globally, as an app does at start-up. Default true. */
  register?: boolean;
}

/** The label reviewers give on /admin. */
export const CORRECTNESS: AnnotationConfigInput = {
  type: 'categorical',
  name: 'correctness',
  description: 'Is the answer factually right?',
  optimizationDirection: 'MAXIMIZE',
  values: [
    { label: 'correct', score: 1 },
    { label: 'incorrect', score: 0 },
  ],
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });

/**
 * The example's server side as one Fetch handler: `/api/session`, `/api/chat`, `/api/annotations/*`
 * (end users' votes, own annotations only) and `/api/review/*` (reviewers: every trace and
 * annotation). Answers `null` for any other path, which the host serves (the pages).
 */
export function createChatExample(options: ChatExampleOptions = {}) {
  const projectName = options.projectName ?? 'annokit-chat-example';
  const headers: Record<string, string> = options.phoenixApiKey ? { authorization: `Bearer ${options.phoenixApiKey}` } : {};
  const store: MemoryAdapter | null = options.phoenixUrl ? null : createMemoryAdapter({ seed: { configs: [configFromInput(CORRECTNESS, 'correctness')] } });
  const backend: AnnotationAdapter = store ?? createPhoenixAdapter({ baseUrl: options.phoenixUrl!, projectName, headers });
  // Phoenix: the project and the reviewers' config must exist before the first review; retried on the next request if Phoenix was not up yet.
  let ready: Promise<void> | null = store ? Promise.resolve() : null;
  const prepare = () =>
    (ready ??= preparePhoenix(options.phoenixUrl!, projectName, headers, backend).catch((error: unknown) => {
      ready = null;
      throw error;
    }));

  const tracerProvider = createTracerProvider(
    store ? { kind: 'memory', store } : { kind: 'phoenix', baseUrl: options.phoenixUrl!, projectName, headers },
  );
  if (options.register ?? true) tracerProvider.register();
  const chat = createChatRoute({ model: options.model ?? createMockModel(), tracer: tracerProvider.getTracer('annokit-chat-example') });
  const sessions = createSessions();

  const onError = (error: unknown) => console.error('annotation backend:', error);
  // End users: their own votes on any span, written as themselves.
  const feedback = createAnnotationHandler<SessionUser>({
    backend,
    allowNames: ['user_feedback'],
    getUser: (request) => sessions.userOf(request),
    onError,
  });
  // Reviewers: every trace and every annotation; writes are recorded as the reviewer.
  const review = createAnnotationHandler<SessionUser>({
    backend,
    allowNames: () => true,
    readScope: 'all',
    expose: 'all',
    getUser: (request) => {
      const user = sessions.userOf(request);
      return user?.role === 'reviewer' ? user : null;
    },
    onError,
  });

  async function handle(request: Request): Promise<Response | null> {
    const { pathname } = new URL(request.url);
    if (!pathname.startsWith('/api/')) return null;
    try {
      await prepare();
    } catch (error) {
      console.error(error);
      return json(503, { error: `Phoenix is not ready: ${error instanceof Error ? error.message : String(error)}` });
    }
    if (pathname === '/api/session') {
      if (request.method === 'GET') return json(200, { user: sessions.userOf(request), backend: store ? 'memory' : 'phoenix' });
      if (request.method === 'POST') {
        const result = sessions.signIn(await request.json().catch(() => null));
        return 'error' in result ? json(400, { error: result.error }) : json(200, { user: result.user }, { 'set-cookie': result.setCookie });
      }
      if (request.method === 'DELETE') return json(200, { user: null }, { 'set-cookie': sessions.signOut(request) });
      return json(405, { error: `${request.method} is not allowed on /api/session` });
    }
    if (pathname === '/api/chat' && request.method === 'POST') {
      const user = sessions.userOf(request);
      return user ? chat(request, user) : json(401, { error: 'Sign in to chat' });
    }
    if (pathname.startsWith('/api/annotations/')) return feedback(request);
    if (pathname.startsWith('/api/review/')) return review(request);
    return json(404, { error: `No route at ${pathname}` });
  }

  return {
    handle,
    /** The in-process store (null with Phoenix): spans the exporter loaded and every annotation. */
    store,
    backend,
    tracerProvider,
    async close() {
      await tracerProvider.shutdown();
    },
  };
}

/**
 * Phoenix creates a project with its first span, and its annotation configs are global: create the
 * project now (so /admin works before anyone chats) and give it the correctness config, reusing
 * one of that name if Phoenix has it already.
 */
async function preparePhoenix(baseUrl: string, projectName: string, headers: Record<string, string>, backend: AnnotationAdapter): Promise<void> {
  const url = (path: string) => `${baseUrl.replace(/\/$/, '')}${path}`;
  const check = async (response: Response, what: string) => {
    if (!response.ok) throw new Error(`${what}: Phoenix answered ${response.status} ${await response.text()}`);
    return response;
  };
  const project = await fetch(url(`/v1/projects/${encodeURIComponent(projectName)}`), { headers });
  if (project.status === 404) {
    await check(
      await fetch(url('/v1/projects'), {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name: projectName, description: 'annokit chat example' }),
      }),
      `creating project "${projectName}"`,
    );
  } else await check(project, `reading project "${projectName}"`);
  const listed = await check(await fetch(url('/v1/annotation_configs?limit=1000'), { headers }), 'listing annotation configs');
  const existing = ((await listed.json()) as { data: { id: string; name: string }[] }).data.find((config) => config.name === CORRECTNESS.name);
  await backend.upsertAnnotationConfig!({ ...CORRECTNESS, ...(existing ? { id: existing.id } : {}) });
}
