import { act } from '@testing-library/react';
import type { ReactElement } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SpanTable } from '../../src';
import { makeSpan, T0 } from '../components/trace-viewer/fixtures';
import { createTestProvider } from '../support/render';
import { ServerPage } from './ServerPage';

const spans = Array.from({ length: 3 }, (_, index) =>
  makeSpan({ spanId: `s${index}`, traceId: `t${index}`, name: `step ${index}`, startTime: T0 + index * 1000, endTime: T0 + index * 1000 + 50 }),
);

/**
 * Renders `ui` to HTML as a server would, then hydrates that HTML in the DOM, as Next.js does on
 * the first load: returns what React reported (hydration mismatches are console errors and
 * recoverable errors) and the ids the server and the client gave the elements.
 */
async function serverRenderThenHydrate(ui: () => ReactElement) {
  const server = createTestProvider();
  const html = renderToString(<server.Wrapper>{ui()}</server.Wrapper>);
  const container = document.createElement('div');
  container.innerHTML = html;
  document.body.append(container);
  const serverIds = [...container.querySelectorAll('[id]')].map((element) => element.id);

  const reported: string[] = [];
  const consoleError = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    reported.push(args.map(String).join(' '));
  });
  const client = createTestProvider();
  const root = await act(async () =>
    hydrateRoot(container, <client.Wrapper>{ui()}</client.Wrapper>, {
      onRecoverableError: (error) => reported.push(`recoverable: ${String(error)}`),
    }),
  );
  consoleError.mockRestore();
  const clientIds = [...container.querySelectorAll('[id]')].map((element) => element.id);
  return { reported, serverIds, clientIds, unmount: () => act(() => root.unmount()) };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('server rendering, then hydration', () => {
  it('SpanTable hydrates without a mismatch: its row ids come from useId, not Math.random', async () => {
    const result = await serverRenderThenHydrate(() => <SpanTable spans={spans} annotationNames={[]} />);
    expect(result.serverIds.filter((id) => id.includes('row'))).toHaveLength(spans.length);
    expect(result.reported).toEqual([]);
    expect(result.clientIds).toEqual(result.serverIds);
    await result.unmount();
  });

  it('a page with every component hydrates without a mismatch or an error', async () => {
    // ServerPage has a provider of its own; the test wrapper around it is not used by it.
    const result = await serverRenderThenHydrate(() => <ServerPage />);
    expect(result.serverIds.length).toBeGreaterThan(10);
    // After hydration the data loads and the page grows, so only what React reported is compared.
    expect(result.reported).toEqual([]);
    await result.unmount();
  });

  it('writes times in UTC on the server and while hydrating, then in the reader\'s locale and zone', async () => {
    const server = createTestProvider();
    const html = renderToString(<server.Wrapper><SpanTable spans={spans} annotationNames={[]} /></server.Wrapper>);
    const parsed = document.createElement('div');
    parsed.innerHTML = html;
    expect(parsed.querySelector('[data-column="time"][role="gridcell"]')!.textContent).toMatch(/ UTC$/);
    const result = await serverRenderThenHydrate(() => <SpanTable spans={spans} annotationNames={[]} />);
    expect(result.reported).toEqual([]);
    const hydrated = document.querySelector('[data-column="time"][role="gridcell"]')!.textContent;
    expect(hydrated).toBe(new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(spans[0]!.startTime!)));
    await result.unmount();
  });
});
