/**
 * TraceViewer against a naive, non-virtualised tree of the same spans, in Chromium, in one run:
 * mount time, DOM nodes, collapse-all / expand-all, select and scroll times for 1k, 10k and 100k
 * spans. Each figure is the median of several runs, measured around a synchronous React commit
 * (`flushSync`) plus a forced layout, so it includes render, commit and layout, not paint.
 */
import { memo, useMemo, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { it } from 'vitest';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { TraceViewer } from '../../src/components/trace-viewer';
import { buildTraceTree, type Span, type TraceNode } from '../../src/core';
import { flattenTraceTree } from '../../src/core/spans';
import { AnnotationProvider, createAnnokitQueryClient } from '../../src/provider';
import { largeTrace } from '../components/trace-viewer/fixtures';
import { median, REACT_BUILD, report, type BenchRow } from './report';

const SIZES = [1_000, 10_000, 100_000];
// The naive tree is skipped when its projected mount exceeds this (from the previous size, ×10).
const NAIVE_BUDGET_MS = 20_000;

function forceLayout(element: Element) {
  element.getBoundingClientRect();
  return document.body.offsetHeight;
}

function time(action: () => void, container: Element): number {
  const start = performance.now();
  flushSync(action);
  forceLayout(container);
  return performance.now() - start;
}

/** What a first, straightforward implementation looks like: nested lists, every span in the DOM. */
function NaiveTree({ spans }: { spans: readonly Span[] }) {
  const tree = useMemo(() => buildTraceTree(spans), [spans]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(
    () => new Set(tree.nodes.filter((node) => node.children.length).map((node) => node.key)),
  );
  const [selected, setSelected] = useState<string | null>(tree.roots[0]?.key ?? null);
  const start = tree.startTime ?? 0;
  const total = Math.max(1, (tree.endTime ?? 0) - start);
  const selectedSpan = selected ? tree.byId.get(selected)?.span : undefined;
  return (
    <div style={{ display: 'flex', height: 800 }}>
      <div style={{ flex: 3, overflow: 'auto' }}>
        <button type="button" data-action="collapse" onClick={() => setExpanded(new Set())}>
          Collapse all
        </button>
        <button
          type="button"
          data-action="expand"
          onClick={() => setExpanded(new Set(tree.nodes.filter((node) => node.children.length).map((node) => node.key)))}
        >
          Expand all
        </button>
        <ul role="tree" aria-label="spans" data-scroll>
          {tree.roots.map((node) => (
            <NaiveNode key={node.key} node={node} expanded={expanded} selected={selected} onSelect={setSelected} start={start} total={total} />
          ))}
        </ul>
      </div>
      <div style={{ flex: 2 }}>{selectedSpan ? <pre>{JSON.stringify(selectedSpan.attributes, null, 2)}</pre> : null}</div>
    </div>
  );
}

function NaiveNode(props: {
  node: TraceNode;
  expanded: ReadonlySet<string>;
  selected: string | null;
  onSelect: (key: string) => void;
  start: number;
  total: number;
}): ReactNode {
  const { node, expanded, selected, onSelect, start, total } = props;
  const open = expanded.has(node.key);
  const span = node.span;
  const left = (((span.startTime ?? start) - start) / total) * 100;
  const width = (((span.endTime ?? start) - (span.startTime ?? start)) / total) * 100;
  return (
    <li role="treeitem" aria-selected={selected === node.key} aria-expanded={node.children.length ? open : undefined}>
      <div data-row onClick={() => onSelect(node.key)} style={{ display: 'flex', gap: 8, height: 32 }}>
        <span>{node.children.length ? (open ? '▾' : '▸') : ''}</span>
        <span>{span.kind}</span>
        <span>{span.name}</span>
        <span>{span.endTime !== null && span.startTime !== null ? `${span.endTime - span.startTime}ms` : '—'}</span>
        <span style={{ position: 'relative', flex: 1 }}>
          <span style={{ position: 'absolute', left: `${left}%`, width: `${width}%`, height: 8, background: '#2f5bd3' }} />
        </span>
      </div>
      {open && node.children.length ? (
        <ul role="group">
          {node.children.map((child) => (
            <NaiveNode key={child.key} {...props} node={child} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
const NaiveTreeMemo = memo(NaiveTree);

interface Figures {
  mount: number;
  nodes: number;
  collapse: number;
  expand: number;
  select: number;
  scroll: number;
}

function host(): HTMLDivElement {
  const element = document.createElement('div');
  element.style.cssText = 'width: 1200px; height: 800px; position: relative;';
  document.body.append(element);
  return element;
}

async function measureViewer(spans: Span[], repeats: number): Promise<Figures> {
  const runs: Figures[] = [];
  for (let run = 0; run < repeats; run += 1) {
    const element = host();
    const root: Root = createRoot(element);
    const adapter = createMemoryAdapter();
    const queryClient = createAnnokitQueryClient();
    const mount = time(
      () =>
        root.render(
          <AnnotationProvider adapter={adapter} queryClient={queryClient}>
            <TraceViewer spans={spans} height={800} />
          </AnnotationProvider>,
        ),
      element,
    );
    await new Promise((resolve) => setTimeout(resolve, 20)); // let the annotations request settle
    const nodes = element.querySelectorAll('*').length;
    const button = (slot: string) => element.querySelector<HTMLElement>(`[data-slot="${slot}"]`)!;
    const collapse = time(() => button('trace-viewer-collapse-all').click(), element);
    const expand = time(() => button('trace-viewer-expand-all').click(), element);
    const rows = element.querySelectorAll<HTMLElement>('[role="treeitem"]');
    const select = time(() => rows[Math.min(5, rows.length - 1)]!.click(), element);
    const viewport = button('trace-viewer-viewport');
    const scroll = time(() => {
      viewport.scrollTop += 800;
      viewport.dispatchEvent(new Event('scroll'));
    }, element);
    runs.push({ mount, nodes, collapse, expand, select, scroll });
    root.unmount();
    element.remove();
  }
  return medianFigures(runs);
}

async function measureNaive(spans: Span[], repeats: number): Promise<Figures> {
  const runs: Figures[] = [];
  for (let run = 0; run < repeats; run += 1) {
    const element = host();
    const root = createRoot(element);
    const mount = time(() => root.render(<NaiveTreeMemo spans={spans} />), element);
    const nodes = element.querySelectorAll('*').length;
    const collapse = time(() => element.querySelector<HTMLElement>('[data-action="collapse"]')!.click(), element);
    const expand = time(() => element.querySelector<HTMLElement>('[data-action="expand"]')!.click(), element);
    const rows = element.querySelectorAll<HTMLElement>('[data-row]');
    const select = time(() => rows[Math.min(5, rows.length - 1)]!.click(), element);
    const scroller = element.querySelector<HTMLElement>('[data-scroll]')!.parentElement!;
    const scroll = time(() => {
      scroller.scrollTop += 800;
      scroller.dispatchEvent(new Event('scroll'));
    }, element);
    runs.push({ mount, nodes, collapse, expand, select, scroll });
    root.unmount();
    element.remove();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return medianFigures(runs);
}

function medianFigures(runs: Figures[]): Figures {
  const pick = (key: keyof Figures) => median(runs.map((run) => run[key]));
  return { mount: pick('mount'), nodes: pick('nodes'), collapse: pick('collapse'), expand: pick('expand'), select: pick('select'), scroll: pick('scroll') };
}

const ms = (value: number) => Math.round(value * 10) / 10;
const ratio = (naive: number, ours: number) => `${(naive / Math.max(ours, 0.1)).toFixed(1)}×`;

it('TraceViewer vs a naive tree: mount, DOM nodes, collapse/expand all, select, scroll', async () => {
  const rows: BenchRow[] = [];
  const ratios: BenchRow[] = [];
  let naiveProjection = 0;
  for (const size of SIZES) {
    const spans = largeTrace(size);
    const buildStart = performance.now();
    flattenTraceTree(spans);
    const build = performance.now() - buildStart;
    const repeats = size >= 100_000 ? 3 : 5;
    // One warm-up so JIT and module initialisation are not billed to the first size.
    if (size === SIZES[0]) await measureViewer(spans, 1);
    const ours = await measureViewer(spans, repeats);
    rows.push({
      spans: size.toLocaleString('en-US'),
      tree: 'TraceViewer (virtualised)',
      'build tree ms': ms(build),
      'mount ms': ms(ours.mount),
      'DOM nodes': ours.nodes,
      'collapse all ms': ms(ours.collapse),
      'expand all ms': ms(ours.expand),
      'select ms': ms(ours.select),
      'scroll 1 page ms': ms(ours.scroll),
    });
    if (naiveProjection > NAIVE_BUDGET_MS) {
      rows.push({ spans: size.toLocaleString('en-US'), tree: `naive: skipped (projected mount ${Math.round(naiveProjection / 1000)} s > 20 s)` });
      continue;
    }
    const naive = await measureNaive(spans, size >= 100_000 ? 1 : 3);
    naiveProjection = naive.mount * 10;
    rows.push({
      spans: size.toLocaleString('en-US'),
      tree: 'naive nested list',
      'build tree ms': ms(build),
      'mount ms': ms(naive.mount),
      'DOM nodes': naive.nodes,
      'collapse all ms': ms(naive.collapse),
      'expand all ms': ms(naive.expand),
      'select ms': ms(naive.select),
      'scroll 1 page ms': ms(naive.scroll),
    });
    ratios.push({
      spans: size.toLocaleString('en-US'),
      'mount naive/ours': ratio(naive.mount, ours.mount),
      'DOM nodes naive/ours': ratio(naive.nodes, ours.nodes),
      'collapse naive/ours': ratio(naive.collapse, ours.collapse),
      'expand naive/ours': ratio(naive.expand, ours.expand),
      'select naive/ours': ratio(naive.select, ours.select),
    });
  }
  await report('trace-viewer', `TraceViewer vs naive tree (Chromium, ${REACT_BUILD}, median ms; lower is better)`, rows);
  await report('trace-viewer-ratios', 'TraceViewer speed-up over the naive tree (naive / ours)', ratios);
});
