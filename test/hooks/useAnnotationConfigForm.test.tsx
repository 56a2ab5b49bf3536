import { act, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { AnnotationAdapter } from '../../src/core';
import { useAnnotationConfigForm, type UseAnnotationConfigFormOptions } from '../../src/hooks';
import { CONFIGS, seededAdapter, without } from '../components/annotation-panel/fixture';
import { renderHookWithProvider } from '../support/render';

function setup(options: UseAnnotationConfigFormOptions = {}, adapter: AnnotationAdapter = seededAdapter()) {
  return renderHookWithProvider(() => useAnnotationConfigForm(options), { adapter });
}

const stored = async (adapter: AnnotationAdapter, name: string) =>
  (await adapter.listAnnotationConfigs!()).find((config) => config.name === name);

describe('useAnnotationConfigForm', () => {
  it('saves a categorical config without its empty rows, with scores as numbers', async () => {
    const onSaved = vi.fn();
    const { result, adapter } = setup({ onSaved });
    act(() => {
      result.current.update({ name: ' tone ' });
      result.current.setCategory(0, { label: 'polite', score: '1' });
      result.current.addCategory();
      result.current.setCategory(2, { label: 'rude' });
    });
    let saved: unknown;
    await act(async () => {
      saved = await result.current.submit();
    });
    expect(saved).toMatchObject({ name: 'tone' });
    expect(onSaved).toHaveBeenCalledWith(saved);
    expect(result.current.savedName).toBe('tone');
    expect(await stored(adapter, 'tone')).toMatchObject({
      type: 'categorical',
      values: [
        { label: 'polite', score: 1 },
        { label: 'rude', score: null },
      ],
    });
    act(() => result.current.update({ description: 'changed' }));
    expect(result.current.savedName).toBeNull();
  });

  it('ties a score that is not a number to its row on screen, empty rows counted, and sends nothing', async () => {
    const onInvalid = vi.fn();
    const adapter = seededAdapter();
    const save = vi.spyOn(adapter, 'upsertAnnotationConfig');
    const { result } = setup({ onInvalid }, adapter);
    act(() => {
      result.current.update({ name: 'tone' });
      result.current.addCategory();
      result.current.setCategory(2, { label: 'polite', score: 'high' });
    });
    await act(async () => {
      expect(await result.current.submit()).toBeNull();
    });
    expect([...result.current.issues]).toEqual([['values.2.score', { code: 'not-a-number', value: 'high', message: '"high" is not a number' }]]);
    expect(onInvalid).toHaveBeenCalledWith(result.current.issues);
    expect(save).not.toHaveBeenCalled();
  });

  it('refuses a name another config has, with the code a component words, but lets a config keep its own name', async () => {
    const loaded = setup();
    act(() => {
      loaded.result.current.update({ name: 'correctness' });
      loaded.result.current.setCategory(0, { label: 'yes' });
    });
    // The clash is checked against the configs read so far: submit again until they are in.
    await waitFor(async () => {
      await act(async () => void (await loaded.result.current.submit()));
      expect(loaded.result.current.issues.get('name')).toEqual({ code: 'duplicate-name', value: 'correctness', message: 'a config named "correctness" already exists' });
    });

    const editing = setup({ config: CONFIGS[0]! });
    expect(editing.result.current.mode).toBe('edit');
    expect(editing.result.current.state.values.map((value) => [value.label, value.score])).toEqual([
      ['correct', '1'],
      ['incorrect', '0'],
    ]);
    act(() => editing.result.current.update({ description: 'Right or wrong' }));
    await act(async () => void (await editing.result.current.submit()));
    expect(editing.result.current.issues.size).toBe(0);
    await waitFor(async () => expect((await stored(editing.adapter, 'correctness'))?.description).toBe('Right or wrong'));
  });

  it("reports core's rules by field: an upper bound not above the lower one", async () => {
    const { result } = setup();
    act(() => {
      result.current.update({ name: 'latency' });
      result.current.setType('continuous');
      result.current.update({ lowerBound: '5', upperBound: '1' });
    });
    await act(async () => void (await result.current.submit()));
    expect(result.current.issues.get('upperBound')?.code).toBe('invalid');
  });

  it('sets direction NONE for freeform and MAXIMIZE again when leaving it; the last category row stays', () => {
    const { result } = setup();
    act(() => result.current.setType('freeform'));
    expect(result.current.state.direction).toBe('NONE');
    act(() => result.current.setType('categorical'));
    expect(result.current.state.direction).toBe('MAXIMIZE');
    act(() => result.current.update({ direction: 'MINIMIZE' }));
    act(() => result.current.setType('continuous'));
    expect(result.current.state.direction).toBe('MINIMIZE');
    act(() => {
      result.current.removeCategory(0);
      result.current.removeCategory(0);
    });
    expect(result.current.state.values).toHaveLength(1);
  });

  it('is unsupported, and submits nothing, when the adapter cannot save configs', async () => {
    const { result } = setup({}, without(seededAdapter(), 'upsertAnnotationConfig'));
    expect(result.current.isSupported).toBe(false);
    act(() => result.current.update({ name: 'tone' }));
    await act(async () => {
      expect(await result.current.submit()).toBeNull();
    });
    expect(result.current.issues.size).toBe(0);
  });
});
