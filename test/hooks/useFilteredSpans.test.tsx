import { act, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { filterSpans, type AnnotationAdapter } from '../../src/core';
import { useFilteredSpans } from '../../src/hooks';
import { generateProject } from '../core/filter/fixtures';
import { controllableAdapter, renderHookWithProvider } from '../support/render';

const project = generateProject(40);

function seeded() {
  return controllableAdapter(createMemoryAdapter({ seed: { spans: project.spans, annotations: project.annotations } }));
}

describe('useFilteredSpans', () => {
  it('returns the spans that satisfy the condition, annotations included, as filtering everything would', async () => {
    const { adapter } = seeded();
    const condition = "span_kind == 'llm' and annotations['correctness'].label == 'incorrect'";
    const { result } = renderHookWithProvider(() => useFilteredSpans({ condition, query: { limit: 1000 } }), { adapter });
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    const expected = filterSpans(project.spans, condition, { annotations: project.annotations }).map((s) => s.spanId).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(result.current.spans.map((s) => s.spanId).sort()).toEqual(expected);
  });

  it('sends the terms the backend serves in its query and evaluates the rest in the browser', async () => {
    const gate = seeded();
    const condition = "span_kind == 'llm' and status_code == 'OK' and 'refund' in input.value";
    const { result } = renderHookWithProvider(() => useFilteredSpans({ condition }), { adapter: gate.adapter });
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    expect(gate.calls.listSpans?.[0]?.[0]).toMatchObject({ spanKinds: ['LLM'], statusCodes: ['OK'] });
    expect(result.current.serverQuery).toEqual({ spanKinds: ['LLM'], statusCodes: ['OK'] });
    expect(result.current.browserCondition).toBe("'refund' in input.value");
    expect(result.current.spans.every((s) => s.kind === 'LLM' && String((s.attributes.input as { value: string }).value).toLowerCase().includes('refund'))).toBe(true);
    expect(result.current.loadedCount).toBeGreaterThan(result.current.spans.length);
  });

  it('reads only the annotation names the condition uses, for the loaded spans', async () => {
    const gate = seeded();
    const { result } = renderHookWithProvider(
      () => useFilteredSpans({ condition: "span_kind == 'LLM' and annotations['helpfulness'].score < 0.5" }),
      { adapter: gate.adapter },
    );
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    const call = gate.calls.listAnnotations?.[0]?.[0] as Parameters<AnnotationAdapter['listAnnotations']>[0];
    expect(call.names).toEqual(['helpfulness']);
    expect(call.targets.length).toBe(result.current.loadedCount);
    expect(result.current.spans.length).toBeGreaterThan(0);
  });

  it('keeps a field of the caller query and evaluates that term in the browser instead', async () => {
    const gate = seeded();
    const { result } = renderHookWithProvider(
      () => useFilteredSpans({ condition: "span_kind == 'TOOL'", query: { spanKinds: ['TOOL', 'LLM'] } }),
      { adapter: gate.adapter },
    );
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    expect(gate.calls.listSpans?.[0]?.[0]).toMatchObject({ spanKinds: ['TOOL', 'LLM'] });
    expect(result.current.browserCondition).toBe("span_kind == 'TOOL'");
    expect(result.current.spans.length).toBeGreaterThan(0);
    expect(result.current.spans.every((s) => s.kind === 'TOOL')).toBe(true);
  });

  it('reports a condition that does not parse and requests nothing', async () => {
    const gate = seeded();
    const { result } = renderHookWithProvider(() => useFilteredSpans({ condition: "latency_ms > '100'" }), { adapter: gate.adapter });
    expect(result.current.conditionError?.message).toContain('cannot compare number and string');
    expect(result.current.spans).toEqual([]);
    expect(result.current.isLoading).toBe(false);
    await act(async () => {});
    expect(gate.calls.listSpans).toBeUndefined();
  });

  it('follows a new condition', async () => {
    const { adapter } = seeded();
    const { result, rerender } = renderHookWithProvider((props: { condition: string }) => useFilteredSpans(props), {
      adapter,
      initialProps: { condition: "span_kind == 'CHAIN'" },
    });
    await waitFor(() => expect(result.current.spans.length).toBeGreaterThan(0));
    expect(result.current.spans.every((s) => s.kind === 'CHAIN')).toBe(true);
    rerender({ condition: "status_code == 'ERROR'" });
    await waitFor(() => expect(result.current.spans.every((s) => s.status.code === 'ERROR')).toBe(true));
  });

  it('says when the adapter cannot list spans', () => {
    const adapter = { name: 'bare', upsertAnnotations: async () => [], listAnnotations: async () => [] } as AnnotationAdapter;
    const { result } = renderHookWithProvider(() => useFilteredSpans({ condition: '' }), { adapter });
    expect(result.current.isSupported).toBe(false);
    expect(result.current.spans).toEqual([]);
  });
});
