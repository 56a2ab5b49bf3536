import type { ReactNode } from 'react';
import { createMemoryAdapter, type MemoryAdapterOptions } from '../../../src/adapters/memory';
import { AnnotationProvider, createAnnokitQueryClient, type AnnokitTheme } from '../../../src/provider';

/** A provider over a fresh memory adapter and query client (no retries), as each test needs. */
export function makeWrapper(seed: MemoryAdapterOptions['seed'] = {}, theme: AnnokitTheme = 'light') {
  const adapter = createMemoryAdapter({ seed });
  const queryClient = createAnnokitQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false } });
  function Wrapper({ children }: { children: ReactNode }) {
    return (
      <AnnotationProvider adapter={adapter} queryClient={queryClient} user={{ id: 'reviewer-1' }} theme={theme}>
        {children}
      </AnnotationProvider>
    );
  }
  return { adapter, queryClient, Wrapper };
}
