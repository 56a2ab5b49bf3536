import { QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import { createMemoryAdapter } from '../../../src/adapters/memory';
import type { AnnokitError, AnnotationAdapter, Annotation, AnnotationConfig } from '../../../src/core';
import { AnnotationProvider, type AnnotationUser } from '../../../src/provider';

export const SPAN = { kind: 'span', spanId: 'span-1' } as const;

export const CONFIGS: AnnotationConfig[] = [
  {
    id: 'c1',
    name: 'correctness',
    type: 'categorical',
    description: 'Is the answer correct?',
    optimizationDirection: 'MAXIMIZE',
    values: [
      { label: 'correct', score: 1 },
      { label: 'incorrect', score: 0 },
    ],
  },
  { id: 'c2', name: 'relevance', type: 'continuous', description: null, optimizationDirection: 'MAXIMIZE', lowerBound: 0, upperBound: 1 },
  { id: 'c3', name: 'summary', type: 'freeform', description: null, optimizationDirection: 'NONE' },
];

function annotation(partial: Partial<Annotation> & Pick<Annotation, 'id' | 'name' | 'annotatorKind'>): Annotation {
  return {
    target: SPAN,
    label: null,
    score: null,
    explanation: null,
    identifier: '',
    metadata: {},
    source: null,
    userId: null,
    createdAt: '2026-01-15T09:00:00.000Z',
    updatedAt: '2026-01-15T09:00:00.000Z',
    ...partial,
  };
}

export const SEED_ANNOTATIONS: Annotation[] = [
  annotation({
    id: 'a-llm',
    name: 'correctness',
    annotatorKind: 'LLM',
    label: 'incorrect',
    score: 0,
    explanation: 'The refund window is 30 days, not 14.',
    identifier: 'judge-v1',
  }),
  annotation({
    id: 'a-bob',
    name: 'correctness',
    annotatorKind: 'HUMAN',
    label: 'correct',
    score: 1,
    identifier: 'bob',
    userId: 'bob',
    updatedAt: '2026-01-15T10:00:00.000Z',
  }),
  annotation({ id: 'a-rel', name: 'relevance', annotatorKind: 'LLM', score: 0.75, identifier: 'judge-v1' }),
  annotation({ id: 'a-code', name: 'latency_ok', annotatorKind: 'CODE', label: 'yes', score: 1 }),
];

export function seededAdapter() {
  return createMemoryAdapter({ seed: { configs: CONFIGS, annotations: SEED_ANNOTATIONS } });
}

/** Makes the adapter refuse its next save with `error`; later saves go through. Returns the spy, to count the attempts. */
export function rejectNextSave(adapter: AnnotationAdapter, error: AnnokitError) {
  const original = adapter.upsertAnnotations.bind(adapter);
  return vi.spyOn(adapter, 'upsertAnnotations').mockRejectedValueOnce(error).mockImplementation(original);
}

/** The adapter without some of its optional methods, to test missing capabilities. */
export function without(adapter: AnnotationAdapter, ...methods: (keyof AnnotationAdapter)[]): AnnotationAdapter {
  const copy: Record<string, unknown> = { ...adapter };
  for (const method of methods) delete copy[method];
  return copy as unknown as AnnotationAdapter;
}

export function createWrapper(adapter: AnnotationAdapter, user: AnnotationUser | null = { id: 'ana', name: 'Ana' }) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return function Wrapper({ children }: { children: ReactNode }) {
    return (
      <AnnotationProvider adapter={adapter} user={user} queryClient={queryClient} outbox="memory">
        {children}
      </AnnotationProvider>
    );
  };
}
