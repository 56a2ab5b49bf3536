'use client';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { toAnnokitError, type AnnokitError } from '../core/errors';
import type { Span, SpanQuery } from '../core/model';
import { useAnnotationContext } from '../provider/context';
import { annokitKeys } from '../provider/queryCache';
import { retryRetryable } from './useAnnotations';

export interface UseTraceResult {
  spans: Span[];
  /** False when the adapter has no `getTrace`. */
  isSupported: boolean;
  isLoading: boolean;
  error: AnnokitError | null;
  refetch: () => void;
}

const NO_SPANS: Span[] = [];

/** All spans of one trace, through the adapter's `getTrace`. */
export function useTrace(traceId: string | null | undefined): UseTraceResult {
  const { adapter, queryClient, scope, capabilities } = useAnnotationContext('useTrace');
  const query = useQuery(
    {
      queryKey: annokitKeys.trace(scope, traceId ?? ''),
      enabled: capabilities.traces && !!traceId,
      retry: retryRetryable,
      // The signal aborts the load (every page of a large trace) when the last viewer unmounts.
      queryFn: ({ signal }) => adapter.getTrace!(traceId!, { signal }),
    },
    queryClient,
  );
  return {
    spans: query.data ?? NO_SPANS,
    isSupported: capabilities.traces,
    isLoading: query.isLoading,
    error: query.error ? toAnnokitError(query.error) : null,
    refetch: () => void query.refetch(),
  };
}

export interface UseSpansResult {
  /** Every span of the pages loaded so far. */
  spans: Span[];
  /** False when the adapter has no `listSpans`. */
  isSupported: boolean;
  isLoading: boolean;
  isFetchingNextPage: boolean;
  hasNextPage: boolean;
  /** Loads the next page (call it as the user scrolls near the end). */
  fetchNextPage: () => void;
  error: AnnokitError | null;
  /** Loads the pages again (after an error, say). */
  refetch: () => void;
}

/** A project's spans, page by page, through the adapter's `listSpans`. */
export function useSpans(query: Omit<SpanQuery, 'cursor'> = {}, options: { enabled?: boolean } = {}): UseSpansResult {
  const { adapter, queryClient, scope, capabilities } = useAnnotationContext('useSpans');
  const result = useInfiniteQuery(
    {
      queryKey: annokitKeys.spans(scope, query),
      enabled: capabilities.spans && (options.enabled ?? true),
      retry: retryRetryable,
      initialPageParam: null as string | null,
      queryFn: ({ pageParam, signal }) => adapter.listSpans!({ ...query, cursor: pageParam }, { signal }),
      getNextPageParam: (page) => page.nextCursor,
    },
    queryClient,
  );
  const spans = useMemo(() => result.data?.pages.flatMap((page) => page.data) ?? NO_SPANS, [result.data]);
  return {
    spans,
    isSupported: capabilities.spans,
    isLoading: result.isLoading,
    isFetchingNextPage: result.isFetchingNextPage,
    hasNextPage: result.hasNextPage,
    fetchNextPage: () => void result.fetchNextPage(),
    error: result.error ? toAnnokitError(result.error) : null,
    refetch: () => void result.refetch(),
  };
}
