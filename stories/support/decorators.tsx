import type { Decorator } from '@storybook/react-vite';
import { useState, type ReactNode } from 'react';
import { createMemoryAdapter, generateDemoProject, type MemoryAdapterOptions } from '../../src/adapters/memory';
import type { AnnotationAdapter } from '../../src/core';
import { AnnotationProvider, createAnnokitQueryClient, type AnnokitTheme, type AnnotationUser } from '../../src/provider';

/** Per-story settings for the demo provider (`parameters.annokit`). */
export interface DemoParameters {
  /** Seed of the generated demo project. Default 7. */
  seed?: number;
  /** Number of traces generated. Default 40. */
  traces?: number;
  /** Simulated network latency of the in-browser adapter. Default 150 ms. */
  latencyMs?: number;
  /** Persist the store (e.g. the chat app keeps votes across reloads). Default false. */
  persist?: MemoryAdapterOptions['persist'];
  storageKey?: string;
  /** The current user. Default a reviewer named Ada. */
  user?: AnnotationUser | null;
  /** Replace the adapter (e.g. one with capabilities removed, or one that fails). */
  adapter?: (demo: ReturnType<typeof generateDemoProject>) => AnnotationAdapter;
}

/** One generated project per seed and size, shared by stories so Storybook stays quick. */
const demoCache = new Map<string, ReturnType<typeof generateDemoProject>>();
export function demoProject(seed = 7, traces = 40) {
  const key = `${seed}:${traces}`;
  let demo = demoCache.get(key);
  if (!demo) {
    demo = generateDemoProject({ seed, traces });
    demoCache.set(key, demo);
  }
  return demo;
}

export const DEMO_USER: AnnotationUser = { id: 'reviewer-ada', name: 'Ada' };

/** Wraps every story in an AnnotationProvider over a seeded in-browser adapter. */
export const withAnnotationProvider: Decorator = (Story, context) => (
  // Keyed by story: a fresh store per story, kept across re-renders of the same story.
  <DemoProvider key={context.id} storyId={context.id} params={(context.parameters.annokit ?? {}) as DemoParameters} theme={(context.globals.theme ?? 'light') as AnnokitTheme}>
    <Story />
  </DemoProvider>
);

function DemoProvider({ storyId, params, theme, children }: { storyId: string; params: DemoParameters; theme: AnnokitTheme; children: ReactNode }) {
  const [{ adapter, queryClient }] = useState(() => {
    const demo = demoProject(params.seed, params.traces);
    return {
      adapter:
        params.adapter?.(demo) ??
        createMemoryAdapter({
          seed: demo,
          latencyMs: params.latencyMs ?? 150,
          ...(params.persist ? { persist: params.persist, storageKey: params.storageKey ?? `annokit-story-${storyId}` } : {}),
        }),
      queryClient: createAnnokitQueryClient(),
    };
  });
  return (
    <AnnotationProvider adapter={adapter} queryClient={queryClient} user={params.user === undefined ? DEMO_USER : params.user} theme={theme}>
      <div data-ak-theme={theme} style={{ padding: 4, background: 'var(--ak-color-ak-bg)', minHeight: 40 }}>
        {children}
      </div>
    </AnnotationProvider>
  );
}
