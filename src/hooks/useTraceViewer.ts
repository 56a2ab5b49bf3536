'use client';
import {
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type FocusEvent,
  type HTMLAttributes,
  type InputHTMLAttributes,
  type ChangeEvent,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import type { Span } from '../core/model';
import { flattenTraceTree, spanSearchText, type FlatTraceTree } from '../core/spans';
import { useControllableState } from './useControllableState';
import { useFixedRowWindow } from './useFixedRowWindow';
import { composeEventHandlers, isEditableTarget } from './dom';

export interface UseTraceViewerOptions {
  /** The spans of the trace, in any order; malformed trees (orphans, cycles, duplicates) are shown and marked. */
  spans: readonly Span[];
  /** Expanded rows (controlled), by row key (the span id; see `FlatTraceTree.keys`). */
  expanded?: ReadonlySet<string>;
  /** Expanded rows at first. Default `'all'`. */
  defaultExpanded?: ReadonlySet<string> | 'all';
  /** Called with the new expanded set. */
  onExpandedChange?: (expanded: ReadonlySet<string>) => void;
  /** The selected span's row key (controlled); `null` for none. */
  selectedSpanId?: string | null;
  /** The span selected at first. Default: the first root. */
  defaultSelectedSpanId?: string | null;
  /** Called when the user selects a span. */
  onSelectedSpanIdChange?: (spanId: string | null) => void;
  /** The search text (controlled). */
  search?: string;
  /** The search text at first. Default `''`. */
  defaultSearch?: string;
  /** Called as the user types in the search box. */
  onSearchChange?: (search: string) => void;
  /** Height of one tree row in px; rows are fixed-height so the window is computed, never measured. Default 32. */
  rowHeight?: number;
  /** Rows rendered beyond each edge of the viewport. Default 8. */
  overscan?: number;
  /** Viewport height assumed before it can be measured (server render, jsdom). Default 600. */
  initialViewportHeight?: number;
}

/** One rendered row of the virtual window. */
export interface TraceViewerItem {
  /** Position among the visible rows. */
  row: number;
  /** Index in `tree` (depth-first order). */
  node: number;
  key: string;
  span: Span;
  /** px from the top of the tree. */
  top: number;
}

export interface UseTraceViewerResult {
  /** The trace flattened depth-first, with marks for what is malformed. */
  tree: FlatTraceTree;
  /** Visible rows (indices into `tree`), depth-first; collapsed subtrees skipped. */
  rows: Int32Array;
  /** The rows to render now, in row order: the viewport plus overscan, plus the focused row so it keeps focus. */
  items: TraceViewerItem[];
  /** First row of the virtual window (overscan included, the kept focused row not): where the rows on screen begin. */
  windowStart: number;
  /** Height of all visible rows, px. */
  totalHeight: number;
  rowHeight: number;
  selectedSpanId: string | null;
  selectedSpan: Span | null;
  /** Selects a span by row key (and reveals it); `null` clears. */
  select: (spanId: string | null) => void;
  /** Row key of the row holding the roving focus. */
  focusedSpanId: string | null;
  expanded: ReadonlySet<string>;
  isExpanded: (spanId: string) => boolean;
  /** Expands (`true`), collapses (`false`) or toggles one row. */
  toggle: (spanId: string, open?: boolean) => void;
  expandAll: () => void;
  collapseAll: () => void;
  search: string;
  setSearch: (search: string) => void;
  /** Indices into `tree` of the spans whose `spanSearchText` contains the trimmed, lower-cased search, in tree order. */
  matches: Int32Array;
  /** Position of the current match in `matches`, or -1 before the first jump. */
  matchIndex: number;
  /** Jumps to the next match (wrapping): expands its ancestors, selects and scrolls to it. */
  nextMatch: () => void;
  /** Jumps to the previous match (wrapping). */
  previousMatch: () => void;
  /** Scrolls a span's row into view, expanding its ancestors. */
  scrollToSpan: (spanId: string) => void;
  /** Earliest start and latest end of the trace's timed spans (epoch ms), for the waterfall. */
  timeline: { start: number; end: number; duration: number } | null;
  /** Props for the element that owns `/` (focus search): usually the viewer's root. */
  getRootProps: (props?: HTMLAttributes<HTMLElement>) => HTMLAttributes<HTMLElement>;
  /** Props for the scrolling viewport around the tree. */
  getViewportProps: (props?: HTMLAttributes<HTMLDivElement>) => HTMLAttributes<HTMLDivElement> & DataAttributes & {
    ref: (node: HTMLDivElement | null) => void;
  };
  /** Props for the `role="tree"` element (sized to all rows; rows are positioned inside it): keyboard, and the rows' clicks and focus. */
  getTreeProps: (props?: HTMLAttributes<HTMLDivElement>) => HTMLAttributes<HTMLDivElement> & DataAttributes;
  /** Props for one row: ARIA treeitem state, roving tabindex, position. Clicks and focus are handled by the tree (`getTreeProps`). */
  getRowProps: (item: TraceViewerItem, props?: HTMLAttributes<HTMLDivElement>) => HTMLAttributes<HTMLDivElement> & DataAttributes;
  /** Props for a row's expand/collapse toggle: a click on it toggles instead of selecting (not focusable: the row handles the keyboard). */
  getToggleProps: (item: TraceViewerItem, props?: HTMLAttributes<HTMLElement>) => HTMLAttributes<HTMLElement> & DataAttributes;
  /** Props for the search input: value, change, Enter / Shift+Enter for next / previous match, Escape clears. */
  getSearchInputProps: (props?: InputHTMLAttributes<HTMLInputElement>) => InputHTMLAttributes<HTMLInputElement> &
    DataAttributes & { ref: (node: HTMLInputElement | null) => void; value: string; type: 'search' };
}

/** `data-*` attributes a prop getter adds. */
export type DataAttributes = { [key: `data-${string}`]: string | number | undefined };

const EMPTY_SET: ReadonlySet<string> = new Set();

/**
 * Headless state of a trace viewer: the span tree (flattened once), expanded rows, selection,
 * roving focus with the WAI-ARIA tree keyboard model plus `j`/`k` and `/`, search that jumps from
 * match to match, and a fixed-row-height virtual window. Render any markup with the prop getters.
 */
export function useTraceViewer(options: UseTraceViewerOptions): UseTraceViewerResult {
  const { spans, rowHeight = 32, overscan = 8, initialViewportHeight = 600 } = options;
  const tree = useMemo(() => flattenTraceTree(spans), [spans]);

  const [expanded, setExpanded, { reset: resetExpanded, isControlled: expandedControlled }] = useControllableState<ReadonlySet<string>>(
    options.expanded,
    () => (options.defaultExpanded === 'all' || options.defaultExpanded === undefined ? allParents(tree) : options.defaultExpanded),
    options.onExpandedChange,
  );
  const [selectedSpanId, setSelected, { reset: resetSelected, isControlled: selectedControlled }] = useControllableState<string | null>(
    options.selectedSpanId,
    () => (options.defaultSelectedSpanId !== undefined ? options.defaultSelectedSpanId : (tree.keys[0] ?? null)),
    options.onSelectedSpanIdChange,
  );
  const [search, setSearch] = useControllableState<string>(options.search, () => options.defaultSearch ?? '', options.onSearchChange);
  const [focusedKey, setFocusedKey] = useState<string | null>(null);

  // Spans that arrive after mount (a fetched trace) get the default expansion and selection;
  // a re-render with equal spans keeps what the user expanded, since rows are keyed by span id.
  const [treeSeen, setTreeSeen] = useState(tree);
  if (treeSeen !== tree) {
    setTreeSeen(tree);
    if (!expandedControlled && treeSeen.size === 0 && (options.defaultExpanded ?? 'all') === 'all') resetExpanded(allParents(tree));
    if (!selectedControlled && (selectedSpanId === null || !tree.indexByKey.has(selectedSpanId))) {
      const fallback = options.defaultSelectedSpanId !== undefined ? options.defaultSelectedSpanId : (tree.keys[0] ?? null);
      if (fallback !== selectedSpanId) resetSelected(fallback);
    }
  }
  const [matchIndex, setMatchIndex] = useState(-1);

  // Visible rows: a depth-first walk that jumps over a collapsed node's subtree in O(1) thanks to
  // the precomputed subtree ends, so 100k rows cost one pass over an Int32Array.
  const rows = useMemo(() => {
    const out = new Int32Array(tree.size);
    let count = 0;
    for (let i = 0; i < tree.size; ) {
      out[count++] = i;
      i = tree.childCount[i]! > 0 && !expanded.has(tree.keys[i]!) ? tree.subtreeEnd[i]! : i + 1;
    }
    return out.subarray(0, count);
  }, [tree, expanded]);
  const rowOfNode = useMemo(() => {
    const map = new Int32Array(tree.size).fill(-1);
    for (let row = 0; row < rows.length; row += 1) map[rows[row]!] = row;
    return map;
  }, [tree, rows]);

  const deferredSearch = useDeferredValue(search);
  const matches = useMemo(() => {
    const needle = deferredSearch.trim().toLowerCase();
    if (!needle) return new Int32Array(0);
    const found: number[] = [];
    for (let i = 0; i < tree.size; i += 1) if (spanSearchText(tree.spans[i]!).includes(needle)) found.push(i);
    return Int32Array.from(found);
  }, [tree, deferredSearch]);
  const matchSet = useMemo(() => new Set(matches), [matches]);

  // --- virtual window --------------------------------------------------------------------------
  const searchRef = useRef<HTMLInputElement | null>(null);
  const selectedNode = selectedSpanId === null ? -1 : (tree.indexByKey.get(selectedSpanId) ?? -1);
  const focusedNode =
    focusedKey !== null && tree.indexByKey.has(focusedKey) && rowOfNode[tree.indexByKey.get(focusedKey)!]! >= 0
      ? tree.indexByKey.get(focusedKey)!
      : selectedNode >= 0 && rowOfNode[selectedNode]! >= 0
        ? selectedNode
        : (rows[0] ?? -1);
  const focusedRow = focusedNode >= 0 ? rowOfNode[focusedNode]! : -1;

  const virtual = useFixedRowWindow({ rowCount: rows.length, rowHeight, overscan, initialViewportHeight, keepRow: focusedRow });
  const { visibleCount, scrollToRow: scrollRowIntoView, getViewport } = virtual;
  // The focused row stays mounted when scrolled away so roving focus never falls to <body>.
  const items = useMemo(
    () =>
      virtual.rows.map((row): TraceViewerItem => {
        const node = rows[row]!;
        return { row, node, key: tree.keys[node]!, span: tree.spans[node]!, top: row * rowHeight };
      }),
    [virtual.rows, rows, tree, rowHeight],
  );

  // Moving focus by keyboard re-renders first (the target row may not be mounted yet), then
  // focuses the row's element and scrolls it into view. Keys and clicks ask for it, and React runs
  // the effects of such an update before the browser paints, so a passive effect does the job of a
  // layout effect here without the warning React 18 prints for a layout effect on the server.
  const pendingFocus = useRef<{ key: string; focus: boolean } | null>(null);
  useEffect(() => {
    const pending = pendingFocus.current;
    if (!pending) return;
    const node = tree.indexByKey.get(pending.key);
    if (node === undefined) return;
    const row = rowOfNode[node]!;
    if (row < 0) return;
    pendingFocus.current = null;
    scrollRowIntoView(row);
    if (pending.focus) {
      const element = getViewport()?.querySelector<HTMLElement>(`[data-row-index="${row}"]`);
      element?.focus({ preventScroll: true });
    }
  });

  const reveal = useCallback(
    (key: string) => {
      const node = tree.indexByKey.get(key);
      if (node === undefined) return;
      let parent = tree.parent[node]!;
      let missing: string[] | null = null;
      while (parent >= 0) {
        const parentKey = tree.keys[parent]!;
        if (!expanded.has(parentKey)) (missing ??= []).push(parentKey);
        parent = tree.parent[parent]!;
      }
      if (missing) setExpanded((current) => new Set([...current, ...missing!]));
    },
    [tree, expanded, setExpanded],
  );

  const moveFocus = useCallback(
    (node: number, alsoSelect: boolean) => {
      if (node < 0) return;
      const key = tree.keys[node]!;
      setFocusedKey(key);
      if (alsoSelect) setSelected(key);
      pendingFocus.current = { key, focus: true };
    },
    [tree, setSelected],
  );

  const select = useCallback(
    (key: string | null) => {
      setSelected(key);
      if (key !== null && tree.indexByKey.has(key)) {
        reveal(key);
        setFocusedKey(key);
        pendingFocus.current = { key, focus: false };
      }
    },
    [tree, reveal, setSelected],
  );

  const toggle = useCallback(
    (key: string, open?: boolean) => {
      setExpanded((current) => {
        const isOpen = current.has(key);
        const want = open ?? !isOpen;
        if (want === isOpen) return current;
        const next = new Set(current);
        if (want) next.add(key);
        else next.delete(key);
        return next;
      });
    },
    [setExpanded],
  );
  const expandAll = useCallback(() => setExpanded(allParents(tree)), [tree, setExpanded]);
  const collapseAll = useCallback(() => setExpanded(EMPTY_SET), [setExpanded]);

  const jump = useCallback(
    (direction: 1 | -1) => {
      if (matches.length === 0) return;
      const next = matchIndex < 0 ? (direction === 1 ? 0 : matches.length - 1) : (matchIndex + direction + matches.length) % matches.length;
      setMatchIndex(next);
      select(tree.keys[matches[next]!]!);
    },
    [matches, matchIndex, select, tree],
  );
  const nextMatch = useCallback(() => jump(1), [jump]);
  const previousMatch = useCallback(() => jump(-1), [jump]);

  // A new search starts counting matches afresh.
  const [matchesSeen, setMatchesSeen] = useState(matches);
  if (matchesSeen !== matches) {
    setMatchesSeen(matches);
    setMatchIndex(-1);
  }

  const scrollToSpan = useCallback(
    (key: string) => {
      reveal(key);
      pendingFocus.current = { key, focus: false };
      setFocusedKey(key);
    },
    [reveal],
  );

  const onTreeKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      if (event.altKey || event.ctrlKey || event.metaKey || focusedRow < 0) return;
      const node = rows[focusedRow]!;
      const key = tree.keys[node]!;
      const hasChildren = tree.childCount[node]! > 0;
      const isOpen = hasChildren && expanded.has(key);
      const page = Math.max(1, visibleCount - 1);
      const at = (row: number) => rows[Math.max(0, Math.min(rows.length - 1, row))]!;
      switch (event.key) {
        case 'ArrowDown':
          moveFocus(at(focusedRow + 1), false);
          break;
        case 'ArrowUp':
          moveFocus(at(focusedRow - 1), false);
          break;
        case 'j':
          moveFocus(at(focusedRow + 1), true);
          break;
        case 'k':
          moveFocus(at(focusedRow - 1), true);
          break;
        case 'Home':
          moveFocus(at(0), false);
          break;
        case 'End':
          moveFocus(at(rows.length - 1), false);
          break;
        case 'PageDown':
          moveFocus(at(focusedRow + page), false);
          break;
        case 'PageUp':
          moveFocus(at(focusedRow - page), false);
          break;
        case 'ArrowRight':
          if (hasChildren && !isOpen) toggle(key, true);
          else if (isOpen) moveFocus(node + 1, false);
          break;
        case 'ArrowLeft':
          if (isOpen) toggle(key, false);
          else if (tree.parent[node]! >= 0) moveFocus(tree.parent[node]!, false);
          break;
        case 'Enter':
        case ' ':
          setSelected(key);
          break;
        case '*': {
          // WAI-ARIA tree: expand all siblings of the focused row.
          const parent = tree.parent[node]!;
          const next = new Set(expanded);
          for (let i = parent >= 0 ? parent + 1 : 0; i < (parent >= 0 ? tree.subtreeEnd[parent]! : tree.size); i = tree.subtreeEnd[i]!) {
            if (tree.childCount[i]! > 0) next.add(tree.keys[i]!);
          }
          setExpanded(next);
          break;
        }
        default:
          return;
      }
      event.preventDefault();
    },
    [focusedRow, rows, tree, expanded, visibleCount, moveFocus, toggle, setSelected, setExpanded],
  );

  const getRootProps = useCallback(
    (props?: HTMLAttributes<HTMLElement>): HTMLAttributes<HTMLElement> => ({
        ...props,
        onKeyDown: composeEventHandlers(props?.onKeyDown, (event: KeyboardEvent<HTMLElement>) => {
          if (event.key === '/' && !event.altKey && !event.ctrlKey && !event.metaKey && !isEditableTarget(event.target)) {
            event.preventDefault();
            searchRef.current?.focus();
            searchRef.current?.select();
          }
        }),
      }),
    [],
  );

  const { viewportRef, onScroll } = virtual;
  const getViewportProps = useCallback(
    (props?: HTMLAttributes<HTMLDivElement>) => ({
        ...props,
        ref: viewportRef,
        'data-slot': 'trace-viewer-viewport',
        style: { overflow: 'auto', position: 'relative', ...props?.style } satisfies CSSProperties,
        onScroll: composeEventHandlers(props?.onScroll, onScroll),
      }),
    [viewportRef, onScroll],
  );

  const { totalHeight } = virtual;
  // Clicks and focus are handled once on the tree (delegation): rows carry only data, so a row
  // component can be memoised and a selection change re-renders two rows, not the window.
  const rowKeyOf = useCallback(
    (target: EventTarget | null): string | null => {
      const row = target instanceof Element ? target.closest<HTMLElement>('[data-row-index]') : null;
      const index = row ? Number(row.dataset.rowIndex) : -1;
      return index >= 0 && index < rows.length ? tree.keys[rows[index]!]! : null;
    },
    [rows, tree],
  );
  const onTreeClick = useCallback(
    (event: MouseEvent<HTMLElement>) => {
      const key = rowKeyOf(event.target);
      if (key === null) return;
      setFocusedKey(key);
      const onToggle = event.target instanceof Element && event.target.closest('[data-slot="trace-viewer-toggle"]');
      if (onToggle) toggle(key);
      else setSelected(key);
    },
    [rowKeyOf, toggle, setSelected],
  );
  const onTreeFocus = useCallback(
    (event: FocusEvent<HTMLElement>) => {
      if (!(event.target instanceof HTMLElement) || event.target.dataset.rowIndex === undefined) return;
      const key = rowKeyOf(event.target);
      if (key !== null) setFocusedKey(key);
    },
    [rowKeyOf],
  );

  const getTreeProps = useCallback(
    (props?: HTMLAttributes<HTMLDivElement>): HTMLAttributes<HTMLDivElement> & DataAttributes => ({
        role: 'tree',
        'aria-multiselectable': false,
        'data-slot': 'trace-viewer-tree',
        ...props,
        style: { position: 'relative', height: totalHeight, ...props?.style } satisfies CSSProperties,
        onKeyDown: composeEventHandlers(props?.onKeyDown, onTreeKeyDown),
        onClick: composeEventHandlers(props?.onClick, onTreeClick),
        onFocus: composeEventHandlers(props?.onFocus, onTreeFocus),
      }),
    [totalHeight, onTreeKeyDown, onTreeClick, onTreeFocus],
  );

  const currentMatchNode = matchIndex >= 0 ? (matches[matchIndex] ?? -1) : -1;
  const getRowProps = useCallback(
    (item: TraceViewerItem, props?: HTMLAttributes<HTMLDivElement>): HTMLAttributes<HTMLDivElement> & DataAttributes => {
      const { node, row, key } = item;
      const hasChildren = tree.childCount[node]! > 0;
      const isOpen = hasChildren && expanded.has(key);
      const isSelected = node === selectedNode;
      return {
        role: 'treeitem',
        'aria-level': tree.depth[node]! + 1,
        'aria-setsize': tree.setSize[node]!,
        'aria-posinset': tree.posInSet[node]!,
        'aria-expanded': hasChildren ? isOpen : undefined,
        'aria-selected': isSelected,
        tabIndex: row === focusedRow ? 0 : -1,
        'data-slot': 'trace-viewer-row',
        'data-row-index': row,
        'data-state': hasChildren ? (isOpen ? 'open' : 'closed') : undefined,
        'data-selected': isSelected ? '' : undefined,
        'data-match': matchSet.has(node) ? '' : undefined,
        'data-current-match': node === currentMatchNode ? '' : undefined,
        'data-marked': tree.marks[node] ? '' : undefined,
        ...props,
        style: { position: 'absolute', top: item.top, left: 0, right: 0, height: rowHeight, ...props?.style } satisfies CSSProperties,
      };
    },
    [tree, expanded, selectedNode, focusedRow, matchSet, currentMatchNode, rowHeight],
  );

  const getToggleProps = useCallback(
    (item: TraceViewerItem, props?: HTMLAttributes<HTMLElement>): HTMLAttributes<HTMLElement> & DataAttributes => ({
        'aria-hidden': true,
        'data-slot': 'trace-viewer-toggle',
        'data-state': expanded.has(item.key) ? 'open' : 'closed',
        ...props,
      }),
    [expanded],
  );

  const setSearchRef = useCallback((node: HTMLInputElement | null) => {
    searchRef.current = node;
  }, []);
  const getSearchInputProps = useCallback(
    (props?: InputHTMLAttributes<HTMLInputElement>) => ({
        ...props,
        ref: setSearchRef,
        type: 'search' as const,
        value: search,
        'data-slot': 'trace-viewer-search',
        onChange: composeEventHandlers(props?.onChange, (event: ChangeEvent<HTMLInputElement>) => setSearch(event.currentTarget.value)),
        onKeyDown: composeEventHandlers(props?.onKeyDown, (event: KeyboardEvent<HTMLInputElement>) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            jump(event.shiftKey ? -1 : 1);
          } else if (event.key === 'Escape' && search) {
            event.preventDefault();
            setSearch('');
          }
        }),
      }),
    [setSearchRef, search, setSearch, jump],
  );

  return {
    tree,
    rows,
    items,
    windowStart: virtual.start,
    totalHeight,
    rowHeight,
    selectedSpanId: selectedNode >= 0 ? selectedSpanId : null,
    selectedSpan: selectedNode >= 0 ? tree.spans[selectedNode]! : null,
    select,
    focusedSpanId: focusedNode >= 0 ? tree.keys[focusedNode]! : null,
    expanded,
    isExpanded: (key: string) => expanded.has(key),
    toggle,
    expandAll,
    collapseAll,
    search,
    setSearch,
    matches,
    matchIndex,
    nextMatch,
    previousMatch,
    scrollToSpan,
    timeline: tree.timeline,
    getRootProps,
    getViewportProps,
    getTreeProps,
    getRowProps,
    getToggleProps,
    getSearchInputProps,
  };
}

function allParents(tree: FlatTraceTree): ReadonlySet<string> {
  const keys = new Set<string>();
  for (let i = 0; i < tree.size; i += 1) if (tree.childCount[i]! > 0) keys.add(tree.keys[i]!);
  return keys;
}
