/**
 * Hostile span text in Chromium: each adversarial value of 200,000 characters (long emphasis runs,
 * unclosed brackets and parentheses, backtick runs, deep quotes and lists, deep and wide JSON, plus
 * plain text as the baseline) rendered as Markdown on its own, and through the span details pane as
 * a user meets it: the value as an assistant message (Markdown view) and as the span's output
 * (text, JSON or Markdown as guessed). Markdown shows the first 10,000 characters until "Show more";
 * "Markdown all" renders all 200,000 (what "Show more" to the end costs). A second table renders the
 * trace viewer and the span table for spans whose every field holds 200,000 characters.
 * Each figure is the median of 5 runs after a warm-up, timed around a synchronous React commit
 * (`flushSync`) plus a forced layout. Goal: every value within 100 ms. Timings are printed, never
 * asserted.
 */
import type { ReactElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { it } from 'vitest';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { SpanTable } from '../../src/components/span-table';
import { Markdown, SpanDetails, TraceViewer } from '../../src/components/trace-viewer';
import type { Span } from '../../src/core';
import { AnnotationProvider, createAnnokitQueryClient } from '../../src/provider';
import { HOSTILE_JSON, HOSTILE_MARKDOWN } from '../support/hostileText';
import { median, REACT_BUILD, report, type BenchRow } from './report';

const SIZE = 200_000;
const GOAL_MS = 100;
const REPEATS = 5;

function span(value: string, mimeType: string, asMessage: boolean): Span {
  return {
    spanId: 'hostile',
    traceId: 'hostile',
    parentId: null,
    name: 'llm',
    kind: 'LLM',
    startTime: 0,
    endTime: 1,
    status: { code: 'OK', message: null },
    attributes: {
      output: { value, mime_type: mimeType },
      ...(asMessage ? { llm: { output_messages: [{ message: { role: 'assistant', content: value } }] } } : {}),
    },
    events: [],
  };
}

/** Median ms to mount `element` and lay it out, and the DOM nodes it made. */
function measure(element: () => ReactElement): { ms: number; nodes: number } {
  const times: number[] = [];
  let nodes = 0;
  for (let run = 0; run <= REPEATS; run += 1) {
    const host = document.createElement('div');
    host.style.cssText = 'width: 900px;';
    document.body.append(host);
    const root = createRoot(host);
    const adapter = createMemoryAdapter();
    const queryClient = createAnnokitQueryClient();
    const start = performance.now();
    flushSync(() => root.render(<AnnotationProvider adapter={adapter} queryClient={queryClient}>{element()}</AnnotationProvider>));
    host.getBoundingClientRect();
    void document.body.offsetHeight;
    const ms = performance.now() - start;
    if (run > 0) times.push(ms); // the first run warms up the JIT and the modules
    nodes = host.querySelectorAll('*').length;
    root.unmount();
    host.remove();
  }
  return { ms: median(times), nodes };
}

const round = (ms: number) => Math.round(ms * 10) / 10;
const verdict = (worst: number) => (worst <= GOAL_MS ? 'PASS' : `OVER GOAL (> ${GOAL_MS} ms)`);

it('renders each hostile value of 200,000 characters within the 100 ms goal', async () => {
  const rows: BenchRow[] = [];
  for (const [name, make] of Object.entries(HOSTILE_MARKDOWN)) {
    const value = make(SIZE);
    const markdown = measure(() => <Markdown source={value} />);
    const details = measure(() => <SpanDetails span={span(value, 'text/plain', true)} />);
    const all = measure(() => <Markdown source={value} limit={Number.POSITIVE_INFINITY} />);
    rows.push({
      input: name,
      chars: value.length,
      'Markdown ms': round(markdown.ms),
      'span details ms': round(details.ms),
      'DOM nodes': details.nodes,
      result: verdict(Math.max(markdown.ms, details.ms)),
      'Markdown all ms': round(all.ms),
      'all DOM nodes': all.nodes,
      'all result': verdict(all.ms),
    });
  }
  for (const [name, make] of Object.entries(HOSTILE_JSON)) {
    const value = make(SIZE);
    const details = measure(() => <SpanDetails span={span(value, 'application/json', false)} />);
    rows.push({
      input: `${name} (application/json)`,
      chars: value.length,
      'Markdown ms': '—',
      'span details ms': round(details.ms),
      'DOM nodes': details.nodes,
      result: verdict(details.ms),
      'Markdown all ms': '—',
      'all DOM nodes': '—',
      'all result': '—',
    });
  }
  await report('hostile-text', `Hostile span text, 200,000 characters each (Chromium, ${REACT_BUILD}, median of ${REPEATS} ms; goal ≤ ${GOAL_MS} ms)`, rows);

  // Every field of 30 spans at 200,000 characters: names, kinds, status messages, model, roles,
  // attribute keys and values, annotation labels and explanations.
  const huge = 'word '.repeat(SIZE / 5);
  const spans: Span[] = Array.from({ length: 30 }, (_, index): Span => ({
    ...span(huge, 'text/plain', true),
    spanId: `s${index}`,
    parentId: index ? 's0' : null,
    name: huge,
    kind: 'UNKNOWN',
    rawKind: huge,
    status: { code: 'ERROR', message: huge },
    attributes: {
      input: { value: huge },
      output: { value: huge },
      llm: { model_name: huge, output_messages: [{ message: { role: huge, content: huge } }] },
      [huge.slice(0, 5_000)]: huge,
    } as Span['attributes'],
  }));
  const annotations = spans.map((item, index) => ({
    id: `a${index}`,
    target: { kind: 'span' as const, spanId: item.spanId },
    name: huge,
    annotatorKind: 'LLM' as const,
    label: huge,
    score: null,
    explanation: huge,
    identifier: '',
    metadata: {},
    source: null,
    userId: huge,
    createdAt: new Date(0).toISOString(),
    updatedAt: new Date(0).toISOString(),
  }));
  const views = [
    { view: 'TraceViewer, first span selected', element: () => <TraceViewer spans={spans} annotations={annotations} defaultSelectedSpanId="s0" height={800} /> },
    { view: 'SpanTable', element: () => <SpanTable spans={spans} height={800} /> },
  ].map(({ view, element }) => {
    const figures = measure(element);
    return { view, spans: spans.length, 'chars per field': SIZE, 'mount ms': round(figures.ms), 'DOM nodes': figures.nodes, result: verdict(figures.ms) };
  });
  await report('hostile-text-views', `Views of 30 spans with every field 200,000 characters (Chromium, ${REACT_BUILD}, median of ${REPEATS} ms; goal ≤ ${GOAL_MS} ms)`, views);
});
