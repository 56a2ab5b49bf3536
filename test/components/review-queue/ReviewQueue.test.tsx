import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryAdapter } from '../../../src/adapters/memory';
import { AnnokitError, type Span } from '../../../src/core';
import { ReviewQueue } from '../../../src';
import { renderWithProvider } from '../../support/render';
import { makeSpan, T0 } from '../trace-viewer/fixtures';

const spans: Span[] = ['a', 'b', 'c', 'd'].map((id, index) =>
  makeSpan({ spanId: id, traceId: `trace-${id}`, name: `turn ${id}`, startTime: T0 + index, endTime: T0 + index + 50 }),
);

async function setup(reviewed: string[] = [], props: Partial<Parameters<typeof ReviewQueue>[0]> = {}) {
  const adapter = createMemoryAdapter({ seed: { spans } });
  await adapter.upsertAnnotationConfig({ type: 'categorical', name: 'quality', values: [{ label: 'good' }, { label: 'bad' }] });
  if (reviewed.length)
    await adapter.upsertAnnotations(
      reviewed.map((spanId) => ({
        target: { kind: 'span' as const, spanId },
        name: 'quality',
        annotatorKind: 'HUMAN' as const,
        label: 'good',
        userId: 'reviewer-1',
        identifier: 'reviewer-1',
      })),
    );
  const view = renderWithProvider(<ReviewQueue spans={spans} height={240} {...props} />, { adapter });
  return { ...view, adapter };
}

const progress = () => document.querySelector<HTMLElement>('[data-slot="review-queue-progress"]')!;
const currentItem = () => document.querySelector('[data-slot="review-queue-item"]')?.getAttribute('data-span-id');

describe('ReviewQueue', () => {
  it('moves to the next and previous item with j and k, showing n of N', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    await setup([], { onValueChange });
    expect(currentItem()).toBe('a');
    expect(progress()).toHaveTextContent('1 of 4');
    act(() => screen.getByRole('button', { name: 'Next item' }).focus());
    await user.keyboard('j');
    expect(currentItem()).toBe('b');
    await user.keyboard('j');
    expect(progress()).toHaveTextContent('3 of 4');
    await user.keyboard('k');
    expect(currentItem()).toBe('b');
    expect(onValueChange.mock.calls.map((call) => call[0])).toEqual(['b', 'c', 'b']);
    await user.keyboard('k');
    await user.keyboard('k');
    expect(currentItem()).toBe('a');
    expect(screen.getByRole('button', { name: 'Previous item' })).toBeDisabled();
  });

  it('counts the items the current user has reviewed', async () => {
    await setup(['b', 'd']);
    await waitFor(() => expect(progress()).toHaveTextContent('2 of 4 reviewed by me'));
  });

  it('skips reviewed items when "only items I have not reviewed" is on', async () => {
    const user = userEvent.setup();
    await setup(['a', 'c']);
    await waitFor(() => expect(progress()).toHaveTextContent('2 of 4 reviewed by me'));
    await user.click(screen.getByRole('checkbox', { name: 'Only items I have not reviewed' }));
    // The current item stays while the reviewer is on it; the walk then covers only b and d.
    expect(currentItem()).toBe('a');
    expect(progress()).toHaveTextContent('1 of 3');
    await user.click(screen.getByRole('button', { name: 'Next item' }));
    expect(currentItem()).toBe('b');
    expect(progress()).toHaveTextContent('1 of 2');
    await user.click(screen.getByRole('button', { name: 'Next item' }));
    expect(currentItem()).toBe('d');
    expect(screen.getByRole('button', { name: 'Next item' })).toBeDisabled();
  });

  it('shows the item span in the trace viewer and the annotation panel on it', async () => {
    await setup([], { defaultValue: 'c' });
    expect(currentItem()).toBe('c');
    expect(await screen.findByRole('tree')).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: /Annotations/ })).toBeInTheDocument();
  });

  it("says when the reviewer's annotations cannot be loaded instead of counting zero", async () => {
    const base = createMemoryAdapter({ seed: { spans } });
    renderWithProvider(<ReviewQueue spans={spans} height={240} />, {
      adapter: { ...base, listAnnotations: () => Promise.reject(new AnnokitError('annotations store offline', { code: 'network', retryable: false })) },
    });
    const alert = await screen.findByText(/Could not load which items you have reviewed/);
    expect(alert).toHaveTextContent('annotations store offline');
    expect(alert.closest('[data-slot="review-queue-error"]')).toHaveAttribute('role', 'alert');
  });
});
