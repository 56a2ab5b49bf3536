import { waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '../../src/adapters/memory';
import type { AnnotationInput, AnnotationTarget } from '../../src/core';
import { useWindowedAnnotations, type UseWindowedAnnotationsOptions } from '../../src/hooks';
import { controllableAdapter, renderHookWithProvider } from '../support/render';

const ids = Array.from({ length: 1_000 }, (_, index) => `span-${index}`);
const label = (spanId: string, value: string): AnnotationInput => ({
  target: { kind: 'span', spanId },
  name: 'quality',
  annotatorKind: 'HUMAN',
  label: value,
  identifier: '',
});

/** The span ids each `listAnnotations` call asked for. */
function requested(calls: unknown[][] | undefined): string[][] {
  return (calls ?? []).map(([query]) => (query as { targets: AnnotationTarget[] }).targets.map((target) => (target as { spanId: string }).spanId));
}

async function setup(options: Partial<UseWindowedAnnotationsOptions>) {
  const base = createMemoryAdapter();
  await base.upsertAnnotations([label('span-0', 'good'), label('span-450', 'bad'), label('span-999', 'ok')]);
  const gate = controllableAdapter(base);
  const rendered = renderHookWithProvider((props: Partial<UseWindowedAnnotationsOptions>) => useWindowedAnnotations({ rowCount: ids.length, spanIdAt: (row) => ids[row]!, firstRow: 0, ...props }), {
    adapter: gate.adapter,
    initialProps: options,
  });
  return { gate, ...rendered };
}

describe('useWindowedAnnotations', () => {
  it('reads the two buckets of rows from the window start, and a new request only when the window enters another bucket', async () => {
    const { gate, result, rerender } = await setup({ firstRow: 0 });
    await waitFor(() => expect(result.current.byTarget.get('span:span-0')?.[0]?.label).toBe('good'));
    expect(requested(gate.calls.listAnnotations)).toEqual([ids.slice(0, 400)]);
    expect(result.current.byTarget.has('span:span-450')).toBe(false);

    rerender({ firstRow: 150 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(gate.calls.listAnnotations).toHaveLength(1);

    rerender({ firstRow: 230 });
    await waitFor(() => expect(result.current.byTarget.get('span:span-450')?.[0]?.label).toBe('bad'));
    expect(requested(gate.calls.listAnnotations)).toEqual([ids.slice(0, 400), ids.slice(200, 600)]);
  });

  it('keeps the pinned span read while its row is outside the window', async () => {
    const { gate, result } = await setup({ firstRow: 0, pinnedSpanId: 'span-999' });
    await waitFor(() => expect(result.current.byTarget.get('span:span-999')?.[0]?.label).toBe('ok'));
    expect(result.current.byTarget.get('span:span-0')?.[0]?.label).toBe('good');
    expect(requested(gate.calls.listAnnotations)).toEqual(expect.arrayContaining([['span-999'], ids.slice(0, 400)]));
  });

  it('reads every listed span at once, duplicates named once, and no separate request for the pinned span', async () => {
    const { gate, result } = await setup({ allSpanIds: ['span-999', 'span-0', 'span-999', 'span-450'], pinnedSpanId: 'span-999', firstRow: 600 });
    await waitFor(() => expect(result.current.byTarget.size).toBe(3));
    expect(requested(gate.calls.listAnnotations)).toEqual([['span-999', 'span-0', 'span-450']]);
  });

  it('reads nothing while disabled', async () => {
    const { gate, result } = await setup({ enabled: false, pinnedSpanId: 'span-1' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(gate.calls.listAnnotations).toBeUndefined();
    expect(result.current.byTarget.size).toBe(0);
  });
});
