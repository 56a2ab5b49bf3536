import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryAdapter } from '../../../src/adapters/memory';
import { AnnokitError, type AnnotationAdapter } from '../../../src/core';
import { AnnotationPanel, type AnnotationPanelProps } from '../../../src/components/annotation-panel';
import { controllableAdapter } from '../../support/render';
import { CONFIGS, SEED_ANNOTATIONS, SPAN, createWrapper, rejectNextSave, seededAdapter, without } from './fixture';

function renderPanel(adapter: AnnotationAdapter = seededAdapter(), props: Partial<AnnotationPanelProps> = {}, user: { id: string } | null = { id: 'ana' }) {
  const Wrapper = createWrapper(adapter, user);
  const view = render(
    <Wrapper>
      <AnnotationPanel target={SPAN} autosaveDelay={false} {...props} />
    </Wrapper>,
  );
  return { ...view, adapter };
}

const field = async (name: string) => screen.findByRole('group', { name }, { timeout: 5000 });
const mine = async (adapter: AnnotationAdapter, name: string) =>
  (await adapter.listAnnotations({ targets: [SPAN], names: [name] })).find((annotation) => annotation.identifier === 'ana');

describe('AnnotationPanel', () => {
  it('lists every annotation grouped by name, with the annotator kind, value, author and time', async () => {
    renderPanel();
    const correctness = await field('correctness');
    const items = within(within(correctness).getByRole('list', { name: 'correctness' })).getAllByRole('listitem');
    expect(items.map((item) => item.getAttribute('data-annotator-kind'))).toEqual(['HUMAN', 'LLM']);
    expect(items[0]).toHaveTextContent(/Human\s*correct\s*1\s*bob/);
    expect(items[1]).toHaveTextContent('The refund window is 30 days, not 14.');
    expect(within(items[0]!).getByText(/2026/).tagName).toBe('TIME');
    expect(within(correctness).getByText('2 annotations')).toBeInTheDocument();
    const summary = correctness.querySelector('[data-slot="annotation-summary"]')!;
    expect(summary.querySelector('[data-annotator-kind="HUMAN"]')).toHaveTextContent(/Human:\s*correct 100%\s*mean score 1/);
    expect(summary.querySelector('[data-annotator-kind="LLM"]')).toHaveTextContent(/LLM:\s*incorrect 100%\s*mean score 0/);
    expect(within(await field('latency_ok')).getByText('read-only')).toBeInTheDocument();
  });

  it('renders labels, explanations and notes as text, never as HTML', async () => {
    const attack = '<img src=x onerror="window.__pwned=1">';
    const adapter = createMemoryAdapter({
      seed: {
        configs: CONFIGS,
        annotations: [{ ...SEED_ANNOTATIONS[0]!, label: attack, explanation: attack }],
        notes: [{ id: 'n1', target: SPAN, text: attack, userId: 'bob', createdAt: '2026-01-15T09:00:00.000Z' }],
      },
    });
    const { container } = renderPanel(adapter);
    await waitFor(() => expect(screen.getAllByText(attack)).toHaveLength(3));
    expect(container.querySelector('img')).toBeNull();
  });

  it('expands a long explanation on demand', async () => {
    const long = `${'The answer cites the wrong policy. '.repeat(8)}END`;
    const adapter = createMemoryAdapter({ seed: { configs: CONFIGS, annotations: [{ ...SEED_ANNOTATIONS[0]!, explanation: long }] } });
    renderPanel(adapter);
    const toggle = await screen.findByRole('button', { name: 'Show more' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByText(long)).toBeNull();
    await userEvent.click(toggle);
    expect(screen.getByText(long)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Show less' })).toHaveAttribute('aria-expanded', 'true');
  });

  it("saves the reviewer's pick as their own annotation beside the others", async () => {
    const { adapter } = renderPanel();
    const correctness = await field('correctness');
    const correct = within(correctness).getByRole('button', { name: 'correct' });
    await userEvent.click(within(correctness).getByRole('button', { name: 'incorrect' }));
    expect(within(correctness).getByRole('button', { name: 'incorrect' })).toHaveAttribute('aria-pressed', 'true');
    expect(correct).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(within(correctness).getByRole('button', { name: /^Save/ }));
    await waitFor(async () => expect((await mine(adapter, 'correctness'))?.label).toBe('incorrect'));
    await waitFor(() => expect(within(correctness).getByRole('status')).toHaveTextContent('Saved'));
    await waitFor(() => expect(within(correctness).getAllByRole('listitem')).toHaveLength(3));
    expect(within(correctness).getAllByRole('listitem').some((item) => item.hasAttribute('data-own') && /You/.test(item.textContent ?? ''))).toBe(true);
  });

  it('autosaves a pick after the pause', async () => {
    const { adapter } = renderPanel(seededAdapter(), { autosaveDelay: 30 });
    const correctness = await field('correctness');
    await userEvent.click(within(correctness).getByRole('button', { name: 'incorrect' }));
    await waitFor(async () => expect((await mine(adapter, 'correctness'))?.label).toBe('incorrect'));
  });

  it('picks a label with 1–9 and saves with Ctrl+Enter', async () => {
    const { adapter } = renderPanel();
    const correctness = await field('correctness');
    within(correctness).getByRole('button', { name: 'incorrect' }).focus();
    await userEvent.keyboard('1');
    expect(within(correctness).getByRole('button', { name: 'correct' })).toHaveAttribute('aria-pressed', 'true');
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(async () => expect((await mine(adapter, 'correctness'))?.label).toBe('correct'));
  });

  it('moves between annotation names with j and k and accepts the LLM value with a', async () => {
    const onActiveNameChange = vi.fn();
    const { adapter } = renderPanel(seededAdapter(), { onActiveNameChange });
    const correctness = await field('correctness');
    within(correctness).getAllByRole('button')[0]!.focus();
    await userEvent.keyboard('j');
    expect(onActiveNameChange).toHaveBeenLastCalledWith('relevance');
    expect(await field('relevance')).toHaveAttribute('data-active');
    expect(await field('relevance')).toHaveFocus();
    await userEvent.keyboard('a');
    await waitFor(async () => expect((await mine(adapter, 'relevance'))?.score).toBe(0.75));
    await userEvent.keyboard('k');
    expect(onActiveNameChange).toHaveBeenLastCalledWith('correctness');
  });

  it('follows a controlled active name', async () => {
    function Controlled() {
      const [active, setActive] = useState('relevance');
      return (
        <>
          <output aria-label="active">{active}</output>
          <AnnotationPanel target={SPAN} autosaveDelay={false} activeName={active} onActiveNameChange={setActive} />
        </>
      );
    }
    const Wrapper = createWrapper(seededAdapter());
    render(
      <Wrapper>
        <Controlled />
      </Wrapper>,
    );
    expect(await field('relevance')).toHaveAttribute('data-active');
    within(await field('correctness')).getAllByRole('button')[0]!.focus();
    await waitFor(() => expect(screen.getByRole('status', { name: 'active' })).toHaveTextContent('correctness'));
    expect(await field('correctness')).toHaveAttribute('data-active');
  });

  it('writes an explanation in a popover and saves it with the value', async () => {
    const { adapter } = renderPanel();
    const correctness = await field('correctness');
    await userEvent.click(within(correctness).getByRole('button', { name: 'correct' }));
    await userEvent.click(within(correctness).getByRole('button', { name: 'Add explanation' }));
    const popover = await screen.findByRole('dialog', { name: 'Explanation for correctness' });
    await userEvent.type(within(popover).getByRole('textbox'), 'Matches the policy page.');
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(async () => expect(await mine(adapter, 'correctness')).toMatchObject({ label: 'correct', explanation: 'Matches the policy page.' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Explanation for correctness' })).toBeNull());
  });

  it('leaves the score box for its section with Escape, so the review keys work again', async () => {
    renderPanel();
    const relevance = await field('relevance');
    await userEvent.click(within(relevance).getByRole('spinbutton', { name: 'Score' }));
    await userEvent.keyboard('{Escape}');
    expect(relevance).toHaveFocus();
  });

  it('shows an inline error for a score outside the bounds and sends nothing', async () => {
    const adapter = seededAdapter();
    const upsert = vi.spyOn(adapter, 'upsertAnnotations');
    renderPanel(adapter);
    const relevance = await field('relevance');
    const input = within(relevance).getByRole('spinbutton', { name: 'Score' });
    await userEvent.type(input, '7');
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    const alert = await within(relevance).findByRole('alert');
    expect(alert).toHaveTextContent('7 is outside the bounds of "relevance" (0 to 1)');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(/outside the bounds/);
    expect(input).toHaveValue(7);
    expect(upsert).not.toHaveBeenCalled();
  });

  it('keeps the change and shows the error when the backend refuses the write, with Retry and Discard', async () => {
    const adapter = seededAdapter();
    rejectNextSave(adapter, new AnnokitError('Forbidden for this project', { code: 'authentication', status: 403 }));
    renderPanel(adapter);
    const correctness = await field('correctness');
    await userEvent.click(within(correctness).getByRole('button', { name: 'incorrect' }));
    await userEvent.click(within(correctness).getByRole('button', { name: /^Save/ }));
    const alert = await within(correctness).findByRole('alert');
    expect(alert).toHaveTextContent(
      'Not saved: Forbidden for this project. Your change is kept until you retry or discard it.',
    );
    expect(correctness).toHaveAttribute('data-status', 'error');
    // The reviewer's choice is not undone: it waits in the outbox.
    expect(within(correctness).getByRole('button', { name: 'incorrect' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(alert).getByRole('button', { name: 'Discard' })).toBeInTheDocument();
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(async () => expect((await mine(adapter, 'correctness'))?.label).toBe('incorrect'));
    await waitFor(() => expect(within(correctness).queryByRole('alert')).toBeNull());
  });

  it('shows a write being retried as saving, with its last error, until it lands', async () => {
    const adapter = seededAdapter();
    rejectNextSave(adapter, new AnnokitError('The server is down', { code: 'server', status: 503 }));
    renderPanel(adapter);
    const correctness = await field('correctness');
    await userEvent.click(within(correctness).getByRole('button', { name: 'incorrect' }));
    await userEvent.click(within(correctness).getByRole('button', { name: /^Save/ }));
    const alert = await within(correctness).findByRole('alert');
    expect(alert).toHaveTextContent('Not saved yet, trying again: The server is down');
    expect(correctness).toHaveAttribute('data-status', 'retrying');
    expect(within(alert).queryByRole('button', { name: 'Retry' })).toBeNull();
    await waitFor(async () => expect((await mine(adapter, 'correctness'))?.label).toBe('incorrect'), { timeout: 5_000 });
    await waitFor(() => expect(correctness).toHaveAttribute('data-status', 'saved'));
  });

  it('adds a note with Enter, keeps Shift+Enter as a new line, and focuses the box with n', async () => {
    const { adapter } = renderPanel();
    const correctness = await field('correctness');
    within(correctness).getAllByRole('button')[0]!.focus();
    await userEvent.keyboard('n');
    const box = screen.getByRole('textbox', { name: 'Add a note' });
    expect(box).toHaveFocus();
    await userEvent.keyboard('Tone is fine.{Shift>}{Enter}{/Shift}Check the policy.');
    expect(box).toHaveValue('Tone is fine.\nCheck the policy.');
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(box).toHaveValue(''));
    const notes = await adapter.listNotes!({ targets: [SPAN] });
    expect(notes).toMatchObject([{ text: 'Tone is fine.\nCheck the policy.', userId: 'ana' }]);
    expect(await screen.findByRole('list', { name: 'Notes' })).toHaveTextContent('Tone is fine.');
  });

  it('opens the cheat sheet with ? and closes it with Escape, returning focus', async () => {
    renderPanel();
    const correctness = await field('correctness');
    const button = within(correctness).getAllByRole('button')[0]!;
    button.focus();
    await userEvent.keyboard('?');
    const sheet = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(sheet).getAllByRole('row').map((row) => row.textContent)).toEqual(
      expect.arrayContaining(['1–9Pick the nth label of the focused annotation', 'AAccept the LLM annotation as your own', 'NWrite a note']),
    );
    expect(screen.getByRole('button', { name: /Keyboard shortcuts/ })).toHaveAttribute('aria-expanded', 'true');
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).toBeNull();
    expect(button).toHaveFocus();
  });

  it('shows annotations read-only with the reason when the adapter has no configs', async () => {
    renderPanel(without(seededAdapter(), 'listAnnotationConfigs', 'upsertAnnotationConfig'));
    expect(await screen.findByText(/Read-only: this backend has no annotation configs/)).toBeInTheDocument();
    expect(await field('correctness')).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: /Your/ })).toBeNull();
  });

  it('disables editing and notes with the reason when there is no user', async () => {
    renderPanel(seededAdapter(), {}, null);
    expect(await screen.findByText(/Read-only: sign in to review/)).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: /Your/ })).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Add a note' })).toBeDisabled();
    expect(screen.getByRole('textbox', { name: 'Add a note' })).toHaveAccessibleDescription('Sign in to add notes.');
  });

  it('disables the notes section with the reason when the adapter has no notes', async () => {
    renderPanel(without(seededAdapter(), 'addNote', 'listNotes'));
    const box = await screen.findByRole('textbox', { name: 'Add a note' });
    expect(box).toBeDisabled();
    expect(box).toHaveAccessibleDescription('Notes are not available: this backend does not support notes.');
  });

  it('uses UI text from the provider messages', async () => {
    const adapter = seededAdapter();
    const { AnnotationProvider } = await import('../../../src/provider');
    render(
      <AnnotationProvider adapter={adapter} user={{ id: 'ana' }} messages={{ annotationPanel: { title: 'Bewertungen' } }}>
        <AnnotationPanel target={SPAN} />
      </AnnotationProvider>,
    );
    expect(await screen.findByRole('heading', { name: 'Bewertungen' })).toBeInTheDocument();
  });
});

describe('AnnotationPanel cheat sheet', () => {
  it('opens at first with defaultCheatSheetOpen, and "?" closes and reopens it, reporting each change', async () => {
    const onCheatSheetOpenChange = vi.fn();
    renderPanel(seededAdapter(), { defaultCheatSheetOpen: true, onCheatSheetOpenChange });
    await field('correctness');
    expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Keyboard shortcuts/ }));
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).toBeNull();
    expect(onCheatSheetOpenChange).toHaveBeenLastCalledWith(false);
    await userEvent.click(screen.getByRole('button', { name: /Keyboard shortcuts/ }));
    expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeInTheDocument();
    expect(onCheatSheetOpenChange).toHaveBeenLastCalledWith(true);
  });

  it('stays as the cheatSheetOpen prop says, asking the host to change it', async () => {
    const onCheatSheetOpenChange = vi.fn();
    renderPanel(seededAdapter(), { cheatSheetOpen: false, onCheatSheetOpenChange });
    await field('correctness');
    await userEvent.click(screen.getByRole('button', { name: /Keyboard shortcuts/ }));
    expect(onCheatSheetOpenChange).toHaveBeenCalledWith(true);
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).toBeNull();
  });

  it('marks an annotation whose write is still in the outbox as pending', async () => {
    const gate = controllableAdapter(seededAdapter());
    renderPanel(gate.adapter);
    const correctness = await field('correctness');
    const release = gate.hold('upsertAnnotations');
    await userEvent.click(within(correctness).getByRole('button', { name: 'incorrect' }));
    await userEvent.click(within(correctness).getByRole('button', { name: /^Save/ }));
    // The callback throws until the item is there: waitFor takes a returned null as done.
    const own = await waitFor(() => {
      const item = correctness.querySelector<HTMLElement>('[data-slot="annotation-item"][data-own]');
      if (!item) throw new Error('the reviewer\'s own annotation item is not shown yet');
      return item;
    });
    expect(own).toHaveAttribute('data-pending', '');
    release();
    await waitFor(() => expect(own).not.toHaveAttribute('data-pending'));
  });
});
