'use client';
import { useMemo } from 'react';
import { toAnnokitError, type AnnokitError } from '../core/errors';
import {
  SERVER_SPAN_FILTER_FIELDS,
  compileCondition,
  filterSpans,
  safeParseCondition,
  splitCondition,
  type FilterConditionError,
  type ServerSpanFilter,
} from '../core/filter';
import type { Span, SpanQuery } from '../core/model';
import { spanTarget } from '../core/targets';
import { useAnnotations } from './useAnnotations';
import { useSpans } from './useSpans';

export interface UseFilteredSpansOptions {
  /** The condition, in Phoenix's span-filter language; `''` selects every span. */
  condition: string;
  /** Further filters for the backend (a session, a page size); a field set here is not taken from the condition. Default: none. */
  query?: Omit<SpanQuery, 'cursor'>;
  /** Set false to hold the requests. Default true. */
  enabled?: boolean;
}

export interface UseFilteredSpansResult {
  /** The loaded spans that satisfy the whole condition, in the backend's order. */
  spans: Span[];
  /** How many spans the backend returned before the browser's part of the condition ran. */
  loadedCount: number;
  /** Why the condition was refused (nothing is requested then); null when it parses. */
  conditionError: FilterConditionError | null;
  /** The part of the condition the backend serves, as `SpanQuery` fields. */
  serverQuery: ServerSpanFilter;
  /** The part the browser evaluates over what the backend returns (`''` when none). */
  browserCondition: string;
  /** False when the adapter has no `listSpans`. */
  isSupported: boolean;
  /** True while spans, or the annotations the condition reads, are loading. */
  isLoading: boolean;
  isFetchingNextPage: boolean;
  hasNextPage: boolean;
  /** Loads the next page of the backend's result (filtered like the rest). */
  fetchNextPage: () => void;
  /** A failed request (spans or annotations). */
  error: AnnokitError | null;
}

const NO_SPANS: Span[] = [];

/**
 * Spans that satisfy a filter condition. The terms the backend can serve (span kinds, status,
 * names, ids, start-time range, roots, attribute equality) go into its `listSpans` query; the rest
 * — annotations, substring tests, arithmetic — is evaluated in the browser over what comes back,
 * with the annotations the condition reads fetched for those spans. Callers never see the split.
 * `parent_span` and cumulative token counts are judged within the loaded spans.
 */
export function useFilteredSpans(options: UseFilteredSpansOptions): UseFilteredSpansResult {
  const { condition, query, enabled = true } = options;
  const parsed = useMemo(() => safeParseCondition(condition), [condition]);
  const queryKeyFields = query ? Object.keys(query).join(',') : '';
  const plan = useMemo(() => {
    if (!parsed.ok) return null;
    const taken = new Set(queryKeyFields.split(','));
    const split = splitCondition(parsed.condition, { serves: SERVER_SPAN_FILTER_FIELDS.filter((field) => !taken.has(field)) });
    return { split, matches: compileCondition(split.remaining) };
  }, [parsed, queryKeyFields]);

  const spansResult = useSpans({ ...query, ...plan?.split.query }, { enabled: enabled && plan !== null });
  const names = plan?.matches.annotationNames ?? [];
  const targets = useMemo(() => spansResult.spans.map((span) => spanTarget(span.spanId)), [spansResult.spans]);
  const annotationsResult = useAnnotations({
    targets,
    names,
    enabled: enabled && names.length > 0 && targets.length > 0,
  });
  const waitingForAnnotations = names.length > 0 && targets.length > 0 && annotationsResult.isLoading;

  const spans = useMemo(() => {
    if (plan === null || waitingForAnnotations) return NO_SPANS;
    return filterSpans(spansResult.spans, plan.matches, { annotations: annotationsResult.annotations });
  }, [plan, waitingForAnnotations, spansResult.spans, annotationsResult.annotations]);

  const error = spansResult.error ?? annotationsResult.error;
  return {
    spans,
    loadedCount: spansResult.spans.length,
    conditionError: parsed.ok ? null : parsed.error,
    serverQuery: plan?.split.query ?? {},
    browserCondition: plan?.split.remainingText ?? '',
    isSupported: spansResult.isSupported,
    isLoading: plan !== null && (spansResult.isLoading || waitingForAnnotations),
    isFetchingNextPage: spansResult.isFetchingNextPage,
    hasNextPage: spansResult.hasNextPage,
    fetchNextPage: spansResult.fetchNextPage,
    error: error ? toAnnokitError(error) : null,
  };
}
