import { act, render, screen, waitFor } from '@testing-library/react';
import { useLayoutEffect } from 'react';
import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { ValidationError } from '../../src/core/errors';
import { createOutbox } from '../../src/core/outbox/outbox';
import { useFeedback, type FeedbackValue } from '../../src/hooks/useFeedback';
import { createAnnokitQueryClient } from '../../src/provider';
import { controllableAdapter, createTestProvider } from '../support/render';

const target = { kind: 'span' as const, spanId: 'msg-1' };

// What a user sees: every value the thumbs committed to the screen, in order.
function Thumbs({ shown }: { shown: (FeedbackValue | null)[] }) {
  const feedback = useFeedback({ target });
  useLayoutEffect(() => void shown.push(feedback.value));
  return <button {...feedback.getButtonProps('up')}>Good response</button>;
}

function App({ mounted, shown }: { mounted: boolean; shown: (FeedbackValue | null)[] }) {
  return mounted ? <Thumbs shown={shown} /> : null;
}

/** A backend where reviewer-1 voted down earlier, behind a gate, with the kit's default cache timing. */
async function setup() {
  const memory = createMemoryAdapter();
  await memory.upsertAnnotations([{ target, name: 'user_feedback', annotatorKind: 'HUMAN', label: 'negative', score: 0, identifier: 'reviewer-1' }]);
  const gate = controllableAdapter(memory);
  const outbox = createOutbox({ adapter: gate.adapter });
  const queryClient = createAnnokitQueryClient();
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } });
  const { Wrapper } = createTestProvider({ adapter: gate.adapter, outbox, queryClient });
  return { gate, outbox, queryClient, Wrapper };
}

describe('feedback writes that land', () => {
  it('never shows the backend’s earlier vote again once a vote has landed', async () => {
    const { outbox, queryClient, Wrapper } = await setup();
    const shown: (FeedbackValue | null)[] = [];
    render(<App mounted shown={shown} />, { wrapper: Wrapper });
    await waitFor(() => expect(shown.at(-1)).toBe('down'));
    act(() => screen.getByRole('button', { name: 'Good response' }).click());
    expect(shown.at(-1)).toBe('up');
    await act(() => outbox.whenIdle());
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    const afterClick = shown.slice(shown.indexOf('up'));
    expect(afterClick).not.toContain('down');
    expect(afterClick.at(-1)).toBe('up');
  });

  it('updates the cache when the thumbs that voted were unmounted (scrolled away) before the vote landed', async () => {
    const { gate, outbox, Wrapper } = await setup();
    const shown: (FeedbackValue | null)[] = [];
    const view = render(<App mounted shown={shown} />, { wrapper: Wrapper });
    await waitFor(() => expect(shown.at(-1)).toBe('down'));
    const release = gate.hold('upsertAnnotations');
    act(() => screen.getByRole('button', { name: 'Good response' }).click());
    expect(shown.at(-1)).toBe('up');
    view.rerender(<App mounted={false} shown={shown} />);
    release();
    await act(() => outbox.whenIdle());
    await waitFor(async () => expect((await gate.adapter.listAnnotations({ targets: [target] }))[0]?.label).toBe('positive'));
    shown.length = 0;
    // Scrolled back within the cache's stale time: the first frame already shows the vote that landed.
    view.rerender(<App mounted shown={shown} />);
    expect(shown[0]).toBe('up');
    expect(screen.getByRole('button', { name: 'Good response' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('shows the backend’s vote again, not the failed one, when a failed vote is discarded', async () => {
    const { gate, outbox, Wrapper } = await setup();
    const shown: (FeedbackValue | null)[] = [];
    render(<App mounted shown={shown} />, { wrapper: Wrapper });
    await waitFor(() => expect(shown.at(-1)).toBe('down'));
    gate.fail('upsertAnnotations', new ValidationError([{ field: 'label', value: 'positive', message: 'not allowed' }]));
    act(() => screen.getByRole('button', { name: 'Good response' }).click());
    await waitFor(() => expect(outbox.getSnapshot().keys.values().next().value?.status).toBe('failed'));
    shown.length = 0;
    const [failed] = outbox.getSnapshot().entries;
    await act(() => outbox.discard(failed!.id));
    expect(shown).not.toContain('up');
    expect(shown.at(-1)).toBe('down');
  });
});
