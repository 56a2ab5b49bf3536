'use client';
import { useControllableState } from './useControllableState';
import { useCallback, useId, useMemo, useRef, useState, type CSSProperties, type HTMLAttributes, type KeyboardEvent, type MouseEvent, type UIEvent } from 'react';
import type { Annotation, Span } from '../core/model';
import { getInputText, getLatencyMs, getModelName, getOutputText, getTokenCounts } from '../core/spans/readers';
import { summarizeAnnotations, summarizeByNameAndKind, type AnnotationGroupSummary } from '../core/summary';
import { targetKey } from '../core/targets';
import { useFixedRowWindow } from './useFixedRowWindow';
import { composeEventHandlers } from './dom';
// The handler composition every prop getter uses (the caller's handler first).
import { useLatestRef } from './useLatestRef';
import { useLocaleFormats, type LocaleFormats } from './useLocaleFormats';

/** A column of the span table. Built-in ids: `time`, `name`, `kind`, `status`, `latency`, `tokens`, `model`, `input`, `output`; annotation columns are `annotation:<name>`. */
export interface SpanTableColumn {
  id: string;
  /** Header text. */
  header: string;
  /** Whether the column sorts. Annotation columns sort by mean score, or by the most frequent label when none is scored. */
  sortable: boolean;
  /** The annotation name, for an annotation column. */
  annotationName?: string;
}

/** Sort state: a column id and a direction, or null for the backend's order. */
export type SpanTableSort = { columnId: string; direction: 'ascending' | 'descending' } | null;

export interface UseSpanTableOptions {
  /** The rows (usually from `useFilteredSpans` or `useSpans`). */
  spans: readonly Span[];
  /** Annotation names that get a column each. Default none. */
  annotationNames?: readonly string[];
  /** Annotations of the loaded rows by `targetKey`, for the annotation columns. Sorting by an annotation column needs them for every row, not only the visible ones. Default none. */
  annotationsByTarget?: ReadonlyMap<string, readonly Annotation[]>;
  /** Sort (controlled). */
  sort?: SpanTableSort;
  /** Initial sort (uncontrolled). Default null (backend order). */
  defaultSort?: SpanTableSort;
  /** Called when the sort changes. */
  onSortChange?: (sort: SpanTableSort) => void;
  /** Hidden column ids (controlled). */
  hiddenColumns?: readonly string[];
  /** Initially hidden column ids (uncontrolled). Default none. */
  defaultHiddenColumns?: readonly string[];
  /** Called when columns are shown or hidden. */
  onHiddenColumnsChange?: (hidden: string[]) => void;
  /** Selected span ids (controlled). */
  selection?: readonly string[];
  /** Initially selected span ids (uncontrolled). Default none. */
  defaultSelection?: readonly string[];
  /** Called when the selection changes. */
  onSelectionChange?: (selection: string[]) => void;
  /** Called when Enter is pressed on the focused row or a row is double-clicked (open it in a queue or viewer). */
  onActivate?: (span: Span, index: number) => void;
  /** Called when the viewport nears the last loaded row (load the next page here). */
  onNearEnd?: () => void;
  /** Row height in pixels: rows are fixed-height so 100k rows cost only the visible ones. Default 36. */
  rowHeight?: number;
  /** Rows rendered beyond each edge of the viewport. Default 8. */
  overscan?: number;
  /** Viewport height before it is measured. Default 480. */
  initialViewportHeight?: number;
}

/** One rendered row of the virtual window. */
export interface SpanTableItem {
  /** Position in the sorted rows. */
  index: number;
  span: Span;
  /** Pixel offset of the row inside the scroll body. */
  top: number;
}

export interface UseSpanTableResult {
  /** Every column, hidden or not. */
  allColumns: SpanTableColumn[];
  /** The visible columns, in order. */
  columns: SpanTableColumn[];
  /** The rows in display order. */
  rows: readonly Span[];
  /** The rows to render now, in row order: the viewport plus overscan, plus the focused row. */
  items: SpanTableItem[];
  /** First row of the virtual window (overscan included, the kept focused row not): where the rows on screen begin. */
  windowStart: number;
  totalHeight: number;
  rowHeight: number;
  sort: SpanTableSort;
  /** Cycles a column's sort: ascending, descending, off. */
  toggleSort: (columnId: string) => void;
  hiddenColumns: readonly string[];
  /** Shows or hides a column. */
  setColumnHidden: (columnId: string, hidden: boolean) => void;
  selection: readonly string[];
  isSelected: (spanId: string) => boolean;
  /** Selects every loaded row of the current filter. */
  selectAll: () => void;
  clearSelection: () => void;
  /** Row index with keyboard focus. */
  focusedIndex: number;
  /** The text of a cell (annotation cells: see `getAnnotationSummary`). */
  getCellText: (span: Span, columnId: string) => string;
  /** HUMAN / LLM / CODE summaries of a span's annotations of one name. */
  getAnnotationSummary: (span: Span, name: string) => AnnotationGroupSummary[];
  /** Props for the scroll viewport (role grid, scroll handler, keyboard). */
  getViewportProps: () => {
    ref: (node: HTMLElement | null) => void;
    role: 'grid';
    tabIndex: number;
    'aria-rowcount': number;
    'aria-colcount': number;
    'aria-multiselectable': true;
    'aria-activedescendant'?: string;
    onScroll: (event: UIEvent<HTMLElement>) => void;
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
  };
  /** Props for a header cell (aria-sort, click to sort). */
  getHeaderProps: (column: SpanTableColumn) => {
    role: 'columnheader';
    'aria-sort'?: 'ascending' | 'descending' | 'none';
    'data-column': string;
  };
  /**
   * Props for a row of the window, with the caller's props: their `onClick` / `onDoubleClick` run
   * first and may `preventDefault()`; their `style` is laid over the row's position. The row's id,
   * role, ARIA and `data-*` state stay the hook's.
   */
  getRowProps: (
    item: SpanTableItem,
    props?: HTMLAttributes<HTMLElement>,
  ) => HTMLAttributes<HTMLElement> & {
    id: string;
    role: 'row';
    'aria-rowindex': number;
    'aria-selected': boolean;
    'data-state': 'selected' | 'idle';
    'data-focused'?: '';
    style: CSSProperties;
    onClick: (event: MouseEvent<HTMLElement>) => void;
    onDoubleClick: (event: MouseEvent<HTMLElement>) => void;
  };
  /** Id prefix of rows (for `aria-activedescendant`). */
  rowIdPrefix: string;
}

const BUILT_IN: SpanTableColumn[] = [
  { id: 'time', header: 'Time', sortable: true },
  { id: 'name', header: 'Name', sortable: true },
  { id: 'kind', header: 'Kind', sortable: true },
  { id: 'status', header: 'Status', sortable: true },
  { id: 'latency', header: 'Latency', sortable: true },
  { id: 'tokens', header: 'Tokens', sortable: true },
  { id: 'model', header: 'Model', sortable: true },
  { id: 'input', header: 'Input', sortable: false },
  { id: 'output', header: 'Output', sortable: false },
];

const PREVIEW = 120;
const NONE: readonly string[] = [];
const NO_ANNOTATIONS: readonly Annotation[] = [];

function preview(text: string | undefined): string {
  if (!text) return '';
  // Only the head of the text can show: a 10 MB output is not rewritten for a 120-character cell.
  const head = text.length > PREVIEW * 20 ? text.slice(0, PREVIEW * 20) : text;
  const flat = head.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW ? `${flat.slice(0, PREVIEW)}…` : flat;
}

const ANNOTATION_COLUMN = 'annotation:';

/** The annotation name of an annotation column's id (`annotation:<name>`), or null for a built-in column. */
export function annotationColumnName(columnId: string): string | null {
  return columnId.startsWith(ANNOTATION_COLUMN) ? columnId.slice(ANNOTATION_COLUMN.length) : null;
}

/** An annotation column's sort value: the mean score, else the most frequent label, of that name on the span. */
function annotationSortValue(
  span: Span,
  name: string,
  annotationsByTarget: ReadonlyMap<string, readonly Annotation[]> | undefined,
): number | string | undefined {
  const list = annotationsByTarget?.get(targetKey({ kind: 'span', spanId: span.spanId }));
  if (!list?.length) return undefined;
  const summary = summarizeAnnotations(list.filter((annotation) => annotation.name === name));
  return summary.meanScore ?? summary.labels[0]?.label.toLowerCase();
}

/** The value a column sorts by: numbers for numeric columns, lower-cased text otherwise; undefined sorts last. */
function sortValue(
  span: Span,
  columnId: string,
  annotationsByTarget: ReadonlyMap<string, readonly Annotation[]> | undefined,
): number | string | undefined {
  const annotationName = annotationColumnName(columnId);
  if (annotationName !== null) return annotationSortValue(span, annotationName, annotationsByTarget);
  switch (columnId) {
    case 'time':
      return span.startTime ?? undefined;
    case 'latency':
      return getLatencyMs(span);
    case 'tokens':
      return getTokenCounts(span)?.total;
    case 'name':
      return String(span.name ?? '').toLowerCase();
    case 'kind':
      return span.kind;
    case 'status':
      return span.status?.code;
    case 'model':
      return getModelName(span)?.toLowerCase();
    default:
      return undefined;
  }
}

function cellText(span: Span, columnId: string, formats: LocaleFormats): string {
  switch (columnId) {
    case 'time':
      return span.startTime === null ? '' : formats.shortDateTime(new Date(span.startTime));
    case 'name':
      return String(span.name ?? '');
    case 'kind':
      return span.rawKind ?? span.kind;
    case 'status':
      return span.status?.code ?? '';
    case 'latency': {
      const ms = getLatencyMs(span);
      return ms === undefined ? '' : ms < 1000 ? `${formats.number(ms, 0)} ms` : `${(ms / 1000).toFixed(2)} s`;
    }
    case 'tokens': {
      const total = getTokenCounts(span)?.total;
      return total === undefined ? '' : formats.number(total, 0);
    }
    case 'model':
      return getModelName(span) ?? '';
    case 'input':
      return preview(getInputText(span));
    case 'output':
      return preview(getOutputText(span));
    default:
      return '';
  }
}


/** Summaries per span and name, computed when a cell first asks, for one set of annotations. */
function annotationSummaries(annotationsByTarget: ReadonlyMap<string, readonly Annotation[]> | undefined) {
  const summaries = new Map<string, AnnotationGroupSummary[]>();
  return (span: Span, name: string) => {
    const key = `${span.spanId}\u0000${name}`;
    let summary = summaries.get(key);
    if (!summary) {
      const list = annotationsByTarget?.get(targetKey({ kind: 'span', spanId: span.spanId })) ?? NO_ANNOTATIONS;
      summary = summarizeByNameAndKind(list.filter((annotation) => annotation.name === name));
      summaries.set(key, summary);
    }
    return summary;
  };
}

/**
 * Headless state of a span table: columns (built-in plus one per annotation name), sorting,
 * hidden columns, row selection with shift-click ranges and select-all, keyboard focus, and a
 * fixed-row-height virtual window (`useFixedRowWindow`, as in the trace viewer: viewport plus
 * overscan, the focused row kept mounted, resized with the viewport).
 */
export function useSpanTable(options: UseSpanTableOptions): UseSpanTableResult {
  const { spans, annotationNames = NONE, annotationsByTarget, rowHeight = 36, overscan = 8, initialViewportHeight = 480, onNearEnd } = options;
  const [sort, setSort] = useControllableState<SpanTableSort>(options.sort, options.defaultSort ?? null, options.onSortChange);
  const [hiddenColumns, setHidden] = useControllableState<readonly string[]>(
    options.hiddenColumns,
    options.defaultHiddenColumns ?? NONE,
    options.onHiddenColumnsChange as ((next: readonly string[]) => void) | undefined,
  );
  const [selection, setSelection, { currentRef: selectionRef }] = useControllableState<readonly string[]>(
    options.selection,
    options.defaultSelection ?? NONE,
    options.onSelectionChange as ((next: readonly string[]) => void) | undefined,
  );

  const allColumns = useMemo<SpanTableColumn[]>(
    () => [...BUILT_IN, ...annotationNames.map((name) => ({ id: `${ANNOTATION_COLUMN}${name}`, header: name, sortable: true, annotationName: name }))],
    [annotationNames],
  );
  const columns = useMemo(() => allColumns.filter((column) => !hiddenColumns.includes(column.id)), [allColumns, hiddenColumns]);

  // Only a sort by an annotation column reads the annotations, so a page of annotations arriving
  // does not re-sort a table sorted by latency.
  const sortAnnotations = sort && annotationColumnName(sort.columnId) !== null ? annotationsByTarget : undefined;
  const rows = useMemo<readonly Span[]>(() => {
    if (!sort) return spans;
    const factor = sort.direction === 'ascending' ? 1 : -1;
    const keyed = spans.map((span, index) => ({ span, index, value: sortValue(span, sort.columnId, sortAnnotations) }));
    keyed.sort((a, b) => {
      if (a.value === undefined || b.value === undefined) {
        if (a.value === b.value) return a.index - b.index;
        return a.value === undefined ? 1 : -1;
      }
      // A column mixing scores and labels (scores on some spans only) puts the scored ones first.
      if (typeof a.value !== typeof b.value) return typeof a.value === 'number' ? -1 : 1;
      const order = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
      return order * factor || a.index - b.index;
    });
    return keyed.map((entry) => entry.span);
  }, [spans, sort, sortAnnotations]);

  const selectedSet = useMemo(() => new Set(selection), [selection]);
  const [focusedIndex, setFocusedIndex] = useState(0);
  const anchorRef = useRef<number | null>(null);
  // From useId, so the server's HTML and the hydrated client agree on every row's id.
  const idPrefix = `ak-span-row-${useId()}-`;

  const nearEndRef = useLatestRef(onNearEnd);
  const virtual = useFixedRowWindow({
    rowCount: rows.length,
    rowHeight,
    overscan,
    initialViewportHeight,
    // The sticky header sits inside the viewport, so one row of it is kept clear.
    headerHeight: rowHeight,
    keepRow: focusedIndex,
    onScroll: (first, height) => {
      if (first + Math.ceil(height / rowHeight) + overscan * 4 >= rows.length) nearEndRef.current?.();
    },
  });
  const { visibleCount, scrollToRow: scrollToIndex } = virtual;
  const items = useMemo(
    () => virtual.rows.map((index): SpanTableItem => ({ index, span: rows[index]!, top: index * rowHeight })),
    [virtual.rows, rows, rowHeight],
  );
  const activateRef = useLatestRef(options.onActivate);

  const selectRange = useCallback(
    (from: number, to: number, additive: boolean) => {
      const [low, high] = from <= to ? [from, to] : [to, from];
      const next = new Set(additive ? selectionRef.current : NONE);
      for (let index = low; index <= high; index += 1) next.add(rows[index]!.spanId);
      setSelection([...next]);
    },
    [rows, setSelection, selectionRef],
  );

  const toggleRow = useCallback(
    (index: number) => {
      const id = rows[index]?.spanId;
      if (id === undefined) return;
      const current = selectionRef.current;
      setSelection(current.includes(id) ? current.filter((entry) => entry !== id) : [...current, id]);
      anchorRef.current = index;
    },
    [rows, setSelection, selectionRef],
  );

  const selectAll = useCallback(() => setSelection(rows.map((span) => span.spanId)), [rows, setSelection]);
  const clearSelection = useCallback(() => setSelection([]), [setSelection]);

  const toggleSort = useCallback(
    (columnId: string) => {
      if (!allColumns.find((column) => column.id === columnId)?.sortable) return;
      if (!sort || sort.columnId !== columnId) setSort({ columnId, direction: 'ascending' });
      else if (sort.direction === 'ascending') setSort({ columnId, direction: 'descending' });
      else setSort(null);
    },
    [allColumns, sort, setSort],
  );

  const setColumnHidden = useCallback(
    (columnId: string, hidden: boolean) => {
      const rest = hiddenColumns.filter((id) => id !== columnId);
      setHidden(hidden ? [...rest, columnId] : rest);
    },
    [hiddenColumns, setHidden],
  );

  const getAnnotationSummary = useMemo(() => annotationSummaries(annotationsByTarget), [annotationsByTarget]);
  const formats = useLocaleFormats();
  const getCellText = useCallback((span: Span, columnId: string) => cellText(span, columnId, formats), [formats]);

  const moveFocus = useCallback(
    (index: number, extend: boolean) => {
      if (!rows.length) return;
      const next = Math.max(0, Math.min(rows.length - 1, index));
      if (extend) {
        anchorRef.current ??= focusedIndex;
        selectRange(anchorRef.current, next, false);
      } else anchorRef.current = next;
      setFocusedIndex(next);
      scrollToIndex(next);
    },
    [rows.length, focusedIndex, selectRange, scrollToIndex],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      if (event.target !== event.currentTarget) return;
      const page = Math.max(1, visibleCount - 1);
      const extend = event.shiftKey;
      switch (event.key) {
        case 'ArrowDown':
          moveFocus(focusedIndex + 1, extend);
          break;
        case 'ArrowUp':
          moveFocus(focusedIndex - 1, extend);
          break;
        case 'PageDown':
          moveFocus(focusedIndex + page, extend);
          break;
        case 'PageUp':
          moveFocus(focusedIndex - page, extend);
          break;
        case 'Home':
          moveFocus(0, extend);
          break;
        case 'End':
          moveFocus(rows.length - 1, extend);
          break;
        case ' ':
          toggleRow(focusedIndex);
          break;
        case 'Enter':
          if (!rows[focusedIndex]) return;
          activateRef.current?.(rows[focusedIndex]!, focusedIndex);
          break;
        case 'a':
          if (!(event.ctrlKey || event.metaKey)) return;
          selectAll();
          break;
        case 'Escape':
          if (!selectionRef.current.length) return;
          clearSelection();
          break;
        default:
          return;
      }
      event.preventDefault();
    },
    [visibleCount, focusedIndex, moveFocus, rows, toggleRow, selectAll, clearSelection, selectionRef, activateRef],
  );

  const { viewportRef, onScroll } = virtual;
  const getViewportProps = useCallback(
    () => ({
      ref: viewportRef,
      role: 'grid' as const,
      tabIndex: 0,
      'aria-rowcount': rows.length + 1,
      'aria-colcount': columns.length + 1,
      'aria-multiselectable': true as const,
      ...(rows.length ? { 'aria-activedescendant': `${idPrefix}${Math.min(focusedIndex, rows.length - 1)}` } : {}),
      onScroll,
      onKeyDown,
    }),
    [viewportRef, rows.length, columns.length, idPrefix, focusedIndex, onScroll, onKeyDown],
  );

  const getHeaderProps = useCallback(
    (column: SpanTableColumn) => ({
      role: 'columnheader' as const,
      'data-column': column.id,
      ...(column.sortable
        ? { 'aria-sort': sort?.columnId === column.id ? sort.direction : ('none' as const) }
        : {}),
    }),
    [sort],
  );

  const getRowProps = useCallback(
    (item: SpanTableItem, props?: HTMLAttributes<HTMLElement>) => {
      const selected = selectedSet.has(item.span.spanId);
      return {
        ...props,
        id: `${idPrefix}${item.index}`,
        role: 'row' as const,
        'aria-rowindex': item.index + 2,
        'aria-selected': selected,
        'data-state': selected ? ('selected' as const) : ('idle' as const),
        ...(item.index === focusedIndex ? { 'data-focused': '' as const } : {}),
        style: { position: 'absolute', top: item.top, left: 0, right: 0, height: rowHeight, ...props?.style } satisfies CSSProperties,
        onClick: composeEventHandlers(props?.onClick, (event: MouseEvent<HTMLElement>) => {
          if (event.shiftKey && anchorRef.current !== null) selectRange(anchorRef.current, item.index, event.metaKey || event.ctrlKey);
          else toggleRow(item.index);
          setFocusedIndex(item.index);
        }),
        onDoubleClick: composeEventHandlers(props?.onDoubleClick, () => activateRef.current?.(item.span, item.index)),
      };
    },
    [selectedSet, idPrefix, focusedIndex, rowHeight, selectRange, toggleRow, activateRef],
  );

  return {
    allColumns,
    columns,
    rows,
    items,
    windowStart: virtual.start,
    totalHeight: virtual.totalHeight,
    rowHeight,
    sort,
    toggleSort,
    hiddenColumns,
    setColumnHidden,
    selection,
    isSelected: (spanId: string) => selectedSet.has(spanId),
    selectAll,
    clearSelection,
    focusedIndex,
    getCellText,
    getAnnotationSummary,
    getViewportProps,
    getHeaderProps,
    getRowProps,
    rowIdPrefix: idPrefix,
  };
}
