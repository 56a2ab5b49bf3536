import type { Meta, StoryObj } from '@storybook/react-vite';
import { useMemo } from 'react';
import { expect, userEvent, within } from 'storybook/test';
import { SessionView } from '../src';
import { getSessionId } from '../src/core';
import { ReviewConsole } from './pages/ReviewConsole';
import { demoProject } from './support/decorators';
import { withAnnotationProvider } from './support/decorators';

const TRACES = 2000;

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
