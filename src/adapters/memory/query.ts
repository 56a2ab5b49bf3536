import {
  AnnokitError,
  SPAN_KINDS,
  ValidationError,
  getAttribute,
  schema as s,
  type SessionQuery,
  type Span,
  type SpanQuery,
  type SpanStatusCode,
} from '../../core';

/** Page size when a query gives none; the largest page a query may ask for. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

const STATUS_CODES: readonly SpanStatusCode[] = ['OK', 'ERROR', 'UNSET'];
const ids = s.array(s.string({ nonEmpty: true }));
const limit = s.optional(s.number({ integer: true, min: 1, max: MAX_PAGE_SIZE }));
const cursor = s.optional(s.nullable(s.string()));

const spanQuerySchema: s.Schema<SpanQuery> = s.object({
  traceIds: s.optional(ids),
  spanIds: s.optional(ids),
  spanKinds: s.optional(s.array(s.oneOf(SPAN_KINDS))),
  statusCodes: s.optional(s.array(s.oneOf(STATUS_CODES))),
  names: s.optional(ids),
  startTime: s.optional(s.number()),
  endTime: s.optional(s.number()),
  rootsOnly: s.optional(s.boolean()),
  attributes: s.optional(
    s.record(
      s.refine(s.unknown(), (value) =>
        typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
          ? null
          : { message: `expected a string, a finite number or a boolean, got ${JSON.stringify(value) ?? String(value)}` },
      ),
    ),
  ),
  sessionId: s.optional(s.string({ nonEmpty: true })),
  cursor,
  limit,
}) as s.Schema<SpanQuery>;

const sessionQuerySchema: s.Schema<SessionQuery> = s.object({ cursor, limit });

/** @throws ValidationError naming the field, e.g. `query.limit`. */
export function parseSpanQuery(query: unknown): SpanQuery {
  return s.parse(spanQuerySchema, query ?? {}, 'query');
}

/** @throws ValidationError */
export function parseSessionQuery(query: unknown): SessionQuery {
  return s.parse(sessionQuerySchema, query ?? {}, 'query');
}

/**
 * Cursors are opaque to callers: a versioned position in the adapter's sorted list, base64url so
 * it survives a URL. Spans never change after seeding, so a position stays valid.
 */
export function encodeCursor(position: number): string {
  return btoa(JSON.stringify({ v: 1, p: position })).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** @throws ValidationError when the cursor was not made by {@link encodeCursor}. */
export function decodeCursor(value: string | null | undefined): number {
  if (value === null || value === undefined || value === '') return 0;
  try {
    const parsed: unknown = JSON.parse(atob(value.replace(/-/g, '+').replace(/_/g, '/')));
    if (
      s.isPlainObject(parsed) &&
      parsed.v === 1 &&
      typeof parsed.p === 'number' &&
      Number.isInteger(parsed.p) &&
      parsed.p >= 0
    ) {
      return parsed.p;
    }
  } catch {
    // fall through to the error below
  }
  throw new ValidationError([{ field: 'query.cursor', value, message: 'is not a cursor this adapter returned' }]);
}

/** The session a span's trace belongs to, read from OpenInference's `session.id`. */
export function sessionIdOf(span: Span): string | null {
  const value = getAttribute(span.attributes, 'session.id');
  return typeof value === 'string' && value !== '' ? value : null;
}

/** A predicate for every filter of a span query except the cursor and the limit. */
export function spanMatcher(query: SpanQuery, sessionOfTrace: (traceId: string) => string | null): (span: Span) => boolean {
  const traceIds = query.traceIds ? new Set(query.traceIds) : null;
  const spanIds = query.spanIds ? new Set(query.spanIds) : null;
  const kinds = query.spanKinds ? new Set<string>(query.spanKinds) : null;
  const statuses = query.statusCodes ? new Set<string>(query.statusCodes) : null;
  const names = query.names ? new Set(query.names) : null;
  const attributes = query.attributes ? Object.entries(query.attributes) : [];
  return (span) =>
    (!traceIds || traceIds.has(span.traceId)) &&
    (!spanIds || spanIds.has(span.spanId)) &&
    (!kinds || kinds.has(span.kind)) &&
    (!statuses || statuses.has(span.status.code)) &&
    (!names || names.has(span.name)) &&
    (query.startTime === undefined || (span.startTime !== null && span.startTime >= query.startTime)) &&
    (query.endTime === undefined || (span.startTime !== null && span.startTime < query.endTime)) &&
    (!query.rootsOnly || span.parentId === null) &&
    (query.sessionId === undefined || sessionOfTrace(span.traceId) === query.sessionId) &&
    attributes.every(([path, expected]) => getAttribute(span.attributes, path) === expected);
}

/** Newest first, then by id, so pages are stable. */
export function compareSpans(a: Span, b: Span): number {
  const byTime = (b.startTime ?? -Infinity) - (a.startTime ?? -Infinity);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
  return a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0;
}

/** The error for an id this store does not hold. */
export function notFound(what: string, id: string): AnnokitError {
  return new AnnokitError(`No ${what} with id "${id}"`, { code: 'not_found', status: 404 });
}
