// @vitest-environment node
// The README's AI SDK recipe, for real in Node: the chat example's route (AI SDK, mock model,
// OpenTelemetry SDK, OpenInference's Vercel span processor) answers through the AI SDK's own client
// transport; the answer's metadata names the span the route created, and a vote lands on it.
import { DefaultChatTransport, readUIMessageStream, type UIMessage } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { afterAll, describe, expect, it } from 'vitest';
import { createHttpAdapter } from '../../src/adapters/http';
import { SPAN_TARGET_HEADER, spanTargetFromHeaders, spanTargetFromMetadata, type Span } from '../../src/core';
import { createChatExample } from '../../examples/chat/server/app';

const app = createChatExample();
afterAll(() => app.close());
const store = app.store!;

/** The example's handler as `fetch`, with one user's session cookie. */
async function signIn(name: string) {
  const response = await app.handle(new Request('http://example.test/api/session', { method: 'POST', body: JSON.stringify({ name }) }));
  const cookie = response!.headers.get('set-cookie')!.split(';')[0]!;
  let lastResponse: Response | null = null;
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    request.headers.set('cookie', cookie);
    lastResponse = (await app.handle(request)) ?? new Response('not found', { status: 404 });
    return lastResponse;
  };
  return { fetch, lastResponse: () => lastResponse };
}

async function ask(session: Awaited<ReturnType<typeof signIn>>, chatId: string, text: string) {
  const transport = new DefaultChatTransport<UIMessage>({ api: 'http://example.test/api/chat', fetch: session.fetch });
  const question: UIMessage = { id: `q-${chatId}`, role: 'user', parts: [{ type: 'text', text }] };
  const stream = await transport.sendMessages({
    chatId,
    messages: [question],
    trigger: 'submit-message',
    messageId: undefined,
    abortSignal: undefined,
  });
  let answer: UIMessage | undefined;
  for await (const message of readUIMessageStream({ stream })) answer = message;
  return { answer: answer!, response: session.lastResponse()! };
}

async function spansOfTrace(traceId: string, count: number): Promise<Span[]> {
  // The SimpleSpanProcessor exports as each span ends; the turn span ends in streamText's onFinish.
  await expect.poll(async () => (await store.getTrace(traceId)).length, { timeout: 5000 }).toBeGreaterThanOrEqual(count);
  return store.getTrace(traceId);
}

describe('AI SDK recipe (Node)', () => {
  it("streams the answer with the turn span's target in its metadata and header, and the exporter records that span", async () => {
    const ada = await signIn('Ada');
    const { answer, response } = await ask(ada, 'chat-node-1', 'What is the capital of France?');
    expect(answer.parts.filter((part) => part.type === 'text').map((part) => part.text).join('')).toBe('The capital of France is Paris.');

    const target = spanTargetFromMetadata(answer.metadata)!;
    expect(target).toMatchObject({ kind: 'span', sessionId: 'chat-node-1' });
    expect(response.headers.get(SPAN_TARGET_HEADER)).toBeTruthy();
    expect(spanTargetFromHeaders(response)).toEqual(target);

    const spans = await spansOfTrace(target.traceId, 3);
    const turn = spans.find((span) => span.spanId === target.spanId)!;
    expect(turn).toMatchObject({ name: 'chat turn', parentId: null, kind: 'CHAIN', traceId: target.traceId });
    expect(turn.attributes).toMatchObject({
      input: { value: 'What is the capital of France?' },
      output: { value: 'The capital of France is Paris.' },
      session: { id: 'chat-node-1' },
      user: { id: 'ada' },
    });
    // The AI SDK's spans are children of the turn, made OpenInference spans by the Vercel processor.
    // The AI SDK names its spans after the operation and the telemetry functionId ('chat').
    const stream = spans.find((span) => span.name === 'ai.streamText chat')!;
    const call = spans.find((span) => span.name === 'ai.streamText.doStream chat')!;
    expect(stream.parentId).toBe(turn.spanId);
    expect(call.parentId).toBe(stream.spanId);
    expect([stream.kind, call.kind]).toEqual(['AGENT', 'LLM']);
    // The turn spans the whole answer: it ends after the AI SDK's own spans (no child outlives it).
    expect(turn.endTime!).toBeGreaterThanOrEqual(stream.endTime!);
    expect(call.attributes).toMatchObject({ llm: { model_name: 'mock-chat-1' }, output: { value: 'The capital of France is Paris.' } });
  });

  it('records a vote through the HTTP handler on exactly the span the route created, as the signed-in user', async () => {
    const grace = await signIn('Grace');
    const { answer } = await ask(grace, 'chat-node-2', 'What is the largest planet?');
    const target = spanTargetFromMetadata(answer.metadata)!;
    await spansOfTrace(target.traceId, 3);

    const adapter = createHttpAdapter({ baseUrl: 'http://example.test/api/annotations', fetch: grace.fetch });
    // The browser sends the target as it came; the handler keeps the span id and records the session user.
    await adapter.upsertAnnotations([
      { target, name: 'user_feedback', annotatorKind: 'HUMAN', label: 'negative', score: 0, identifier: 'someone-else' },
    ]);
    const stored = await store.listAnnotations({ targets: [{ kind: 'span', spanId: target.spanId }] });
    expect(stored).toEqual([
      expect.objectContaining({ target: { kind: 'span', spanId: target.spanId }, label: 'negative', identifier: 'grace', userId: 'grace' }),
    ]);
    const [turn] = (await store.listSpans({ spanIds: [target.spanId] })).data;
    expect(turn?.name).toBe('chat turn');

    // Another user's session cannot write names outside the allow-list.
    await expect(
      adapter.upsertAnnotations([{ target, name: 'correctness', annotatorKind: 'HUMAN', label: 'correct' }]),
    ).rejects.toThrow(/"correctness" is not allowed/);
  });

  it('ends the turn span with an error status when the model fails, and still sends the target', async () => {
    const failing = createChatExample({
      register: false,
      model: new MockLanguageModelV3({
        doStream: async () => {
          throw new Error('model unavailable');
        },
      }),
    });
    try {
      const signedIn = await failing.handle(new Request('http://example.test/api/session', { method: 'POST', body: JSON.stringify({ name: 'Ada' }) }));
      const cookie = signedIn!.headers.get('set-cookie')!.split(';')[0]!;
      const response = await failing.handle(
        new Request('http://example.test/api/chat', {
          method: 'POST',
          headers: { cookie },
          body: JSON.stringify({ id: 'chat-err', messages: [{ id: 'q', role: 'user', parts: [{ type: 'text', text: 'Hello?' }] }] }),
        }),
      );
      const target = spanTargetFromHeaders(response!)!;
      expect(await response!.text()).toContain('"type":"error"');
      await expect.poll(async () => (await failing.store!.listSpans({ spanIds: [target.spanId] })).data[0]?.status.code, { timeout: 5000 }).toBe('ERROR');
    } finally {
      await failing.close();
    }
  });

  it('refuses a chat request without a session, and malformed messages naming the field', async () => {
    const anonymous = await app.handle(new Request('http://example.test/api/chat', { method: 'POST', body: '{}' }));
    expect(anonymous!.status).toBe(401);
    const ada = await signIn('Ada');
    const bad = await ada.fetch('http://example.test/api/chat', { method: 'POST', body: JSON.stringify({ id: 'x', messages: [{ role: 'user' }] }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^messages: /);
  });
});
