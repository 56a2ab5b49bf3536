import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { JsonTree, Markdown, TraceViewer } from '../../src/components/trace-viewer';
import type { Span } from '../../src/core';
import { agentTrace, largeTrace, makeAnnotation, makeSpan } from '../components/trace-viewer/fixtures';
import { makeWrapper } from '../components/trace-viewer/wrapper';

async function violations(root: Element) {
  const result = await axe.run(root, {
    // Page-level rules do not apply to a component rendered on its own.
    rules: { region: { enabled: false }, 'landmark-one-main': { enabled: false }, 'page-has-heading-one': { enabled: false } },
  });
  return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

const annotations = [
  makeAnnotation({ spanId: 'llm-1', name: 'correctness', label: 'correct', score: 1 }),
  makeAnnotation({ spanId: 'llm-1', name: 'correctness', annotatorKind: 'LLM', label: 'incorrect', score: 0 }),
  makeAnnotation({ spanId: 'tool', name: 'latency_ok', annotatorKind: 'CODE', score: 1, explanation: 'under budget' }),
];

const malformed: Span[] = [
  makeSpan({ spanId: 'r', name: 'root' }),
  makeSpan({ spanId: 'o', parentId: 'missing', name: 'orphan' }),
  makeSpan({ spanId: 'c1', parentId: 'c2', name: 'cycle' }),
  makeSpan({ spanId: 'c2', parentId: 'c1', name: 'cycle back' }),
  makeSpan({ spanId: 'nt', parentId: 'r', name: 'no time', startTime: null, endTime: null, status: { code: 'ERROR', message: 'boom' } }),
  makeSpan({ spanId: 'uk', parentId: 'r', name: 'weird', kind: 'UNKNOWN', rawKind: 'banana' }),
];

describe('TraceViewer accessibility (axe in Chromium)', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`has no axe violations on an agent trace, for every selected span (${theme} theme)`, async () => {
      const { Wrapper } = makeWrapper({}, theme);
      const screen = await render(<TraceViewer spans={agentTrace()} annotations={annotations} />, { wrapper: Wrapper });
      expect(screen.container.querySelector('[data-slot="trace-viewer"]')?.getAttribute('data-ak-theme')).toBe(theme);
      const container = screen.container;
      expect(await violations(container)).toEqual([]);
      for (const row of [...container.querySelectorAll<HTMLElement>('[role="treeitem"]')]) {
        row.click();
        await new Promise((resolve) => setTimeout(resolve, 0));
        expect(await violations(container), row.textContent ?? '').toEqual([]);
      }
    });
  }

  it('has no axe violations on a malformed trace with marks, after search and keyboard moves', async () => {
    const { Wrapper } = makeWrapper();
    const screen = await render(<TraceViewer spans={malformed} />, { wrapper: Wrapper });
    await screen.getByRole('searchbox', { name: 'Search spans' }).fill('cycle');
    await userEvent.keyboard('{Enter}');
    expect(await violations(screen.container)).toEqual([]);
  });

  it('stacks the details pane under the tree when narrow, and stays virtualised either way', async () => {
    const { Wrapper } = makeWrapper();
    for (const width of [400, 1000]) {
      const screen = await render(<TraceViewer spans={largeTrace(10_000)} height={600} style={{ width }} />, { wrapper: Wrapper });
      const tree = screen.container.querySelector('[data-slot="trace-viewer-tree-pane"]')!.getBoundingClientRect();
      const details = screen.container.querySelector('[data-slot="trace-viewer-details-pane"]')!.getBoundingClientRect();
      if (width === 400) expect(details.top).toBeGreaterThanOrEqual(tree.bottom - 1);
      else expect(details.left).toBeGreaterThanOrEqual(tree.right - 1);
      expect(tree.height).toBeGreaterThan(100);
      expect(screen.container.querySelectorAll('[role="treeitem"]').length).toBeLessThan(60);
      await screen.unmount();
    }
  });

  it('keeps focus on a real treeitem while moving through a virtualised 10,000-span tree', async () => {
    const { Wrapper } = makeWrapper();
    // Wide enough for the side-by-side layout (below 42rem the details pane wraps under the tree, halving it).
    const screen = await render(<TraceViewer spans={largeTrace(10_000)} height={500} style={{ width: 1000 }} />, { wrapper: Wrapper });
    const first = screen.container.querySelector<HTMLElement>('[role="treeitem"]')!;
    first.focus();
    await userEvent.keyboard('{PageDown}{PageDown}{PageDown}');
    const active = document.activeElement as HTMLElement;
    expect(active.getAttribute('role')).toBe('treeitem');
    expect(Number(active.getAttribute('data-row-index'))).toBeGreaterThan(20);
    // The focused row is inside the viewport, not left behind off screen.
    const viewport = screen.container.querySelector('[data-slot="trace-viewer-viewport"]')!.getBoundingClientRect();
    const rect = active.getBoundingClientRect();
    expect(rect.top).toBeGreaterThanOrEqual(viewport.top - 1);
    expect(rect.bottom).toBeLessThanOrEqual(viewport.bottom + 1);
    await userEvent.keyboard('{End}');
    expect((document.activeElement as HTMLElement).getAttribute('data-row-index')).toBe('9999');
    expect(screen.container.querySelectorAll('[role="treeitem"]').length).toBeLessThan(60);
    expect(await violations(screen.container)).toEqual([]);
  });
});

describe('TraceViewer with a 10 MB value (Chromium)', () => {
  it('shows the value cut short with "Show more", and axe still passes', async () => {
    const { Wrapper } = makeWrapper();
    const huge = makeSpan({ spanId: 'h', name: 'dump', attributes: { output: { value: 'x'.repeat(10_000_000) } } });
    const screen = await render(<TraceViewer spans={[makeSpan({ spanId: 'r', name: 'root' }), { ...huge, parentId: 'r' }]} />, { wrapper: Wrapper });
    screen.container.querySelectorAll<HTMLElement>('[role="treeitem"]')[1]!.click();
    await expect.poll(() => screen.container.querySelectorAll('[data-slot="show-more"]').length).toBeGreaterThan(0);
    expect(screen.container.textContent!.length).toBeLessThan(100_000);
    expect(await violations(screen.container)).toEqual([]);
  });
});

describe('Bounded value views (Chromium)', () => {
  it('the JSON tree at its depth limit, moved deeper, and a cut Markdown text have no axe violations', async () => {
    let deep: unknown = 'bottom';
    for (let level = 0; level < 50; level += 1) deep = { level: deep };
    const { Wrapper } = makeWrapper();
    const screen = await render(
      <>
        <JsonTree value={{ ['k'.repeat(500)]: deep, invalid: new Map() }} defaultExpandDepth={Infinity} />
        <Markdown source={`# Notes\n\n${'*a '.repeat(10_000)}`} />
      </>,
      { wrapper: Wrapper },
    );
    expect(await violations(screen.container)).toEqual([]);
    await screen.getByRole('button', { name: 'Show the levels below level' }).click();
    await expect.element(screen.getByRole('button', { name: 'Back to the top' })).toBeInTheDocument();
    expect(await violations(screen.container)).toEqual([]);
  });
});
