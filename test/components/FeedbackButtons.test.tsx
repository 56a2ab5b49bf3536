import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRef, forwardRef, useState, type ButtonHTMLAttributes } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryAdapter } from '../../src/adapters/memory';
import type { AnnotationAdapter } from '../../src/core/adapter';
import { AnnokitError } from '../../src/core/errors';
import { Feedback, FeedbackButtons, FeedbackScore, feedbackButtonVariants } from '../../src/components/feedback';
import { controllableAdapter, renderWithProvider } from '../support/render';

const target = { kind: 'span' as const, spanId: 'msg-1' };
const list = (adapter: AnnotationAdapter) => adapter.listAnnotations({ targets: [target] });

describe('FeedbackButtons', () => {
  it('votes, switches and retracts, showing the state on the toggles and storing each change', async () => {
    const user = userEvent.setup();
    const { adapter } = renderWithProvider(<FeedbackButtons target={target} askFor="never" />);
    const up = screen.getByRole('button', { name: 'Good response' });
    const down = screen.getByRole('button', { name: 'Bad response' });
    expect(screen.getByRole('group', { name: 'Rate this response' })).toHaveAttribute('data-state', 'idle');
    await user.click(up);
    expect(up).toHaveAttribute('aria-pressed', 'true');
    expect(up).toHaveAttribute('data-state', 'on');
    await waitFor(async () => expect((await list(adapter))[0]?.label).toBe('positive'));
    await user.click(down);
    expect(down).toHaveAttribute('aria-pressed', 'true');
    expect(up).toHaveAttribute('aria-pressed', 'false');
    await waitFor(async () => expect((await list(adapter))[0]?.label).toBe('negative'));
    await user.click(down);
    expect(down).toHaveAttribute('aria-pressed', 'false');
    await waitFor(async () => expect(await list(adapter)).toEqual([]));
  });

  it('is usable from the keyboard alone', async () => {
    const user = userEvent.setup();
    const { adapter } = renderWithProvider(<FeedbackButtons target={target} askFor="never" />);
    await user.tab();
    expect(screen.getByRole('button', { name: 'Good response' })).toHaveFocus();
    await user.keyboard('{Enter}');
    await user.tab();
    await user.keyboard(' ');
    expect(screen.getByRole('button', { name: 'Bad response' })).toHaveAttribute('aria-pressed', 'true');
    await waitFor(async () => expect((await list(adapter))[0]?.label).toBe('negative'));
  });

  it('shows text labels in the labelled variant and uses them as the accessible names', () => {
    renderWithProvider(<FeedbackButtons target={target} labelled size="lg" />);
    expect(screen.getByRole('button', { name: 'Helpful' })).toHaveAttribute('data-size', 'lg');
    expect(screen.getByRole('button', { name: 'Not helpful' })).toBeInTheDocument();
  });

  it('follows the value prop when controlled and reports clicks through onValueChange', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    function Controlled() {
      const [value, setValue] = useState<string | number | null>('up');
      return (
        <FeedbackButtons
          target={target}
          askFor="never"
          value={value}
          onValueChange={(next) => {
            onValueChange(next);
            setValue(next);
          }}
        />
      );
    }
    renderWithProvider(<Controlled />);
    expect(screen.getByRole('button', { name: 'Good response' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: 'Bad response' }));
    expect(onValueChange).toHaveBeenCalledWith('down');
    expect(screen.getByRole('button', { name: 'Bad response' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('renders disabled, with the reason, when there is no user to vote as', () => {
    renderWithProvider(<FeedbackButtons target={target} />, { user: null });
    expect(screen.getByRole('button', { name: 'Good response' })).toBeDisabled();
    expect(screen.getByRole('group', { name: 'Rate this response' })).toHaveAttribute('data-disabled', '');
    expect(screen.getByRole('group', { name: 'Rate this response' })).toHaveAttribute('title', expect.stringMatching(/sign in/i));
  });

  it('words why voting is disabled through the feedback messages (the hook gives a code)', () => {
    renderWithProvider(<FeedbackButtons target={target} />, {
      user: null,
      messages: { feedback: { noUser: 'Connectez-vous pour donner votre avis', group: 'Avis' } },
    });
    expect(screen.getByRole('group', { name: 'Avis' })).toHaveAttribute('title', 'Connectez-vous pour donner votre avis');
  });

  it('words the disabled option through the messages, and a retraction the backend cannot do', async () => {
    const user = userEvent.setup();
    const { deleteAnnotations: _omit, ...rest } = createMemoryAdapter();
    renderWithProvider(<FeedbackButtons target={target} askFor="never" />, {
      adapter: { ...rest, name: 'no-delete' },
      messages: { feedback: { cannotRetract: 'Impossible de retirer votre avis ici.' } },
    });
    const up = screen.getByRole('button', { name: 'Good response' });
    await user.click(up);
    await waitFor(() => expect(screen.getByRole('group', { name: 'Rate this response' })).not.toHaveAttribute('data-pending'));
    await user.click(up);
    expect(await screen.findByText('Impossible de retirer votre avis ici.')).toBeInTheDocument();
    expect(up).toHaveAttribute('aria-pressed', 'true');
    const { unmount } = renderWithProvider(<FeedbackButtons target={{ kind: 'span', spanId: 'msg-3' }} disabled />, {
      messages: { feedback: { disabled: 'Avis désactivé' } },
    });
    expect(screen.getAllByRole('group', { name: 'Rate this response' }).at(-1)).toHaveAttribute('title', 'Avis désactivé');
    unmount();
  });

  it('after a thumbs-down asks why in a popover, storing reasons and comment', async () => {
    const user = userEvent.setup();
    const { adapter } = renderWithProvider(<FeedbackButtons target={target} reasons={['Inaccurate', 'Unsafe']} />);
    await user.click(screen.getByRole('button', { name: 'Bad response' }));
    const dialog = await screen.findByRole('dialog', { name: 'Tell us more' });
    expect(dialog).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Inaccurate' }));
    expect(screen.getByRole('button', { name: 'Inaccurate' })).toHaveAttribute('aria-pressed', 'true');
    await user.type(screen.getByRole('textbox', { name: 'Comment (optional)' }), 'Wrong date');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(async () =>
      expect((await list(adapter))[0]).toMatchObject({ label: 'negative', explanation: 'Wrong date', metadata: { reasons: ['Inaccurate'] } }),
    );
  });

  it('closes the popover on Escape and keeps the vote', async () => {
    const user = userEvent.setup();
    const { adapter } = renderWithProvider(<FeedbackButtons target={target} />);
    await user.click(screen.getByRole('button', { name: 'Bad response' }));
    await screen.findByRole('dialog', { name: 'Tell us more' });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByRole('button', { name: 'Bad response' })).toHaveAttribute('aria-pressed', 'true');
    await waitFor(async () => expect((await list(adapter))[0]?.label).toBe('negative'));
  });

  it('does not ask after a thumbs-up by default', async () => {
    const user = userEvent.setup();
    renderWithProvider(<FeedbackButtons target={target} />);
    await user.click(screen.getByRole('button', { name: 'Good response' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('shows a refused write as failed with a Retry button, and undo restores the previous vote', async () => {
    const user = userEvent.setup();
    const gate = controllableAdapter(createMemoryAdapter());
    gate.fail('upsertAnnotations', new AnnokitError('Forbidden', { code: 'authentication', status: 403 }));
    renderWithProvider(<FeedbackButtons target={target} askFor="never" />, { adapter: gate.adapter });
    await user.click(screen.getByRole('button', { name: 'Good response' }));
    const group = screen.getByRole('group', { name: 'Rate this response' });
    await waitFor(() => expect(group).toHaveAttribute('data-failed', ''));
    expect(screen.getByText('Not saved.')).toBeInTheDocument();
    gate.fail('upsertAnnotations', undefined);
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(group).not.toHaveAttribute('data-failed'));
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(screen.getByRole('button', { name: 'Good response' })).toHaveAttribute('aria-pressed', 'false');
  });

  it.each([
    ['FeedbackButtons', FeedbackButtons],
    ['FeedbackScore', FeedbackScore],
  ] as const)('%s forwards its ref and extra props to its group element', (_, Component) => {
    const ref = createRef<HTMLDivElement>();
    const onKeyDown = vi.fn();
    renderWithProvider(
      <Component target={target} ref={ref} id="thumbs-1" data-testid="thumbs" aria-describedby="hint" onKeyDown={onKeyDown} className="mine" />,
    );
    const group = screen.getByTestId('thumbs');
    expect(ref.current).toBe(group);
    expect(group).toHaveAttribute('role', 'group');
    expect(group).toHaveAttribute('id', 'thumbs-1');
    expect(group).toHaveAttribute('aria-describedby', 'hint');
    expect(group).toHaveClass('mine');
    // The hook's options stay out of the DOM.
    expect(group).not.toHaveAttribute('target');
    group.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    expect(onKeyDown).toHaveBeenCalledTimes(1);
  });

  it('lets a design system supply its own buttons through asChild', async () => {
    const user = userEvent.setup();
    const MyButton = forwardRef<HTMLButtonElement, ButtonHTMLAttributes<HTMLButtonElement>>(function MyButton(props, ref) {
      return <button ref={ref} data-ds="button" {...props} />;
    });
    const { adapter } = renderWithProvider(
      <Feedback.Root target={target}>
        <Feedback.Up asChild>
          <MyButton>Yes</MyButton>
        </Feedback.Up>
        <Feedback.Down asChild>
          <MyButton>No</MyButton>
        </Feedback.Down>
      </Feedback.Root>,
    );
    const yes = screen.getByRole('button', { name: 'Good response' });
    expect(yes).toHaveAttribute('data-ds', 'button');
    await user.click(yes);
    expect(yes).toHaveAttribute('aria-pressed', 'true');
    await waitFor(async () => expect((await list(adapter))[0]?.label).toBe('positive'));
  });

  it('renders the same anatomy as Feedback.Root with Feedback.Up and Feedback.Down, idle and voted', async () => {
    const user = userEvent.setup();
    const attributes = (element: Element) =>
      Object.fromEntries(
        [...element.attributes].filter((a) => a.name !== 'class' && a.name !== 'data-size').map((a) => [a.name, a.value]),
      );
    const anatomy = (root: Element) => [root, ...root.querySelectorAll('button[data-value]')].map(attributes);
    renderWithProvider(
      <>
        <div data-testid="styled">
          <FeedbackButtons target={target} askFor="never" />
        </div>
        <div data-testid="parts">
          <Feedback.Root target={{ kind: 'span', spanId: 'msg-2' }}>
            <Feedback.Up />
            <Feedback.Down />
          </Feedback.Root>
        </div>
      </>,
    );
    const [styled, parts] = [screen.getByTestId('styled').firstElementChild!, screen.getByTestId('parts').firstElementChild!];
    expect(anatomy(styled)).toEqual(anatomy(parts));
    expect(anatomy(styled)[0]).toMatchObject({ role: 'group', 'data-slot': 'feedback', 'data-state': 'idle' });
    expect(anatomy(styled).slice(1).map((button) => button['data-slot'])).toEqual(['feedback-up', 'feedback-down']);
    for (const root of [styled, parts]) await user.click(within(root as HTMLElement).getByRole('button', { name: 'Bad response' }));
    await waitFor(() => expect(anatomy(styled)).toEqual(anatomy(parts)));
    expect(anatomy(styled)[0]).toMatchObject({ 'data-state': 'voted', 'data-value': 'down' });
  });

  it('throws a clear error when a part is used outside Feedback.Root', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => renderWithProvider(<Feedback.Up />)).toThrow('`Feedback.Option` must be used within `Feedback.Root`');
  });
});

describe('FeedbackScore', () => {
  it('writes the chosen score from 1 to 5', async () => {
    const user = userEvent.setup();
    const { adapter } = renderWithProvider(<FeedbackScore target={target} />);
    await user.click(screen.getByRole('button', { name: 'Rate 4 of 5' }));
    expect(screen.getByRole('button', { name: 'Rate 4 of 5' })).toHaveAttribute('aria-pressed', 'true');
    await waitFor(async () => expect((await list(adapter))[0]).toMatchObject({ score: 4, label: null }));
  });
});

describe('feedbackButtonVariants', () => {
  it('takes the options cva took: a size (md by default, null for none) and classes that go last', () => {
    const md = feedbackButtonVariants().split(' ');
    expect(feedbackButtonVariants({ size: 'md' })).toBe(md.join(' '));
    const sm = feedbackButtonVariants({ size: 'sm' }).split(' ');
    const none = feedbackButtonVariants({ size: null }).split(' ');
    // the three sizes differ only in their size classes
    expect(none.length).toBeLessThan(sm.length);
    expect(sm.slice(0, none.length)).toEqual(none);
    expect(md.slice(0, none.length)).toEqual(none);
    expect(md).not.toEqual(sm);
    expect(feedbackButtonVariants({ size: 'lg', class: 'mine', className: ['also', { mine2: true }] }).split(' ').slice(-3)).toEqual([
      'mine',
      'also',
      'mine2',
    ]);
  });
});
