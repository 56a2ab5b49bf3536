'use client';
import { useCallback, useEffect, useMemo, useRef, useState, type UIEvent } from 'react';
import { useLatestRef } from './useLatestRef';

export interface UseFixedRowWindowOptions {
  /** Number of rows. */
  rowCount: number;
  /** Height of every row, px. */
  rowHeight: number;
  /** Rows rendered beyond each edge of the viewport. Default 8. */
  overscan?: number;
  /** Viewport height before it is measured (and on the server), px. Default 600. */
  initialViewportHeight?: number;
  /** Height of content above the first row inside the scrolling viewport (a sticky header), px. Default 0. */
  headerHeight?: number;
  /** A row kept rendered outside the window (the focused one, so focus never falls to `<body>`). Default -1 (none). */
  keepRow?: number;
  /** Called after each scroll with the first visible row and the viewport height (load more rows here). */
  onScroll?: (firstVisibleRow: number, viewportHeight: number) => void;
}

export interface UseFixedRowWindowResult {
  /** The rows to render, ascending: `start` to `end` plus `keepRow` when it is outside. */
  rows: number[];
  /** First row of the window, overscan included. */
  start: number;
  /** One past the window's last row, overscan included. */
  end: number;
  /** Rows that fit in the viewport (rounded up): a page for PageUp / PageDown. */
  visibleCount: number;
  viewportHeight: number;
  /** Height of all rows, px. */
  totalHeight: number;
  /** Ref callback for the scrolling element: measures it and follows its size with a ResizeObserver. */
  viewportRef: (node: HTMLElement | null) => void;
  /** The scrolling element, once mounted. */
  getViewport: () => HTMLElement | null;
  /** Scroll handler for the scrolling element. */
  onScroll: (event: UIEvent<HTMLElement>) => void;
  /** Scrolls the least distance that shows the row whole (below the header), and moves the window there at once. */
  scrollToRow: (row: number) => void;
}

/**
 * A virtual window over rows of one fixed height: row `i` sits at `i × rowHeight`, and only the
 * rows in the viewport plus `overscan` on each side are rendered, so 100,000 rows cost the ones
 * on screen. Used by `useTraceViewer` and `useSpanTable`; rows of varying height need a measuring
 * virtualiser (`@tanstack/react-virtual`) instead.
 */
export function useFixedRowWindow(options: UseFixedRowWindowOptions): UseFixedRowWindowResult {
  const { rowCount, rowHeight, overscan = 8, initialViewportHeight = 600, headerHeight = 0, keepRow = -1 } = options;
  const [firstVisibleRow, setFirstVisibleRow] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(initialViewportHeight);
  const nodeRef = useRef<HTMLElement | null>(null);
  const observerRef = useRef<ResizeObserver | null>(null);
  const onScrollRef = useLatestRef(options.onScroll);

  const viewportRef = useCallback((node: HTMLElement | null) => {
    observerRef.current?.disconnect();
    observerRef.current = null;
    nodeRef.current = node;
    if (!node) return;
    const measure = () => {
      if (node.clientHeight > 0) setViewportHeight(node.clientHeight);
    };
    measure();
    if (typeof ResizeObserver !== 'undefined') {
      observerRef.current = new ResizeObserver(measure);
      observerRef.current.observe(node);
    }
  }, []);

  const visibleCount = Math.ceil(viewportHeight / rowHeight);
  const start = Math.max(0, Math.min(firstVisibleRow, rowCount - 1) - overscan);
  const end = Math.min(rowCount, firstVisibleRow + visibleCount + overscan);
  const keep = keepRow >= 0 && keepRow < rowCount ? keepRow : -1;
  const rows = useMemo(() => {
    const list: number[] = [];
    if (keep >= 0 && keep < start) list.push(keep);
    for (let row = start; row < end; row += 1) list.push(row);
    if (keep >= end) list.push(keep);
    return list;
  }, [start, end, keep]);

  const onScroll = useCallback(
    (event: UIEvent<HTMLElement>) => {
      const node = event.currentTarget;
      const first = Math.floor(node.scrollTop / rowHeight);
      setFirstVisibleRow(first);
      // Without a ResizeObserver (old browsers, jsdom) a scroll is the next chance to measure.
      if (node.clientHeight > 0) setViewportHeight(node.clientHeight);
      onScrollRef.current?.(first, node.clientHeight || viewportHeight);
    },
    [rowHeight, viewportHeight, onScrollRef],
  );

  const scrollToRow = useCallback(
    (row: number) => {
      const viewport = nodeRef.current;
      if (!viewport || row < 0) return;
      const top = row * rowHeight;
      const height = viewport.clientHeight || viewportHeight;
      let next = viewport.scrollTop;
      if (top < next) next = top;
      else if (top + rowHeight + headerHeight > next + height) next = top + rowHeight + headerHeight - height;
      if (next !== viewport.scrollTop) viewport.scrollTop = next;
      setFirstVisibleRow(Math.floor(next / rowHeight));
    },
    [rowHeight, headerHeight, viewportHeight],
  );

  useEffect(() => () => observerRef.current?.disconnect(), []);

  const getViewport = useCallback(() => nodeRef.current, []);
  return { rows, start, end, visibleCount, viewportHeight, totalHeight: rowCount * rowHeight, viewportRef, getViewport, onScroll, scrollToRow };
}
