import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { createMemoryAdapter, generateTrace } from '../src/adapters/memory';
import { AnnotationPanel } from '../src/components/annotation-panel';
import { JsonTree, TraceViewer } from '../src/components/trace-viewer';
import { AnnokitError, type AnnotationAdapter, type Span } from '../src/core';
import { useFeedback, useTraceViewer } from '../src/hooks';
import { AnnotationProvider, createAnnokitQueryClient } from '../src/provider';
import { DEMO_USER, demoProject } from './support/decorators';
import { CheckIcon, CrossIcon } from './support/icons';

/** The demo project's traces by id, longest first, and those with a failed span. */
function demoTraces() {
  const spans = demoProject().spans;
  const byTrace = new Map<string, Span[]>();
  for (const span of spans) byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span]);
  const traces = [...byTrace.entries()].sort((a, b) => b[1].length - a[1].length);
  return {
    longest: traces[0]![0],
    failed: traces.find(([, list]) => list.some((span) => span.status.code === 'ERROR'))?.[0] ?? traces[0]![0],
  };
}

const BASE = Date.UTC(2026, 0, 15, 9, 0, 0);
const span = (partial: Partial<Span> & { spanId: string }): Span => ({
  traceId: 'malformed',
  parentId: null,
  name: partial.spanId,
  kind: 'CHAIN',
  startTime: BASE,
  endTime: BASE + 400,
  status: { code: 'OK', message: null },
  attributes: {},
  events: [],
  ...partial,
});

/** Everything real exports get wrong, in one trace. */
const MALFORMED: Span[] = [
  span({ spanId: 'root', name: 'agent run', kind: 'AGENT', endTime: BASE + 1_000, attributes: { input: { value: 'Where is my order #1234?' } } }),
  span({ spanId: 'orphan', parentId: 'span-from-another-service', name: 'webhook (parent not exported)', startTime: BASE + 20, endTime: BASE + 60 }),
  span({ spanId: 'loop-a', parentId: 'loop-b', name: 'retry loop A', kind: 'TOOL' }),
  span({ spanId: 'loop-b', parentId: 'loop-a', name: 'retry loop B', kind: 'TOOL' }),
  span({ spanId: 'dup', parentId: 'root', name: 'lookup order', kind: 'TOOL', startTime: BASE + 100, endTime: BASE + 200 }),
  span({ spanId: 'dup', parentId: 'root', name: 'lookup order (same id again)', kind: 'TOOL', startTime: BASE + 210, endTime: BASE + 260 }),
  span({ spanId: 'late', parentId: 'root', name: 'stream answer (ends after its parent)', kind: 'LLM', startTime: BASE + 300, endTime: BASE + 1_600 }),
  span({ spanId: 'no-time', parentId: 'root', name: 'cache check (no timestamps)', startTime: null, endTime: null }),
  span({ spanId: 'weird', parentId: 'root', name: 'custom step', kind: 'UNKNOWN', rawKind: 'workflow.step', problems: ['attribute metadata was not valid JSON; kept as text'] }),
];

function MalformedTrace({ height }: { height?: number | string }) {
  return <TraceViewer height={height} spans={MALFORMED} />;
}

/** Text an LLM or an attacker can put in a span: each value stays cheap to show (issue #15). */
function hostileSpans(): Span[] {
  let deep: unknown = 'bottom';
  for (let level = 0; level < 50_000; level += 1) deep = [deep];
  const answer = (id: string, name: string, content: string, startTime: number) =>
    span({
      spanId: id,
      traceId: 'hostile',
      parentId: 'root',
      name,
      kind: 'LLM',
      startTime,
      endTime: startTime + 100,
      attributes: { llm: { output_messages: [{ message: { role: 'assistant', content } }] }, output: { value: content, mime_type: 'text/plain' } },
    });
  return [
    span({ spanId: 'root', traceId: 'hostile', name: 'agent run', kind: 'AGENT', endTime: BASE + 2_000 }),
    answer('stars', 'answer: 180,000 characters of `*a `', '*a '.repeat(60_000), BASE + 100),
    answer('brackets', 'answer: 180,000 characters of `[a`', '[a'.repeat(90_000), BASE + 300),
    answer('code', 'answer: 45,000 runs of `a`` ', '`a``'.repeat(45_000), BASE + 500),
    span({
      spanId: 'deep',
      traceId: 'hostile',
      parentId: 'root',
      name: 'tool: 50,000 nested arrays',
      kind: 'TOOL',
      startTime: BASE + 700,
      endTime: BASE + 900,
      attributes: { output: { value: JSON.stringify(deep), mime_type: 'application/json' } },
    }),
    span({ spanId: 'long-name', traceId: 'hostile', parentId: 'root', name: `a name of a million characters: ${'x'.repeat(1_000_000)}`, startTime: BASE + 900 }),
  ];
}

function HostileTrace({ height }: { height?: number | string }) {
  const spans = useMemo(() => hostileSpans(), []);
  return <TraceViewer height={height} spans={spans} defaultSelectedSpanId="stars" />;
}

/** The 100,000 spans, generated once per page and only when the story is shown. */
let hugeTrace: Span[] | undefined;

function HugeTraceViewer({ height }: { height?: number | string }) {
  const [spans, setSpans] = useState(hugeTrace);
  useEffect(() => {
    if (spans) return;
    // After the first paint, so the story shows at once and says what it is doing.
    const timer = setTimeout(() => setSpans((hugeTrace ??= generateTrace({ seed: 5, spans: 100_000 }))), 0);
    return () => clearTimeout(timer);
  }, [spans]);
  if (!spans) {
    return (
      <p role="status" className="ak:m-0 ak:p-4 ak:text-sm ak:text-ak-fg">
        Generating a 100,000-span trace…
      </p>
    );
  }
  return <TraceViewer height={height} spans={spans} />;
}

function Frame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <figure className="ak:m-0 ak:flex ak:flex-col ak:gap-1">
      <figcaption className="ak:text-xs ak:font-semibold ak:text-ak-muted">{title}</figcaption>
      {children}
    </figure>
  );
}

/** A provider of its own, for a state the shared demo adapter cannot show. */
function StateCard({ title, adapter, children }: { title: string; adapter: () => AnnotationAdapter; children: ReactNode }) {
  const [value] = useState(() => ({ adapter: adapter(), queryClient: createAnnokitQueryClient() }));
  return (
    <Frame title={title}>
      <AnnotationProvider adapter={value.adapter} queryClient={value.queryClient} user={DEMO_USER}>
        {children}
      </AnnotationProvider>
    </Frame>
  );
}

/** Thumbs for the selected span, from `useFeedback` (the `FeedbackButtons` component plugs into the same slot). */
function SpanThumbs({ spanId }: { spanId: string }) {
  const feedback = useFeedback({ target: { kind: 'span', spanId }, name: 'span_feedback' });
  const button =
    'ak:inline-flex ak:items-center ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:py-0.5 ak:text-xs ak:text-ak-fg ak:data-[state=on]:bg-ak-accent ak:data-[state=on]:text-ak-accent-fg';
  return (
    <div {...feedback.getRootProps({ className: 'ak:flex ak:gap-1' })}>
      <button {...feedback.getButtonProps('up', { 'aria-label': 'Good span', className: button })}>
        <CheckIcon />
      </button>
      <button {...feedback.getButtonProps('down', { 'aria-label': 'Bad span', className: button })}>
        <CrossIcon />
      </button>
    </div>
  );
}

const meta = {
  title: 'Review/TraceViewer',
  component: TraceViewer,
  tags: ['autodocs'],
  parameters: { layout: 'fullscreen' },
  args: { height: 560 },
} satisfies Meta<typeof TraceViewer>;
export default meta;
type Story = StoryObj<typeof meta>;

/** A realistic agent trace fetched by id through the adapter, with the demo's HUMAN, LLM and CODE annotations as badges. */
export const Default: Story = {
  render: (args) => <TraceViewer {...args} traceId={demoTraces().longest} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const rows = await canvas.findAllByRole('treeitem', {}, { timeout: 5_000 });
    expect(rows.length).toBeGreaterThan(3);
    await userEvent.click(rows[1]!);
    await userEvent.keyboard('j');
    expect(rows[1]!.getAttribute('aria-selected')).toBe('false');
    await waitFor(() => expect(canvasElement.querySelectorAll('[data-slot="annotation-badge"]').length).toBeGreaterThan(0));
  },
};

/** Selection, expanded rows and search held by the host. */
export const Controlled: Story = {
  render: function Render(args) {
    const [selected, setSelected] = useState<string | null>(null);
    const [search, setSearch] = useState('refund');
    const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
    return (
      <div className="ak:flex ak:flex-col ak:gap-2">
        <p className="ak:m-0 ak:text-sm ak:text-ak-fg">
          Selected: <code>{selected ?? 'none'}</code> · search: <code>{search || '—'}</code> · expanded rows: {expanded.size}
        </p>
        <TraceViewer
          {...args}
          traceId={demoTraces().longest}
          selectedSpanId={selected}
          onSelectedSpanIdChange={setSelected}
          search={search}
          onSearchChange={setSearch}
          expanded={expanded}
          onExpandedChange={setExpanded}
        />
      </div>
    );
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findAllByRole('treeitem', {}, { timeout: 5_000 });
    await userEvent.click(canvas.getByRole('button', { name: 'Expand all' }));
    await waitFor(() => expect(canvas.getByText(/expanded rows: [1-9]/)).toBeTruthy());
  },
};

/** Loading, unsupported backend, failed fetch, empty trace, and a trace with failed spans. */
export const AllStates: Story = {
  render: (args) => (
    <div className="ak:grid ak:gap-4 ak:p-2">
      <StateCard title="Loading" adapter={() => ({ ...createMemoryAdapter(), getTrace: () => new Promise<Span[]>(() => {}) })}>
        <TraceViewer {...args} height={160} traceId="any" />
      </StateCard>
      <StateCard title="Backend without getTrace" adapter={() => ({ name: 'minimal', ...pick(createMemoryAdapter()) })}>
        <TraceViewer {...args} height={160} traceId="any" />
      </StateCard>
      <StateCard
        title="Fetch failed"
        adapter={() => ({
          ...createMemoryAdapter(),
          getTrace: () => Promise.reject(new AnnokitError('Phoenix answered 503 Service Unavailable', { code: 'network', retryable: false })),
        })}
      >
        <TraceViewer {...args} height={160} traceId="any" />
      </StateCard>
      <Frame title="Empty trace">
        <TraceViewer {...args} height={160} spans={[]} />
      </Frame>
      <Frame title="A trace with errors (exceptions, failed tool calls)">
        <TraceViewer {...args} height={420} traceId={demoTraces().failed} />
      </Frame>
    </div>
  ),
};

function pick(adapter: AnnotationAdapter) {
  return { upsertAnnotations: adapter.upsertAnnotations.bind(adapter), listAnnotations: adapter.listAnnotations.bind(adapter) };
}

/** Orphans, a parent cycle, duplicate ids, a child outside its parent's window, missing times, an unknown kind. */
export const Malformed: Story = {
  // Big data stays inside a component of its own: Storybook serialises the element a story
  // returns (its props included) for the source panel, which a 10 MB prop would stall.
  render: (args) => <MalformedTrace height={args.height} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    expect(canvas.getAllByRole('treeitem').length).toBe(MALFORMED.length);
    expect(canvas.getByRole('treeitem', { name: /retry loop A/ }).textContent).toMatch(/cycle/);
  },
};

/**
 * Hostile text: answers of 180,000 characters of `*a ` and `[a`, 45,000 backtick runs, a JSON value
 * of 50,000 nested arrays, a span name of a million characters. Markdown shows the first 10,000
 * characters (more on request), the JSON tree at most 20 levels (the "…" goes deeper), names are cut.
 */
export const HostileText: Story = {
  render: (args) => <HostileTrace height={args.height} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const details = await canvas.findByRole('group', { name: /180,000 characters of `\*a `/ });
    expect(details.querySelector('[data-slot="span-message"] [data-slot="markdown"]')!.textContent).toMatch(/^\*a \*a /);
    await userEvent.click(canvas.getByRole('treeitem', { name: /50,000 nested arrays/ }));
    // The callback throws until the tree is there: waitFor takes a returned null as done.
    const tree = await waitFor(() => {
      const found = canvasElement.querySelector('[data-slot="span-details-output"] [data-slot="json-tree"]');
      if (!found) throw new Error('the output JSON tree is not shown yet');
      return found;
    });
    expect(tree.querySelectorAll('[data-slot="json-node"]').length).toBeLessThan(10);
    await userEvent.click(canvas.getByRole('treeitem', { name: /a million characters/ }));
    expect(canvas.getByRole('heading', { level: 3 }).textContent!.length).toBeLessThan(400);
  },
};

/** A 100,000-span trace: only the rows in view are in the DOM; try End, PageDown, `/` and search. */
export const HugeTrace: Story = {
  render: (args) => <HugeTraceViewer height={args.height} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const rows = await canvas.findAllByRole('treeitem', {}, { timeout: 20_000 });
    expect(rows.length).toBeLessThan(80);
    rows[0]!.focus();
    await userEvent.keyboard('{End}');
    await waitFor(() => expect(document.activeElement?.getAttribute('data-row-index')).toBe('99999'));
  },
};

/** The dark theme (the toolbar's theme switch sets it on the provider). */
export const DarkTheme: Story = {
  globals: { theme: 'dark' },
  render: (args) => <TraceViewer {...args} traceId={demoTraces().longest} />,
};

/** The annotation panel in the details pane's slot, and thumbs for the selected span in the header. */
export const WithAnnotationPanel: Story = {
  render: (args) => (
    <TraceViewer
      {...args}
      height={720}
      traceId={demoTraces().longest}
      renderAnnotations={(selected) => <AnnotationPanel target={{ kind: 'span', spanId: selected.spanId }} showNotes={false} />}
      renderSpanActions={(selected) => <SpanThumbs spanId={selected.spanId} />}
    />
  ),
};

/** The same behaviour from `useTraceViewer` alone: your own markup, the kit's state, keyboard and virtual window. */
export const Headless: Story = {
  render: function Render() {
    const spans = useMemo(() => generateTrace({ seed: 2, spans: 2_000 }), []);
    const viewer = useTraceViewer({ spans, rowHeight: 24 });
    return (
      <div {...viewer.getRootProps()} style={{ display: 'flex', gap: 16, fontFamily: 'system-ui', color: 'var(--ak-color-ak-fg)' }}>
        <div style={{ flex: 1 }}>
          <label>
            Find <input {...viewer.getSearchInputProps()} />
          </label>{' '}
          <span>{viewer.matches.length} matches</span>
          <div {...viewer.getViewportProps({ style: { height: 400, border: '1px solid var(--ak-color-ak-border)' } })}>
            <div {...viewer.getTreeProps({ 'aria-label': 'Spans' })}>
              {viewer.items.map((item) => (
                <div
                  key={item.key}
                  {...viewer.getRowProps(item, {
                    style: {
                      paddingLeft: viewer.tree.depth[item.node]! * 12,
                      background: item.key === viewer.selectedSpanId ? 'var(--ak-color-ak-surface-hover)' : undefined,
                      whiteSpace: 'nowrap',
                      fontSize: 13,
                    },
                  })}
                >
                  {viewer.tree.childCount[item.node]! > 0 ? <span {...viewer.getToggleProps(item)}>{viewer.isExpanded(item.key) ? '▾ ' : '▸ '}</span> : '  '}
                  {item.span.kind} · {item.span.name}
                </div>
              ))}
            </div>
          </div>
        </div>
        <div style={{ flex: 1, minWidth: 0 }}>
          <h3 style={{ margin: 0 }}>{viewer.selectedSpan?.name ?? 'Nothing selected'}</h3>
          {viewer.selectedSpan ? <JsonTree value={viewer.selectedSpan.attributes} defaultExpandDepth={1} /> : null}
        </div>
      </div>
    );
  },
};
