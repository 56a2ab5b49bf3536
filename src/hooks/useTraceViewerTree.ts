import type { AttributeValue, Span } from '../core/model';

/** Why a row is marked: what was wrong with the span or its place in the tree. */
export type TraceNodeMark =
  | 'orphan'
  | 'cycle'
  | 'duplicate'
  | 'outside-window'
  | 'missing-time'
  | 'unknown-kind'
  | 'error';

/**
 * A trace tree laid out depth-first in parallel arrays: the shape a virtualised tree wants.
 * Collapsing a node skips to `subtreeEnd[i]`, a row's parent is `parent[i]`, its ARIA position
 * is `posInSet[i]` of `setSize[i]`; no per-row objects, so 100k spans cost a few typed arrays.
 */
export interface FlatTraceTree {
  size: number;
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
  marks: (readonly TraceNodeMark[] | undefined)[];
  /** Earliest start and latest end of the timed spans. */
  timeline: { start: number; end: number; duration: number } | null;
}

export interface TraceTreeNodeLike {
  span: Span;
  children: readonly TraceTreeNodeLike[];
  marks?: readonly string[];
}

const KNOWN_MARKS = new Set<TraceNodeMark>(['orphan', 'cycle', 'duplicate', 'outside-window', 'missing-time', 'unknown-kind', 'error']);

/**
 * Lays out a built trace tree (roots with children) depth-first into a {@link FlatTraceTree}.
 * Iterative, so a 100,000-deep chain of spans does not overflow the stack.
 */
export function flattenTree(roots: readonly TraceTreeNodeLike[]): FlatTraceTree {
  let size = 0;
  {
    const stack: TraceTreeNodeLike[] = [...roots];
    while (stack.length) {
      const node = stack.pop()!;
      size += 1;
      for (const child of node.children) stack.push(child);
    }
  }
  const spans: Span[] = new Array(size);
  const keys: string[] = new Array(size);
  const indexByKey = new Map<string, number>();
  const depth = new Int32Array(size);
  const parent = new Int32Array(size);
  const subtreeEnd = new Int32Array(size);
  const childCount = new Int32Array(size);
  const posInSet = new Int32Array(size);
  const setSize = new Int32Array(size);
  const marks: (readonly TraceNodeMark[] | undefined)[] = new Array(size).fill(undefined);
  let timelineStart = Infinity;
  let timelineEnd = -Infinity;

  // Stack entries: node, parent index, depth, position among siblings, sibling count. A negative
  // `closes` entry marks where a subtree ends.
  type Entry = { node: TraceTreeNodeLike; parent: number; depth: number; pos: number; of: number } | { closes: number };
  const stack: Entry[] = [];
  for (let i = roots.length - 1; i >= 0; i -= 1) stack.push({ node: roots[i]!, parent: -1, depth: 0, pos: i + 1, of: roots.length });
  let next = 0;
  while (stack.length) {
    const entry = stack.pop()!;
    if ('closes' in entry) {
      subtreeEnd[entry.closes] = next;
      continue;
    }
    const index = next++;
    const { span } = entry.node;
    spans[index] = span;
    let key = span.spanId;
    for (let copy = 2; indexByKey.has(key); copy += 1) key = `${span.spanId}#${copy}`;
    keys[index] = key;
    indexByKey.set(key, index);
    depth[index] = entry.depth;
    parent[index] = entry.parent;
    posInSet[index] = entry.pos;
    setSize[index] = entry.of;
    const children = entry.node.children;
    childCount[index] = children.length;
    const nodeMarks = entry.node.marks?.filter((mark): mark is TraceNodeMark => KNOWN_MARKS.has(mark as TraceNodeMark));
    const withError = span.status?.code === 'ERROR' ? [...(nodeMarks ?? []), 'error' as const] : nodeMarks;
    if (withError && withError.length) marks[index] = withError;
    if (typeof span.startTime === 'number' && Number.isFinite(span.startTime)) timelineStart = Math.min(timelineStart, span.startTime);
    if (typeof span.endTime === 'number' && Number.isFinite(span.endTime)) timelineEnd = Math.max(timelineEnd, span.endTime);
    stack.push({ closes: index });
    for (let i = children.length - 1; i >= 0; i -= 1) {
      stack.push({ node: children[i]!, parent: index, depth: entry.depth + 1, pos: i + 1, of: children.length });
    }
  }
  const timeline =
    Number.isFinite(timelineStart) && Number.isFinite(timelineEnd) && timelineEnd >= timelineStart
      ? { start: timelineStart, end: timelineEnd, duration: timelineEnd - timelineStart }
      : null;
  return { size, spans, keys, indexByKey, depth, parent, subtreeEnd, childCount, posInSet, setSize, marks, timeline };
}

const searchTexts = new WeakMap<Span, string>();

/**
 * The lower-cased text search looks in: the span's name, kind, ids, status message and every
 * attribute key and value (events too). Cached per span object, built on the first search only.
 */
export function spanSearchText(span: Span): string {
  let text = searchTexts.get(span);
  if (text === undefined) {
    const parts: string[] = [String(span.name ?? ''), String(span.spanId ?? ''), span.status?.message ?? ''];
    collectText(span.attributes, parts);
    for (const event of span.events ?? []) {
      parts.push(String(event.name ?? ''));
      collectText(event.attributes, parts);
    }
    text = parts.join('\n').toLowerCase();
    searchTexts.set(span, text);
  }
  return text;
}

function collectText(root: AttributeValue | undefined, parts: string[]): void {
  const stack: unknown[] = [root];
  let budget = 100_000; // values walked per span: a pathological attribute tree must not hang search
  while (stack.length && budget-- > 0) {
    const value = stack.pop();
    if (value === null || value === undefined) continue;
    if (typeof value === 'object') {
      if (Array.isArray(value)) for (const item of value) stack.push(item);
      else
        for (const [key, item] of Object.entries(value)) {
          parts.push(key);
          stack.push(item);
        }
    } else parts.push(String(value));
  }
}

// TEMPORARY until core's buildTraceTree lands on main: replaced by a mapping from its tree.
const KNOWN_KINDS = new Set(['LLM', 'CHAIN', 'TOOL', 'RETRIEVER', 'EMBEDDING', 'AGENT', 'RERANKER', 'GUARDRAIL', 'EVALUATOR', 'PROMPT']);
function buildRoots(spans: readonly Span[]): TraceTreeNodeLike[] {
  type Node = { span: Span; children: Node[]; marks: string[] };
  const nodes: Node[] = spans.map((span) => ({ span, children: [], marks: [] }));
  const byId = new Map<string, Node>();
  for (const node of nodes) {
    if (byId.has(node.span.spanId)) node.marks.push('duplicate');
    else byId.set(node.span.spanId, node);
    if (node.span.startTime == null || node.span.endTime == null) node.marks.push('missing-time');
    if (!KNOWN_KINDS.has(node.span.kind) || node.span.rawKind) node.marks.push('unknown-kind');
  }
  const roots: Node[] = [];
  for (const node of nodes) {
    const parentId = node.span.parentId;
    const parent = parentId ? byId.get(parentId) : undefined;
    if (!parentId) roots.push(node);
    else if (!parent || parent === node) {
      node.marks.push('orphan');
      roots.push(node);
    } else parent.children.push(node);
  }
  // Cycles: nodes never reached from a root.
  const reached = new Set<Node>();
  const stack = [...roots];
  while (stack.length) {
    const node = stack.pop()!;
    reached.add(node);
    stack.push(...node.children);
  }
  for (const node of nodes) {
    if (!reached.has(node)) {
      node.marks.push('cycle');
      const parent = byId.get(node.span.parentId!);
      if (parent) parent.children = parent.children.filter((child) => child !== node);
      roots.push(node);
      const again = [node];
      while (again.length) {
        const n = again.pop()!;
        reached.add(n);
        for (const child of n.children) if (!reached.has(child)) again.push(child);
      }
    }
  }
  for (const node of nodes) {
    for (const child of node.children) {
      const { startTime: ps, endTime: pe } = node.span;
      const { startTime: cs, endTime: ce } = child.span;
      if (ps != null && pe != null && cs != null && ce != null && (cs < ps || ce > pe)) child.marks.push('outside-window');
    }
    node.children.sort((a, b) => (a.span.startTime ?? Infinity) - (b.span.startTime ?? Infinity));
  }
  return roots;
}

/** Builds and flattens the tree of a trace's spans. */
export function flattenTraceTree(spans: readonly Span[]): FlatTraceTree {
  return flattenTree(buildRoots(spans));
}
