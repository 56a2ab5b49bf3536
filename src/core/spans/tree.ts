import type { Span } from '../model';

/**
 * The trace tree the viewer draws. Built in linear passes with explicit stacks (never recursion, as a
 * trace may be 100,000 spans deep), and tolerant of every pathology real exports have: nothing is
 * dropped, everything odd is marked on the node and listed in `problems`.
 */

/** What was odd about a node. */
export type TraceNodeMark =
  /** Its parent id names a span that is not in the set; shown as a root. */
  | 'orphan'
  /** It was part of a parent cycle (or is its own parent); the cycle was cut at one member, now a root. */
  | 'cycle'
  /** Another span earlier in the input has the same span id; this one gets key `<spanId>#<n>`. */
  | 'duplicate-id'
  /** It starts before its parent starts or ends after its parent ends. */
  | 'outside-parent-window'
  /** Its start or end time is missing. */
  | 'missing-time'
  /** Its end time is before its start time. */
  | 'end-before-start'
  /** Its kind is not an OpenInference kind (`span.rawKind` holds what the source said). */
  | 'unknown-kind';

/** Every mark, in the order a legend or a filter lists them. */
export const TRACE_NODE_MARKS: readonly TraceNodeMark[] = [
  'orphan',
  'cycle',
  'duplicate-id',
  'outside-parent-window',
  'missing-time',
  'end-before-start',
  'unknown-kind',
];

export interface TraceNode {
  /** Unique in the tree: the span id, or `<spanId>#<n>` for the n-th span with an id already taken. Use as the row key and in `expanded`. */
  key: string;
  span: Span;
  /** 0 for roots. */
  depth: number;
  /** Sorted by start time (stable; spans without a start time last). */
  children: TraceNode[];
  parent: TraceNode | null;
  /** Empty for a healthy node. */
  marks: TraceNodeMark[];
  /** Number of nodes below this one. */
  descendantCount: number;
  /** Position in `tree.nodes` (pre-order). */
  index: number;
}

/** One thing that was odd, for a problems list; the same facts as the node's marks, in words. */
export interface TraceProblem {
  key: string;
  spanId: string;
  mark: TraceNodeMark;
  message: string;
}

export interface TraceTree {
  /** Spans without a parent in the set (true roots, orphans, cut cycles), sorted by start time. */
  roots: TraceNode[];
  /** Every node by its `key` (so a duplicate span id is reachable as `<spanId>#2`). */
  byId: Map<string, TraceNode>;
  /** Every node in pre-order (parents before children, siblings by start time): the fully expanded rows. */
  nodes: TraceNode[];
  /** Earliest start time of any span, or null when none has one. */
  startTime: number | null;
  /** Latest end time of any span, or null when none has one. */
  endTime: number | null;
  problems: TraceProblem[];
  /** Parent ids referenced by orphans but absent from the set, in first-seen order. */
  missingParentIds: string[];
}

function compareStart(a: TraceNode, b: TraceNode): number {
  const x = a.span.startTime;
  const y = b.span.startTime;
  if (x === y) return 0;
  if (x === null || x === undefined || Number.isNaN(x)) return 1;
  if (y === null || y === undefined || Number.isNaN(y)) return -1;
  return x - y;
}

function sortByStart(list: TraceNode[]): void {
  // Spans usually arrive in time order, so check before paying for a sort (Array#sort is stable).
  for (let i = 1; i < list.length; i++) {
    if (compareStart(list[i - 1]!, list[i]!) > 0) {
      list.sort(compareStart);
      return;
    }
  }
}

/** Which member of a cycle loses its parent link: earliest start, then smallest span id, then input order. */
function cycleBreaker(members: number[], nodes: TraceNode[]): number {
  let best = members[0]!;
  for (const candidate of members) {
    const a = nodes[candidate]!;
    const b = nodes[best]!;
    const byStart = compareStart(a, b);
    if (byStart < 0 || (byStart === 0 && (a.span.spanId < b.span.spanId || (a.span.spanId === b.span.spanId && candidate < best)))) {
      best = candidate;
    }
  }
  return best;
}

function isTime(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Builds the trace tree of a set of spans (one trace or several). O(n) passes plus sorting siblings
 * that are out of time order; no recursion. Orphans, cycles, duplicate ids, children outside their
 * parent's window, missing times and unknown kinds are kept and marked, never dropped.
 */
export function buildTraceTree(spans: readonly Span[]): TraceTree {
  const count = spans.length;
  const all: TraceNode[] = new Array<TraceNode>(count);
  const byId = new Map<string, TraceNode>();
  const problems: TraceProblem[] = [];
  const missingParentIds: string[] = [];
  const missingSeen = new Set<string>();

  const mark = (node: TraceNode, what: TraceNodeMark, message: string) => {
    if (!node.marks.includes(what)) node.marks.push(what);
    problems.push({ key: node.key, spanId: node.span.spanId, mark: what, message });
  };

  // Pass 1: first occurrences own their span id as key; later ones get `<id>#<n>` in pass 2, so
  // a duplicate's key can never shadow a span whose real id happens to look like `<id>#2`.
  const later: TraceNode[] = [];
  // `index` holds the input position until the pre-order pass renumbers it.
  for (let i = 0; i < count; i++) {
    const span = spans[i]!;
    const node: TraceNode = { key: span.spanId, span, depth: 0, children: [], parent: null, marks: [], descendantCount: 0, index: i };
    all[i] = node;
    if (byId.get(span.spanId) === undefined) byId.set(span.spanId, node);
    else later.push(node);
  }
  const duplicates = new Map<string, number>();
  for (const node of later) {
    let n = duplicates.get(node.span.spanId) ?? 1;
    let key: string;
    do {
      n += 1;
      key = `${node.span.spanId}#${n}`;
    } while (byId.has(key));
    duplicates.set(node.span.spanId, n);
    node.key = key;
    byId.set(key, node);
    mark(node, 'duplicate-id', `span id ${node.span.spanId} appears more than once; this copy is shown as ${key}`);
  }

  // Pass 2: parent links by index. A parent id resolves to the first span with that id.
  const parentOf = new Int32Array(count).fill(-1);
  for (let i = 0; i < count; i++) {
    const node = all[i]!;
    const parentId = node.span.parentId;
    if (parentId === null || parentId === undefined || parentId === '') continue;
    const parent = byId.get(parentId);
    // A duplicate's `<id>#<n>` key is not a span id: only a span that really has this id is a parent.
    const parentIndex = parent !== undefined && parent.span.spanId === parentId ? parent.index : undefined;
    if (parentIndex === undefined) {
      mark(node, 'orphan', `parent ${parentId} is not in this trace; shown as a root`);
      if (!missingSeen.has(parentId)) {
        missingSeen.add(parentId);
        missingParentIds.push(parentId);
      }
    } else if (parentIndex === i) {
      mark(node, 'cycle', `span ${node.span.spanId} names itself as its parent; shown as a root`);
    } else {
      parentOf[i] = parentIndex;
    }
  }

  // Pass 3: cut cycles. Each node has at most one parent, so walking up from every unvisited node
  // and stamping the walk finds each cycle once; every node is stamped once in all, O(n).
  const state = new Int32Array(count); // 0 unvisited, i+1 on the walk started at i, -1 settled
  const path: number[] = [];
  for (let start = 0; start < count; start++) {
    if (state[start] !== 0) continue;
    const stamp = start + 1;
    path.length = 0;
    let at = start;
    while (at !== -1 && state[at] === 0) {
      state[at] = stamp;
      path.push(at);
      at = parentOf[at]!;
    }
    if (at !== -1 && state[at] === stamp) {
      const members = path.slice(path.indexOf(at));
      const breaker = cycleBreaker(members, all);
      const names = members.map((index) => all[index]!.span.spanId);
      const cut = all[breaker]!;
      const lostParent = all[parentOf[breaker]!]!;
      parentOf[breaker] = -1;
      for (const index of members) {
        const node = all[index]!;
        if (index === breaker) {
          mark(node, 'cycle', `parent cycle ${[...names, names[0]].join(' → ')}; link to parent ${lostParent.span.spanId} cut here, shown as a root`);
        } else {
          mark(node, 'cycle', `part of the parent cycle cut at ${cut.key}`);
        }
      }
    }
    for (const index of path) state[index] = -1;
  }

  // Pass 4: children lists in input order, then sorted by start time.
  const roots: TraceNode[] = [];
  for (let i = 0; i < count; i++) {
    const node = all[i]!;
    const parentIndex = parentOf[i]!;
    if (parentIndex === -1) {
      roots.push(node);
    } else {
      node.parent = all[parentIndex]!;
      node.parent.children.push(node);
    }
  }
  sortByStart(roots);
  for (const node of all) if (node.children.length > 1) sortByStart(node.children);

  // Pass 5: pre-order with an explicit stack; depth, index and the per-node marks.
  const nodes: TraceNode[] = [];
  let startTime: number | null = null;
  let endTime: number | null = null;
  const stack: TraceNode[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push(roots[i]!);
  while (stack.length > 0) {
    const node = stack.pop()!;
    node.index = nodes.length;
    node.depth = node.parent ? node.parent.depth + 1 : 0;
    nodes.push(node);
    const { span } = node;
    const start = isTime(span.startTime) ? span.startTime : null;
    const end = isTime(span.endTime) ? span.endTime : null;
    if (start !== null && (startTime === null || start < startTime)) startTime = start;
    if (end !== null && (endTime === null || end > endTime)) endTime = end;
    if (start === null || end === null) {
      const missing = start === null && end === null ? 'start and end times' : start === null ? 'start time' : 'end time';
      mark(node, 'missing-time', `span ${span.spanId} has no ${missing}`);
    } else if (end < start) {
      mark(node, 'end-before-start', `span ${span.spanId} ends ${start - end} ms before it starts`);
    }
    if (span.kind === 'UNKNOWN' && span.rawKind !== undefined) {
      mark(node, 'unknown-kind', `span ${span.spanId} has kind ${JSON.stringify(span.rawKind)}, not an OpenInference kind`);
    }
    const parent = node.parent;
    if (parent) {
      const parentStart = isTime(parent.span.startTime) ? parent.span.startTime : null;
      const parentEnd = isTime(parent.span.endTime) ? parent.span.endTime : null;
      const early = start !== null && parentStart !== null && start < parentStart;
      const late = end !== null && parentEnd !== null && end > parentEnd;
      if (early || late) {
        const how = early && late ? 'starts before and ends after' : early ? `starts ${parentStart! - start!} ms before` : `ends ${end! - parentEnd!} ms after`;
        mark(node, 'outside-parent-window', `span ${span.spanId} ${how} its parent ${parent.span.spanId}`);
      }
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }

  // Pass 6: descendant counts, children before parents (reverse pre-order).
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    if (node.parent) node.parent.descendantCount += node.descendantCount + 1;
  }

  return { roots, byId, nodes, startTime, endTime, problems, missingParentIds };
}

/**
 * The rows a tree view shows: roots, and the children of every node whose key is in `expanded`, in
 * pre-order. O(number of visible rows), so collapsing a 100,000-span subtree costs nothing.
 */
export function visibleNodes(tree: Pick<TraceTree, 'roots'>, expanded: ReadonlySet<string>): TraceNode[] {
  const rows: TraceNode[] = [];
  const stack: TraceNode[] = [];
  for (let i = tree.roots.length - 1; i >= 0; i--) stack.push(tree.roots[i]!);
  while (stack.length > 0) {
    const node = stack.pop()!;
    rows.push(node);
    if (node.children.length > 0 && expanded.has(node.key)) {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    }
  }
  return rows;
}

/** The node's ancestors from its root down to its parent ([] for a root): the keys to expand to reveal it. */
export function ancestorsOf(node: TraceNode): TraceNode[] {
  const out: TraceNode[] = [];
  for (let at = node.parent; at !== null; at = at.parent) out.push(at);
  return out.reverse();
}
