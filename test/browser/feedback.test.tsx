import axe from 'axe-core';
import { useState, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { FeedbackButtons } from '../../src/components/feedback';
import { createIndexedDBOutboxStorage, type AnnotationAdapter } from '../../src/core';
import { AnnotationProvider, createAnnokitQueryClient } from '../../src/provider';

const target = { kind: 'span' as const, spanId: 'msg-1' };
const active = () => document.activeElement as HTMLElement | null;

function Wrapper({ adapter, children }: { adapter: AnnotationAdapter; children: ReactNode }) {
  const [queryClient] = useState(createAnnokitQueryClient);
  return (
    <AnnotationProvider adapter={adapter} queryClient={queryClient} user={{ id: 'end-user-1' }}>
      {children}
    </AnnotationProvider>
  );
}

async function expectNoAxeViolations(element: Element) {
  // `region` is a page-level rule: a component under test is not a page.
  const result = await axe.run(element, { resultTypes: ['violations'], rules: { region: { enabled: false } } });
  expect(result.violations.map((violation) => violation.id)).toEqual([]);
}

describe('FeedbackButtons in Chromium', () => {
  it('votes down, picks a reason and writes a comment with the keyboard only; Escape keeps the vote', async () => {
    const adapter = createMemoryAdapter();
    const screen = await render(
      <Wrapper adapter={adapter}>
        <button type="button">before</button>
        <FeedbackButtons target={target} reasons={['Inaccurate', 'Unsafe']} />
      </Wrapper>,
    );
    (document.querySelector('button') as HTMLButtonElement).focus();
    await userEvent.tab();
    await userEvent.tab();
    expect(active()?.getAttribute('aria-label')).toBe('Bad response');
    await userEvent.keyboard('{Enter}');

    // The popover chunk loads on demand and takes focus.
    const dialog = screen.getByRole('dialog', { name: 'Tell us more' });
    await expect.element(dialog).toBeVisible();
    await expect.poll(() => dialog.element().contains(active())).toBe(true);
    await expectNoAxeViolations(document.body);

    // Focus starts on the first reason: Space toggles it, Tab walks to the comment.
    await expect.poll(() => active()?.textContent).toBe('Inaccurate');
    await userEvent.keyboard(' ');
    await expect.element(screen.getByRole('button', { name: 'Inaccurate' })).toHaveAttribute('aria-pressed', 'true');
    await userEvent.tab();
    await userEvent.tab();
    expect(active()?.tagName).toBe('TEXTAREA');
    await userEvent.keyboard('Wrong year');
    await userEvent.tab();
    await userEvent.tab();
    expect(active()?.textContent).toBe('Send');
    await userEvent.keyboard('{Enter}');
    await expect.element(screen.getByRole('dialog')).not.toBeInTheDocument();
    await expect
      .poll(async () => (await adapter.listAnnotations({ targets: [target] }))[0]?.explanation)
      .toBe('Wrong year');
    expect((await adapter.listAnnotations({ targets: [target] }))[0]).toMatchObject({
      label: 'negative',
      metadata: { reasons: ['Inaccurate'] },
    });

    // Switch to up and back to down: the popover opens again; Escape closes it and keeps the vote.
    await userEvent.click(screen.getByRole('button', { name: 'Good response' }));
    await userEvent.click(screen.getByRole('button', { name: 'Bad response' }));
    await expect.element(screen.getByRole('dialog', { name: 'Tell us more' })).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await expect.element(screen.getByRole('dialog')).not.toBeInTheDocument();
    await expect.element(screen.getByRole('button', { name: 'Bad response' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('keeps queued writes in IndexedDB across outbox instances', async () => {
    const databaseName = `annokit-outbox-test-${Date.now()}`;
    const storage = createIndexedDBOutboxStorage({ databaseName });
    const entry = {
      id: 'e1',
      key: 'k',
      seq: 1,
      write: { type: 'delete' as const, ref: { target, name: 'user_feedback', identifier: 'u' } },
      status: 'pending' as const,
      attempts: 0,
      failures: 0,
      nextAttemptAt: 0,
      claim: null,
      baseline: 'unknown' as const,
      error: null,
      createdAt: 0,
    };
    await storage.transact(() => ({ put: [entry], result: null }));
    // A second storage over the same database (a reloaded page) reads it back, then removes it.
    const reloaded = createIndexedDBOutboxStorage({ databaseName });
    const { entries } = await reloaded.transact(() => ({ result: null }));
    expect(entries).toEqual([entry]);
    const { entries: after } = await reloaded.transact(() => ({ remove: ['e1'], result: null }));
    expect(after).toEqual([]);
    expect((await storage.transact(() => ({ result: null }))).entries).toEqual([]);
  });
});
