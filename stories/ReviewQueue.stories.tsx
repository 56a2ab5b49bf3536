import type { Meta, StoryObj } from '@storybook/react-vite';
import { useRef, useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { createMemoryAdapter } from '../src/adapters/memory';
import { ReviewQueue } from '../src/components/review-queue';
import { AnnokitError, getInput, type AnnotationAdapter, type Span } from '../src/core';
import { useReviewQueue } from '../src/hooks';
import { DEMO_USER, demoProject } from './support/decorators';
import { StateCard, never } from './support/StateCard';

/** Six LLM spans of the shared demo project: the items walked in these stories. */
const SPANS: Span[] = demoProject().spans.filter((span) => span.kind === 'LLM').slice(0, 6);

const meta = {
  title: 'Review/ReviewQueue',
  component: ReviewQueue,
  tags: ['autodocs'],
  args: { spans: SPANS, height: 360, onValueChange: fn() },
  parameters: {
    annokit: { latencyMs: 30 },
    docs: {
      description: {
        component:
          'Walks spans one at a time: the item’s trace beside an annotation panel on the span. `j` / `k` (Shift+J / Shift+K from inside the tree or panel) move between items; “only items I have not reviewed” skips what the reviewer has annotated. Text comes from the `reviewQueue` messages namespace.',
      },
    },
  },
} satisfies Meta<typeof ReviewQueue>;

export default meta;
type Story = StoryObj<typeof meta>;

const progressOf = (root: HTMLElement) => root.querySelector<HTMLElement>('[data-slot="review-queue-progress"]')!;
const itemOf = (root: HTMLElement) => root.querySelector<HTMLElement>('[data-slot="review-queue-item"]')?.dataset.spanId;

/** Six spans of the demo project; `j` and `k` move through them. */
export const Default: Story = {
  play: async ({ canvasElement, args }) => {
    const queue = await within(canvasElement).findByRole('region', { name: 'Review queue' });
    await waitFor(() => expect(progressOf(queue)).toHaveTextContent(`1 of ${SPANS.length}`));
    await expect(itemOf(queue)).toBe(SPANS[0]!.spanId);
    within(queue).getByRole('button', { name: /Next item/ }).focus();
    await userEvent.keyboard('j');
    await expect(progressOf(queue)).toHaveTextContent(`2 of ${SPANS.length}`);
    await expect(itemOf(queue)).toBe(SPANS[1]!.spanId);
    await userEvent.keyboard('j');
    await userEvent.keyboard('k');
    await expect(progressOf(queue)).toHaveTextContent(`2 of ${SPANS.length}`);
    await expect(args.onValueChange).toHaveBeenLastCalledWith(SPANS[1]!.spanId);
    // The trace of the current item is shown beside its annotation panel.
    await expect(await within(queue).findByRole('region', { name: 'Annotations' })).toBeVisible();
  },
};

function ControlledQueue(props: { spans: Span[] }) {
  const [current, setCurrent] = useState<string | null>(props.spans[2]!.spanId);
  const [unreviewedOnly, setUnreviewedOnly] = useState(false);
  return (
    <div className="ak:flex ak:flex-col ak:gap-2 ak:text-sm ak:text-ak-fg">
      <nav aria-label="Items (owned by the page)" className="ak:flex ak:flex-wrap ak:gap-1">
        {props.spans.map((span, index) => (
          <button key={span.spanId} type="button" aria-current={span.spanId === current ? 'true' : undefined} onClick={() => setCurrent(span.spanId)}>
            Item {index + 1}
          </button>
        ))}
      </nav>
      <p>
        Page state: current <code data-testid="owner-current">{current ?? 'none'}</code>, unreviewed only{' '}
        <code data-testid="owner-unreviewed">{String(unreviewedOnly)}</code>
      </p>
      <ReviewQueue
        spans={props.spans}
        height={320}
        value={current}
        onValueChange={setCurrent}
        unreviewedOnly={unreviewedOnly}
        onUnreviewedOnlyChange={setUnreviewedOnly}
      />
    </div>
  );
}

/** The page owns the current item (`value` / `onValueChange`) and the unreviewed-only switch, e.g. to keep them in the URL. */
export const Controlled: Story = {
  render: (args) => <ControlledQueue spans={[...args.spans]} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const queue = await canvas.findByRole('region', { name: 'Review queue' });
    await waitFor(() => expect(progressOf(queue)).toHaveTextContent(`3 of ${SPANS.length}`));
    await userEvent.click(canvas.getByRole('button', { name: 'Item 5' }));
    await expect(progressOf(queue)).toHaveTextContent(`5 of ${SPANS.length}`);
    within(queue).getByRole('button', { name: /Previous item/ }).focus();
    await userEvent.keyboard('k');
    await expect(canvas.getByTestId('owner-current')).toHaveTextContent(SPANS[3]!.spanId);
    await userEvent.click(within(queue).getByRole('checkbox', { name: 'Only items I have not reviewed' }));
    await expect(canvas.getByTestId('owner-unreviewed')).toHaveTextContent('true');
  },
};

const storeFor = (spans: Span[] = SPANS) => {
  const demo = demoProject();
  return createMemoryAdapter({ seed: { spans: demo.spans, configs: demo.configs, annotations: demo.annotations.filter((a) => spans.some((s) => a.target.kind === 'span' && a.target.spanId === s.spanId)) } });
};

/** Every item already carries an annotation from the demo reviewer (reads wait for that write). */
function reviewedStore(): AnnotationAdapter {
  const base = storeFor();
  const written = base.upsertAnnotations(
    SPANS.map((span) => ({
      target: { kind: 'span' as const, spanId: span.spanId },
      name: 'correctness',
      annotatorKind: 'HUMAN' as const,
      label: 'correct',
      score: 1,
      identifier: DEMO_USER.id,
      userId: DEMO_USER.id,
    })),
  );
  return { ...base, listAnnotations: (query) => written.then(() => base.listAnnotations(query)) };
}

const unavailable = new AnnokitError('Phoenix answered 503 Service Unavailable', { code: 'server', status: 503, retryable: false });

function Card({ title, adapter, spans = SPANS, user, unreviewedOnly }: { title: string; adapter: () => AnnotationAdapter; spans?: Span[]; user?: null; unreviewedOnly?: boolean }) {
  return (
    <StateCard
      title={title}
      adapter={adapter}
      {...(user === null ? { user } : {})}
      // Every card's nested panel gets a name of its own, so the page has no two landmarks alike.
      messages={{ annotationPanel: { title: `Annotations (${title})` } }}
    >
      {() => <ReviewQueue spans={spans} aria-label={title} height={220} orientation="column" names={['correctness']} defaultUnreviewedOnly={unreviewedOnly ?? false} />}
    </StateCard>
  );
}

/**
 * Loading, empty, backend error, all reviewed, no reviewer, a backend without traces by id; a label
 * waiting in the outbox while the backend is down, and one refused after the reviewer moved on
 * (still listed, with Retry and Discard, in the bar's outbox status).
 */
export const AllStates: Story = {
  render: () => (
    <div className="ak:grid ak:grid-cols-1 ak:gap-4 ak:lg:grid-cols-2">
      <Card title="Loading what I reviewed" adapter={() => ({ ...storeFor(), listAnnotations: never })} />
      <Card title="Empty" adapter={() => storeFor()} spans={[]} />
      <Card title="Backend error" adapter={() => ({ ...storeFor(), listAnnotations: () => Promise.reject(unavailable) })} />
      <Card title="All reviewed" adapter={reviewedStore} unreviewedOnly />
      <Card title="No reviewer signed in" adapter={() => storeFor()} user={null} />
      <Card
        title="No traces by id"
        adapter={() => {
          const { getTrace: _omit, ...rest } = storeFor();
          return rest;
        }}
      />
      <Card
        title="Backend down: a label waits"
        adapter={() => ({ ...storeFor(), upsertAnnotations: () => Promise.reject(new AnnokitError('Phoenix is unreachable', { code: 'network' })) })}
      />
      <Card
        title="A label refused after moving on"
        adapter={() => ({ ...storeFor(), upsertAnnotations: () => Promise.reject(new AnnokitError('Phoenix answered 403 Forbidden', { code: 'authentication', status: 403 })) })}
      />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const queue = (name: string) => canvas.findByRole('region', { name }, { timeout: 5000 });
    await expect(progressOf(await queue('Loading what I reviewed'))).toHaveTextContent('checking what I have reviewed…');
    await expect(await queue('Empty')).toHaveTextContent('Nothing to review here.');
    const failed = await within(await queue('Backend error')).findByText(/^Could not load which items you have reviewed/);
    await expect(failed).toHaveTextContent('Phoenix answered 503 Service Unavailable');
    await expect(failed).toHaveAttribute('role', 'alert');
    const done = await queue('All reviewed');
    await expect(await within(done).findByText('You have reviewed every item.')).toBeVisible();
    await expect(progressOf(done)).toHaveTextContent(`${SPANS.length} of ${SPANS.length} reviewed by me`);
    await expect(await within(await queue('No reviewer signed in')).findByText(/Read-only: sign in to review/, {}, { timeout: 5000 })).toBeVisible();
    await expect(await within(await queue('No traces by id')).findByText(/cannot fetch a trace by id/)).toBeVisible();

    // Pick a label and save: the write waits in the outbox, and the item and the bar say so.
    const label = async (name: string) => {
      const item = within(await queue(name));
      await userEvent.click(await item.findByRole('button', { name: 'correct' }, { timeout: 5000 }));
      await userEvent.click(item.getByRole('button', { name: /^Save/ }));
      return item;
    };
    const waiting = await label('Backend down: a label waits');
    await waitFor(() => expect(waiting.getByText('Not saved yet, retrying')).toBeVisible());
    await waitFor(() => expect(waiting.getByRole('group', { name: 'Saving status' })).toHaveAttribute('data-state', 'pending'));

    // Refused for good while the reviewer has moved on to the next item: the bar still lists it.
    const refused = await label('A label refused after moving on');
    await userEvent.click(refused.getByRole('button', { name: /Next item/ }));
    const status = refused.getByRole('group', { name: 'Saving status' });
    await waitFor(() => expect(status).toHaveAttribute('data-state', 'failed'), { timeout: 5000 });
    await expect(within(status).getByRole('status')).toHaveTextContent('1 change could not be saved');
    await expect(within(status).getByRole('listitem')).toHaveTextContent('correctness on');
    await expect(within(status).getByRole('button', { name: 'Retry' })).toBeVisible();
  },
};

/** The same walk from `useReviewQueue` alone: the page's own list, keys and text. */
function HeadlessQueue({ spans }: { spans: Span[] }) {
  const queue = useReviewQueue({ spans });
  const rootRef = useRef<HTMLDivElement>(null);
  return (
    <div
      ref={rootRef}
      tabIndex={0}
      aria-label="Headless queue"
      role="group"
      onKeyDown={(event) => {
        if (event.key === 'j') queue.next();
        if (event.key === 'k') queue.previous();
      }}
      style={{ fontFamily: 'system-ui', maxWidth: 560, padding: 8, border: '1px dashed #999' }}
    >
      <p role="status">
        Item {queue.index + 1} / {queue.items.length} — {queue.isLoading ? 'checking…' : `${queue.reviewedCount} reviewed by me`}
      </p>
      <ol>
        {queue.items.map((span) => (
          <li key={span.spanId} aria-current={span.spanId === queue.current?.spanId ? 'true' : undefined} style={{ fontWeight: span.spanId === queue.current?.spanId ? 700 : 400 }}>
            {span.name} {queue.isReviewed(span.spanId) ? '✓' : ''}
          </li>
        ))}
      </ol>
      {queue.current ? <blockquote style={{ margin: 0 }}>{getInput(queue.current)?.text?.slice(0, 160) ?? '(no input)'}</blockquote> : null}
      <button type="button" onClick={queue.previous}>
        Back
      </button>{' '}
      <button type="button" onClick={queue.next}>
        Forward
      </button>
    </div>
  );
}

export const Headless: Story = {
  render: (args) => <HeadlessQueue spans={[...args.spans]} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const root = canvas.getByRole('group', { name: 'Headless queue' });
    await expect(canvas.getByRole('status')).toHaveTextContent(`Item 1 / ${SPANS.length}`);
    root.focus();
    await userEvent.keyboard('jj');
    await expect(canvas.getByRole('status')).toHaveTextContent(`Item 3 / ${SPANS.length}`);
    await userEvent.click(canvas.getByRole('button', { name: 'Back' }));
    await expect(canvas.getAllByRole('listitem')[1]).toHaveAttribute('aria-current', 'true');
  },
};
