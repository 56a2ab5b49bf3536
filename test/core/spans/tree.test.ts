import { describe, expect, it } from 'vitest';
import { TRACE_NODE_MARKS, ancestorsOf, buildTraceTree, loadSpans, visibleNodes, type Span, type TraceNode } from '../../../src/core';
import { fixture } from './fixtures';

function span(spanId: string, parentId: string | null, startTime: number | null = 0, endTime: number | null = 100, extra: Partial<Span> = {}): Span {
  return {
    spanId,
    traceId: 't',
    parentId,
    name: spanId,
    kind: 'CHAIN',
    startTime,
    endTime,
    status: { code: 'UNSET', message: null },
    attributes: {},
    events: [],
    ...extra,
  };
}

const keys = (nodes: TraceNode[]) => nodes.map((node) => node.key);

describe('buildTraceTree on the real fixtures', () => {
  it('agent-prism: one root main, depth 6, every span placed, no marks', () => {
    const tree = buildTraceTree(loadSpans(fixture('agent-prism')));
    expect(keys(tree.roots)).toEqual(['eedf08ee18ae3bfe']);
    expect(tree.roots[0]!.span.name).toBe('main');
    expect(tree.nodes).toHaveLength(29);
    expect(tree.roots[0]!.descendantCount).toBe(28);
    expect(Math.max(...tree.nodes.map((node) => node.depth)) + 1).toBe(6);
    expect(tree.problems).toEqual([]);
    expect(tree.startTime).toBe(tree.roots[0]!.span.startTime);
  });

  it('agent-prism: children come out in start-time order although the file lists children first', () => {
    const tree = buildTraceTree(loadSpans(fixture('agent-prism')));
    for (const node of tree.nodes) {
      const starts = node.children.map((child) => child.span.startTime!);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
    }
    const main = tree.roots[0]!;
    expect(main.children.map((child) => child.span.name)).toEqual([
      'AgentExecutor',
      'ChatCompletion',
      'ChatCompletion',
      'ChatCompletion',
      'quotient.end_of_trace',
    ]);
  });

  it('OTLP example: the single span is an orphan root whose missing parent is listed', () => {
    const tree = buildTraceTree(loadSpans(fixture('otlp-example')));
    expect(tree.roots[0]!.marks).toEqual(['orphan']);
    expect(tree.missingParentIds).toEqual(['eee19b7ec3c1b173']);
    expect(tree.problems).toEqual([
      { key: 'eee19b7ec3c1b174', spanId: 'eee19b7ec3c1b174', mark: 'orphan', message: 'parent eee19b7ec3c1b173 is not in this trace; shown as a root' },
    ]);
  });

  it('Vercel: 10 unlinked roots in start order', () => {
    const tree = buildTraceTree(loadSpans(fixture('vercel')));
    expect(tree.roots).toHaveLength(10);
    expect(tree.roots[0]!.span.name).toBe('ai.generateText');
    expect(tree.problems).toEqual([]);
  });

  it('Langfuse: depth 4 (CHAIN > AGENT > LLM > TOOL) from observations out of order', () => {
    const tree = buildTraceTree(loadSpans(fixture('langfuse')));
    expect(tree.roots).toHaveLength(1);
    const tool = tree.nodes.find((node) => node.span.kind === 'TOOL')!;
    expect(tool.depth).toBe(3);
    expect(ancestorsOf(tool).map((node) => node.span.kind)).toEqual(['CHAIN', 'AGENT', 'LLM']);
    expect(tree.nodes.map((node) => node.span.name)).toEqual([
      'invocation [hello_app]',
      'agent_run [hello_agent]',
      'call_llm',
      'execute_tool say_hello',
      'call_llm',
    ]);
    expect(tree.problems).toEqual([]);
  });
});

describe('buildTraceTree marks pathologies and drops nothing', () => {
  it('marks orphans and keeps them as roots', () => {
    const tree = buildTraceTree([span('a', null), span('b', 'gone'), span('c', 'gone')]);
    expect(keys(tree.roots)).toEqual(['a', 'b', 'c']);
    expect(tree.byId.get('b')!.marks).toEqual(['orphan']);
    expect(tree.missingParentIds).toEqual(['gone']);
  });

  it('cuts a cycle at its earliest member, marks every member, and keeps all spans', () => {
    const tree = buildTraceTree([span('x', 'z', 30, 40), span('y', 'x', 20, 50), span('z', 'y', 10, 60)]);
    expect(tree.nodes).toHaveLength(3);
    expect(keys(tree.roots)).toEqual(['z']);
    // z lost its parent y, so the chain now reads z → x → y.
    expect(keys(tree.nodes)).toEqual(['z', 'x', 'y']);
    for (const node of tree.nodes) expect(node.marks).toContain('cycle');
    const cut = tree.problems.find((problem) => problem.key === 'z' && problem.mark === 'cycle')!;
    expect(cut.message).toMatch(/^parent cycle .*; link to parent y cut here, shown as a root$/);
  });

  it('cuts the same cycle the same way whatever the input order', () => {
    const spans = [span('x', 'z', 30, 40), span('y', 'x', 20, 50), span('z', 'y', 10, 60)];
    const reversed = buildTraceTree([...spans].reverse());
    expect(keys(reversed.nodes)).toEqual(['z', 'x', 'y']);
  });

  it('breaks ties in a cycle by span id and handles a self-parent', () => {
    const tree = buildTraceTree([span('b', 'a', 5), span('a', 'b', 5), span('self', 'self', 0)]);
    expect(keys(tree.roots)).toEqual(['self', 'a']);
    expect(tree.byId.get('self')!.marks).toEqual(['cycle']);
  });

  it('keeps both spans with a duplicate id and marks the second', () => {
    const tree = buildTraceTree([span('root', null, 0, 100), span('d', 'root', 10, 20), span('d', 'root', 30, 40), span('kid', 'd', 12, 18)]);
    expect(tree.nodes).toHaveLength(4);
    expect(tree.byId.get('d')!.marks).toEqual([]);
    expect(tree.byId.get('d#2')!.marks).toEqual(['duplicate-id']);
    expect(keys(tree.byId.get('d')!.children)).toEqual(['kid']);
    expect(keys(tree.roots[0]!.children)).toEqual(['d', 'd#2']);
  });

  it('never gives a duplicate a key that a real span id already has', () => {
    const tree = buildTraceTree([span('d', null), span('d', null), span('d#2', null)]);
    expect(keys(tree.nodes).sort()).toEqual(['d', 'd#2', 'd#3']);
    expect(tree.byId.get('d#2')!.span.spanId).toBe('d#2');
  });

  it('does not treat a duplicate key as a span id when resolving parents', () => {
    const tree = buildTraceTree([span('d', null), span('d', null), span('child', 'd#2')]);
    expect(tree.byId.get('child')!.marks).toEqual(['orphan']);
    expect(tree.missingParentIds).toEqual(['d#2']);
  });

  it('marks children outside their parent window', () => {
    const tree = buildTraceTree([span('p', null, 10, 20), span('early', 'p', 5, 15), span('late', 'p', 12, 25), span('ok', 'p', 10, 20)]);
    expect(tree.byId.get('early')!.marks).toEqual(['outside-parent-window']);
    expect(tree.byId.get('late')!.marks).toEqual(['outside-parent-window']);
    expect(tree.byId.get('ok')!.marks).toEqual([]);
    expect(tree.problems.find((problem) => problem.key === 'early')!.message).toBe('span early starts 5 ms before its parent p');
  });

  it('marks missing and reversed times and sorts spans without a start last', () => {
    const tree = buildTraceTree([span('p', null, 0, 100), span('none', 'p', null, null), span('noend', 'p', 50, null), span('first', 'p', 10, 20), span('back', 'p', 60, 55)]);
    expect(keys(tree.byId.get('p')!.children)).toEqual(['first', 'noend', 'back', 'none']);
    expect(tree.byId.get('none')!.marks).toEqual(['missing-time']);
    expect(tree.byId.get('noend')!.marks).toEqual(['missing-time']);
    expect(tree.byId.get('back')!.marks).toEqual(['end-before-start']);
    expect(tree.startTime).toBe(0);
    expect(tree.endTime).toBe(100);
  });

  it('marks unknown kinds that the loader kept as rawKind, not spans that simply had no kind', () => {
    const tree = buildTraceTree([span('k', null, 0, 1, { kind: 'UNKNOWN', rawKind: 'PLANNER' }), span('plain', null, 0, 1, { kind: 'UNKNOWN' })]);
    expect(tree.byId.get('k')!.marks).toEqual(['unknown-kind']);
    expect(tree.byId.get('plain')!.marks).toEqual([]);
  });

  it('produces every mark listed in TRACE_NODE_MARKS, each with a problem in words', () => {
    const tree = buildTraceTree([
      span('p', null, 10, 20),
      span('orphan', 'gone', 0, 1),
      span('self', 'self', 0, 1),
      span('p', null, 10, 20),
      span('early', 'p', 5, 15),
      span('timeless', 'p', null, null),
      span('backwards', 'p', 15, 12),
      span('odd', 'p', 11, 12, { kind: 'UNKNOWN', rawKind: 'PLANNER' }),
    ]);
    expect(new Set(tree.problems.map((problem) => problem.mark))).toEqual(new Set(TRACE_NODE_MARKS));
    expect(tree.nodes).toHaveLength(8);
  });

  it('returns an empty tree for no spans', () => {
    expect(buildTraceTree([])).toMatchObject({ roots: [], nodes: [], startTime: null, endTime: null, problems: [] });
  });
});

describe('buildTraceTree at scale', () => {
  it('builds a 100,000-span chain (depth 100,000) without overflowing the stack', () => {
    const n = 100_000;
    const spans: Span[] = [];
    // Listed deepest first so parents always come after their children.
    for (let i = n - 1; i >= 0; i--) spans.push(span(`s${i}`, i === 0 ? null : `s${i - 1}`, i, 2 * n - i));
    const tree = buildTraceTree(spans);
    expect(tree.nodes).toHaveLength(n);
    expect(tree.nodes[n - 1]!.depth).toBe(n - 1);
    expect(tree.roots[0]!.descendantCount).toBe(n - 1);
    expect(tree.problems).toEqual([]);
    expect(ancestorsOf(tree.nodes[n - 1]!)).toHaveLength(n - 1);
    const all = new Set(tree.nodes.map((node) => node.key));
    expect(visibleNodes(tree, all)).toHaveLength(n);
  });

  it('cuts a 100,000-span cycle without recursion', () => {
    const n = 100_000;
    const spans: Span[] = [];
    for (let i = 0; i < n; i++) spans.push(span(`s${i}`, `s${(i + 1) % n}`, n - i, n + i));
    const tree = buildTraceTree(spans);
    expect(tree.nodes).toHaveLength(n);
    expect(tree.roots).toHaveLength(1);
    expect(tree.nodes.every((node) => node.marks.includes('cycle'))).toBe(true);
  });
});

describe('visibleNodes and ancestorsOf', () => {
  const tree = buildTraceTree([
    span('r', null, 0, 100),
    span('a', 'r', 10, 50),
    span('a1', 'a', 20, 30),
    span('b', 'r', 60, 90),
    span('b1', 'b', 70, 80),
  ]);

  it('shows only roots when nothing is expanded', () => {
    expect(keys(visibleNodes(tree, new Set()))).toEqual(['r']);
  });

  it('shows the children of expanded nodes in pre-order', () => {
    expect(keys(visibleNodes(tree, new Set(['r', 'b'])))).toEqual(['r', 'a', 'b', 'b1']);
    expect(keys(visibleNodes(tree, new Set(['r', 'a', 'b'])))).toEqual(keys(tree.nodes));
  });

  it('hides the children of an expanded node under a collapsed one', () => {
    expect(keys(visibleNodes(tree, new Set(['a'])))).toEqual(['r']);
  });

  it('lists ancestors from the root down to the parent', () => {
    expect(keys(ancestorsOf(tree.byId.get('a1')!))).toEqual(['r', 'a']);
    expect(ancestorsOf(tree.byId.get('r')!)).toEqual([]);
  });

  it('counts descendants and numbers nodes in pre-order', () => {
    expect(tree.nodes.map((node) => [node.key, node.index, node.depth, node.descendantCount])).toEqual([
      ['r', 0, 0, 4],
      ['a', 1, 1, 1],
      ['a1', 2, 2, 0],
      ['b', 3, 1, 1],
      ['b1', 4, 2, 0],
    ]);
  });
});
