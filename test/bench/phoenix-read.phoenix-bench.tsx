/**
 * Reading real data from a running Phoenix through the adapter, in Chromium: the generated
 * 10,000-span project into SpanTable (pages as Phoenix serves them, at the kit's default page size
 * and at Phoenix's largest), and a single 10,000-span trace into TraceViewer (`getTrace`). Prints
 * the time to the first rows, to everything loaded, and the requests each took. Run by
 * `npm run bench` when Python (for Phoenix) and Chromium are there; seeding is done beforehand
 * (test/bench/phoenix.setup.ts) and not timed.
 */
import { createRoot } from 'react-dom/client';
import { inject, it } from 'vitest';
import { createPhoenixAdapter } from '../../src/adapters/phoenix';
import { SpanTable } from '../../src/components/span-table';
import { TraceViewer } from '../../src/components/trace-viewer';
import { AnnotationProvider, createAnnokitQueryClient } from '../../src/provider';
import { BIG_TRACE_PROJECT, DEMO_PROJECT, DEMO_SPANS, bigTrace } from '../phoenix/support/demo';
import { REACT_BUILD, report, type BenchRow } from './report';

const url = inject('phoenixUrl');

/** A fetch that counts the requests it sends, by what they ask Phoenix for. */
function countingFetch() {
  const counts = { spans: 0, annotations: 0, other: 0 };
  const fetchImpl: typeof fetch = (input, init) => {
    const path = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url).pathname;
    if (path.endsWith('/spans')) counts.spans += 1;
    else if (path.endsWith('_annotations')) counts.annotations += 1;
    else counts.other += 1;
    return fetch(input, init);
  };
  return { counts, fetchImpl, total: () => counts.spans + counts.annotations + counts.other };
}

/** Resolves when `check` holds, testing once per animation frame; the time it first held, in ms since `start`. */
function when(check: () => boolean, start: number, timeoutMs = 300_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const deadline = performance.now() + timeoutMs;
    const step = () => {
      if (check()) resolve(performance.now() - start);
      else if (performance.now() > deadline) reject(new Error(`timed out waiting for ${check.toString()}`));
      else requestAnimationFrame(step);
    };
    step();
  });
}

function mount(render: (element: HTMLElement) => React.ReactNode) {
  const element = document.createElement('div');
  element.style.cssText = 'width: 1400px; height: 900px;';
  document.body.append(element);
  const root = createRoot(element);
  root.render(render(element));
  return { element, unmount: () => (root.unmount(), element.remove()) };
}

async function spanTable(limit: number | undefined): Promise<BenchRow> {
  const { counts, fetchImpl, total } = countingFetch();
  const adapter = createPhoenixAdapter({ baseUrl: url, projectName: DEMO_PROJECT, fetch: fetchImpl, timeoutMs: 120_000 });
  const start = performance.now();
  const { element, unmount } = mount(() => (
    <AnnotationProvider adapter={adapter} queryClient={createAnnokitQueryClient()}>
      <SpanTable query={limit ? { limit } : undefined} annotationNames={['correctness', 'helpfulness']} height={800} />
    </AnnotationProvider>
  ));
  const rows = () => element.querySelectorAll('[data-slot="span-table-row"]').length;
  const firstRows = await when(() => rows() > 0, start);
  const firstRequests = total();
  // "Select all in this filter" loads every remaining page, as a reviewer selecting the whole project would
  const selectAll = [...element.querySelectorAll<HTMLButtonElement>('button')].find((button) => button.textContent === 'Select all in this filter')!;
  selectAll.click();
  const status = () => element.querySelector('[role="status"]')?.textContent ?? '';
  const everything = await when(() => status().includes(`${DEMO_SPANS.toLocaleString('en')} selected`) || status().includes(`${DEMO_SPANS} selected`), start);
  const row: BenchRow = {
    view: `SpanTable, ${limit ?? 'default'} spans per page`,
    'first rows ms': Math.round(firstRows),
    'requests to first rows': firstRequests,
    'everything loaded ms': Math.round(everything),
    'span requests': counts.spans,
    'annotation requests': counts.annotations,
    'other requests': counts.other,
    'rows loaded': DEMO_SPANS,
  };
  unmount();
  return row;
}

async function traceViewer(): Promise<BenchRow> {
  const { counts, fetchImpl, total } = countingFetch();
  const adapter = createPhoenixAdapter({ baseUrl: url, projectName: BIG_TRACE_PROJECT, fetch: fetchImpl, timeoutMs: 120_000 });
  const traceId = bigTrace()[0]!.traceId;
  const start = performance.now();
  const { element, unmount } = mount(() => (
    <AnnotationProvider adapter={adapter} queryClient={createAnnokitQueryClient()}>
      <TraceViewer traceId={traceId} height={800} />
    </AnnotationProvider>
  ));
  // getTrace follows every page before it answers, so the first rows come with everything
  const firstRows = await when(() => element.querySelectorAll('[role="treeitem"]').length > 0, start);
  const row: BenchRow = {
    view: `TraceViewer, one trace of ${DEMO_SPANS.toLocaleString('en')} spans (getTrace)`,
    'first rows ms': Math.round(firstRows),
    'requests to first rows': total(),
    'everything loaded ms': Math.round(firstRows),
    'span requests': counts.spans,
    'annotation requests': counts.annotations,
    'other requests': counts.other,
    'rows loaded': DEMO_SPANS,
  };
  unmount();
  return row;
}

it('reads the 10,000-span project into SpanTable and a 10,000-span trace into TraceViewer', async () => {
  const rows = [await spanTable(undefined), await spanTable(1000), await traceViewer()];
  await report(
    'phoenix-read',
    `Reading from Phoenix ${inject('phoenixVersion')} through the adapter (Chromium, ${REACT_BUILD}; load average ${inject('loadAverage').toFixed(2)} at the start)`,
    rows,
  );
}, 900_000);
