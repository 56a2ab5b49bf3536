// @vitest-environment node
// What a Next.js App Router server does with annokit: import every entry point and render the
// components to HTML in plain Node. No annokit module may touch a browser global then (at import
// or while rendering), and React must report nothing. The globals are traps that record who
// reads them, so a `typeof window` check at the top of a module fails here too.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { repoPath } from '../support/repoPath';

const BROWSER_GLOBALS = ['window', 'document', 'localStorage', 'sessionStorage', 'indexedDB', 'navigator'] as const;
const reads: string[] = [];
const source = repoPath('src') + '/';

const originals = new Map<string, PropertyDescriptor | undefined>();

beforeAll(() => {
  for (const name of BROWSER_GLOBALS) {
    // Newer Node versions define some of these (navigator, localStorage): a server render must not
    // use them either, so every one of them reads as absent here.
    originals.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        // Only reads from annokit's own modules count: React Query, for one, checks `window` to know it is on a server.
        const caller = new Error().stack?.split('\n').slice(2).find((line) => !line.includes('node:internal'));
        if (caller?.includes(source)) reads.push(`${name} read at ${caller.trim().replace(source, 'src/')}`);
        return undefined;
      },
    });
  }
});

afterAll(() => {
  for (const [name, descriptor] of originals) {
    if (descriptor) Object.defineProperty(globalThis, name, descriptor);
    else delete (globalThis as Record<string, unknown>)[name];
  }
});

describe('in Node, as on a server', () => {
  it('imports every entry point without reading a browser global', async () => {
    const entries = {
      annokit: await import('../../src/index'),
      core: await import('../../src/core/index'),
      memory: await import('../../src/adapters/memory/index'),
      phoenix: await import('../../src/adapters/phoenix/index'),
      langfuse: await import('../../src/adapters/langfuse/index'),
      http: await import('../../src/adapters/http/index'),
    };
    for (const [name, module] of Object.entries(entries)) expect(Object.keys(module).length, name).toBeGreaterThan(0);
    expect(reads).toEqual([]);
  });

  it('renders the provider, thumbs, trace viewer, span table, annotation panel and the other components to HTML', async () => {
    const logged: string[] = [];
    for (const level of ['error', 'warn'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(`console.${level}: ${args.map(String).join(' ')}`));
    }
    const { renderToString } = await import('react-dom/server');
    const { ServerPage } = await import('./ServerPage');
    const html = renderToString(<ServerPage />);
    vi.restoreAllMocks();

    expect(logged).toEqual([]);
    expect(reads).toEqual([]);
    const slots = ['feedback', 'trace-viewer', 'span-table', 'annotation-panel', 'filter-bar', 'review-queue', 'bulk-annotate-notice', 'session-view', 'add-to-dataset-trigger', 'experiment-comparison', 'judge-agreement', 'annotation-config-manager', 'markdown'];
    expect(slots.filter((slot) => !html.includes(`data-slot="${slot}"`))).toEqual([]);
    // Content, not only empty frames: the trace's spans and the table's rows are in the HTML.
    expect(html.match(/role="treeitem"/g)?.length ?? 0).toBeGreaterThan(3);
    expect(html.match(/data-slot="span-table-row"/g)?.length ?? 0).toBeGreaterThan(3);
  });
});
