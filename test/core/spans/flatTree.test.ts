import { describe, expect, it } from 'vitest';
import { buildTraceTree, flattenTraceTree, loadSpans, spanSearchText, visibleNodes, type Span } from '../../../src/core';
import { fixture } from './fixtures';

function span(spanId: string, parentId: string | null, extra: Partial<Span> = {}): Span {
  return {
    spanId,
    traceId: 'trace-1',
    parentId,
    name: spanId,
    kind: 'CHAIN',
    startTime: 0,
    endTime: 100,
    status: { code: 'UNSET', message: null },
    attributes: {},
    events: [],
    ...extra,
  };
}

describe('flattenTraceTree', () => {
  it('lays out the rows visibleNodes yields with every node expanded, in the same order', () => {
    const spans = loadSpans(fixture('agent-prism'));
    const flat = flattenTraceTree(spans);
    const tree = buildTraceTree(spans);
    const all = visibleNodes(tree, new Set(tree.nodes.map((node) => node.key)));
    expect(flat.size).toBe(29);
    expect(flat.keys).toEqual(all.map((node) => node.key));
    expect(Array.from(flat.depth)).toEqual(all.map((node) => node.depth));
    for (let i = 0; i < flat.size; i += 1) {
      expect(flat.indexByKey.get(flat.keys[i]!)).toBe(i);
      const node = all[i]!;
      expect(flat.parent[i]).toBe(node.parent ? flat.indexByKey.get(node.parent.key) : -1);
      expect(flat.subtreeEnd[i]).toBe(i + 1 + node.descendantCount);
      expect(flat.childCount[i]).toBe(node.children.length);
    }
  });

  it('gives siblings their ARIA position and set size, roots included', () => {
    const flat = flattenTraceTree([span('a', null), span('b', null, { startTime: 10 }), span('a1', 'a'), span('a2', 'a', { startTime: 5 })]);
    expect(flat.keys).toEqual(['a', 'a1', 'a2', 'b']);
    expect(Array.from(flat.posInSet)).toEqual([1, 1, 2, 2]);
    expect(Array.from(flat.setSize)).toEqual([2, 2, 2, 2]);
    expect(flat.timeline).toEqual({ start: 0, end: 100, duration: 100 });
  });

  it('marks a span whose status is ERROR with `error` beside the tree marks, and lists the problems by key', () => {
    const flat = flattenTraceTree([span('a', null), span('b', 'gone', { status: { code: 'ERROR', message: 'boom' } }), span('a', null)]);
    expect(flat.marks[flat.indexByKey.get('a')!]).toBeUndefined();
    expect(flat.marks[flat.indexByKey.get('b')!]).toEqual(['orphan', 'error']);
    expect(flat.marks[flat.indexByKey.get('a#2')!]).toEqual(['duplicate-id']);
    expect(flat.problems.get('b')).toEqual(['parent gone is not in this trace; shown as a root']);
  });
});

describe('spanSearchText', () => {
  const searched = span('5f1c', 'parent-77', {
    name: 'Search_Flights',
    kind: 'RETRIEVER',
    traceId: 'trace-abc',
    status: { code: 'ERROR', message: 'Quota Exceeded' },
    attributes: { llm: { model_name: 'gpt-4o', tools: [{ name: 'book_hotel' }] } },
    events: [{ name: 'exception', time: 1, attributes: { exception: { message: 'Timed out' } } }],
  });

  it('covers the name, span id, status message, attribute keys and values, and events, lower-cased', () => {
    const text = spanSearchText(searched);
    for (const needle of ['search_flights', '5f1c', 'quota exceeded', 'model_name', 'gpt-4o', 'book_hotel', 'exception', 'timed out']) {
      expect(text).toContain(needle);
    }
  });

  it('does not cover the kind, the trace id or the parent id', () => {
    const text = spanSearchText(searched);
    for (const needle of ['retriever', 'trace-abc', 'parent-77']) expect(text).not.toContain(needle);
  });
});
