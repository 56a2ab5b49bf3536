import type { Decorator } from '@storybook/react-vite';
import { useState, type ReactNode } from 'react';
import { createMemoryAdapter, generateDemoProject, type MemorySeed } from '../../src/adapters/memory';
import type { AnnotationAdapter, AnnotationTarget, Span } from '../../src/core';
import { AnnotationProvider, createAnnokitQueryClient } from '../../src/provider';

/**
 * The seed every story in this folder starts from: the memory adapter's generated support-agent
 * project (reviewers and an LLM judge that disagree sometimes, a golden dataset, two experiments).
 */
export function demoSeed(): MemorySeed {
  // 120 traces: enough reviewed answers (about 30 pairs) for the judge to disagree a few times
  return generateDemoProject({ traces: 120 });
}

/** The root spans of the demo traces: where the judge and the reviewers put their verdicts. */
export function demoSpans(seed: MemorySeed): Span[] {
  return (seed.spans ?? []).filter((span) => span.parentId === null);
}

/** The span targets of {@link demoSpans}. */
export function demoTargets(seed: MemorySeed): AnnotationTarget[] {
  return demoSpans(seed).map((span) => ({ kind: 'span', spanId: span.spanId }));
}

/** The demo project's golden dataset and its two experiments. */
export const DEMO_DATASET_ID = 'dataset-support-golden';
export const DEMO_BASELINE_EXPERIMENT_ID = 'experiment-baseline';
export const DEMO_CANDIDATE_EXPERIMENT_ID = 'experiment-candidate';

/** A provider over a fresh memory adapter, so each story starts from the same data. */
export function DemoProvider({ adapter, children }: { adapter?: AnnotationAdapter; children: ReactNode }) {
  const [state] = useState(() => ({
    adapter: adapter ?? createMemoryAdapter({ seed: demoSeed() }),
    queryClient: createAnnokitQueryClient(),
  }));
  return (
    <AnnotationProvider adapter={state.adapter} queryClient={state.queryClient} user={{ id: 'reviewer-1', name: 'Rita' }}>
      {children}
    </AnnotationProvider>
  );
}

export const withDemoProvider: Decorator = (Story) => (
  <DemoProvider>
    <Story />
  </DemoProvider>
);

/** An adapter whose every read fails, for error states. */
export function failingAdapter(): AnnotationAdapter {
  const base = createMemoryAdapter({ seed: demoSeed() });
  const fail = () => Promise.reject(new Error('The backend is unreachable'));
  return { ...base, listAnnotations: fail, listDatasetExamples: fail, listExperimentRuns: fail, listExperiments: fail, listDatasets: fail };
}

/** An adapter that never answers within a story, for loading states. */
export function slowAdapter(): AnnotationAdapter {
  return createMemoryAdapter({ seed: demoSeed(), latencyMs: 3_600_000 });
}

/** The demo adapter without some methods, for missing-capability states. */
export function adapterWithout(...methods: (keyof AnnotationAdapter)[]): AnnotationAdapter {
  const copy = { ...createMemoryAdapter({ seed: demoSeed() }) } as Record<string, unknown>;
  for (const method of methods) delete copy[method];
  return copy as unknown as AnnotationAdapter;
}
