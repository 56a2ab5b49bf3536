import type { Span } from '../model';
import { buildTraceTree, type TraceNodeMark, type TraceTree } from './tree';

/** Why a row is marked: core's tree marks, plus `error` for a span whose status is ERROR. */
export type TraceViewerMark = TraceNodeMark | 'error';

/**
 * A trace tree laid out depth-first in parallel arrays: the shape a virtualised tree wants.
 * Collapsing a node skips to `subtreeEnd[i]`, a row's parent is `parent[i]`, its ARIA position
 * is `posInSet[i]` of `setSize[i]`; no per-row objects, so 100k spans cost a few typed arrays.
 */
export interface FlatTraceTree {
  size: number;
  /** The tree core built (`buildTraceTree`): nodes, problems, missing parents. */
  source: TraceTree;
  /** Spans in depth-first order. */
  spans: Span[];
  /** Row keys: the span id; a repeated span id gets `id#2`, `id#3`… so every row stays addressable. */
  keys: string[];
  indexByKey: ReadonlyMap<string, number>;
  depth: Int32Array;
  /** Index of the parent row, -1 for a root. */
  parent: Int32Array;
  /** Index just past the node's last descendant. */
  subtreeEnd: Int32Array;
  childCount: Int32Array;
  /** 1-based position among siblings (`aria-posinset`). */
  posInSet: Int32Array;
  /** Number of siblings including itself (`aria-setsize`). */
  setSize: Int32Array;
  /** Marks per row, `undefined` for a well-formed span. */
  marks: (readonly TraceViewerMark[] | undefined)[];
  /** What core found odd about each row, in words, by row key. */
  problems: ReadonlyMap<string, string[]>;
  /** Earliest start and latest end of the timed spans. */
  timeline: { start: number; end: number; duration: number } | null;
}

/**
 * Builds the trace tree with `buildTraceTree` and lays out its pre-order `nodes` (the rows
 * `visibleNodes` yields with every node expanded) in the parallel arrays of `FlatTraceTree`.
 * One pass over the nodes; `subtreeEnd[i]` comes from the node's `descendantCount`.
 */
export function flattenTraceTree(spans: readonly Span[]): FlatTraceTree {
  const source = buildTraceTree(spans);
  const nodes = source.nodes;
  const size = nodes.length;
  const keys: string[] = new Array(size);
  const spanList: Span[] = new Array(size);
  const indexByKey = new Map<string, number>();
  const depth = new Int32Array(size);
  const parent = new Int32Array(size);
  const subtreeEnd = new Int32Array(size);
  const childCount = new Int32Array(size);
  const posInSet = new Int32Array(size);
  const setSize = new Int32Array(size);
  const marks: (readonly TraceViewerMark[] | undefined)[] = new Array(size).fill(undefined);
  for (let i = 0; i < size; i += 1) {
    const node = nodes[i]!;
    keys[i] = node.key;
    spanList[i] = node.span;
    indexByKey.set(node.key, i);
    depth[i] = node.depth;
    parent[i] = node.parent ? node.parent.index : -1;
    subtreeEnd[i] = i + 1 + node.descendantCount;
    childCount[i] = node.children.length;
    const children = node.children;
    for (let c = 0; c < children.length; c += 1) {
      posInSet[children[c]!.index] = c + 1;
      setSize[children[c]!.index] = children.length;
    }
    const isError = node.span.status?.code === 'ERROR';
    if (node.marks.length || isError) marks[i] = isError ? [...node.marks, 'error'] : node.marks;
  }
  source.roots.forEach((root, position) => {
    posInSet[root.index] = position + 1;
    setSize[root.index] = source.roots.length;
  });
  const problems = new Map<string, string[]>();
  for (const problem of source.problems) {
    const list = problems.get(problem.key);
    if (list) list.push(problem.message);
    else problems.set(problem.key, [problem.message]);
  }
  const timeline =
    source.startTime !== null && source.endTime !== null && source.endTime >= source.startTime
      ? { start: source.startTime, end: source.endTime, duration: source.endTime - source.startTime }
      : null;
  return { size, source, spans: spanList, keys, indexByKey, depth, parent, subtreeEnd, childCount, posInSet, setSize, marks, problems, timeline };
}
