'use client';
import { memo, type CSSProperties, type HTMLAttributes, type ReactNode } from 'react';
import type { Annotation, Span } from '../../core/model';
import { targetKey } from '../../core/targets';
import type { TraceViewerMark } from '../../core/spans';
import type { TraceViewerItem, UseTraceViewerResult } from '../../hooks/useTraceViewer';
import { formatMessage, useMessages } from '../../provider';
import { clip } from '../primitives/clip';
import { cn } from '../primitives/cn';
import { summarizeByNameAndKind, type AnnotationGroupSummary } from '../../core/summary';
import { formatCount, formatDuration, formatScore, spanDuration } from './format';
import { traceViewerMessages, type TraceViewerMessages } from './messages';

const KIND_ABBREVIATIONS: Record<string, string> = {
  LLM: 'LLM',
  CHAIN: 'CHN',
  TOOL: 'TOOL',
  RETRIEVER: 'RET',
  EMBEDDING: 'EMB',
  AGENT: 'AGT',
  RERANKER: 'RRK',
  GUARDRAIL: 'GRD',
  EVALUATOR: 'EVAL',
  PROMPT: 'PRM',
  UNKNOWN: '?',
};

/** The message explaining a row mark. */
export function markMessage(mark: TraceViewerMark, span: Span, t: TraceViewerMessages): string {
  switch (mark) {
    case 'orphan':
      return t.markOrphan;
    case 'cycle':
      return t.markCycle;
    case 'duplicate-id':
      return t.markDuplicate;
    case 'outside-parent-window':
      return t.markOutsideWindow;
    case 'end-before-start':
      return t.markEndBeforeStart;
    case 'missing-time':
      return t.markMissingTime;
    case 'unknown-kind':
      return formatMessage(t.markUnknownKind, { kind: clip(span.rawKind ?? span.kind) });
    case 'error':
      return span.status?.message ? `${t.markError}: ${clip(span.status.message)}` : t.markError;
  }
}

/** Small kind tag (`LLM`, `TOOL`, `RET`…); unknown kinds show the source's spelling, cut short. */
export function SpanKindTag({ span, className }: { span: Span; className?: string }) {
  const kind = String(span.kind);
  const known = KIND_ABBREVIATIONS[kind];
  const text = known && kind !== 'UNKNOWN' ? known : span.rawKind ? String(span.rawKind).slice(0, 6) : '?';
  return (
    <span
      data-slot="trace-viewer-kind"
      data-kind={kind}
      title={span.rawKind ? clip(span.rawKind) : kind}
      className={cn(
        'ak:inline-flex ak:h-5 ak:min-w-9 ak:shrink-0 ak:items-center ak:justify-center ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-1 ak:font-ak-mono ak:text-[10px] ak:font-semibold ak:text-ak-fg',
        'ak:data-[kind=LLM]:border-ak-llm ak:data-[kind=TOOL]:border-ak-code ak:data-[kind=AGENT]:border-ak-human ak:data-[kind=RETRIEVER]:border-ak-accent',
        className,
      )}
    >
      {text}
    </span>
  );
}

const KIND_LETTER = { HUMAN: 'H', LLM: 'L', CODE: 'C' } as const;

function summaryText(summary: AnnotationGroupSummary): string {
  const top = summary.labels[0];
  const parts: string[] = [];
  if (top) parts.push(summary.labels.length > 1 ? `${clip(top.label, 60)} ${Math.round(top.share * 100)}%` : clip(top.label, 60));
  if (summary.meanScore !== null) parts.push(formatScore(summary.meanScore));
  if (!parts.length) parts.push(`×${summary.count}`);
  return parts.join(' · ');
}

function summaryTitle(summary: AnnotationGroupSummary): string {
  const lines = [`${clip(summary.name)} (${summary.annotatorKind}, ${summary.count})`];
  for (const label of summary.labels.slice(0, 20)) lines.push(`${clip(label.label)}: ${label.count} (${Math.round(label.share * 100)}%)`);
  if (summary.meanScore !== null) lines.push(`mean score ${formatScore(summary.meanScore)}`);
  return lines.join('\n');
}

export interface AnnotationBadgesProps extends HTMLAttributes<HTMLSpanElement> {
  /** The span's annotations. */
  annotations: readonly Annotation[];
  /** Badges shown before "+N". Default 3. */
  max?: number;
}

/** One badge per annotation name and annotator kind: top label with its share, mean score; H / L / C tell kinds apart. */
export function AnnotationBadges({ annotations, max = 3, className, ...props }: AnnotationBadgesProps) {
  if (!annotations.length) return null;
  const summaries = summarizeByNameAndKind(annotations);
  return (
    <span data-slot="annotation-badges" className={cn('ak:inline-flex ak:min-w-0 ak:shrink-4 ak:items-center ak:gap-1 ak:overflow-hidden', className)} {...props}>
      {summaries.slice(0, max).map((summary) => (
        <span
          key={`${summary.name}\u0000${summary.annotatorKind}`}
          data-slot="annotation-badge"
          data-annotator-kind={summary.annotatorKind}
          title={summaryTitle(summary)}
          className={cn(
            'ak:inline-flex ak:min-w-0 ak:max-w-48 ak:items-center ak:gap-1 ak:truncate ak:rounded-ak ak:border ak:bg-ak-bg ak:px-1 ak:text-[11px] ak:leading-4 ak:text-ak-fg',
            'ak:data-[annotator-kind=HUMAN]:border-ak-human ak:data-[annotator-kind=LLM]:border-ak-llm ak:data-[annotator-kind=CODE]:border-ak-code',
          )}
        >
          <span aria-hidden="true" className="ak:font-semibold">
            {KIND_LETTER[summary.annotatorKind]}
          </span>
          <span className="ak:truncate">
            {clip(summary.name, 60)}: {summaryText(summary)}
          </span>
        </span>
      ))}
      {summaries.length > max ? <span className="ak:text-[11px] ak:text-ak-muted">+{summaries.length - max}</span> : null}
    </span>
  );
}

export interface TraceViewerTreeProps extends HTMLAttributes<HTMLDivElement> {
  /** The state from `useTraceViewer`. */
  viewer: UseTraceViewerResult;
  /** Annotations by `targetKey` (`span:<id>`), for the badges. */
  annotationsByTarget?: ReadonlyMap<string, readonly Annotation[]>;
  /** Extra content at the end of a row's name column (keep it non-interactive: the row is the focus stop). */
  renderRowExtras?: (span: Span) => ReactNode;
  /** Accessible name of the tree. Default from messages (`treeLabel`). */
  label?: string;
}

const INDENT_PX = 14;
// Deep chains still show their depth in aria-level; the visual indent stops growing here so the
// name stays readable.
const MAX_VISUAL_DEPTH = 24;

interface RowProps {
  item: TraceViewerItem;
  rowProps: HTMLAttributes<HTMLDivElement>;
  toggleProps: HTMLAttributes<HTMLElement> | null;
  depth: number;
  marks: readonly TraceViewerMark[] | undefined;
  annotations: readonly Annotation[] | undefined;
  timeline: UseTraceViewerResult['timeline'];
  extras: ReactNode;
  t: TraceViewerMessages;
}

function sameProps(a: object | null, b: object | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => key === 'style' || Object.is(left[key], right[key]));
}

// Rows carry only data (the tree handles events), so a row re-renders only when what it shows changed.
function rowPropsEqual(previous: RowProps, next: RowProps): boolean {
  return (
    previous.item.key === next.item.key &&
    previous.item.top === next.item.top &&
    previous.item.span === next.item.span &&
    previous.depth === next.depth &&
    previous.marks === next.marks &&
    previous.annotations === next.annotations &&
    previous.timeline === next.timeline &&
    previous.extras === next.extras &&
    previous.t === next.t &&
    sameProps(previous.rowProps, next.rowProps) &&
    sameProps(previous.toggleProps, next.toggleProps)
  );
}

const Row = memo(function Row({ item, rowProps, toggleProps, depth, marks, annotations, timeline, extras, t }: RowProps) {
  const { span } = item;
  const duration = spanDuration(span.startTime, span.endTime);
  const tokens = tokenTotal(span);
  const bar = waterfallStyle(span, timeline);
  const isError = span.status?.code === 'ERROR';
  return (
    <div
      {...rowProps}
      data-kind={String(span.kind)}
      data-status={isError ? 'error' : undefined}
      className={cn(
        'ak:flex ak:cursor-default ak:items-center ak:gap-2 ak:border-b ak:border-ak-border ak:px-2 ak:text-sm ak:text-ak-fg ak:outline-none',
        'ak:hover:bg-ak-surface ak:focus-visible:outline-2 ak:focus-visible:-outline-offset-2 ak:focus-visible:outline-ak-focus',
        'ak:data-[match]:bg-ak-surface ak:data-[current-match]:bg-ak-surface-hover ak:data-[selected]:bg-ak-surface-hover ak:data-[selected]:shadow-[inset_3px_0_0_var(--ak-color-ak-accent)]',
      )}
    >
      <div
        data-slot="trace-viewer-name-cell"
        className="ak:flex ak:min-w-0 ak:flex-[3] ak:items-center ak:gap-1.5 ak:overflow-hidden"
        style={{ paddingLeft: Math.min(depth, MAX_VISUAL_DEPTH) * INDENT_PX }}
      >
        {toggleProps ? (
          <span
            {...toggleProps}
            className="ak:inline-flex ak:w-4 ak:shrink-0 ak:cursor-pointer ak:justify-center ak:text-ak-muted ak:data-[state=open]:rotate-90"
          >
            ▸
          </span>
        ) : (
          <span aria-hidden="true" className="ak:inline-block ak:w-4 ak:shrink-0" />
        )}
        {depth > MAX_VISUAL_DEPTH ? <span className="ak:text-[10px] ak:text-ak-muted">{depth}</span> : null}
        <SpanKindTag span={span} />
        <span data-slot="trace-viewer-name" className="ak:min-w-0 ak:truncate">
          {span.name ? clip(span.name) : t.unknownName}
        </span>
        {marks?.map((mark) => (
          <span
            key={mark}
            data-slot="trace-viewer-mark"
            data-mark={mark}
            title={markMessage(mark, span, t)}
            className="ak:shrink-0 ak:text-xs ak:text-ak-warning ak:data-[mark=error]:text-ak-negative"
          >
            {mark === 'error' ? '●' : '⚠'}
            <span className="ak:sr-only"> {markMessage(mark, span, t)}</span>
          </span>
        ))}
        {annotations?.length ? <AnnotationBadges annotations={annotations} className="ak:ml-1" /> : null}
        {extras}
      </div>
      <div className="ak:flex ak:w-28 ak:shrink-0 ak:justify-end ak:gap-2 ak:font-ak-mono ak:text-xs ak:text-ak-muted">
        {tokens !== null ? <span title={t.tokens}>{formatCount(tokens)}t</span> : null}
        <span data-slot="trace-viewer-duration">{formatDuration(duration)}</span>
      </div>
      <div data-slot="trace-viewer-waterfall" aria-hidden="true" className="ak:relative ak:h-3 ak:flex-[2] ak:min-w-16">
        {bar ? (
          <div
            data-slot="trace-viewer-bar"
            data-status={isError ? 'error' : undefined}
            className="ak:absolute ak:top-0 ak:h-3 ak:rounded-sm ak:bg-ak-accent ak:data-[status=error]:bg-ak-negative"
            style={bar}
          />
        ) : (
          <div className="ak:absolute ak:inset-x-0 ak:top-1.5 ak:border-t ak:border-dashed ak:border-ak-border" />
        )}
      </div>
    </div>
  );
}, rowPropsEqual);

function tokenTotal(span: Span): number | null {
  // Read directly for speed in rows (no allocation); the details pane uses core's readers.
  const llm = span.attributes?.llm;
  if (!llm || typeof llm !== 'object' || Array.isArray(llm)) return null;
  const counts = (llm as Record<string, unknown>).token_count;
  if (!counts || typeof counts !== 'object') return null;
  const total = (counts as Record<string, unknown>).total;
  if (typeof total === 'number' && Number.isFinite(total)) return total;
  const prompt = (counts as Record<string, unknown>).prompt;
  const completion = (counts as Record<string, unknown>).completion;
  const sum = (typeof prompt === 'number' ? prompt : 0) + (typeof completion === 'number' ? completion : 0);
  return sum > 0 ? sum : null;
}

function waterfallStyle(span: Span, timeline: UseTraceViewerResult['timeline']): CSSProperties | null {
  if (!timeline || span.startTime == null || span.endTime == null) return null;
  if (!Number.isFinite(span.startTime) || !Number.isFinite(span.endTime)) return null;
  const total = timeline.duration || 1;
  const left = Math.max(0, Math.min(1, (span.startTime - timeline.start) / total));
  const width = Math.max(0, Math.min(1 - left, (span.endTime - span.startTime) / total));
  return { left: `${left * 100}%`, width: `max(${width * 100}%, 2px)` };
}

/** The virtualised span tree with its waterfall column: one fixed-height row per visible span. */
export function TraceViewerTree({ viewer, annotationsByTarget, renderRowExtras, label, className, ...props }: TraceViewerTreeProps) {
  const t = useMessages('traceViewer', traceViewerMessages);
  const { tree } = viewer;
  return (
    <div {...viewer.getViewportProps({ ...props, className: cn('ak:min-h-0 ak:flex-1', className) })}>
      <div {...viewer.getTreeProps({ 'aria-label': label ?? t.treeLabel })}>
        {viewer.items.map((item) => (
          <Row
            key={item.key}
            item={item}
            rowProps={viewer.getRowProps(item)}
            toggleProps={tree.childCount[item.node]! > 0 ? viewer.getToggleProps(item) : null}
            depth={tree.depth[item.node]!}
            marks={tree.marks[item.node]}
            annotations={annotationsByTarget?.get(targetKey({ kind: 'span', spanId: item.span.spanId }))}
            timeline={viewer.timeline}
            extras={renderRowExtras?.(item.span)}
            t={t}
          />
        ))}
      </div>
    </div>
  );
}
