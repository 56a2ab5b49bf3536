import { AssistantRuntimeProvider, useLocalRuntime, type ThreadHistoryAdapter, type ThreadMessage } from '@assistant-ui/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useMemo, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { annotationFromInput, getInputText, getOutputText, type AnnokitError, type Annotation, type Span, type SpanTarget } from '../../src/core';
import { useAnnotations } from '../../src/hooks';
import { useAnnokitFeedbackAdapters } from '../../src/integrations/assistant-ui';
import { AnnotationProvider, createAnnokitQueryClient } from '../../src/provider';
import { AssistantThread, localChatModel } from '../support/AssistantThread';
import { demoProject } from '../support/decorators';

const USER = { id: 'end-user-42', name: 'Sam' };

/** The demo project's conversations: each root span is one turn, its input the question and its output the answer. */
function demoTurns(): { span: Span; question: string; answer: string }[] {
  return demoProject(7, 40)
    .spans.filter((span) => span.parentId === null && getInputText(span) && getOutputText(span))
    .map((span) => ({ span, question: getInputText(span)!, answer: getOutputText(span)! }));
}

const targetOf = (span: Span): SpanTarget => ({ kind: 'span', spanId: span.spanId, traceId: span.traceId });

/** The thread's history: the first turns of the demo project, as the app's own store would hold them. */
function demoHistory(turns: ReturnType<typeof demoTurns>, withTargets: boolean): ThreadHistoryAdapter {
  const messages: { message: ThreadMessage; parentId: string | null }[] = [];
  let parentId: string | null = null;
  turns.forEach(({ span, question, answer }, index) => {
    const createdAt = new Date(span.startTime ?? 0);
    const user = { id: `q-${index}`, role: 'user', createdAt, content: [{ type: 'text', text: question }], attachments: [], metadata: { custom: {} } } as unknown as ThreadMessage;
    const assistant = {
      id: `a-${index}`,
      role: 'assistant',
      createdAt,
      status: { type: 'complete', reason: 'stop' },
      content: [{ type: 'text', text: answer }],
      metadata: { unstable_state: null, unstable_annotations: [], unstable_data: [], steps: [], custom: withTargets ? { annokit: targetOf(span) } : {} },
    } as unknown as ThreadMessage;
    messages.push({ message: user, parentId }, { message: assistant, parentId: user.id });
    parentId = assistant.id;
  });
  return { load: async () => ({ headId: parentId, messages }), append: async () => undefined };
}

/** What annokit holds for this user: the live view beside the thread. */
function StoredVotes({ targets }: { targets: SpanTarget[] }) {
  const { annotations } = useAnnotations({ targets, names: ['user_feedback'], identifiers: [USER.id] });
  return (
    <section aria-label="Stored in annokit" style={{ fontFamily: 'system-ui, sans-serif', fontSize: 13 }}>
      <h2 style={{ fontSize: 14, margin: '0 0 0.5rem' }}>Stored in annokit</h2>
      {annotations.length === 0 ? <p>No votes yet.</p> : null}
      <ul style={{ margin: 0, paddingLeft: '1rem' }}>
        {annotations.map((annotation: Annotation) => (
          <li key={annotation.id}>
            {annotation.label} on span <code>{annotation.target.kind === 'span' ? annotation.target.spanId : ''}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Thread({ turns, withTargets, onError }: { turns: ReturnType<typeof demoTurns>; withTargets: boolean; onError: (error: AnnokitError) => void }) {
  const history = useMemo(() => demoHistory(turns.slice(0, 2), withTargets), [turns, withTargets]);
  const model = useMemo(
    () =>
      localChatModel((_question, turn) => {
        const next = turns[2 + (turn % (turns.length - 2))]!;
        return { text: next.answer, target: withTargets ? targetOf(next.span) : null };
      }),
    [turns, withTargets],
  );
  const runtime = useLocalRuntime(model, { adapters: useAnnokitFeedbackAdapters({ history, onError }) });
  return (
    <AssistantRuntimeProvider runtime={runtime}>
      <AssistantThread />
    </AssistantRuntimeProvider>
  );
}

/**
 * An assistant-ui thread (its LocalRuntime, its primitives) with annokit behind its feedback
 * buttons: `useAnnokitFeedbackAdapters` turns `ActionBarPrimitive.FeedbackPositive` / `Negative`
 * into `user_feedback` annotations on the span each answer came from, through annokit's outbox.
 */
function AssistantUIFeedback({ votedBefore = false, withTargets = true }: { votedBefore?: boolean; withTargets?: boolean }) {
  const turns = useMemo(() => demoTurns(), []);
  const [error, setError] = useState<string | null>(null);
  const [setup] = useState(() => {
    const first = turns[0]!.span;
    const at = new Date(first.endTime ?? 0).toISOString();
    const earlier = votedBefore
      ? [
          annotationFromInput(
            { target: { kind: 'span', spanId: first.spanId }, name: 'user_feedback', annotatorKind: 'HUMAN', label: 'negative', score: 0, identifier: USER.id, userId: USER.id },
            { id: 'earlier-vote', source: 'APP', createdAt: at, updatedAt: at },
          ),
        ]
      : [];
    return {
      adapter: createMemoryAdapter({ seed: { spans: turns.map(({ span }) => span), annotations: earlier }, latencyMs: 150 }),
      queryClient: createAnnokitQueryClient(),
    };
  });
  return (
    <AnnotationProvider adapter={setup.adapter} queryClient={setup.queryClient} user={USER}>
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 40rem) minmax(12rem, 1fr)', gap: '1.5rem', alignItems: 'start' }}>
        <Thread turns={turns} withTargets={withTargets} onError={(failure) => setError(failure.message)} />
        <div>
          <StoredVotes targets={turns.map(({ span }) => targetOf(span))} />
          {error ? (
            <p role="alert" style={{ fontFamily: 'system-ui, sans-serif', fontSize: 13, color: '#b42318' }}>
              Not recorded: {error}
            </p>
          ) : null}
        </div>
      </div>
    </AnnotationProvider>
  );
}

const meta = {
  title: 'Integrations/assistant-ui',
  component: AssistantUIFeedback,
  tags: ['autodocs'],
} satisfies Meta<typeof AssistantUIFeedback>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Vote on an answer with assistant-ui's own buttons: annokit stores it on the answer's span. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const good = await canvas.findAllByRole('button', { name: 'Good answer' });
    await userEvent.click(good[1]!);
    await waitFor(() => expect(good[1]).toHaveAttribute('data-submitted', 'true'));
    const stored = canvas.getByRole('region', { name: 'Stored in annokit' });
    await waitFor(() => expect(within(stored).getByText(/positive on span/)).toBeVisible(), { timeout: 5000 });
  },
};

/** A thread reloaded after the user voted: the vote is read back from annokit and shown on the button. */
export const Reloaded: Story = {
  args: { votedBefore: true },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const bad = await canvas.findAllByRole('button', { name: 'Bad answer' });
    await waitFor(() => expect(bad[0]).toHaveAttribute('data-submitted', 'true'), { timeout: 5000 });
    await expect(bad[1]).not.toHaveAttribute('data-submitted');
  },
};

/** Answers that carry no span target: the vote is refused, not shown, and the error says why. */
export const WithoutSpanTarget: Story = {
  args: { withTargets: false },
  // assistant-ui rethrows the bridge's refusal from its click handler (so the message is not marked
  // as voted), which reaches the window as an uncaught error. Storybook would fail the story on any
  // such error; the play function below collects them itself and requires exactly this one.
  parameters: { test: { dangerouslyIgnoreUnhandledErrors: true } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const good = await canvas.findAllByRole('button', { name: 'Good answer' });
    const uncaught: unknown[] = [];
    const collect = (event: ErrorEvent) => {
      uncaught.push(event.error);
      event.preventDefault();
    };
    window.addEventListener('error', collect);
    try {
      await userEvent.click(good[0]!);
      await expect(await canvas.findByRole('alert')).toHaveTextContent(/has no span target/);
    } finally {
      window.removeEventListener('error', collect);
    }
    await expect(uncaught.map((error) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)))).toEqual([
      expect.stringMatching(/^ValidationError: message\.metadata\.custom\.annokit: message "a-0" has no span target/),
    ]);
    await expect(good[0]).not.toHaveAttribute('data-submitted');
  },
};
