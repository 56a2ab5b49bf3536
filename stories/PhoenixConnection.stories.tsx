import type { Meta, StoryObj } from '@storybook/react-vite';
import { useId, useState, type FormEvent } from 'react';
import { expect, userEvent, within } from 'storybook/test';
import { createPhoenixAdapter, type PhoenixAdapter } from '../src/adapters/phoenix';
import { AnnotationProvider } from '../src/provider';
import { useAnnotationConfigs, useCapabilities, useSpans } from '../src/hooks';
import { CAPABILITIES, getInput } from '../src/core';
import { FeedbackButtons } from '../src/components/feedback';
import { TraceViewer } from '../src/components/trace-viewer';
import { AnnotationPanel } from '../src/components/annotation-panel';

interface PhoenixConnectionArgs {
  /** Where Phoenix (or a proxy to it) answers, as typed into the form at first. */
  baseUrl: string;
  /** The Phoenix project to read spans from and write annotations to. */
  projectName: string;
  /** Connect at once, without pressing Connect. Default false. */
  connectOnMount?: boolean;
}

/**
 * Set by `npm run start:phoenix`: a live Phoenix (the pinned version) seeded with the trace
 * fixtures and a generated 10,000-span project, and that project's name.
 */
const LIVE_URL = import.meta.env.STORYBOOK_PHOENIX_URL as string | undefined;
const LIVE_PROJECT = import.meta.env.STORYBOOK_PHOENIX_PROJECT as string | undefined;

const USER_ID = 'storybook-reviewer';

const field = 'ak:flex ak:flex-col ak:gap-1 ak:text-sm ak:text-ak-fg';
const input = 'ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-surface ak:px-2 ak:py-1 ak:text-ak-fg';
const button =
  'ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-surface ak:px-3 ak:py-1 ak:text-sm ak:text-ak-fg ak:cursor-pointer ak:data-[state=on]:font-semibold ak:data-[state=on]:bg-ak-surface-hover';

function PhoenixProject() {
  const [traceId, setTraceId] = useState<string | null>(null);
  const capabilities = useCapabilities();
  const configs = useAnnotationConfigs();
  const spans = useSpans({ rootsOnly: true, limit: 10 });
  return (
    <div className="ak:flex ak:flex-col ak:gap-4 ak:text-ak-fg">
      <section aria-labelledby="phoenix-capabilities">
        <h3 id="phoenix-capabilities" className="ak:font-semibold">Capabilities</h3>
        <ul className="ak:flex ak:flex-wrap ak:gap-2 ak:text-sm">
          {CAPABILITIES.map((capability) => (
            <li key={capability} data-state={capabilities[capability] ? 'on' : 'off'}>
              {capability}: {capabilities[capability] ? 'yes' : 'no'}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="phoenix-configs">
        <h3 id="phoenix-configs" className="ak:font-semibold">Annotation configs of the project</h3>
        {configs.error ? <p role="alert">{configs.error.message}</p> : null}
        {configs.isLoading ? <p>Loading…</p> : null}
        <ul className="ak:text-sm">
          {configs.configs.map((config) => (
            <li key={config.id}>
              {config.name} ({config.type})
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="phoenix-spans">
        <h3 id="phoenix-spans" className="ak:font-semibold">Latest root spans</h3>
        {spans.error ? <p role="alert">{spans.error.message}</p> : null}
        {spans.isLoading ? <p>Loading…</p> : null}
        <ul className="ak:flex ak:flex-col ak:gap-2 ak:text-sm">
          {spans.spans.map((span) => (
            <li key={span.spanId} className="ak:flex ak:flex-col ak:gap-1 ak:border-b ak:border-ak-border ak:pb-2">
              <span>
                {span.name} · {span.kind}
              </span>
              {/* span input is untrusted text: rendered as text, never as HTML */}
              <span className="ak:text-ak-muted">{getInput(span)?.text.slice(0, 200) ?? ''}</span>
              <div className="ak:flex ak:flex-wrap ak:items-center ak:gap-2">
                <FeedbackButtons target={{ kind: 'span', spanId: span.spanId }} size="sm" />
                <button
                  type="button"
                  className={button}
                  aria-pressed={traceId === span.traceId}
                  data-state={traceId === span.traceId ? 'on' : 'off'}
                  onClick={() => setTraceId(span.traceId)}
                >
                  Open trace
                </button>
              </div>
            </li>
          ))}
        </ul>
        {spans.hasNextPage ? (
          <button type="button" className={button} onClick={spans.fetchNextPage} disabled={spans.isFetchingNextPage}>
            Load more
          </button>
        ) : null}
      </section>
      {traceId ? (
        <section aria-labelledby="phoenix-trace">
          <h3 id="phoenix-trace" className="ak:font-semibold">
            Trace {traceId}
          </h3>
          <TraceViewer
            traceId={traceId}
            height={520}
            renderAnnotations={(span) => <AnnotationPanel target={{ kind: 'span', spanId: span.spanId }} />}
          />
        </section>
      ) : null}
    </div>
  );
}

/**
 * Points the kit at a Phoenix the reader types in. Phoenix must allow this page's origin (CORS),
 * or sit behind a proxy on the same origin (`/phoenix`). The API key field is for a local Phoenix
 * only: a production app keeps the key on its server and proxies the calls.
 */
function connectTo(form: { baseUrl: string; projectName: string; apiKey: string }): PhoenixAdapter {
  const apiKey = form.apiKey.trim();
  return createPhoenixAdapter({
    baseUrl: form.baseUrl.trim(),
    projectName: form.projectName.trim(),
    headers: apiKey ? { authorization: `Bearer ${apiKey}` } : undefined,
    timeoutMs: 10_000,
  });
}

function PhoenixConnection({ baseUrl, projectName, connectOnMount = false }: PhoenixConnectionArgs) {
  const ids = { url: useId(), project: useId(), key: useId() };
  const [form, setForm] = useState({ baseUrl, projectName, apiKey: '' });
  const [adapter, setAdapter] = useState<PhoenixAdapter | null>(() => {
    if (!connectOnMount) return null;
    try {
      return connectTo(form);
    } catch {
      return null; // the form shows the values; Connect then names the problem
    }
  });
  const [problem, setProblem] = useState<string | null>(null);

  const connect = (event: FormEvent) => {
    event.preventDefault();
    try {
      setAdapter(connectTo(form));
      setProblem(null);
    } catch (error) {
      setAdapter(null);
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <div className="ak:flex ak:flex-col ak:gap-4 ak:bg-ak-surface ak:text-ak-fg ak:p-4">
      <form onSubmit={connect} className="ak:flex ak:flex-wrap ak:items-end ak:gap-3" aria-label="Phoenix connection">
        <label htmlFor={ids.url} className={field}>
          Phoenix URL
          <input id={ids.url} className={input} value={form.baseUrl} onChange={(e) => setForm({ ...form, baseUrl: e.target.value })} />
        </label>
        <label htmlFor={ids.project} className={field}>
          Project name
          <input
            id={ids.project}
            className={input}
            value={form.projectName}
            onChange={(e) => setForm({ ...form, projectName: e.target.value })}
          />
        </label>
        <label htmlFor={ids.key} className={field}>
          API key (local Phoenix only)
          <input
            id={ids.key}
            type="password"
            autoComplete="off"
            className={input}
            value={form.apiKey}
            onChange={(e) => setForm({ ...form, apiKey: e.target.value })}
          />
        </label>
        <button type="submit" className={button}>
          Connect
        </button>
      </form>
      {problem ? <p role="alert">{problem}</p> : null}
      {adapter ? (
        <AnnotationProvider key={`${form.baseUrl}|${adapter.project}`} adapter={adapter} user={{ id: USER_ID }}>
          <PhoenixProject />
        </AnnotationProvider>
      ) : (
        <p className="ak:text-sm">Not connected: nothing is sent until you press Connect.</p>
      )}
    </div>
  );
}

const meta = {
  title: 'Adapters/Phoenix',
  component: PhoenixConnection,
  tags: ['autodocs'],
  args: { baseUrl: LIVE_URL ?? 'http://localhost:6006', projectName: LIVE_PROJECT ?? 'default' },
  argTypes: {
    baseUrl: { control: 'text', description: 'Phoenix base URL (or a same-origin proxy path such as /phoenix)' },
    projectName: { control: 'text', description: 'Phoenix project name' },
    connectOnMount: { control: 'boolean', description: 'Connect at once' },
  },
  parameters: {
    docs: {
      description: {
        component:
          'Connects the kit to a running Phoenix through `createPhoenixAdapter`: capabilities, the project’s annotation configs, its latest root spans with `FeedbackButtons` on each, and any trace in the `TraceViewer` with the `AnnotationPanel` for the selected span. Phoenix must allow this origin (CORS) or be proxied.',
      },
    },
  },
} satisfies Meta<typeof PhoenixConnection>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The form, not connected: no request leaves the page until Connect is pressed. */
export const Default: Story = {};

/** A project name Phoenix cannot take in a URL is refused on the spot, naming the field. */
export const InvalidProject: Story = {
  args: { projectName: 'team/chat' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Connect' }));
    await expect(await canvas.findByRole('alert')).toHaveTextContent('options.projectName');
  },
};

/** A Phoenix that does not answer shows a network error instead of breaking the page. */
export const Unreachable: Story = {
  // port 9 (discard) on the loopback interface refuses at once: no request leaves the machine
  args: { baseUrl: 'http://127.0.0.1:9' },
  // Chromium logs each refused request itself (port 9 is on its list of unsafe ports).
  parameters: { expectedConsoleErrors: ['net::ERR_UNSAFE_PORT'] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Connect' }));
    const alerts = await canvas.findAllByRole('alert', {}, { timeout: 15_000 });
    // the browser's own refusal ("Failed to fetch"), so the request really left through fetch
    await expect(alerts.map((alert) => alert.textContent).join(' ')).toMatch(
      /Could not reach Phoenix at http:\/\/127\.0\.0\.1:9 \(Failed to fetch\)/,
    );
  },
};

/**
 * Connected at once to the live Phoenix `npm run start:phoenix` starts and seeds (the generated
 * 10,000-span project: its root spans with votes, traces with annotations and notes). Without one,
 * it says how to get it.
 */
export const Live: Story = {
  args: { connectOnMount: true },
  render: (args) =>
    LIVE_URL ? (
      <PhoenixConnection {...args} />
    ) : (
      <p className="ak:text-sm ak:text-ak-fg">
        No live Phoenix: run <code>npm run start:phoenix</code> to serve Storybook against one seeded with the trace fixtures and a
        generated project.
      </p>
    ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    if (!LIVE_URL) {
      await expect(canvas.getByText(/npm run start:phoenix/)).toBeInTheDocument();
      return;
    }
    // the seeded project's latest root spans, read from Phoenix through the adapter
    const rows = await canvas.findAllByRole('button', { name: 'Open trace' }, { timeout: 15_000 });
    await expect(rows.length).toBeGreaterThan(0);
  },
};
