// The README's AI SDK recipe in Chromium: `useChat` talks to the chat example's route (AI SDK, mock
// model, OpenTelemetry SDK with OpenInference's Vercel span processor, served by this test run's own
// Vite server); the thumbs read the span target from `message.metadata`; the vote goes through the
// HTTP handler under the user's cookie session and lands on the span the route created, which a
// reviewer then sees in the trace viewer with the vote on it.
import '../../src/styles/styles.css';
import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport } from 'ai';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { createHttpAdapter } from '../../src/adapters/http';
import { FeedbackButtons } from '../../src/components/feedback';
import { TraceViewer } from '../../src/components/trace-viewer';
import { spanTargetFromMetadata, type AnnotationAdapter } from '../../src/core';
import { AnnotationProvider, createAnnokitQueryClient } from '../../src/provider';
import { CHAT_EXAMPLE_PREFIX } from '../support/chatExampleServer.mjs';

const api = (path: string) => `${CHAT_EXAMPLE_PREFIX}${path}`;

async function signIn(name: string, role: 'user' | 'reviewer') {
  const response = await fetch(api('/api/session'), { method: 'POST', body: JSON.stringify({ name, role }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { user: { id: string } }).user;
}

/** The recipe's client: useChat, and thumbs under each answer targeting the span from its metadata. */
function Chat() {
  const [input, setInput] = useState('');
  const { messages, sendMessage } = useChat({ transport: new DefaultChatTransport({ api: api('/api/chat') }) });
  return (
    <div>
      {messages.map((message) => {
        const target = spanTargetFromMetadata(message.metadata);
        return (
          <article key={message.id} data-role={message.role} data-span-id={target?.spanId}>
            <p>{message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('')}</p>
            {message.role === 'assistant' && target ? <FeedbackButtons target={target} askFor="never" /> : null}
          </article>
        );
      })}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void sendMessage({ text: input });
          setInput('');
        }}
      >
        <input aria-label="Message" value={input} onChange={(event) => setInput(event.target.value)} />
        <button type="submit">Send</button>
      </form>
    </div>
  );
}

function Provider({ adapter, userId, children }: { adapter: AnnotationAdapter; userId: string; children: React.ReactNode }) {
  const [queryClient] = useState(createAnnokitQueryClient);
  return (
    <AnnotationProvider adapter={adapter} queryClient={queryClient} user={{ id: userId }}>
      {children}
    </AnnotationProvider>
  );
}

describe('AI SDK recipe in Chromium', () => {
  it('votes from useChat onto the span the route created, and the trace viewer shows the vote on that span', async () => {
    const user = await signIn('Lin', 'user');
    const votes = createHttpAdapter({ baseUrl: api('/api/annotations') });
    const screen = await render(
      <Provider adapter={votes} userId={user.id}>
        <Chat />
      </Provider>,
    );
    await userEvent.fill(screen.getByRole('textbox', { name: 'Message' }), 'What is the largest planet?');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    await expect.element(screen.getByText('The largest planet in the solar system is Mars.')).toBeVisible();

    // The thumbs rendered from metadata the stream carried; the answer is wrong, so vote it down.
    const down = screen.getByRole('button', { name: 'Bad response' });
    await userEvent.click(down);
    await expect.element(down).toHaveAttribute('aria-pressed', 'true');
    await expect.element(down).not.toHaveAttribute('data-pending');
    const articles = screen.container.querySelectorAll<HTMLElement>('article[data-role="assistant"]');
    expect(articles).toHaveLength(1);
    const spanId = articles[0]!.dataset.spanId!;
    await screen.unmount();

    // A reviewer reads what the exporter put into the server's store: the span the vote is on is the
    // route's turn span, the root of a trace that also holds the AI SDK's spans.
    const reviewer = await signIn('Rita', 'reviewer');
    const review = createHttpAdapter({ baseUrl: api('/api/review'), capabilities: 'all' });
    const { data: turns } = await review.listSpans!({ names: ['chat turn'], attributes: { 'input.value': 'What is the largest planet?' } });
    const vote = turns.find((span) => span.spanId === spanId);
    expect(vote).toBeDefined();
    const annotations = await review.listAnnotations({ targets: [{ kind: 'span', spanId: vote!.spanId }], names: ['user_feedback'] });
    expect(annotations).toEqual([
      expect.objectContaining({ label: 'negative', score: 0, identifier: user.id, userId: user.id, annotatorKind: 'HUMAN' }),
    ]);
    const trace = await review.getTrace!(vote!.traceId);
    expect(trace.find((span) => span.parentId === null)?.spanId).toBe(vote!.spanId);
    expect(trace.map((span) => span.name).sort()).toEqual(['ai.streamText chat', 'ai.streamText.doStream chat', 'chat turn']);

    const viewer = await render(
      <Provider adapter={review} userId={reviewer.id}>
        <TraceViewer traceId={vote!.traceId} height={400} />
      </Provider>,
    );
    const turnRow = viewer.getByRole('treeitem').filter({ hasText: 'chat turn' });
    await expect.element(turnRow.getByText(/user_feedback: negative/)).toBeVisible();
    for (const name of ['ai.streamText chat', 'ai.streamText.doStream chat']) {
      const row = viewer.getByRole('treeitem').filter({ hasText: name });
      await expect.element(row).toBeVisible();
      expect(row.element().querySelector('[data-slot="annotation-badge"]')).toBeNull();
    }
  });
});
