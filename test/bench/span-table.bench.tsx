/**
 * SpanTable in Chromium with 1k, 10k and 100k rows loaded: first render (mount to a laid-out
 * grid), DOM nodes, a scroll step of one wheel notch and of one page, a jump to the end, a sort and a
 * select-all. Each figure is the median of several runs around a synchronous React commit
 * (`flushSync`) plus a forced layout.
 */
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { it } from 'vitest';
import { createMemoryAdapter, generateDemoProject } from '../../src/adapters/memory';
import { SpanTable } from '../../src/components/span-table';
import type { Span } from '../../src/core';
import { AnnotationProvider, createAnnokitQueryClient } from '../../src/provider';
import { median, REACT_BUILD, report, type BenchRow } from './report';

const SIZES = [1_000, 10_000, 100_000];
const REPEATS = 5;

/** Resolves after tasks already queued (React's scheduler posts its render the same way). */
function afterQueuedTasks(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/** A scroll is not a discrete event, so React renders it in a scheduled task: time until that task and layout are done. */
async function timeScroll(viewport: HTMLElement, move: () => void, element: Element): Promise<number> {
  const start = performance.now();
  move();
  viewport.dispatchEvent(new Event('scroll'));
  await afterQueuedTasks();
  element.getBoundingClientRect();
  void document.body.offsetHeight;
  return performance.now() - start;
}

function time(action: () => void, element: Element): number {
  const start = performance.now();
  flushSync(action);
  element.getBoundingClientRect();
  void document.body.offsetHeight;
  return performance.now() - start;
}

async function measure(spans: Span[]) {
  const runs: Record<string, number>[] = [];
  for (let run = 0; run < REPEATS; run += 1) {
    const element = document.createElement('div');
    element.style.cssText = 'width: 1400px; height: 900px;';
    document.body.append(element);
    const root = createRoot(element);
    const adapter = createMemoryAdapter();
    const queryClient = createAnnokitQueryClient();
    const mount = time(
      () =>
        root.render(
          <AnnotationProvider adapter={adapter} queryClient={queryClient}>
            <SpanTable spans={spans} annotationNames={['correctness', 'helpfulness']} height={800} />
          </AnnotationProvider>,
        ),
      element,
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    const nodes = element.querySelectorAll('*').length;
    const viewport = element.querySelector<HTMLElement>('[role="grid"]')!;
    // A wheel notch (120 px, about 3 rows) and a page (600 px, about 17 rows) per scroll event.
    const wheels: number[] = [];
    for (let step = 0; step < 20; step += 1) wheels.push(await timeScroll(viewport, () => (viewport.scrollTop += 120), element));
    const scrolls: number[] = [];
    for (let step = 0; step < 10; step += 1) scrolls.push(await timeScroll(viewport, () => (viewport.scrollTop += 600), element));
    const jump = await timeScroll(viewport, () => (viewport.scrollTop = viewport.scrollHeight), element);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const sortButton = element.querySelector<HTMLElement>('[data-column="latency"] button')!;
    const sort = time(() => sortButton.click(), element);
    const selectAll = [...element.querySelectorAll<HTMLButtonElement>('button')].find((button) => button.textContent === 'Select all in this filter')!;
    const select = time(() => selectAll.click(), element);
    runs.push({ mount, nodes, wheel: median(wheels), scroll: median(scrolls), jump, sort, select });
    root.unmount();
    element.remove();
  }
  const pick = (key: string) => median(runs.map((entry) => entry[key]!));
  return { mount: pick('mount'), nodes: pick('nodes'), wheel: pick('wheel'), scroll: pick('scroll'), jump: pick('jump'), sort: pick('sort'), select: pick('select') };
}

it('SpanTable: first render, scroll, jump, sort and select-all at 1k, 10k and 100k rows', async () => {
  const all = generateDemoProject({ seed: 3, spans: SIZES.at(-1)! }).spans;
  const rows: BenchRow[] = [];
  for (const size of SIZES) {
    const figures = await measure(all.slice(0, size));
    rows.push({
      rows: size.toLocaleString('en'),
      'first render ms': figures.mount.toFixed(1),
      'DOM nodes': Math.round(figures.nodes),
      'wheel step ms': figures.wheel.toFixed(2),
      'page step ms': figures.scroll.toFixed(2),
      'jump to end ms': figures.jump.toFixed(2),
      'sort ms': figures.sort.toFixed(1),
      'select all ms': figures.select.toFixed(1),
    });
  }
  await report('span-table', `SpanTable in Chromium, ${REACT_BUILD} (median of 5; render + commit + layout)`, rows);
}, 300_000);
