'use client';
// The adapter is an object with methods, so it is made on the client side of the boundary (it is
// also made once on the server, to render the page's HTML).
import { useState } from 'react';
import { AnnotationProvider } from 'annokit';
import { createMemoryAdapter, generateDemoProject } from 'annokit/adapters/memory';

export function Providers({ children }) {
  const [adapter] = useState(() => createMemoryAdapter({ seed: generateDemoProject({ seed: 3, traces: 6 }), latencyMs: 50 }));
  return (
    <AnnotationProvider adapter={adapter} user={{ id: 'reviewer-1', name: 'Rita' }}>
      <div data-ak-theme="light">{children}</div>
    </AnnotationProvider>
  );
}
