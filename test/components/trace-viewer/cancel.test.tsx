import { render, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createPhoenixAdapter } from '../../../src/adapters/phoenix';
import { TraceViewer } from '../../../src/components/trace-viewer';
import { createTestProvider } from '../../support/render';

const TRACE_ID = 'a'.repeat(32);
const SPANS = 100_000;
const PAGE = 1_000; // Phoenix's largest span page: a 100,000-span trace is 100 requests

/** One page of a 100,000-span trace as Phoenix's REST API serves it: a chain of CHAIN spans. */
function page(index: number) {
  const data = Array.from({ length: PAGE }, (_, offset) => {
    const n = index * PAGE + offset;
    const start = Date.UTC(2026, 0, 1) + n;
    return {
      id: `span-row-${n}`,
      name: `step ${n}`,
      context: { trace_id: TRACE_ID, span_id: n.toString(16).padStart(16, '0') },
      span_kind: 'CHAIN',
      parent_id: n === 0 ? null : (n - 1).toString(16).padStart(16, '0'),
      start_time: new Date(start).toISOString(),
      end_time: new Date(start + 1).toISOString(),
      status_code: 'OK',
      status_message: '',
      attributes: {},
      events: [],
    };
  });
  return { data, next_cursor: index + 1 < SPANS / PAGE ? `page-${index + 1}` : null };
}

/**
 * A Phoenix that answers each span page when the test lets it, and records every request with its
 * signal, so the test sees which requests were made and which were aborted.
 */
function slowPhoenix() {
  const requests: { url: string; signal: AbortSignal | null; settled: boolean }[] = [];
  const waiting: (() => void)[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    const url = String(input);
    const record = { url, signal: init?.signal ?? null, settled: false };
    requests.push(record);
    return new Promise<Response>((resolve, reject) => {
      const cursor = new URL(url).searchParams.get('cursor');
      const index = cursor ? Number(cursor.slice('page-'.length)) : 0;
      const answer = () => {
        record.settled = true;
        resolve(new Response(JSON.stringify(page(index)), { status: 200, headers: { 'content-type': 'application/json' } }));
      };
      init?.signal?.addEventListener('abort', () => {
        record.settled = true;
        reject(init.signal!.reason ?? new DOMException('aborted', 'AbortError'));
      });
      waiting.push(answer);
    });
  };
  return { fetch, requests, answerNext: () => waiting.shift()?.() };
}

describe('TraceViewer: loads that stop when it goes away', () => {
  it('aborts the request and asks for no further page when it unmounts in the middle of a 100,000-span trace', async () => {
    const phoenix = slowPhoenix();
    const adapter = createPhoenixAdapter({ baseUrl: 'http://phoenix.test', projectName: 'big', fetch: phoenix.fetch });
    const { Wrapper } = createTestProvider({ adapter });
    const view = render(<TraceViewer traceId={TRACE_ID} />, { wrapper: Wrapper });
    const spanPages = () => phoenix.requests.filter((request) => request.url.includes('/spans'));
    // Three pages of the hundred arrive; the fourth is in flight when the reviewer leaves.
    for (let answered = 0; answered < 3; answered++) {
      await waitFor(() => expect(spanPages().length).toBe(answered + 1));
      phoenix.answerNext();
    }
    await waitFor(() => expect(spanPages()).toHaveLength(4));
    const inFlight = spanPages()[3]!;
    expect(inFlight.signal?.aborted).toBe(false);
    view.unmount();
    await waitFor(() => expect(inFlight.signal?.aborted).toBe(true));
    expect(inFlight.settled).toBe(true);
    // Nothing more is asked for: the remaining 96 pages are never requested.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(spanPages()).toHaveLength(4);
  });
});
