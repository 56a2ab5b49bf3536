import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { createMemoryAdapter } from '../src/adapters/memory';
import { SessionView } from '../src/components/session-view';
import { TraceViewer } from '../src/components/trace-viewer';
import { AnnokitError, getInput, getSessionId, type AnnotationAdapter, type Span } from '../src/core';
import { useSessionView } from '../src/hooks';
import { demoProject } from './support/decorators';
import { StateCard, never } from './support/StateCard';

/** The demo project's session with the most turns, and its turns' root spans in time order. */
const { SESSION_ID, ROOTS } = (() => {
  const bySession = new Map<string, Span[]>();
  for (const span of demoProject().spans) {
    const id = span.parentId === null ? getSessionId(span) : undefined;
    if (id) bySession.set(id, [...(bySession.get(id) ?? []), span]);
  }
  const [id, roots] = [...bySession.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
  return { SESSION_ID: id, ROOTS: roots.sort((a, b) => (a.startTime ?? 0) - (b.startTime ?? 0)) };
})();

const meta = {
  title: 'Review/SessionView',
  component: SessionView,
  tags: ['autodocs'],
  args: { sessionId: SESSION_ID, onValueChange: fn() },
  parameters: {
    annokit: { latencyMs: 30 },
    docs: {
      description: {
        component:
          'A chat session’s traces as the conversation they were: each trace’s root input as the user turn and its output as the assistant turn (as text, never HTML), feedback and the annotation summary per turn, and an annotation panel on the session. Text comes from the `sessionView` messages namespace.',
      },
    },
  },
  render: (args) => <SessionView {...args} style={{ maxWidth: 760 }} />,
} satisfies Meta<typeof SessionView>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The longest session of the demo project. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const turns = await canvas.findAllByRole('listitem', { name: /^Turn \d+$/ }, { timeout: 5000 });
    await expect(turns).toHaveLength(ROOTS.length);
    const first = turns[0]!;
    const user = first.querySelector<HTMLElement>('[data-role="user"]')!;
    const assistant = first.querySelector<HTMLElement>('[data-role="assistant"]')!;
    await expect(within(user).getByText('User')).toBeVisible();
    await expect(user).toHaveTextContent(getInput(ROOTS[0]!)!.text!.slice(0, 40));
    await expect(within(assistant).getByText('Assistant')).toBeVisible();
    const up = within(first).getByRole('button', { name: 'Good response' });
    await userEvent.click(up);
    await waitFor(() => expect(up).toHaveAttribute('aria-pressed', 'true'));
    await expect(canvas.getByRole('heading', { name: 'Annotations on the session' })).toBeVisible();
  },
};

function ControlledSession({ sessionId }: { sessionId: string }) {
  const [traceId, setTraceId] = useState<string | null>(null);
  return (
    <div className="ak:grid ak:grid-cols-1 ak:gap-4 ak:lg:grid-cols-2">
      <SessionView sessionId={sessionId} value={traceId} onValueChange={setTraceId} showSessionPanel={false} />
      <div className="ak:flex ak:flex-col ak:gap-2 ak:text-sm ak:text-ak-fg">
        <p data-testid="owner-trace">{traceId ? `Showing trace ${traceId}` : 'Open a turn to see its trace.'}</p>
        {traceId ? (
          <button type="button" onClick={() => setTraceId(null)}>
            Close trace
          </button>
        ) : null}
        {traceId ? <TraceViewer traceId={traceId} height={360} /> : null}
      </div>
    </div>
  );
}

/** The page owns the open turn (`value` / `onValueChange`) and shows its trace beside the conversation. */
export const Controlled: Story = {
  render: (args) => <ControlledSession sessionId={args.sessionId} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const turns = await canvas.findAllByRole('listitem', { name: /^Turn \d+$/ }, { timeout: 5000 });
    const second = turns[1] ?? turns[0]!;
    await userEvent.click(within(second).getByRole('button', { name: 'Open trace' }));
    await expect(second).toHaveAttribute('aria-current', 'true');
    await expect(canvas.getByTestId('owner-trace')).toHaveTextContent(`Showing trace ${second.dataset.traceId}`);
    await expect(await canvas.findByRole('tree', { name: 'Spans of the trace' }, { timeout: 5000 })).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Close trace' }));
    await expect(second).toHaveAttribute('data-state', 'inactive');
  },
};

const store = () => createMemoryAdapter({ seed: { spans: demoProject().spans, configs: demoProject().configs } });
const T0 = Date.UTC(2026, 10, 27, 9, 0);
/** A session whose texts carry markup and a script tag: shown as characters, never as HTML. */
const UNTRUSTED: Span[] = (
  [
    ['t-html-1', 0, 'Can you <b>bold</b> this?', 'Sure: <img src=x onerror="alert(1)"> <script>alert(2)</script>'],
    ['t-html-2', 60_000, '', 'No question was recorded for this turn.'],
  ] as const
).map(([traceId, offset, input, output]) => ({
  spanId: `${traceId}-root`,
  traceId,
  parentId: null,
  name: 'chat',
  kind: 'CHAIN',
  startTime: T0 + offset,
  endTime: T0 + offset + 900,
  status: { code: 'OK', message: null },
  attributes: { session: { id: 'sess-untrusted' }, ...(input ? { input: { value: input } } : {}), output: { value: output } },
  events: [],
}));

function Card({ title, adapter, sessionId = SESSION_ID, user, panel = false }: { title: string; adapter: () => AnnotationAdapter; sessionId?: string; user?: null; panel?: boolean }) {
  return (
    <StateCard title={title} adapter={adapter} {...(user === null ? { user } : {})} messages={{ sessionView: { sessionAnnotations: `Annotations on the session (${title})` } }}>
      {(captionId) => <SessionView sessionId={sessionId} aria-labelledby={captionId} showSessionPanel={panel} />}
    </StateCard>
  );
}

/** Loading, empty, backend error, no span listing, untrusted text, and no signed-in user. */
export const AllStates: Story = {
  render: () => (
    <div className="ak:grid ak:grid-cols-1 ak:gap-4 ak:lg:grid-cols-2">
      <Card title="Loading" adapter={() => ({ ...store(), listSpans: never })} />
      <Card title="Empty session" adapter={store} sessionId="no-such-session" />
      <Card
        title="Backend error"
        adapter={() => ({
          ...store(),
          listSpans: () => Promise.reject(new AnnokitError('Phoenix answered 503 Service Unavailable', { code: 'server', status: 503, retryable: false })),
        })}
      />
      <Card
        title="Backend cannot list spans"
        adapter={() => {
          const { listSpans: _omit, ...rest } = store();
          return rest;
        }}
      />
      <Card title="Untrusted text" adapter={() => createMemoryAdapter({ seed: { spans: UNTRUSTED } })} sessionId="sess-untrusted" />
      <Card title="No user signed in" adapter={store} user={null} panel />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const card = async (name: string) => within(await canvas.findByRole('figure', { name }, { timeout: 5000 }));
    await expect((await card('Loading')).getByRole('status')).toHaveTextContent('Loading the session…');
    await expect(await (await card('Empty session')).findByText('This session has no traces.')).toBeVisible();
    await expect(await (await card('Backend error')).findByRole('alert')).toHaveTextContent(
      'Could not load the session: Phoenix answered 503 Service Unavailable',
    );
    await expect((await card('Backend cannot list spans')).getByRole('note')).toHaveTextContent('cannot list spans');
    const untrusted = await card('Untrusted text');
    const turns = await untrusted.findAllByRole('listitem', { name: /^Turn/ });
    await expect(within(turns[0]!).getByText('Can you <b>bold</b> this?')).toBeVisible();
    await expect(turns[0]!.querySelector('b, img, script')).toBeNull();
    await expect(within(turns[1]!).getByText('(no input recorded)')).toBeVisible();
    const anonymous = await card('No user signed in');
    await expect(await anonymous.findByText(/Read-only: sign in to review/, {}, { timeout: 5000 })).toBeVisible();
  },
};

/** The same conversation from `useSessionView` alone: the page's own chat bubbles and selection. */
function HeadlessSession({ sessionId }: { sessionId: string }) {
  const session = useSessionView({ sessionId, defaultValue: null });
  if (session.isLoading) return <p role="status">Loading…</p>;
  if (session.error) return <p role="alert">{session.error.message}</p>;
  return (
    <ol aria-label="Headless conversation" style={{ fontFamily: 'system-ui', maxWidth: 640, listStyle: 'none', padding: 8, border: '1px dashed #999' }}>
      {session.turns.map((turn, index) => (
        <li key={turn.traceId} {...session.getTurnProps(turn)} style={{ marginBottom: 12, outline: turn.traceId === session.value ? '2px solid #2f5bd3' : 'none' }}>
          <p data-speaker="customer">
            <strong>Customer:</strong> {turn.input ?? '—'}
          </p>
          <p data-speaker="bot">
            <strong>Bot:</strong> {turn.output?.slice(0, 200) ?? '—'}
          </p>
          <small>{turn.summary.map((group) => `${group.name} (${group.annotatorKind}): ${group.count}`).join(' · ') || 'no annotations'}</small>{' '}
          <button type="button" onClick={() => session.select(turn.traceId)}>
            Pick turn {index + 1}
          </button>
        </li>
      ))}
    </ol>
  );
}

export const Headless: Story = {
  render: (args) => <HeadlessSession sessionId={args.sessionId} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const list = await canvas.findByRole('list', { name: 'Headless conversation' }, { timeout: 5000 });
    const items = within(list).getAllByRole('listitem');
    await expect(items).toHaveLength(ROOTS.length);
    await expect(items[0]!.querySelector('[data-speaker="customer"]')).toHaveTextContent(getInput(ROOTS[0]!)!.text!.slice(0, 40));
    await userEvent.click(within(items[0]!).getByRole('button', { name: 'Pick turn 1' }));
    await expect(items[0]).toHaveAttribute('aria-current', 'true');
  },
};
