import { render, renderHook, type RenderHookOptions, type RenderOptions } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { createMemoryAdapter } from '../../src/adapters/memory';
import type { AnnotationAdapter } from '../../src/core';
import { AnnotationProvider, createAnnokitQueryClient, type AnnotationProviderProps } from '../../src/provider';

export interface TestProviderOptions extends Partial<Omit<AnnotationProviderProps, 'children'>> {
  adapter?: AnnotationAdapter;
}

/**
 * A provider over a fresh memory adapter, a fresh query client (no retries), as CONVENTIONS.md asks,
 * and an outbox in memory (so no test inherits another's queued writes from localStorage).
 */
export function createTestProvider(options: TestProviderOptions = {}) {
  const adapter = options.adapter ?? createMemoryAdapter();
  const queryClient =
    options.queryClient ??
    (() => {
      const client = createAnnokitQueryClient();
      client.setDefaultOptions({ queries: { retry: false, staleTime: 0 }, mutations: { retry: false } });
      return client;
    })();
  const { adapter: _a, queryClient: _q, ...rest } = options;
  function Wrapper({ children }: { children?: ReactNode }) {
    return (
      <AnnotationProvider adapter={adapter} queryClient={queryClient} user={{ id: 'reviewer-1', name: 'Rita' }} outbox="memory" {...rest}>
        {children}
      </AnnotationProvider>
    );
  }
  return { adapter, queryClient, Wrapper };
}

export function renderHookWithProvider<Result, Props>(
  hook: (props: Props) => Result,
  options: TestProviderOptions & Omit<RenderHookOptions<Props>, 'wrapper'> = {},
) {
  const { initialProps, ...providerOptions } = options;
  const provider = createTestProvider(providerOptions);
  const result = renderHook(hook, { wrapper: provider.Wrapper, ...(initialProps === undefined ? {} : { initialProps }) });
  return { ...result, ...provider };
}

export function renderWithProvider(ui: ReactElement, options: TestProviderOptions & Omit<RenderOptions, 'wrapper'> = {}) {
  const provider = createTestProvider(options);
  return { ...render(ui, { wrapper: provider.Wrapper }), ...provider };
}

/** Wraps an adapter so a test can fail or hold its calls: `gate.upsertAnnotations = 'fail'`. */
export function controllableAdapter(base: AnnotationAdapter) {
  const calls: Record<string, unknown[][]> = {};
  const failures: Record<string, Error | undefined> = {};
  const holds: Record<string, Promise<void> | undefined> = {};
  const wrapped = { name: base.name } as AnnotationAdapter;
  for (const key of Object.keys(base) as (keyof AnnotationAdapter)[]) {
    const method = base[key];
    if (typeof method !== 'function') continue;
    (wrapped as unknown as Record<string, unknown>)[key] = async (...args: unknown[]) => {
      (calls[key] ??= []).push(args);
      await holds[key];
      const failure = failures[key];
      if (failure) throw failure;
      return (method as (...a: unknown[]) => unknown).apply(base, args);
    };
  }
  return {
    adapter: wrapped,
    calls,
    /** Makes every later call of `method` reject with `error` (undefined to stop). */
    fail(method: keyof AnnotationAdapter, error: Error | undefined) {
      failures[method] = error;
    },
    /** Holds calls of `method` until the returned release function is called. */
    hold(method: keyof AnnotationAdapter) {
      let release!: () => void;
      holds[method] = new Promise<void>((resolve) => (release = resolve));
      return () => {
        holds[method] = undefined;
        release();
      };
    },
  };
}
