import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { AnnotationPanel } from '../../src/components/annotation-panel';
import type { AnnotationAdapter } from '../../src/core';
import { SPAN, createWrapper, seededAdapter } from '../components/annotation-panel/fixture';

async function expectNoAxeViolations(element: Element) {
  const result = await axe.run(element, { resultTypes: ['violations'] });
  const summary = result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

const active = () => document.activeElement as HTMLElement | null;
const mine = async (adapter: AnnotationAdapter, name: string) =>
  (await adapter.listAnnotations({ targets: [SPAN], names: [name] })).find((annotation) => annotation.identifier === 'ana');

describe('AnnotationPanel in Chromium', () => {
  it('reviews a span with the keyboard only: pick, explain, accept, write, note, cheat sheet', async () => {
    const adapter = seededAdapter();
    const Wrapper = createWrapper(adapter);
    const screen = await render(
      <Wrapper>
        <button type="button">before</button>
        <AnnotationPanel target={SPAN} autosaveDelay={300} />
      </Wrapper>,
    );
    await expect.element(screen.getByRole('group', { name: 'correctness', exact: true })).toBeVisible();
    (document.querySelector('button') as HTMLButtonElement).focus();

    // Into the panel: the shortcuts button, then ? opens the cheat sheet and Escape closes it.
    await userEvent.tab();
    expect(active()?.textContent).toMatch(/Keyboard shortcuts/);
    await userEvent.keyboard('?');
    await expect.element(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await expectNoAxeViolations(screen.container);
    await userEvent.keyboard('{Escape}');
    await expect.element(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).not.toBeInTheDocument();
    expect(active()?.textContent).toMatch(/Keyboard shortcuts/);

    // correctness: Tab to its labels, 2 picks "incorrect", e opens the explanation, Ctrl+Enter saves it.
    await userEvent.tab();
    expect(active()?.closest('[data-name]')?.getAttribute('data-name')).toBe('correctness');
    await userEvent.keyboard('2');
    await expect.element(screen.getByRole('button', { name: 'incorrect', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await userEvent.keyboard('e');
    await expect.element(screen.getByRole('dialog', { name: 'Explanation for correctness' })).toBeVisible();
    expect(active()?.tagName).toBe('TEXTAREA');
    await userEvent.keyboard('Says 14 days; the policy says 30.');
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await expect.poll(() => mine(adapter, 'correctness')).toMatchObject({
      label: 'incorrect',
      score: 0,
      explanation: 'Says 14 days; the policy says 30.',
    });
    await expect.element(screen.getByRole('dialog', { name: 'Explanation for correctness' })).not.toBeInTheDocument();

    // relevance: j moves there, a accepts the LLM judge's score.
    await userEvent.keyboard('j');
    expect(active()?.getAttribute('data-name')).toBe('relevance');
    await userEvent.keyboard('a');
    await expect.poll(async () => (await mine(adapter, 'relevance'))?.score).toBe(0.75);

    // summary: j, Tab into the text box, type, autosave after the pause; Escape back to the section.
    await userEvent.keyboard('j');
    expect(active()?.getAttribute('data-name')).toBe('summary');
    await userEvent.tab();
    expect(active()?.tagName).toBe('TEXTAREA');
    await userEvent.keyboard('Polite and short.');
    await expect.poll(async () => (await mine(adapter, 'summary'))?.explanation).toBe('Polite and short.');
    await userEvent.keyboard('{Escape}');
    expect(active()?.getAttribute('data-name')).toBe('summary');

    // A note: n focuses the box, Shift+Enter is a new line, Enter adds it.
    await userEvent.keyboard('n');
    expect(active()?.getAttribute('data-slot')).toBe('annotation-note-input');
    await userEvent.keyboard('Escalate.{Shift>}{Enter}{/Shift}Refund policy is wrong.{Enter}');
    await expect.poll(async () => (await adapter.listNotes!({ targets: [SPAN] })).map((note) => note.text)).toEqual([
      'Escalate.\nRefund policy is wrong.',
    ]);

    // Another reviewer's label is untouched.
    const all = await adapter.listAnnotations({ targets: [SPAN], names: ['correctness'] });
    expect(all.find((annotation) => annotation.identifier === 'bob')?.label).toBe('correct');

    await expect.element(screen.getByRole('list', { name: 'Notes' })).toBeVisible();
    await expectNoAxeViolations(screen.container);
  });

  it('has no axe violations with the explanation popover open and with an inline error', async () => {
    const Wrapper = createWrapper(seededAdapter());
    const screen = await render(
      <Wrapper>
        <AnnotationPanel target={SPAN} autosaveDelay={false} />
      </Wrapper>,
    );
    await userEvent.click(screen.getByRole('spinbutton', { name: 'Score' }));
    await userEvent.keyboard('9{Control>}{Enter}{/Control}');
    await expect.element(screen.getByRole('alert')).toHaveTextContent('outside the bounds');
    await userEvent.click(screen.getByRole('button', { name: 'Add explanation' }).first());
    await expect.element(screen.getByRole('dialog', { name: 'Explanation for correctness' })).toBeVisible();
    await expectNoAxeViolations(screen.container);
  });
});
