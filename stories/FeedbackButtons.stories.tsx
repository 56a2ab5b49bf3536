import type { Meta, StoryObj } from '@storybook/react-vite';
import { forwardRef, useState, type ButtonHTMLAttributes, type ReactNode } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { createMemoryAdapter } from '../src/adapters/memory';
import { Feedback, FeedbackButtons, FeedbackScore } from '../src/components/feedback';
import { Bubble, ChatApp as ChatAppPage } from './pages/ChatApp';
import { CheckIcon, CrossIcon } from './support/icons';
import {
  AnnokitError,
  Outbox,
  annotationFromInput,
  createMemoryOutboxStorage,
  type AnnotationAdapter,
  type AnnotationTarget,
  type OutboxEnvironment,
} from '../src/core';
import { useFeedback, type FeedbackValue } from '../src/hooks';
import { AnnotationProvider, createAnnokitQueryClient, type AnnotationUser, type OutboxSetting } from '../src/provider';

const USER: AnnotationUser = { id: 'end-user-42', name: 'Sam' };
const message = (id: string): AnnotationTarget => ({ kind: 'span', spanId: id });

/** A provider over its own in-browser store, so every story starts clean. */
function Demo({
  children,
  adapter,
  user = USER,
  outbox,
}: {
  children: ReactNode;
  adapter?: AnnotationAdapter;
  user?: AnnotationUser | null;
  outbox?: (adapter: AnnotationAdapter) => OutboxSetting;
}) {
  const [setup] = useState(() => {
    const backend = adapter ?? createMemoryAdapter({ latencyMs: 300 });
    return { adapter: backend, queryClient: createAnnokitQueryClient(), outbox: outbox?.(backend) ?? 'memory' };
  });
  return (
    <AnnotationProvider adapter={setup.adapter} queryClient={setup.queryClient} user={user} outbox={setup.outbox}>
      {children}
    </AnnotationProvider>
  );
}


const meta = {
  title: 'Feedback/FeedbackButtons',
  component: FeedbackButtons,
  tags: ['autodocs'],
  args: { target: message('msg-1'), size: 'md', labelled: false, askFor: 'negative' },
  argTypes: {
    size: { control: 'inline-radio', options: ['sm', 'md', 'lg'] },
    askFor: { control: 'inline-radio', options: ['negative', 'any', 'never'] },
  },
  decorators: [(Story) => <Demo>{Story()}</Demo>],
} satisfies Meta<typeof FeedbackButtons>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  render: (args) => (
    <div className="ak:flex ak:flex-col ak:gap-2">
      <Bubble label="Assistant">The Eiffel Tower was completed in 1889 for the World’s Fair.</Bubble>
      <FeedbackButtons {...args} />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const up = canvas.getByRole('button', { name: 'Good response' });
    await userEvent.click(up);
    await expect(up).toHaveAttribute('aria-pressed', 'true');
    await waitFor(() => expect(canvas.getByRole('group', { name: 'Rate this response' })).not.toHaveAttribute('data-pending'), {
      timeout: 3000,
    });
  },
};

/** Icon-only and labelled, in three sizes, and the 1–5 score variant. */
export const Variants: Story = {
  render: () => (
    <div className="ak:flex ak:flex-col ak:gap-3 ak:font-ak ak:text-ak-fg">
      {(['sm', 'md', 'lg'] as const).map((size) => (
        <div key={size} className="ak:flex ak:items-center ak:gap-4">
          <span className="ak:w-8 ak:text-xs ak:text-ak-muted">{size}</span>
          <FeedbackButtons target={message(`icon-${size}`)} size={size} askFor="never" />
          <FeedbackButtons target={message(`label-${size}`)} size={size} labelled askFor="never" />
        </div>
      ))}
      <div className="ak:flex ak:items-center ak:gap-4">
        <span className="ak:w-8 ak:text-xs ak:text-ak-muted">1–5</span>
        <FeedbackScore target={message('score')} />
      </div>
    </div>
  ),
};

/** The vote lives in your state: `value` and `onValueChange`. Clicks are still written through the outbox. */
export const Controlled: Story = {
  render: function Render(args) {
    const [value, setValue] = useState<FeedbackValue | null>('up');
    return (
      <div className="ak:flex ak:flex-col ak:gap-2 ak:font-ak ak:text-ak-fg">
        <FeedbackButtons {...args} askFor="never" value={value} onValueChange={setValue} />
        <output className="ak:text-sm">Your state: {value === null ? 'no vote' : value}</output>
        <button type="button" className="ak:w-fit" onClick={() => setValue(null)}>
          Clear from outside
        </button>
      </div>
    );
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Bad response' }));
    await expect(canvas.getByText('Your state: down')).toBeInTheDocument();
  },
};

const offline: OutboxEnvironment = { isOnline: () => false, subscribe: () => () => undefined };

/** A backend whose writes never answer (stays pending) or are refused (fails). */
function stalled(): AnnotationAdapter {
  const memory = createMemoryAdapter();
  return { ...memory, name: 'stalled', upsertAnnotations: () => new Promise(() => undefined) };
}
function refusing(): AnnotationAdapter {
  const memory = createMemoryAdapter();
  return {
    ...memory,
    name: 'refusing',
    upsertAnnotations: async () => {
      throw new AnnokitError('The backend refused the vote (403)', { code: 'authentication', status: 403 });
    },
  };
}
/** A backend that already holds this user's vote (seeded, so it is there before the first read). */
function voted(): AnnotationAdapter {
  const at = '2026-03-02T12:00:00.000Z';
  const vote = annotationFromInput(
    { target: message('voted'), name: 'user_feedback', annotatorKind: 'HUMAN', label: 'positive', score: 1, identifier: USER.id, userId: USER.id },
    { id: 'earlier-vote', source: 'APP', createdAt: at, updatedAt: at },
  );
  return createMemoryAdapter({ seed: { annotations: [vote] } });
}

/** Queues a vote as the story mounts, so the state shows without a click. */
function Prevoted({ value, target }: { value: FeedbackValue; target: AnnotationTarget }) {
  const feedback = useFeedback({ target });
  const [done, setDone] = useState(false);
  if (!done && !feedback.isLoading) {
    setDone(true);
    queueMicrotask(() => feedback.setValue(value));
  }
  return null;
}

function Row({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="ak:flex ak:items-center ak:gap-4 ak:font-ak ak:text-ak-fg">
      <span className="ak:w-28 ak:text-xs ak:text-ak-muted">{title}</span>
      {children}
    </div>
  );
}

/** Idle, voted, pending, failed (with retry), offline, and no capability (no signed-in user). */
export const AllStates: Story = {
  decorators: [(Story) => Story()],
  render: () => (
    <div className="ak:flex ak:flex-col ak:gap-3">
      <Row title="idle">
        <Demo>
          <FeedbackButtons target={message('idle')} askFor="never" />
        </Demo>
      </Row>
      <Row title="voted">
        <Demo adapter={voted()}>
          <FeedbackButtons target={message('voted')} askFor="never" />
        </Demo>
      </Row>
      <Row title="pending">
        <Demo adapter={stalled()}>
          <FeedbackButtons target={message('pending')} askFor="never" />
          <Prevoted target={message('pending')} value="up" />
        </Demo>
      </Row>
      <Row title="failed">
        <Demo adapter={refusing()}>
          <FeedbackButtons target={message('failed')} askFor="never" />
          <Prevoted target={message('failed')} value="down" />
        </Demo>
      </Row>
      <Row title="offline">
        <Demo outbox={(adapter) => new Outbox({ adapter, storage: createMemoryOutboxStorage(), environment: offline })}>
          <FeedbackButtons target={message('offline')} askFor="never" />
          <Prevoted target={message('offline')} value="up" />
        </Demo>
      </Row>
      <Row title="no capability">
        <Demo user={null}>
          <FeedbackButtons target={message('no-user')} />
        </Demo>
      </Row>
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByText('Not saved.')).toBeInTheDocument(), { timeout: 3000 });
    await waitFor(() => expect(canvas.getByText(/will be sent when you are back online/)).toBeInTheDocument(), { timeout: 3000 });
    await waitFor(() => expect(canvas.getByText('Saving…')).toBeInTheDocument(), { timeout: 3000 });
    const row = (title: string) => within(canvas.getByText(title, { selector: 'span' }).parentElement!);
    // The earlier vote is read back from the backend; the idle one has none; without a user, nothing is clickable.
    await waitFor(() => expect(row('voted').getByRole('button', { name: 'Good response' })).toHaveAttribute('aria-pressed', 'true'));
    await expect(row('idle').getByRole('button', { name: 'Good response' })).toHaveAttribute('aria-pressed', 'false');
    await expect(row('no capability').getByRole('button', { name: 'Good response' })).toBeDisabled();
  },
};

/**
 * The same behaviour from the hook alone, rendered with plain elements. The getters take your props
 * and compose your handlers with theirs (yours first): here a click is counted, and the disabled
 * reason (a code) is worded by the page.
 */
export const Headless: Story = {
  render: function Render() {
    const feedback = useFeedback({ target: message('headless') });
    const [clicks, setClicks] = useState(0);
    const count = () => setClicks((n) => n + 1);
    return (
      <div
        {...feedback.getRootProps({
          role: 'group',
          'aria-label': 'Was this useful?',
          title: feedback.disabledReason === 'no-user' ? 'Sign in first' : undefined,
          className: 'ak:flex ak:gap-2 ak:font-ak',
        })}
      >
        <button {...feedback.getButtonProps('up', { onClick: count })}>Yes{feedback.value === 'up' ? ' ✓' : ''}</button>
        <button {...feedback.getButtonProps('down', { onClick: count })}>No{feedback.value === 'down' ? ' ✓' : ''}</button>
        <span role="status">{feedback.isPending ? 'saving' : feedback.isFailed ? 'failed' : ''}</span>
        <span data-testid="clicks">{clicks} clicks</span>
      </div>
    );
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const yes = canvas.getByRole('button', { name: 'Yes' });
    await userEvent.click(yes);
    await waitFor(() => expect(yes).toHaveAttribute('aria-pressed', 'true'));
    await expect(canvas.getByTestId('clicks')).toHaveTextContent('1 clicks');
  },
};

const BrandButton = forwardRef<HTMLButtonElement, ButtonHTMLAttributes<HTMLButtonElement>>(function BrandButton(
  { className, ...props },
  ref,
) {
  return (
    <button
      ref={ref}
      {...props}
      className={`ak:inline-flex ak:items-center ak:gap-1 ak:cursor-pointer ak:rounded-full ak:border-2 ak:border-ak-accent ak:bg-ak-bg ak:px-3 ak:py-1 ak:font-ak ak:text-sm ak:text-ak-accent ak:data-[state=on]:bg-ak-accent ak:data-[state=on]:text-ak-accent-fg ${className ?? ''}`}
    />
  );
});

/** A design system's own buttons carry the behaviour through `asChild`. */
export const CustomDesignSystem: Story = {
  render: () => (
    <Feedback.Root target={message('brand')} className="ak:flex ak:gap-2">
      <Feedback.Up asChild aria-label={undefined}>
        <BrandButton>
          <CheckIcon /> Helpful
        </BrandButton>
      </Feedback.Up>
      <Feedback.Down asChild aria-label={undefined}>
        <BrandButton>
          <CrossIcon /> Not helpful
        </BrandButton>
      </Feedback.Down>
    </Feedback.Root>
  ),
};

/**
 * A whole chat page: a dozen assistant messages, thumbs under each. Votes are kept in the
 * in-browser adapter (localStorage) and queued in the provider's default outbox (IndexedDB) until
 * they land: reload and they are still there.
 */
export const ChatApp: Story = {
  decorators: [(Story) => Story()],
  parameters: { layout: 'fullscreen' },
  render: () => <ChatAppPage />,
};
