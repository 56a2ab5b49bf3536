import { act, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { exampleResolver, type AnnotationAdapter } from '../../src/core';
import { useAddToDataset, useExperimentComparison, useJudgeAgreement, useUpsertAnnotations } from '../../src/hooks';
import { controllableAdapter, renderHookWithProvider } from '../support/render';
import { insightsSeed, spanTargets } from '../support/insights';

function without(adapter: AnnotationAdapter, ...methods: (keyof AnnotationAdapter)[]): AnnotationAdapter {
  const copy = { ...adapter } as Record<string, unknown>;
  for (const method of methods) delete copy[method];
  return copy as unknown as AnnotationAdapter;
}

describe('useJudgeAgreement', () => {
  it('measures the judge against the stored human labels and lists the disagreement', async () => {
    const adapter = createMemoryAdapter({ seed: insightsSeed() });
    const { result } = renderHookWithProvider(
      () => useJudgeAgreement({ name: 'correctness', targets: spanTargets('s1', 's2', 's3', 's4') }),
      { adapter },
    );
    await waitFor(() => expect(result.current.agreement).not.toBeNull());
    const agreement = result.current.agreement!;
    // pairs: (c,c) (i,i) (i,c): p_o = 2/3; human c 1/3, i 2/3; judge c 2/3, i 1/3 -> p_e = 2/9 + 2/9 = 4/9
    // kappa = (2/3 - 4/9) / (5/9) = 0.4
    expect(agreement.pairCount).toBe(3);
    expect(agreement.labels.kappa.value).toBeCloseTo(0.4, 12);
    expect(agreement.humanOnly).toEqual(spanTargets('s4'));
    expect(agreement.disagreements.map((pair) => pair.target)).toEqual(spanTargets('s3'));
    expect(agreement.labels.labels).toEqual(['correct', 'incorrect']);
    expect(result.current.config?.name).toBe('correctness');
  });

  it('recomputes when a reviewer changes a label, and exports the calibration set with inputs', async () => {
    const seed = insightsSeed();
    const adapter = createMemoryAdapter({ seed });
    const { result } = renderHookWithProvider(
      () => ({
        judge: useJudgeAgreement({ name: 'correctness', targets: spanTargets('s1', 's2', 's3'), getExample: exampleResolver(seed.spans!) }),
        write: useUpsertAnnotations(),
      }),
      { adapter },
    );
    await waitFor(() => expect(result.current.judge.agreement?.disagreements).toHaveLength(1));
    await act(() =>
      result.current.write.upsert({ target: spanTargets('s3')[0]!, name: 'correctness', annotatorKind: 'HUMAN', label: 'correct', score: 1, identifier: 'user:alice' }),
    );
    await waitFor(() => expect(result.current.judge.agreement?.disagreements).toHaveLength(0));
    const lines = result.current.judge.exportCalibrationSet().trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatchObject({
      span_id: 's3',
      input: { messages: [{ role: 'user', content: 'Largest planet?' }] },
      output: { messages: [{ role: 'assistant', content: 'Saturn' }] },
      human_label: 'correct',
      judge_label: 'correct',
      judge_explanation: 'judge thinks correct',
    });
  });
});

describe('useExperimentComparison', () => {
  it('compares the experiment runs with the annotations in the dataset examples', async () => {
    const adapter = createMemoryAdapter({ seed: insightsSeed() });
    const { result } = renderHookWithProvider(() => useExperimentComparison({ datasetId: 'd1', experimentId: 'x1' }), { adapter });
    await waitFor(() => expect(result.current.comparison).not.toBeNull());
    expect(result.current.experiments.map((e) => e.name)).toEqual(['prompt v2']);
    expect(result.current.comparison!.examples.map((e) => [e.exampleId, e.status])).toEqual([
      ['e1', 'regressed'],
      ['e2', 'unchanged'],
      ['e3', 'improved'],
    ]);
    expect(result.current.comparison!.byName[0]!.direction).toBe('MAXIMIZE');
  });

  it('says which capability is missing and calls nothing', async () => {
    const gate = controllableAdapter(without(createMemoryAdapter({ seed: insightsSeed() }), 'listExperimentRuns'));
    const { result } = renderHookWithProvider(() => useExperimentComparison({ datasetId: 'd1', experimentId: 'x1' }), { adapter: gate.adapter });
    expect(result.current.isSupported).toBe(false);
    expect(result.current.missingCapability).toBe('experiments');
    expect(gate.calls.listDatasetExamples).toBeUndefined();
  });

  it('reports a failed load as an error', async () => {
    const gate = controllableAdapter(createMemoryAdapter({ seed: insightsSeed() }));
    gate.fail('listExperimentRuns', new Error('backend down'));
    const { result } = renderHookWithProvider(() => useExperimentComparison({ datasetId: 'd1', experimentId: 'x1' }), { adapter: gate.adapter });
    await waitFor(() => expect(result.current.error?.message).toBe('backend down'));
    expect(result.current.comparison).toBeNull();
  });
});

describe('useAddToDataset', () => {
  it('builds examples with the spans’ annotations and creates a dataset through the adapter', async () => {
    const seed = insightsSeed();
    const adapter = createMemoryAdapter({ seed });
    const spans = seed.spans!.slice(2, 4);
    const { result } = renderHookWithProvider(() => useAddToDataset({ spans }), { adapter });
    await waitFor(() => expect(result.current.isLoadingExamples).toBe(false));
    await waitFor(() => expect(result.current.datasets).toHaveLength(1));
    expect(result.current.examples.map((e) => (e.metadata.annotations as Record<string, Array<{ label: string }>>).correctness!.map((a) => a.label))).toEqual([
      ['incorrect', 'correct'],
      ['correct'],
    ]);
    const dataset = await act(() => result.current.addToDataset({ name: 'hard cases', description: 'from review' }));
    expect(dataset).toMatchObject({ name: 'hard cases', exampleCount: 2 });
    const stored = await adapter.listDatasetExamples(dataset.id);
    expect(stored.map((e) => e.spanId)).toEqual(['s3', 's4']);
    expect((stored[0]!.metadata.annotations as Record<string, Array<{ annotator_kind: string }>>).correctness![0]!.annotator_kind).toBe('HUMAN');
    await waitFor(() => expect(result.current.datasets.map((d) => d.name)).toEqual(['golden', 'hard cases']));
  });

  it('appends to an existing dataset, and reports a name that is taken', async () => {
    const seed = insightsSeed();
    const adapter = createMemoryAdapter({ seed });
    const { result } = renderHookWithProvider(() => useAddToDataset({ spans: seed.spans!.slice(3) }), { adapter });
    await waitFor(() => expect(result.current.isLoadingExamples).toBe(false));
    await expect(result.current.addToDataset({ name: 'golden' })).rejects.toMatchObject({ code: 'conflict' });
    await waitFor(() => expect(result.current.error?.code).toBe('conflict'));
    const appended = await act(() => result.current.addToDataset({ name: 'golden', action: 'append' }));
    expect(appended.exampleCount).toBe(4);
  });

  it('exports the examples as CSV and JSONL without a backend call', async () => {
    const seed = insightsSeed();
    const { result } = renderHookWithProvider(() => useAddToDataset({ spans: seed.spans!.slice(0, 1), annotations: [] }), {
      adapter: without(createMemoryAdapter(), 'createDataset'),
    });
    expect(result.current.isSupported).toBe(false);
    const csv = result.current.exportExamples('csv', 'sample');
    expect(csv).toMatchObject({ fileName: 'sample.csv', mimeType: 'text/csv' });
    expect(csv.content.split('\r\n')[0]).toBe('id,span_id,input.messages,output.messages,metadata.span_kind,metadata.annotations');
    const jsonl = result.current.exportExamples('jsonl');
    expect(JSON.parse(jsonl.content.trim())).toMatchObject({ span_id: 's1', metadata: { span_kind: 'LLM', annotations: {} } });
    await expect(result.current.addToDataset({ name: 'x' })).rejects.toThrow('cannot create datasets');
  });
});
