import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { AnnokitError, ValidationError, type AnnotationInput } from '../../src/core';
import {
  useAddNote,
  useAnnotationConfigs,
  useAnnotations,
  useCapabilities,
  useDeleteAnnotations,
  useNotes,
  useOutboxStatus,
  useUpsertAnnotations,
} from '../../src/hooks';
import { controllableAdapter, renderHookWithProvider } from '../support/render';

const spanA = { kind: 'span', spanId: 'span-a' } as const;
const spanB = { kind: 'span', spanId: 'span-b' } as const;
const vote = (label: string, identifier = 'user:1'): AnnotationInput => ({
  target: spanA,
  name: 'user_feedback',
  annotatorKind: 'HUMAN',
  label,
  score: label === 'positive' ? 1 : 0,
  identifier,
});

function useReadWrite(target = spanA) {
  return { read: useAnnotations({ target }), write: useUpsertAnnotations(), del: useDeleteAnnotations() };
}

describe('useAnnotations', () => {
  it('reads the annotations stored for a target, grouped by target', async () => {
    const adapter = createMemoryAdapter();
    await adapter.upsertAnnotations([vote('positive'), { ...vote('negative'), target: spanB }]);
    const { result } = renderHookWithProvider(() => useAnnotations({ targets: [spanA, spanB] }), { adapter });
    await waitFor(() => expect(result.current.annotations).toHaveLength(2));
    expect(result.current.byTarget.get('span:span-a')?.[0]?.label).toBe('positive');
    expect(result.current.byTarget.get('span:span-b')?.[0]?.label).toBe('negative');
  });

  it('reports an invalid target as an error naming the field instead of calling the adapter', async () => {
    const gate = controllableAdapter(createMemoryAdapter());
    const { result } = renderHookWithProvider(
      () => useAnnotations({ target: { kind: 'span', spanId: '' } }),
      { adapter: gate.adapter },
    );
    await waitFor(() => expect(result.current.error).not.toBeNull());
    expect(result.current.error?.message).toContain('targets[0].spanId: expected a non-empty string');
    expect(gate.calls.listAnnotations).toBeUndefined();
  });

  it('throws a clear error when used outside AnnotationProvider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => renderHook(() => useAnnotations({ target: spanA }))).toThrow(
      '`useAnnotations` must be used within `AnnotationProvider`',
    );
  });
});

describe('useUpsertAnnotations', () => {
  it('shows the write at once, before the backend answers, then keeps what the backend stored', async () => {
    const gate = controllableAdapter(createMemoryAdapter());
    const { result } = renderHookWithProvider(() => useReadWrite(), { adapter: gate.adapter });
    await waitFor(() => expect(result.current.read.isLoading).toBe(false));
    const release = gate.hold('upsertAnnotations');
    let pending!: Promise<unknown>;
    act(() => {
      pending = result.current.write.upsert(vote('positive'));
    });
    await waitFor(() => expect(result.current.read.annotations.map((a) => a.label)).toEqual(['positive']));
    expect(result.current.write.isPending).toBe(true);
    release();
    await act(() => pending);
    await waitFor(() => expect(result.current.read.annotations[0]?.id).not.toMatch(/^optimistic:/));
    expect(await gate.adapter.listAnnotations({ targets: [spanA] })).toHaveLength(1);
  });

  it('records the provider user as the author when the input names none', async () => {
    const adapter = createMemoryAdapter();
    const { result } = renderHookWithProvider(() => useUpsertAnnotations(), { adapter, user: { id: 'u-42' } });
    await act(() => result.current.upsert(vote('positive')));
    expect((await adapter.listAnnotations({ targets: [spanA] }))[0]?.userId).toBe('u-42');
  });

  it('keeps the intended value shown while the write is retried, and reports a write the backend refuses for good', async () => {
    const base = createMemoryAdapter();
    await base.upsertAnnotations([vote('positive')]);
    const gate = controllableAdapter(base);
    const onError = vi.fn();
    const { result } = renderHookWithProvider(
      () => ({ read: useAnnotations({ target: spanA }), write: useUpsertAnnotations({ onError }), status: useOutboxStatus() }),
      { adapter: gate.adapter },
    );
    await waitFor(() => expect(result.current.read.annotations[0]?.label).toBe('positive'));
    gate.fail('upsertAnnotations', new AnnokitError('Phoenix answered 503', { code: 'server', status: 503 }));
    let written!: Promise<unknown>;
    act(() => {
      written = result.current.write.upsert(vote('negative'));
      written.catch(() => undefined);
    });
    await waitFor(() => expect(gate.calls.upsertAnnotations?.length).toBeGreaterThanOrEqual(1));
    // Nothing was rolled back: the write waits in the outbox and the reviewer's value stays.
    expect(result.current.read.annotations.map((a) => a.label)).toEqual(['negative']);
    expect(result.current.write.isPending).toBe(true);
    gate.fail('upsertAnnotations', new AnnokitError('Phoenix refused the label', { code: 'conflict', status: 409 }));
    await act(async () => {
      await expect(written).rejects.toThrow('Phoenix refused the label');
    });
    expect(result.current.write.error?.message).toBe('Phoenix refused the label');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'conflict' }));
    // Failed for good, it is still there to retry or discard; discarding shows the stored value again.
    expect(result.current.read.annotations.map((a) => a.label)).toEqual(['negative']);
    expect(result.current.status.failed).toHaveLength(1);
    await act(() => result.current.status.discard(result.current.status.failed[0]!.id));
    await waitFor(() => expect(result.current.read.annotations.map((a) => a.label)).toEqual(['positive']));
  }, 15_000);

  it('rejects invalid input with an error naming the field and value, and sends nothing', async () => {
    const gate = controllableAdapter(createMemoryAdapter());
    const onError = vi.fn();
    const { result } = renderHookWithProvider(() => useUpsertAnnotations({ onError }), { adapter: gate.adapter });
    await act(async () => {
      await expect(result.current.upsert({ ...vote('positive'), name: '' })).rejects.toBeInstanceOf(ValidationError);
    });
    await waitFor(() => expect(result.current.error?.message).toContain('annotation.name: expected a non-empty string, got ""'));
    expect(onError).toHaveBeenCalledOnce();
    expect(gate.calls.upsertAnnotations).toBeUndefined();
  });

  it('checks a label against the loaded annotation config of the same name', async () => {
    const adapter = createMemoryAdapter();
    await adapter.upsertAnnotationConfig({
      type: 'categorical',
      name: 'correctness',
      values: [{ label: 'correct' }, { label: 'incorrect' }],
    });
    const { result } = renderHookWithProvider(
      () => ({ configs: useAnnotationConfigs(), write: useUpsertAnnotations() }),
      { adapter },
    );
    await waitFor(() => expect(result.current.configs.configs).toHaveLength(1));
    await act(async () => {
      await expect(
        result.current.write.upsert({ target: spanA, name: 'correctness', annotatorKind: 'HUMAN', label: 'maybe' }),
      ).rejects.toThrow('"maybe" is not a label of "correctness"');
    });
    expect(await adapter.listAnnotations({ targets: [spanA] })).toHaveLength(0);
  });

  it('refetches only the queries of the targets it wrote to', async () => {
    const gate = controllableAdapter(createMemoryAdapter());
    const { result } = renderHookWithProvider(
      () => ({ a: useAnnotations({ target: spanA }), b: useAnnotations({ target: spanB }), write: useUpsertAnnotations() }),
      { adapter: gate.adapter },
    );
    await waitFor(() => expect(gate.calls.listAnnotations).toHaveLength(2));
    await act(() => result.current.write.upsert(vote('positive')));
    await waitFor(() => expect(gate.calls.listAnnotations).toHaveLength(3));
    const lastQuery = gate.calls.listAnnotations!.at(-1)![0] as { targets: unknown[] };
    expect(lastQuery.targets).toEqual([spanA]);
  });
});

describe('useDeleteAnnotations', () => {
  it('removes exactly the annotation with that key, leaving other users’ votes', async () => {
    const adapter = createMemoryAdapter();
    await adapter.upsertAnnotations([vote('positive', 'user:1'), vote('negative', 'user:2')]);
    const { result } = renderHookWithProvider(() => useReadWrite(), { adapter });
    await waitFor(() => expect(result.current.read.annotations).toHaveLength(2));
    await act(() => result.current.del.remove({ target: spanA, name: 'user_feedback', identifier: 'user:1' }));
    expect((await adapter.listAnnotations({ targets: [spanA] })).map((a) => a.identifier)).toEqual(['user:2']);
    await waitFor(() => expect(result.current.read.annotations).toHaveLength(1));
  });

  it('keeps the annotation hidden while its delete fails, and puts it back when the failed delete is discarded', async () => {
    const base = createMemoryAdapter();
    await base.upsertAnnotations([vote('positive')]);
    const gate = controllableAdapter(base);
    const { result } = renderHookWithProvider(() => ({ ...useReadWrite(), status: useOutboxStatus() }), { adapter: gate.adapter });
    await waitFor(() => expect(result.current.read.annotations).toHaveLength(1));
    gate.fail('deleteAnnotations', new AnnokitError('not allowed', { code: 'authentication', status: 403 }));
    await act(async () => {
      await expect(
        result.current.del.remove({ target: spanA, name: 'user_feedback', identifier: 'user:1' }),
      ).rejects.toThrow('not allowed');
    });
    // react-query schedules the mutation's error state; it may land after act returns.
    await waitFor(() => expect(result.current.del.error?.code).toBe('authentication'));
    expect(result.current.read.annotations).toHaveLength(0);
    await act(() => result.current.status.discard(result.current.status.failed[0]!.id));
    await waitFor(() => expect(result.current.read.annotations).toHaveLength(1));
  });
});

describe('capabilities', () => {
  it('reports what a minimal adapter cannot do, and notes hooks stay idle', async () => {
    const full = createMemoryAdapter();
    const minimal = {
      name: 'minimal',
      upsertAnnotations: full.upsertAnnotations,
      listAnnotations: full.listAnnotations,
    };
    const { result } = renderHookWithProvider(
      () => ({ caps: useCapabilities(), notes: useNotes(spanA), add: useAddNote(), del: useDeleteAnnotations() }),
      { adapter: minimal },
    );
    expect(result.current.caps).toMatchObject({ notes: false, deleteAnnotations: false, spans: false });
    expect(result.current.notes).toMatchObject({ isSupported: false, isLoading: false, notes: [] });
    expect(result.current.del.isSupported).toBe(false);
    await act(async () => {
      await expect(result.current.add.addNote({ target: spanA, text: 'hi' })).rejects.toMatchObject({ code: 'unsupported' });
    });
  });

  it('appends notes authored by the provider user', async () => {
    const adapter = createMemoryAdapter();
    const { result } = renderHookWithProvider(() => ({ notes: useNotes(spanA), add: useAddNote() }), { adapter });
    await act(() => result.current.add.addNote({ target: spanA, text: 'first' }));
    await act(() => result.current.add.addNote({ target: spanA, text: 'second' }));
    await waitFor(() => expect(result.current.notes.notes.map((n) => n.text)).toEqual(['first', 'second']));
    expect(result.current.notes.notes[0]?.userId).toBe('reviewer-1');
  });
});
