import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryAdapter } from '../../src/adapters/memory';
import type { AnnotationAdapter } from '../../src/core/adapter';
import { ValidationError } from '../../src/core/errors';
import type { AnnotationConfig } from '../../src/core/model';
import { SCORE_1_TO_5, useFeedback, type UseFeedbackOptions } from '../../src/hooks/useFeedback';
import { controllableAdapter, renderHookWithProvider, renderWithProvider } from '../support/render';

const target = { kind: 'span' as const, spanId: 'msg-1' };

async function stored(adapter: AnnotationAdapter) {
  return adapter.listAnnotations({ targets: [target] });
}

function setup(options: Partial<UseFeedbackOptions> = {}, adapter: AnnotationAdapter = createMemoryAdapter(), user: { id: string } | null = { id: 'reviewer-1' }) {
  return renderHookWithProvider((props: Partial<UseFeedbackOptions>) => useFeedback({ target, ...options, ...props }), {
    adapter,
    user,
    initialProps: {},
  });
}

describe('useFeedback', () => {
  it('writes a thumbs-up as user_feedback, HUMAN, label positive, score 1, under the user’s identifier', async () => {
    const { result, adapter } = setup();
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    act(() => result.current.toggle('up'));
    expect(result.current.value).toBe('up'); // in the same render as the click
    await waitFor(async () => expect(await stored(adapter)).toHaveLength(1));
    expect((await stored(adapter))[0]).toMatchObject({
      name: 'user_feedback',
      annotatorKind: 'HUMAN',
      label: 'positive',
      score: 1,
      identifier: 'reviewer-1',
      userId: 'reviewer-1',
    });
    await waitFor(() => expect(result.current.isPending).toBe(false));
    expect(result.current.value).toBe('up');
  });

  it('switches in one click and retracts when the active thumb is clicked again', async () => {
    const { result, adapter } = setup();
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    act(() => result.current.toggle('up'));
    await waitFor(() => expect(result.current.isPending).toBe(false));
    act(() => result.current.toggle('down'));
    expect(result.current.value).toBe('down');
    await waitFor(async () => expect((await stored(adapter))[0]?.label).toBe('negative'));
    await waitFor(() => expect(result.current.isPending).toBe(false));
    act(() => result.current.toggle('down'));
    expect(result.current.value).toBeNull();
    await waitFor(async () => expect(await stored(adapter)).toEqual([]));
    await waitFor(() => expect(result.current.isPending).toBe(false));
    expect(result.current.value).toBeNull();
  });

  it('reads back the user’s earlier vote on mount', async () => {
    const adapter = createMemoryAdapter();
    await adapter.upsertAnnotations([
      { target, name: 'user_feedback', annotatorKind: 'HUMAN', label: 'negative', score: 0, identifier: 'reviewer-1' },
      { target, name: 'user_feedback', annotatorKind: 'HUMAN', label: 'positive', score: 1, identifier: 'someone-else' },
    ]);
    const { result } = setup({}, adapter);
    await waitFor(() => expect(result.current.value).toBe('down'));
  });

  it('keeps two users’ votes on one message apart', async () => {
    const adapter = createMemoryAdapter();
    const first = setup({}, adapter, { id: 'alice' });
    await waitFor(() => expect(first.result.current.isLoading).toBe(false));
    act(() => first.result.current.toggle('up'));
    await waitFor(() => expect(first.result.current.isPending).toBe(false));
    const second = setup({}, adapter, { id: 'bob' });
    await waitFor(() => expect(second.result.current.isLoading).toBe(false));
    expect(second.result.current.value).toBeNull();
    act(() => second.result.current.toggle('down'));
    await waitFor(async () => expect(await stored(adapter)).toHaveLength(2));
    const byUser = Object.fromEntries((await stored(adapter)).map((a) => [a.identifier, a.label]));
    expect(byUser).toEqual({ alice: 'positive', bob: 'negative' });
  });

  it('restores the previous vote with undo', async () => {
    const { result, adapter } = setup();
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    act(() => result.current.toggle('up'));
    await waitFor(() => expect(result.current.isPending).toBe(false));
    act(() => result.current.toggle('down'));
    expect(result.current.canUndo).toBe(true);
    act(() => result.current.undo());
    expect(result.current.value).toBe('up');
    expect(result.current.canUndo).toBe(false);
    await waitFor(() => expect(result.current.isPending).toBe(false));
    expect((await stored(adapter))[0]?.label).toBe('positive');
  });

  it('stores reasons and a comment as metadata and explanation of the vote', async () => {
    const { result, adapter } = setup();
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    act(() => result.current.toggle('down'));
    act(() => result.current.setDetails({ reasons: ['Inaccurate'], comment: 'Wrong year' }));
    await waitFor(() => expect(result.current.isPending).toBe(false));
    expect((await stored(adapter))[0]).toMatchObject({
      label: 'negative',
      explanation: 'Wrong year',
      metadata: { reasons: ['Inaccurate'] },
    });
    expect(result.current.details).toEqual({ reasons: ['Inaccurate'], comment: 'Wrong year' });
  });

  it('refuses a score outside its config: error and onError, nothing queued or sent', async () => {
    const config: AnnotationConfig = {
      id: 'c',
      name: 'user_feedback',
      description: null,
      optimizationDirection: 'MAXIMIZE',
      type: 'continuous',
      lowerBound: 1,
      upperBound: 3,
    };
    const onError = vi.fn();
    const gate = controllableAdapter(createMemoryAdapter());
    const { result } = setup({ options: SCORE_1_TO_5, config, onError }, gate.adapter);
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    act(() => result.current.setValue(5));
    expect(result.current.error).toBeInstanceOf(ValidationError);
    expect(result.current.error?.message).toMatch(/annotation\.score: 5 is outside the bounds/);
    expect(onError).toHaveBeenCalledWith(expect.any(ValidationError));
    expect(result.current.value).toBeNull();
    expect(result.current.isPending).toBe(false);
    expect(gate.calls.upsertAnnotations).toBeUndefined();
  });

  it('refuses a value that is not one of its options with a ValidationError naming it; nothing queued', async () => {
    const onError = vi.fn();
    const gate = controllableAdapter(createMemoryAdapter());
    const { result } = setup({ onError }, gate.adapter);
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    act(() => result.current.setValue('sideways'));
    expect(result.current.error).toBeInstanceOf(ValidationError);
    expect(result.current.error?.message).toBe('value: expected one of "up", "down", got "sideways"');
    expect(onError).toHaveBeenCalledWith(result.current.error);
    expect(result.current.value).toBeNull();
    expect(result.current.isPending).toBe(false);
    expect(gate.calls.upsertAnnotations).toBeUndefined();
  });

  it('shows a write the backend refused as failed, and sends it again on retry', async () => {
    const onError = vi.fn();
    const gate = controllableAdapter(createMemoryAdapter());
    gate.fail('upsertAnnotations', new ValidationError([{ field: 'label', value: 'positive', message: 'not allowed' }]));
    const { result } = setup({ onError }, gate.adapter);
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    act(() => result.current.toggle('up'));
    await waitFor(() => expect(result.current.isFailed).toBe(true));
    expect(result.current.value).toBe('up');
    expect(result.current.error?.code).toBe('validation');
    expect(result.current.getRootProps()).toMatchObject({ 'data-failed': '' });
    expect(onError).toHaveBeenCalledTimes(1);
    gate.fail('upsertAnnotations', undefined);
    act(() => result.current.retry());
    await waitFor(() => expect(result.current.isFailed).toBe(false));
    await waitFor(() => expect(result.current.isPending).toBe(false));
    expect(gate.calls.upsertAnnotations).toHaveLength(2);
  });

  it('is disabled with a reason when there is no user', async () => {
    const { result } = setup({}, createMemoryAdapter(), null);
    expect(result.current.disabledReason).toBe('no-user');
    expect(result.current.getButtonProps('up').disabled).toBe(true);
    act(() => result.current.toggle('up'));
    expect(result.current.value).toBeNull();
  });

  it('gives the disabled option as a code', () => {
    const { result } = setup({ disabled: true });
    expect(result.current.disabledReason).toBe('disabled');
    expect(result.current.getButtonProps('up').disabled).toBe(true);
  });

  it('reports that a backend without deleteAnnotations cannot retract', async () => {
    const memory = createMemoryAdapter();
    const { deleteAnnotations: _omit, ...rest } = memory;
    const adapter: AnnotationAdapter = { ...rest, name: 'memory' };
    const { result } = setup({}, adapter);
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    act(() => result.current.toggle('up'));
    await waitFor(() => expect(result.current.isPending).toBe(false));
    act(() => result.current.toggle('up'));
    expect(result.current.error?.code).toBe('unsupported');
    expect(result.current.value).toBe('up');
  });

  it('gives button props that reflect the vote for aria-pressed and data-state', async () => {
    const { result } = setup();
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    act(() => result.current.toggle('down'));
    expect(result.current.getButtonProps('down')).toMatchObject({ 'aria-pressed': true, 'data-state': 'on', disabled: false });
    expect(result.current.getButtonProps('up')).toMatchObject({ 'aria-pressed': false, 'data-state': 'off' });
    expect(result.current.getRootProps()).toMatchObject({ 'data-state': 'voted', 'data-value': 'down' });
  });

  it("composes the caller's props into the button props: their click runs first and may stop the vote", async () => {
    const calls: string[] = [];
    function Thumbs({ stop }: { stop: boolean }) {
      const feedback = useFeedback({ target });
      return (
        <button
          {...feedback.getButtonProps('up', {
            className: 'mine',
            'aria-label': 'Yes',
            onClick: (event) => {
              calls.push(`clicked:${String(feedback.value)}`);
              if (stop) event.preventDefault();
            },
          })}
        />
      );
    }
    const user = userEvent.setup();
    const { adapter, rerender } = renderWithProvider(<Thumbs stop />);
    const button = screen.getByRole('button', { name: 'Yes' });
    expect(button).toHaveClass('mine');
    await user.click(button);
    expect(calls).toEqual(['clicked:null']);
    expect(button).toHaveAttribute('aria-pressed', 'false');
    rerender(<Thumbs stop={false} />);
    await user.click(button);
    expect(calls).toEqual(['clicked:null', 'clicked:null']);
    expect(button).toHaveAttribute('aria-pressed', 'true');
    await waitFor(async () => expect((await stored(adapter))[0]?.label).toBe('positive'));
  });

  it('keeps a button disabled when the caller disables it, and merges props into the root props', async () => {
    const { result } = setup();
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    expect(result.current.getButtonProps('up', { disabled: true }).disabled).toBe(true);
    expect(result.current.getButtonProps('up', { type: 'submit' }).type).toBe('button');
    expect(result.current.getRootProps({ id: 'thumbs', className: 'row' })).toMatchObject({ id: 'thumbs', className: 'row', 'data-state': 'idle' });
  });
});
