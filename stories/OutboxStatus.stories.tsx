import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { createMemoryAdapter } from '../src/adapters/memory';
import { OutboxStatus } from '../src/components/outbox-status';
import { AnnokitError, Outbox, createMemoryOutboxStorage, type AnnotationAdapter, type OutboxEnvironment } from '../src/core';
import { useOutboxStatus, useUpsertAnnotations } from '../src/hooks';
import { AnnotationProvider, createAnnokitQueryClient, type OutboxSetting } from '../src/provider';
import { DEMO_USER } from './support/decorators';
import { never } from './support/StateCard';

const meta = {
  title: 'Review/OutboxStatus',
  component: OutboxStatus,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          "One line on the writes people made that have not landed yet: saving, waiting offline, or failed for good, with the failed ones listed with Retry and Discard. It reads the provider's outbox, so a label whose panel has unmounted (the reviewer moved on) still shows here when its write fails. `ReviewQueue` shows it in its bar. Text comes from the `outboxStatus` messages namespace.",
      },
    },
  },
} satisfies Meta<typeof OutboxStatus>;

export default meta;
type Story = StoryObj<typeof meta>;

const offline: OutboxEnvironment = { isOnline: () => false, subscribe: () => () => undefined };
const memory = () => createMemoryAdapter();
const refusing = (): AnnotationAdapter => ({
  ...createMemoryAdapter(),
  upsertAnnotations: () => Promise.reject(new AnnokitError('Phoenix answered 403 Forbidden', { code: 'authentication', status: 403 })),
});
const stalled = (): AnnotationAdapter => ({ ...createMemoryAdapter(), upsertAnnotations: never });

/** Writes two reviewer labels once, as a panel the reviewer has since left would have. */
function LabelsWritten() {
  const { upsert } = useUpsertAnnotations();
  useEffect(() => {
    for (const spanId of ['span-a', 'span-b']) {
      void upsert({ target: { kind: 'span', spanId }, name: 'correctness', annotatorKind: 'HUMAN', label: 'correct', identifier: DEMO_USER.id }).catch(
        () => undefined,
      );
    }
  }, [upsert]);
  return null;
}

/** A provider over its own backend (and outbox), with two labels written on mount. */
function Case({
  title,
  adapter,
  outbox,
  children,
}: {
  title: string;
  adapter: () => AnnotationAdapter;
  outbox?: (adapter: AnnotationAdapter) => OutboxSetting;
  children: React.ReactNode;
}) {
  const [setup] = useState(() => {
    const backend = adapter();
    return { adapter: backend, queryClient: createAnnokitQueryClient(), outbox: outbox?.(backend) ?? 'memory' };
  });
  return (
    <figure aria-label={title} className="ak:m-0 ak:flex ak:flex-col ak:gap-1" data-state-name={title}>
      <figcaption className="ak:text-xs ak:font-semibold ak:text-ak-muted">{title}</figcaption>
      <AnnotationProvider adapter={setup.adapter} queryClient={setup.queryClient} user={DEMO_USER} outbox={setup.outbox}>
        <LabelsWritten />
        {children}
      </AnnotationProvider>
    </figure>
  );
}

/** Two labels written to a backend that refuses them: both listed, with Retry and Discard. */
export const Default: Story = {
  render: () => (
    <Case title="Refused writes" adapter={refusing}>
      <OutboxStatus />
    </Case>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('2 changes could not be saved'));
    await expect(canvas.getAllByRole('listitem')[0]).toHaveTextContent('correctness on span-a: Phoenix answered 403 Forbidden');
    await userEvent.click(canvas.getAllByRole('button', { name: 'Discard' })[0]!);
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('1 change could not be saved'));
  },
};

function ControlledStatus() {
  const [open, setOpen] = useState(false);
  return (
    <Case title="Controlled" adapter={refusing}>
      <p className="ak:m-0 ak:text-sm">Host state: list open = {String(open)}</p>
      <OutboxStatus open={open} onOpenChange={setOpen} />
    </Case>
  );
}

/** The page owns whether the list of failed writes is shown (`open` / `onOpenChange`). */
export const Controlled: Story = {
  render: () => <ControlledStatus />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const toggle = await canvas.findByRole('button', { name: 'Show what failed' }, { timeout: 5000 });
    await expect(canvas.queryByRole('list')).toBeNull();
    await userEvent.click(toggle);
    await expect(canvas.getByText('Host state: list open = true')).toBeVisible();
    await expect(canvas.getByRole('list')).toBeVisible();
  },
};

/** Every state: all saved, saving, waiting offline, and failed for good. */
export const AllStates: Story = {
  render: () => (
    <div className="ak:grid ak:grid-cols-1 ak:gap-4 ak:md:grid-cols-2">
      <Case title="All saved" adapter={memory}>
        <OutboxStatus />
      </Case>
      <Case title="Saving" adapter={stalled}>
        <OutboxStatus />
      </Case>
      <Case title="Offline" adapter={memory} outbox={(adapter) => new Outbox({ adapter, storage: createMemoryOutboxStorage(), environment: offline })}>
        <OutboxStatus />
      </Case>
      <Case title="Failed" adapter={refusing}>
        <OutboxStatus />
      </Case>
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const status = async (title: string) => within(await canvas.findByRole('figure', { name: title }, { timeout: 5000 })).getByRole('status');
    await waitFor(async () => expect(await status('All saved')).toHaveTextContent('All changes saved'));
    await waitFor(async () => expect(await status('Saving')).toHaveTextContent('Saving 2 changes…'));
    await waitFor(async () => expect(await status('Offline')).toHaveTextContent('Offline: 2 changes will be sent when you are back online'));
    await waitFor(async () => expect(await status('Failed')).toHaveTextContent('2 changes could not be saved'));
  },
};

/** The same line built from `useOutboxStatus` alone. */
function HeadlessStatus() {
  const status = useOutboxStatus();
  return (
    <div style={{ fontFamily: 'system-ui', padding: 8, border: '1px dashed #999' }}>
      <p role="status">
        {status.state}: {status.pending.length} pending, {status.failed.length} failed
      </p>
      {status.failed.length > 0 ? (
        <button type="button" onClick={() => void status.retryAll()}>
          Try the failed ones again
        </button>
      ) : null}
    </div>
  );
}

export const Headless: Story = {
  render: () => (
    <Case title="Headless" adapter={refusing}>
      <HeadlessStatus />
    </Case>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('failed: 0 pending, 2 failed'));
  },
};
