'use client';
import { forwardRef, memo, useEffect, useId, useMemo, useState, type CSSProperties, type HTMLAttributes, type ReactNode } from 'react';
import type { Span, SpanQuery } from '../../core/model';
import type { AnnotationGroupSummary } from '../../core/summary';
import { useAnnotationConfigs } from '../../hooks/useAnnotationConfigs';
import { useControllableState } from '../../hooks/useControllableState';
import { useFilteredSpans } from '../../hooks/useFilteredSpans';
import { localFormats, useLocaleFormats, type LocaleFormats } from '../../hooks/useLocaleFormats';
import { annotationColumnName, useSpanTable, type SpanTableColumn, type SpanTableSort, type UseSpanTableResult } from '../../hooks/useSpanTable';
import { ANNOTATION_WINDOW_BUCKET, useWindowedAnnotations } from '../../hooks/useWindowedAnnotations';
import { clip } from '../primitives/clip';
import { cn } from '../primitives/cn';
import { formatMessage as fill } from '../../provider/messages';
import { useMessages } from '../../provider/useMessages';
import { spanTableMessages, type SpanTableMessages } from './messages';

export { spanTableMessages, type SpanTableMessages } from './messages';

export interface SpanTableProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children' | 'onSelect'> {
  /** Filter condition in Phoenix's span-filter language (see `FilterBar`). Default `''` (every span). */
  condition?: string;
  /** Further backend filters (a session, a page size). Default none. */
  query?: Omit<SpanQuery, 'cursor'>;
  /** Rows already loaded; when given nothing is fetched and `condition` is ignored. */
  spans?: readonly Span[];
  /** Annotation names that get a column each. Default: the names of the annotation configs. */
  annotationNames?: readonly string[];
  /** Selected span ids (controlled). */
  selection?: readonly string[];
  /** Initially selected span ids (uncontrolled). Default none. */
  defaultSelection?: readonly string[];
  /** Called when the selection changes. */
  onSelectionChange?: (selection: string[]) => void;
  /** Sort (controlled); null keeps the backend's order. */
  sort?: SpanTableSort;
  /** Initial sort (uncontrolled). Default null. */
  defaultSort?: SpanTableSort;
  /** Called when the sort changes. */
  onSortChange?: (sort: SpanTableSort) => void;
  /** Hidden column ids (controlled). */
  hiddenColumns?: readonly string[];
  /** Initially hidden column ids (uncontrolled). Default none. */
  defaultHiddenColumns?: readonly string[];
  /** Called when columns are shown or hidden. */
  onHiddenColumnsChange?: (hidden: string[]) => void;
  /** Called on Enter or double-click on a row (open it in a review queue or trace viewer). */
  onRowActivate?: (span: Span, index: number) => void;
  /** Called with the rows in display order whenever they change (hand them to a `ReviewQueue`). */
  onRowsChange?: (rows: readonly Span[]) => void;
  /** Height of the table body's scroll area. Default 480. */
  height?: CSSProperties['height'];
  /** Row height in pixels (rows are fixed-height for virtualisation). Default 36. */
  rowHeight?: number;
  /** Extra content in the toolbar, e.g. a bulk-annotate button. Default none. */
  toolbar?: ReactNode;
  /** Override any UI text, on top of the provider's `spanTable` messages. Default none. */
  messages?: Partial<SpanTableMessages>;
}

const NO_SPANS: readonly Span[] = [];

const buttonClass =
  'ak:inline-flex ak:h-7 ak:cursor-pointer ak:items-center ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:text-xs ak:text-ak-fg ak:hover:bg-ak-surface-hover ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus ak:disabled:cursor-not-allowed ak:disabled:opacity-60';


/** One annotator kind's summary as short text: the top label with its share, or the mean score. */
export function formatSummary(group: AnnotationGroupSummary): string {
  return summaryText(group, localFormats());
}

/** `formatSummary` in the given formats (the reader's, or the fixed ones while hydrating). */
export function summaryText(group: AnnotationGroupSummary, formats: LocaleFormats): string {
  const top = group.labels[0];
  const value = top ? `${top.label} ${formats.percent(top.share)}` : group.meanScore !== null ? formats.number(group.meanScore, 2) : `${group.count}`;
  return `${group.annotatorKind === 'HUMAN' ? 'H' : group.annotatorKind === 'LLM' ? 'L' : 'C'} ${value}`;
}

/** A column's minimum width in rem and its share of the remaining width. */
function columnSize(column: SpanTableColumn): [min: number, share: number] {
  switch (column.id) {
    case 'time':
      return [9, 1];
    case 'name':
      return [8, 1.2];
    case 'input':
    case 'output':
      return [10, 2];
    case 'kind':
    case 'status':
    case 'latency':
    case 'tokens':
      return [4.5, 0.6];
    default:
      return [7, 1];
  }
}

const SELECT_COLUMN_REM = 2.25;

/**
 * A project's spans as a virtualised grid: time, name, kind, status, latency, tokens, model,
 * input/output previews, and one column per annotation name with its HUMAN and LLM summaries.
 * Sortable, hideable columns; selection with shift-click ranges and "select all in this filter";
 * pages load as the user scrolls. Built on `useSpanTable`.
 */
export const SpanTable = forwardRef<HTMLDivElement, SpanTableProps>(function SpanTable(props, ref) {
  const {
    condition = '',
    query,
    spans: givenSpans,
    annotationNames: givenNames,
    selection,
    defaultSelection,
    onSelectionChange,
    sort,
    defaultSort,
    onSortChange,
    hiddenColumns,
    defaultHiddenColumns,
    onHiddenColumnsChange,
    onRowActivate,
    onRowsChange,
    height = 480,
    rowHeight,
    toolbar,
    messages,
    className,
    ...rest
  } = props;
  const t = useMessages('spanTable', spanTableMessages, messages);
  const filtered = useFilteredSpans({ condition, ...(query ? { query } : {}), enabled: givenSpans === undefined });
  const spans = givenSpans ?? filtered.spans ?? NO_SPANS;
  const hasNextPage = givenSpans === undefined && filtered.hasNextPage;
  const { configs } = useAnnotationConfigs();
  const annotationNames = useMemo(() => givenNames ?? configs.map((config) => config.name), [givenNames, configs]);

  // The table owns the sort (not useSpanTable) because the sort decides which annotations to fetch.
  const [currentSort, setSort] = useControllableState<SpanTableSort>(sort, defaultSort ?? null, onSortChange, 'SpanTable');
  const sortColumn = currentSort ? annotationColumnName(currentSort.columnId) : null;

  // Annotations are read for the displayed rows around the viewport (useWindowedAnnotations). The
  // rows and the window come from useSpanTable, which takes the annotations, so it reports them back
  // below. A sort by an annotation column needs every loaded row's annotations instead.
  const [shown, setShown] = useState<{ rows: readonly Span[]; firstRow: number }>({ rows: NO_SPANS, firstRow: 0 });
  const allSpanIds = useMemo(() => (sortColumn === null ? null : spans.map((span) => span.spanId)), [sortColumn, spans]);
  const annotations = useWindowedAnnotations({
    rowCount: shown.rows.length,
    spanIdAt: (row) => shown.rows[row]!.spanId,
    firstRow: shown.firstRow,
    allSpanIds,
    names: annotationNames,
    enabled: annotationNames.length > 0,
  });

  const table = useSpanTable({
    spans,
    annotationNames,
    annotationsByTarget: annotations.byTarget,
    sort: currentSort,
    onSortChange: setSort,
    ...(selection !== undefined ? { selection } : {}),
    ...(defaultSelection !== undefined ? { defaultSelection } : {}),
    ...(onSelectionChange ? { onSelectionChange } : {}),
    ...(hiddenColumns !== undefined ? { hiddenColumns } : {}),
    ...(defaultHiddenColumns !== undefined ? { defaultHiddenColumns } : {}),
    ...(onHiddenColumnsChange ? { onHiddenColumnsChange } : {}),
    ...(onRowActivate ? { onActivate: onRowActivate } : {}),
    ...(rowHeight !== undefined ? { rowHeight } : {}),
    onNearEnd: () => {
      if (hasNextPage && !filtered.isFetchingNextPage) filtered.fetchNextPage();
    },
  });

  // Only a new bucket changes what is read, so scrolling within one costs no extra render. Setting
  // state while rendering re-renders at once, before anything is shown: no frame with stale badges.
  const firstRow = Math.floor(table.windowStart / ANNOTATION_WINDOW_BUCKET) * ANNOTATION_WINDOW_BUCKET;
  if (!allSpanIds && (shown.rows !== table.rows || shown.firstRow !== firstRow)) setShown({ rows: table.rows, firstRow });

  useEffect(() => onRowsChange?.(table.rows), [table.rows, onRowsChange]);

  // "Select all in this filter" means every matching span, so the remaining pages are loaded first.
  const [selectingAll, setSelectingAll] = useState(false);
  const { selectAll } = table;
  useEffect(() => {
    if (!selectingAll) return;
    if (filtered.error) setSelectingAll(false);
    else if (hasNextPage) {
      if (!filtered.isFetchingNextPage) filtered.fetchNextPage();
    } else {
      selectAll();
      setSelectingAll(false);
    }
  }, [selectingAll, hasNextPage, filtered, selectAll]);

  const [columnsOpen, setColumnsOpen] = useState(false);
  const columnsId = useId();
  const sizes = table.columns.map(columnSize);
  const template = `${SELECT_COLUMN_REM}rem ${sizes.map(([min, share]) => `minmax(${min}rem, ${share}fr)`).join(' ')}`;
  // The header and the absolutely placed rows share one minimum width, so a table narrower than its
  // columns scrolls sideways with headers and cells still aligned.
  const minWidth = `${sizes.reduce((sum, [min]) => sum + min, SELECT_COLUMN_REM)}rem`;
  const isLoading = givenSpans === undefined && filtered.isLoading;
  const status = isLoading
    ? t.loading
    : sortColumn !== null && annotations.isLoading
      ? fill(t.sortingByAnnotation, { column: sortColumn })
      : fill(hasNextPage ? t.moreRows : t.rows, { count: table.rows.length });

  return (
    <div
      ref={ref}
      data-slot="span-table"
      data-loading={isLoading ? '' : undefined}
      className={cn('ak:flex ak:min-w-0 ak:flex-col ak:gap-2 ak:text-sm ak:text-ak-fg', className)}
      {...rest}
    >
      <div data-slot="span-table-toolbar" className="ak:flex ak:flex-wrap ak:items-center ak:gap-2">
        <span role="status" className="ak:text-xs ak:text-ak-muted">
          {status}
          {table.selection.length ? ` · ${fill(t.selected, { count: table.selection.length })}` : ''}
        </span>
        <button
          type="button"
          className={buttonClass}
          disabled={selectingAll || table.rows.length === 0}
          onClick={() => (hasNextPage ? setSelectingAll(true) : table.selectAll())}
        >
          {selectingAll ? t.selectingAll : t.selectAll}
        </button>
        <button type="button" className={buttonClass} disabled={!table.selection.length} onClick={table.clearSelection}>
          {t.clearSelection}
        </button>
        <div className="ak:relative">
          <button
            type="button"
            className={buttonClass}
            aria-expanded={columnsOpen}
            aria-controls={columnsId}
            onClick={() => setColumnsOpen(!columnsOpen)}
          >
            {t.columns}
          </button>
          {columnsOpen ? (
            <fieldset
              id={columnsId}
              data-slot="span-table-columns"
              className="ak:absolute ak:z-10 ak:mt-1 ak:flex ak:flex-col ak:gap-1 ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:p-2 ak:shadow"
              onKeyDown={(event) => {
                if (event.key === 'Escape') setColumnsOpen(false);
              }}
            >
              <legend className="ak:sr-only">{t.columns}</legend>
              {table.allColumns.map((column) => (
                <label key={column.id} className="ak:flex ak:items-center ak:gap-2 ak:whitespace-nowrap ak:text-xs">
                  <input
                    type="checkbox"
                    checked={!table.hiddenColumns.includes(column.id)}
                    onChange={(event) => table.setColumnHidden(column.id, !event.currentTarget.checked)}
                  />
                  {column.header}
                </label>
              ))}
            </fieldset>
          ) : null}
        </div>
        {toolbar}
      </div>
      {givenSpans === undefined && !filtered.isSupported ? (
        <p role="note" className="ak:text-ak-muted">{t.unsupported}</p>
      ) : (
        spanTableGrid({ table, t, template, minWidth, height, isLoading })
      )}
      {filtered.error ? (
        <p role="alert" className="ak:text-ak-negative">
          {filtered.error.message}
        </p>
      ) : null}
    </div>
  );
});

interface GridParts {
  table: UseSpanTableResult;
  t: SpanTableMessages;
  template: string;
  minWidth: string;
  height: CSSProperties['height'];
  isLoading: boolean;
}

// A plain function, not a component: a component would receive `table` (with every row) as a
// prop, and React's development build walks changed props, which costs seconds at 100k rows.
function spanTableGrid({ table, t, template, minWidth, height, isLoading }: GridParts) {
  const rowStyle = { display: 'grid', gridTemplateColumns: template } satisfies CSSProperties;
  return (
    <div
      {...table.getViewportProps()}
      aria-label={t.label}
      aria-busy={isLoading || undefined}
      data-slot="span-table-viewport"
      style={{ height, overflow: 'auto', position: 'relative' }}
      className="ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus"
    >
      <div role="rowgroup" className="ak:sticky ak:top-0 ak:z-[1] ak:bg-ak-surface" style={{ minWidth }}>
        <div role="row" aria-rowindex={1} style={{ ...rowStyle, height: table.rowHeight }} className="ak:border-b ak:border-ak-border">
          <div role="columnheader" className="ak:px-2 ak:py-1">
            <span className="ak:sr-only">{t.selectionColumn}</span>
          </div>
          {table.columns.map((column) => (
            <div key={column.id} {...table.getHeaderProps(column)} className="ak:flex ak:items-center ak:px-2 ak:text-xs ak:font-semibold">
              {column.sortable ? (
                <button
                  type="button"
                  tabIndex={-1}
                  title={fill(t.sortBy, { column: column.header })}
                  onClick={() => table.toggleSort(column.id)}
                  className="ak:cursor-pointer ak:border-0 ak:bg-transparent ak:p-0 ak:text-left ak:font-semibold ak:text-ak-fg"
                >
                  {column.header}
                  <span aria-hidden="true">
                    {table.sort?.columnId === column.id ? (table.sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}
                  </span>
                </button>
              ) : (
                column.header
              )}
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" style={{ position: 'relative', height: table.totalHeight, minWidth }}>
        {table.rows.length === 0 && !isLoading ? (
          <div role="row" style={{ height: table.rowHeight }}>
            <div role="gridcell" className="ak:p-2 ak:text-ak-muted">
              {t.empty}
            </div>
          </div>
        ) : null}
        {table.items.map((item) => (
          <SpanTableRow
            key={item.span.spanId}
            span={item.span}
            index={item.index}
            top={item.top}
            columns={table.columns}
            template={template}
            rowHeight={table.rowHeight}
            selectLabel={t.selectRow}
            getRowProps={table.getRowProps}
            getCellText={table.getCellText}
            getAnnotationSummary={table.getAnnotationSummary}
          />
        ))}
      </div>
    </div>
  );
}

interface SpanTableRowProps extends Pick<UseSpanTableResult, 'columns' | 'rowHeight' | 'getRowProps' | 'getCellText' | 'getAnnotationSummary'> {
  span: Span;
  index: number;
  top: number;
  /** The grid's column template, shared with the header row. */
  template: string;
  selectLabel: string;
}

// Memoised so a scroll step renders only the rows that come into view; a row re-renders when its
// place, the selection or focus (through getRowProps) or the loaded annotations change.
const SpanTableRow = memo(
  function SpanTableRow({ span, index, top, columns, template, rowHeight, selectLabel, getRowProps, getCellText, getAnnotationSummary }: SpanTableRowProps) {
    const rowProps = getRowProps({ span, index, top }, { style: { display: 'grid', gridTemplateColumns: template, contain: 'layout paint style' } });
    const formats = useLocaleFormats();
    return (
      <div
        {...rowProps}
        data-slot="span-table-row"
        className="ak:cursor-default ak:border-b ak:border-ak-border ak:hover:bg-ak-surface-hover ak:data-[state=selected]:bg-ak-surface ak:data-[focused]:outline-1 ak:data-[focused]:outline-ak-focus"
      >
        <div role="gridcell" className="ak:flex ak:items-center ak:px-2">
          <input
            type="checkbox"
            tabIndex={-1}
            checked={rowProps['aria-selected']}
            readOnly
            aria-label={fill(selectLabel, { name: clip(span.name ?? span.spanId) })}
          />
        </div>
        {columns.map((column) => {
          const text = clip(
            column.annotationName
              ? getAnnotationSummary(span, column.annotationName)
                  .map((group) => summaryText(group, formats))
                  .join(' · ')
              : getCellText(span, column.id),
          );
          return (
            <div
              key={column.id}
              role="gridcell"
              data-column={column.id}
              title={text}
              className="ak:overflow-hidden ak:text-ellipsis ak:whitespace-nowrap ak:px-2"
              style={{ lineHeight: `${rowHeight}px` }}
            >
              {text}
            </div>
          );
        })}
      </div>
    );
  }
);
