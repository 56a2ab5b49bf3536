import type { Meta, StoryObj } from '@storybook/react-vite';
import { useMemo, useState } from 'react';
import { expect, userEvent, within } from 'storybook/test';
import { BulkAnnotate, FilterBar, JudgeAgreement, ReviewQueue, SessionView, SpanTable } from '../src';
import { getSessionId, type AnnotationTarget, type Span } from '../src/core';
import { demoProject } from './support/decorators';
import { withAnnotationProvider } from './support/decorators';

const TRACES = 2000;

function ReviewConsole({ narrow = false }: { narrow?: boolean }) {
  const [condition, setCondition] = useState("span_kind == 'LLM'");
  const [rows, setRows] = useState<readonly Span[]>([]);
  const [selection, setSelection] = useState<string[]>([]);
  const [current, setCurrent] = useState<string | null>(null);
  const targets = useMemo<AnnotationTarget[]>(() => rows.slice(0, 500).map((span) => ({ kind: 'span', spanId: span.spanId })), [rows]);
  return (
    <main style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 16, maxWidth: narrow ? 420 : 1280 }}>
      <h1 style={{ margin: 0, fontSize: 18 }}>Review console</h1>
      <h2 style={{ margin: 0, fontSize: 15 }}>Spans</h2>
      <FilterBar value={condition} onValueChange={setCondition} recentStorageKey={null} />
      <SpanTable
        condition={condition}
        height={narrow ? 260 : 340}
        selection={selection}
        onSelectionChange={setSelection}
        onRowsChange={setRows}
        onRowActivate={(span) => setCurrent(span.spanId)}
        defaultHiddenColumns={narrow ? ['time', 'kind', 'tokens', 'model', 'input', 'output'] : []}
      />
      <BulkAnnotate spanIds={selection} />
      <h2 style={{ margin: 0, fontSize: 15 }}>Review one by one</h2>
      <ReviewQueue spans={rows} value={current} onValueChange={setCurrent} orientation={narrow ? 'column' : 'row'} height={narrow ? 320 : 480} />
      <h2 style={{ margin: 0, fontSize: 15 }}>Judge agreement</h2>
      <JudgeAgreement name="correctness" targets={targets} />
    </main>
  );
}

const meta = {
  title: 'Pages/Review console',
  component: ReviewConsole,
  tags: ['autodocs'],
  decorators: [withAnnotationProvider],
  parameters: { layout: 'fullscreen', annokit: { traces: TRACES, latencyMs: 20 } },
} satisfies Meta<typeof ReviewConsole>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * The page a team embeds in its admin tool: filter, table (select rows, annotate them in bulk,
 * Enter opens a row in the queue), the queue (j / k through the filter, trace beside the panel)
 * and how well the LLM judge agrees with reviewers on the rows loaded — over 2,000 generated traces.
 */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const grid = await canvas.findByRole('grid', { name: 'Spans' });
    await canvas.findAllByRole('row', { selected: false }, { timeout: 8000 });
    const queue = canvas.getByRole('region', { name: 'Review queue' });
    await within(queue).findByText(/^1 of \d+/, {}, { timeout: 8000 });
    within(queue).getByRole('button', { name: 'Next item' }).focus();
    await userEvent.keyboard('j');
    await expect(within(queue).getByText(/^2 of \d+/)).toBeVisible();
    await expect(grid).toBeVisible();
  },
};

/** The same page at phone width: fewer columns, the queue stacked. */
export const Narrow: Story = { args: { narrow: true }, parameters: { viewport: { defaultViewport: 'mobile1' } } };

function SessionStory() {
  const sessionId = useMemo(() => {
    for (const span of demoProject(7, 40).spans) {
      const id = span.parentId === null ? getSessionId(span) : undefined;
      if (id) return id;
    }
    return 'none';
  }, []);
  return <SessionView sessionId={sessionId} style={{ maxWidth: 720 }} />;
}

/** One chat session as the conversation it was: feedback per turn, and annotations on the session itself. */
export const Session: Story = {
  render: () => <SessionStory />,
  parameters: { annokit: { traces: 40 } },
  play: async ({ canvasElement }) => {
    const turns = await within(canvasElement).findAllByRole('listitem', { name: /^Turn/ }, { timeout: 8000 });
    await expect(turns.length).toBeGreaterThan(0);
  },
};
