'use client';
import { forwardRef, useId, useMemo, type CSSProperties, type HTMLAttributes, type ReactNode } from 'react';
import type { Annotation, Span } from '../../core/model';
import { groupByTarget, targetKey } from '../../core/targets';
import { useTrace } from '../../hooks/useSpans';
import { useTraceViewer, type UseTraceViewerOptions, type UseTraceViewerResult } from '../../hooks/useTraceViewer';
import { useWindowedAnnotations } from '../../hooks/useWindowedAnnotations';
import { formatMessage, useAnnotationContext, useMessages } from '../../provider';
import { cn } from '../primitives/cn';
import { traceViewerMessages, type TraceViewerMessages } from './messages';
import { PaneErrorBoundary } from './PaneErrorBoundary';
import { SpanDetails } from './SpanDetails';
import { TraceViewerTree } from './TraceViewerTree';
import { formatDuration } from './format';

export interface TraceViewerProps
  extends Omit<HTMLAttributes<HTMLDivElement>, 'children' | 'defaultValue'>,
    Omit<UseTraceViewerOptions, 'spans'> {
  /** The trace to fetch through the adapter's `getTrace`; ignored when `spans` is given. */
  traceId?: string | null;
  /** Spans already loaded (any order); when given, nothing is fetched. */
  spans?: readonly Span[];
  /** Annotations to show instead of fetching them through the adapter. Default: fetched. */
  annotations?: readonly Annotation[];
  /** Renders the selected span's annotations in the details pane (plug the annotation panel in here). Default: a read-only list. */
  renderAnnotations?: (span: Span, annotations: readonly Annotation[]) => ReactNode;
  /** Renders actions in the details header, e.g. feedback buttons for the span. Default: none. */
  renderSpanActions?: (span: Span) => ReactNode;
  /** Extra non-interactive content at the end of each tree row. Default: none. */
  renderRowExtras?: (span: Span) => ReactNode;
  /** Show the details pane. Default true. */
  showDetails?: boolean;
  /** Height of the viewer (the tree scrolls inside it). Default 640. */
  height?: CSSProperties['height'];
  /** Called when a pane fails to render (the other pane keeps working). */
  onPaneError?: (error: unknown) => void;
}

// Above this many spans, badges are read for the rows around the viewport (useWindowedAnnotations)
// instead of one request naming every span of the trace.
const FETCH_ALL_LIMIT = 2_000;
const NO_SPANS: readonly Span[] = [];

const toolbarButton =
  'ak:inline-flex ak:h-7 ak:items-center ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:text-xs ak:text-ak-fg ak:cursor-pointer ak:hover:bg-ak-surface-hover ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus ak:disabled:cursor-not-allowed ak:disabled:opacity-60';

function useViewerAnnotations(viewer: UseTraceViewerResult, given: readonly Annotation[] | undefined) {
  const { tree, rows, windowStart, selectedSpan } = viewer;
  const allSpanIds = useMemo(() => (tree.size <= FETCH_ALL_LIMIT ? tree.spans.map((span) => span.spanId) : null), [tree]);
  const read = useWindowedAnnotations({
    rowCount: rows.length,
    spanIdAt: (row) => tree.spans[rows[row]!]!.spanId,
    firstRow: windowStart,
    allSpanIds,
    // The selected span's own request keeps its annotations when its row scrolls out of the window.
    pinnedSpanId: selectedSpan?.spanId ?? null,
    enabled: !given,
  });
  const givenByTarget = useMemo(() => (given ? groupByTarget(given) : null), [given]);
  return givenByTarget ?? read.byTarget;
}

function PaneError({ error, reset, t }: { error: unknown; reset: () => void; t: TraceViewerMessages }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div role="alert" data-slot="trace-viewer-pane-error" className="ak:flex ak:flex-col ak:items-start ak:gap-2 ak:p-3 ak:text-sm">
      <span className="ak:text-ak-negative">{t.paneError}</span>
      <span className="ak:break-words ak:font-ak-mono ak:text-xs">{message.slice(0, 2_000)}</span>
      <button type="button" onClick={reset} className={toolbarButton}>
        {t.tryAgain}
      </button>
    </div>
  );
}

const EMPTY_ANNOTATIONS: readonly Annotation[] = [];

/**
 * A trace as a virtualised span tree beside a latency waterfall, with a details pane for the
 * selected span and annotation badges on every row. Give it `spans`, or a `traceId` to fetch.
 */
export const TraceViewer = forwardRef<HTMLDivElement, TraceViewerProps>(function TraceViewer(props, ref) {
  const {
    traceId,
    spans: givenSpans,
    annotations,
    renderAnnotations,
    renderSpanActions,
    renderRowExtras,
    showDetails = true,
    height = 640,
    onPaneError,
    expanded,
    defaultExpanded,
    onExpandedChange,
    selectedSpanId,
    defaultSelectedSpanId,
    onSelectedSpanIdChange,
    search,
    defaultSearch,
    onSearchChange,
    rowHeight,
    overscan,
    initialViewportHeight,
    className,
    style,
    ...rest
  } = props;
  const t = useMessages('traceViewer', traceViewerMessages);
  const { theme } = useAnnotationContext('TraceViewer');
  const fetched = useTrace(givenSpans ? null : traceId);
  const spans = givenSpans ?? (fetched.spans.length ? fetched.spans : NO_SPANS);
  const viewer = useTraceViewer({
    spans,
    expanded,
    defaultExpanded,
    onExpandedChange,
    selectedSpanId,
    defaultSelectedSpanId,
    onSelectedSpanIdChange,
    search,
    defaultSearch,
    onSearchChange,
    rowHeight,
    overscan,
    initialViewportHeight,
  });
  const byTarget = useViewerAnnotations(viewer, annotations);
  const searchId = useId();
  const { tree, selectedSpan, matches, matchIndex, timeline } = viewer;
  const selectedNode = selectedSpan && viewer.selectedSpanId !== null ? tree.indexByKey.get(viewer.selectedSpanId) : undefined;

  const status: 'loading' | 'unsupported' | 'error' | 'empty' | 'ready' = givenSpans
    ? givenSpans.length
      ? 'ready'
      : 'empty'
    : !fetched.isSupported
      ? 'unsupported'
      : fetched.isLoading
        ? 'loading'
        : fetched.error
          ? 'error'
          : spans.length
            ? 'ready'
            : 'empty';

  const matchText = viewer.search.trim()
    ? matches.length
      ? formatMessage(t.searchMatches, { current: matchIndex >= 0 ? matchIndex + 1 : 0, total: matches.length })
      : t.searchNoMatches
    : '';

  return (
    <div
      ref={ref}
      data-slot="trace-viewer"
      data-state={status}
      data-ak-theme={theme}
      {...viewer.getRootProps(rest)}
      className={cn(
        // A container: below 42rem wide (a narrow review page, a side panel) the details pane wraps
        // under the tree instead of squeezing both.
        'ak:@container ak:flex ak:flex-wrap ak:overflow-hidden ak:rounded-ak-lg ak:border ak:border-ak-border ak:bg-ak-bg ak:font-ak ak:text-ak-fg',
        className,
      )}
      style={{ height, ...style }}
    >
      <div
        role="group"
        aria-label={t.treePaneLabel}
        data-slot="trace-viewer-tree-pane"
        className={cn(
          'ak:flex ak:min-h-0 ak:min-w-0 ak:flex-col',
          showDetails
            ? 'ak:h-1/2 ak:flex-[1_1_100%] ak:border-b ak:border-ak-border ak:@2xl:h-full ak:@2xl:flex-[3_1_0%] ak:@2xl:border-r ak:@2xl:border-b-0'
            : 'ak:flex-1',
        )}
      >
        <PaneErrorBoundary fallback={(error, reset) => <PaneError error={error} reset={reset} t={t} />} onError={onPaneError}>
          <div data-slot="trace-viewer-toolbar" className="ak:flex ak:items-center ak:gap-2 ak:border-b ak:border-ak-border ak:p-2">
            <label htmlFor={searchId} className="ak:sr-only">
              {t.searchLabel}
            </label>
            <input
              id={searchId}
              {...viewer.getSearchInputProps()}
              placeholder={t.searchPlaceholder}
              className="ak:h-7 ak:min-w-0 ak:flex-1 ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:text-sm ak:text-ak-fg"
            />
            <span aria-live="polite" data-slot="trace-viewer-match-count" className="ak:min-w-16 ak:text-xs ak:text-ak-muted">
              {matchText}
            </span>
            <button type="button" className={toolbarButton} aria-label={t.previousMatch} disabled={!matches.length} onClick={viewer.previousMatch}>
              ↑
            </button>
            <button type="button" className={toolbarButton} aria-label={t.nextMatch} disabled={!matches.length} onClick={viewer.nextMatch}>
              ↓
            </button>
            <button type="button" className={toolbarButton} onClick={viewer.expandAll} data-slot="trace-viewer-expand-all">
              {t.expandAll}
            </button>
            <button type="button" className={toolbarButton} onClick={viewer.collapseAll} data-slot="trace-viewer-collapse-all">
              {t.collapseAll}
            </button>
          </div>
          <div
            aria-hidden="true"
            className="ak:flex ak:items-center ak:gap-2 ak:border-b ak:border-ak-border ak:bg-ak-surface ak:px-2 ak:py-1 ak:text-xs ak:text-ak-muted"
          >
            <span className="ak:flex-[3]">
              {t.spanColumn} ({tree.size.toLocaleString('en-US')})
            </span>
            <span className="ak:w-28 ak:text-right">{t.duration}</span>
            <span className="ak:flex ak:min-w-16 ak:flex-[2] ak:justify-between">
              <span>0</span>
              <span>{timeline ? formatDuration(timeline.duration) : '—'}</span>
            </span>
          </div>
          {status === 'ready' ? (
            <TraceViewerTree viewer={viewer} annotationsByTarget={byTarget} renderRowExtras={renderRowExtras} />
          ) : (
            <div role="status" data-slot="trace-viewer-status" className="ak:p-4 ak:text-sm ak:text-ak-muted">
              {status === 'loading'
                ? t.loadingTrace
                : status === 'unsupported'
                  ? t.traceUnsupported
                  : status === 'error'
                    ? `${t.paneError} ${fetched.error?.message ?? ''}`
                    : t.emptyTrace}
            </div>
          )}
        </PaneErrorBoundary>
      </div>
      {showDetails ? (
        <div role="group" aria-label={t.detailsLabel} data-slot="trace-viewer-details-pane" className="ak:h-1/2 ak:min-h-0 ak:min-w-0 ak:flex-[1_1_100%] ak:overflow-auto ak:@2xl:h-full ak:@2xl:flex-[2_1_0%]">
          <PaneErrorBoundary
            resetKeys={[selectedSpan]}
            fallback={(error, reset) => <PaneError error={error} reset={reset} t={t} />}
            onError={onPaneError}
          >
            {selectedSpan ? (
              <SpanDetails
                key={viewer.selectedSpanId}
                span={selectedSpan}
                marks={selectedNode !== undefined ? tree.marks[selectedNode] : undefined}
                treeProblems={viewer.selectedSpanId !== null ? tree.problems.get(viewer.selectedSpanId) : undefined}
                annotations={byTarget.get(targetKey({ kind: 'span', spanId: selectedSpan.spanId })) ?? EMPTY_ANNOTATIONS}
                renderAnnotations={renderAnnotations}
                renderSpanActions={renderSpanActions}
              />
            ) : (
              <p className="ak:m-0 ak:p-4 ak:text-sm ak:text-ak-muted">{t.noSelection}</p>
            )}
          </PaneErrorBoundary>
        </div>
      ) : null}
    </div>
  );
});
