import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { AnnotationPanel, SessionView, SpanTable, TraceViewer } from '../../src';
import type { Span } from '../../src/core';
import { renderWithProvider } from '../support/render';
import { makeAnnotation, makeSpan } from './trace-viewer/fixtures';

/**
 * Every view of untrusted span text keeps what it puts in the DOM bounded: the characters of text
 * rendered are counted, for spans whose every field holds a million characters. Before names,
 * labels and turns were cut, each such field reached the DOM whole (tens of millions of characters
 * for a handful of spans, seconds of layout per render).
 */
const HUGE = 'word '.repeat(200_000); // 1,000,000 characters

function hugeSpan(index: number): Span {
  return makeSpan({
    spanId: `s${index}`,
    traceId: `t${index}`,
    name: HUGE,
    kind: 'UNKNOWN',
    rawKind: HUGE,
    status: { code: 'ERROR', message: HUGE },
    problems: [HUGE],
    attributes: {
      session: { id: 'huge-session' },
      input: { value: HUGE },
      output: { value: HUGE },
      llm: { model_name: HUGE, output_messages: [{ message: { role: HUGE, content: HUGE, name: HUGE } }] },
      [HUGE.slice(0, 5_000)]: HUGE,
    },
    events: [{ name: HUGE, time: 0, attributes: { [HUGE.slice(0, 5_000)]: HUGE } }],
  });
}

const renderedText = (element: Element) => element.textContent!.length;
const titles = (element: Element) => [...element.querySelectorAll('[title]')].reduce((sum, node) => sum + node.getAttribute('title')!.length, 0);

describe('untrusted text of a million characters in every field', () => {
  it('the trace viewer renders a bounded amount of it, with "Show more" where the rest can be read', async () => {
    const spans = [hugeSpan(0), { ...hugeSpan(1), parentId: 's0', traceId: 't0' }];
    const annotations = [makeAnnotation({ spanId: 's0', name: HUGE, label: HUGE, explanation: HUGE, userId: HUGE })];
    const { container } = renderWithProvider(<TraceViewer spans={spans} annotations={annotations} defaultSelectedSpanId="s0" />);
    expect(await screen.findByRole('group', { name: /^word word/ })).toBeInTheDocument();
    expect(renderedText(container)).toBeLessThan(120_000);
    expect(titles(container)).toBeLessThan(10_000);
    expect(screen.getAllByRole('button', { name: /Show more \([\d,]+ more characters\)/ }).length).toBeGreaterThan(3);
  });

  it('the span table cuts its cells', () => {
    const { container } = renderWithProvider(<SpanTable spans={[hugeSpan(0), hugeSpan(1), hugeSpan(2)]} height={400} />);
    expect(screen.getAllByRole('row').length).toBe(4);
    expect(renderedText(container)).toBeLessThan(10_000);
    expect(titles(container)).toBeLessThan(10_000);
  });

  it('the session view shows the first characters of each turn and reveals more on request', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({ seed: { spans: [hugeSpan(0), hugeSpan(1)] } });
    const { container } = renderWithProvider(<SessionView sessionId="huge-session" showSessionPanel={false} />, { adapter });
    const turns = await screen.findAllByRole('listitem', { name: /^Turn/ });
    expect(turns).toHaveLength(2);
    expect(renderedText(container)).toBeLessThan(20_000);
    await user.click(screen.getAllByRole('button', { name: /Show more \([\d,]+ more characters\)/ })[0]!);
    expect(renderedText(container)).toBeGreaterThan(40_000);
  });

  it('the annotation panel cuts labels and shows a long explanation in parts', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({
      seed: { annotations: [makeAnnotation({ spanId: 'x', name: 'correctness', annotatorKind: 'LLM', label: HUGE, explanation: HUGE, userId: HUGE })] },
    });
    const { container } = renderWithProvider(<AnnotationPanel target={{ kind: 'span', spanId: 'x' }} />, { adapter });
    const toggle = await screen.findByRole('button', { name: 'Show more', expanded: false });
    expect(renderedText(container)).toBeLessThan(5_000);
    await user.click(toggle);
    expect(renderedText(container)).toBeGreaterThan(10_000);
    expect(renderedText(container)).toBeLessThan(15_000);
    expect(screen.getByRole('button', { name: /Show more \([\d,]+ more characters\)/ })).toBeInTheDocument();
  });
});
