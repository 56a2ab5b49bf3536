import type { OutboxError } from './outbox/types';
/** What kind of failure an {@link AnnokitError} reports; drives retry and how the UI words it. */
export type AnnokitErrorCode =
  | 'validation'
  | 'authentication'
  | 'not_found'
  | 'conflict'
  | 'network'
  | 'timeout'
  | 'rate_limited'
  | 'server'
  | 'unsupported'
  | 'unknown';

const RETRYABLE: ReadonlySet<AnnokitErrorCode> = new Set(['network', 'timeout', 'rate_limited', 'server']);

export interface AnnokitErrorOptions {
  code: AnnokitErrorCode;
  /** HTTP status when the error came from a response. */
  status?: number;
  /** Overrides the default derived from `code` (network, timeout, rate_limited and server retry). */
  retryable?: boolean;
  /** Seconds the server asked us to wait (Retry-After). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/** Every error annokit throws or reports: a readable message plus a machine-readable `code`. */
export class AnnokitError extends Error {
  readonly code: AnnokitErrorCode;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, options: AnnokitErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AnnokitError';
    this.code = options.code;
    this.status = options.status;
    this.retryable = options.retryable ?? RETRYABLE.has(options.code);
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** One rejected field: where it is, what it held and why it was refused. */
export interface ValidationIssue {
  /** Dotted path of the field, e.g. `annotation.score` or `spans[3].context.span_id`. */
  field: string;
  value: unknown;
  message: string;
}

/** Bad input: names every rejected field and value. Never retried. */
export class ValidationError extends AnnokitError {
  readonly issues: readonly ValidationIssue[];

  constructor(issues: ValidationIssue[]) {
    const message =
      issues.length === 0
        ? 'invalid value'
        : issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
    super(message, { code: 'validation', retryable: false });
    this.name = 'ValidationError';
    this.issues = issues;
  }

  /** The first rejected field (most errors have exactly one). */
  get field(): string {
    return this.issues[0]?.field ?? '';
  }

  /** The value held by the first rejected field. */
  get value(): unknown {
    return this.issues[0]?.value;
  }
}

export function isAnnokitError(error: unknown): error is AnnokitError {
  return error instanceof AnnokitError;
}

/**
 * Whether a failed write should be tried again: network trouble, time-outs, 5xx and 429. Anything
 * else thrown is judged by what {@link toAnnokitError} makes of it.
 */
export function isRetryableError(error: unknown): boolean {
  return toAnnokitError(error).retryable;
}

/** An outbox error (plain JSON, as stored) as the {@link AnnokitError} the UI reports. */
export const outboxError = (error: OutboxError): AnnokitError => new AnnokitError(error.message, error);

/** Maps anything thrown to an {@link AnnokitError} so the UI can always show a readable message. */
export function toAnnokitError(error: unknown): AnnokitError {
  if (error instanceof AnnokitError) return error;
  if (!(error instanceof Error)) return new AnnokitError(`Unexpected error: ${describeValue(error)}`, { code: 'unknown', cause: error });
  // fetch rejects with a TypeError when the network is down or the request was blocked.
  const [code, message]: [AnnokitErrorCode, string] =
    error instanceof TypeError
      ? ['network', `Network error: ${error.message}`]
      : error.name === 'AbortError' || error.name === 'TimeoutError'
        ? ['timeout', 'The request timed out']
        : ['unknown', error.message];
  return new AnnokitError(message, { code, cause: error });
}

/** The usual message of a rejected value: `expected a string, got 42`. */
export function got(expected: string, value: unknown): string {
  return `expected ${expected}, got ${describeValue(value)}`;
}

/** How a value is quoted in an error message: `NaN`, `""`, `undefined`, `"abc"`, `{"a":1}` (cut at 80 chars). */
export function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'function') return 'a function';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
