import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ContentView, JsonTree, SpanDetails, TruncatedText } from '../../../src/components/trace-viewer';
import { HOSTILE_JSON, HOSTILE_MARKDOWN } from '../../support/hostileText';
import { makeSpan } from './fixtures';

/** `[[[…[1]…]]]`, `depth` levels deep, built without recursion. */
function nestedArrays(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = [value];
  return value;
}

/** Deepest chain of nested tree rows in the DOM. */
function domDepth(root: Element): number {
  let deepest = 0;
  for (const node of root.querySelectorAll('[data-slot="json-node"]')) {
    let depth = 0;
    for (let parent = node.parentElement; parent && parent !== root; parent = parent.parentElement) {
      if (parent.getAttribute('data-slot') === 'json-node') depth += 1;
    }
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

describe('JsonTree keeps a bounded cost whatever the value', () => {
  it('renders 50,000 nested arrays, all asked open, as 20 levels and a "…" that goes deeper', async () => {
    const user = userEvent.setup();
    const { container } = render(<JsonTree value={nestedArrays(50_000)} defaultExpandDepth={Infinity} />);
    const tree = container.querySelector('[data-slot="json-tree"]')!;
    expect(tree.querySelectorAll('[data-slot="json-node"]').length).toBeLessThanOrEqual(21);
    expect(domDepth(tree)).toBe(20);
    const deeper = screen.getByRole('button', { name: 'Show the levels below 0' });
    expect(deeper).toHaveTextContent('…');

    await user.click(deeper);
    expect(within(tree as HTMLElement).getByText(/^Showing \$ › 0 › 0 › … › 0 › 0 › 0 \(level 20\)$/)).toBeInTheDocument();
    expect(tree.querySelectorAll('[data-slot="json-node"]').length).toBeLessThanOrEqual(21);
    await user.click(screen.getByRole('button', { name: 'Show the levels below 0' }));
    expect(within(tree as HTMLElement).getByText(/\(level 40\)$/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Back to the top' }));
    expect(tree.querySelector('[data-slot="json-tree-path"]')).toBeNull();
    expect(screen.getAllByRole('button', { expanded: true })[0]).toHaveTextContent('[1]');
  });

  it('opens at most 300 rows at first, however wide the levels asked open', () => {
    const wide = Array.from({ length: 100 }, () => Array.from({ length: 100 }, () => Array.from({ length: 100 }, (_, index) => index)));
    const { container } = render(<JsonTree value={wide} defaultExpandDepth={3} />);
    const rows = container.querySelectorAll('[data-slot="json-node"]').length;
    expect(rows).toBeGreaterThan(100);
    expect(rows).toBeLessThanOrEqual(1 + 300);
  });

  it('shows 100 children of a node at first and more on request', async () => {
    const user = userEvent.setup();
    const value = Object.fromEntries(Array.from({ length: 20_000 }, (_, index) => [`k${index}`, index]));
    const { container } = render(<JsonTree value={value} />);
    expect(container.querySelectorAll('[data-slot="json-node"]')).toHaveLength(101);
    await user.click(screen.getByRole('button', { name: 'Show 1000 more' }));
    expect(container.querySelectorAll('[data-slot="json-node"]')).toHaveLength(1_101);
  });

  it('cuts long keys and long strings, and marks what JSON cannot hold instead of showing nothing', () => {
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle.self = cycle;
    const { container } = render(
      <JsonTree
        value={{
          ['k'.repeat(5_000)]: 's'.repeat(50_000),
          when: new Date(Date.UTC(2026, 0, 2)),
          map: new Map([[1, 2]]),
          run: () => 1,
          missing: undefined,
          cycle,
        }}
      />,
    );
    expect(container.textContent!.length).toBeLessThan(3_000);
    expect(container).toHaveTextContent(`${'k'.repeat(200)}…`);
    expect(screen.getByRole('button', { name: /Show more \([\d,]+ more characters\)/ })).toBeInTheDocument();
    const unsupported = [...container.querySelectorAll('[data-type="unsupported"]')].map((node) => node.textContent);
    expect(unsupported).toEqual(['2026-01-02T00:00:00.000Z (not JSON)', 'Map (not JSON)', 'function (not JSON)', 'undefined (not JSON)']);
    expect(container.querySelector('[data-type="circular"]')).toHaveTextContent('[circular]');
  });
});

describe('ContentView', () => {
  it('marks a value that says it is JSON but does not parse, and still shows its text', () => {
    render(<ContentView value={'{"answer": "yes",'} mimeType="application/json" />);
    expect(screen.getByRole('note')).toHaveTextContent(/^Not valid JSON \(.+\); shown as text\.$/);
    expect(screen.getByText('{"answer": "yes",')).toBeInTheDocument();
  });

  it('offers JSON for text that starts like it, and parses it only when asked; a failure is marked', async () => {
    const user = userEvent.setup();
    const { container } = render(<ContentView value={'[1, 2'} mimeType="text/plain" />);
    expect(container.querySelector('[data-slot="content-view"]')).toHaveAttribute('data-view', 'text');
    expect(screen.queryByRole('note')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'JSON' }));
    expect(screen.getByRole('button', { name: 'JSON' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('note')).toHaveTextContent(/^Not valid JSON \(.+\); shown as text\.$/);
    expect(container.querySelector('[data-slot="content-view"]')).toHaveAttribute('data-view', 'text');
    expect(screen.getByText('[1, 2')).toBeInTheDocument();
  });

  it('shows a JSON string value as its text, with the JSON view one click away', async () => {
    const user = userEvent.setup();
    const { container } = render(<ContentView value={'"Hello"'} mimeType="application/json" />);
    expect(container.querySelector('[data-slot="content-view"]')).toHaveAttribute('data-view', 'text');
    await user.click(screen.getByRole('button', { name: 'JSON' }));
    expect(container.querySelector('[data-slot="json-tree"] [data-type="string"]')).toHaveTextContent('"Hello"');
  });

  it('shows an empty value as such, not as a blank', () => {
    const { container } = render(<ContentView value="" />);
    expect(container.querySelector('[data-slot="content-view-empty"]')).toHaveTextContent('(empty string)');
  });

  it('guesses Markdown from structure, and plain text for hostile runs of delimiters', () => {
    const { container: markdown } = render(<ContentView value={'# Plan\n\n- one\n- two'} />);
    expect(markdown.querySelector('[data-slot="content-view"]')).toHaveAttribute('data-view', 'markdown');
    for (const name of ['emphasis openers `*a `', 'link openers `[a`', 'unclosed links `[a](b`'] as const) {
      const { container } = render(<ContentView value={HOSTILE_MARKDOWN[name]!(180_000)} mimeType="text/plain" />);
      expect(container.querySelector('[data-slot="content-view"]'), name).toHaveAttribute('data-view', 'text');
    }
  });

  it('shows deep and wide JSON values of 200,000 characters as a bounded tree', () => {
    for (const [name, make] of Object.entries(HOSTILE_JSON)) {
      const { container, unmount } = render(<ContentView value={make(200_000)} mimeType="application/json" />);
      expect(container.querySelector('[data-slot="content-view"]'), name).toHaveAttribute('data-view', 'json');
      expect(container.querySelectorAll('*').length, name).toBeLessThan(1_000);
      unmount();
    }
  });
});

describe('TruncatedText', () => {
  it('cuts text of short lines by lines too: 10,000 characters or 500 lines', async () => {
    const user = userEvent.setup();
    const { container } = render(<TruncatedText value={'a\n'.repeat(50_000)} />);
    const lines = () => container.querySelector('[data-slot="truncated-text"]')!.textContent!.split('\n').length;
    expect(lines()).toBe(500);
    await user.click(screen.getByRole('button', { name: /Show more/ }));
    expect(lines()).toBe(5_000);
  });

  it('starts again from its limit when it is given another value', async () => {
    const user = userEvent.setup();
    const { container, rerender } = render(<TruncatedText value={'a'.repeat(50_000)} limit={100} />);
    const shown = () => container.querySelector('[data-slot="truncated-text"]')!.textContent!.length;
    await user.click(screen.getByRole('button', { name: 'Show more (49,900 more characters)' }));
    expect(shown()).toBe(1_001);
    rerender(<TruncatedText value={'b'.repeat(50_000)} limit={100} />);
    expect(shown()).toBe(101);
  });

  it('never cuts an emoji in half at its limit', () => {
    const { container } = render(<TruncatedText value={`${'a'.repeat(99)}😀${'b'.repeat(500)}`} limit={100} />);
    const text = container.querySelector('[data-slot="truncated-text"]')!.textContent!;
    expect(text).toBe(`${'a'.repeat(99)}…`);
  });
});

describe('SpanDetails with malformed values', () => {
  it('marks an output whose JSON does not parse', () => {
    render(<SpanDetails span={makeSpan({ spanId: 's', attributes: { output: { value: '[1, 2', mime_type: 'application/json' } } })} />);
    const output = document.querySelector('[data-slot="span-details-output"]') as HTMLElement;
    expect(within(output).getByRole('note')).toHaveTextContent(/Not valid JSON/);
    expect(output).toHaveTextContent('[1, 2');
  });
});
