/**
 * The transport pieces every network adapter shares: pluggable headers (static or a function for
 * token refresh), a time-out joined with the caller's abort signal, Retry-After parsing, and one
 * `fetch` wrapper that turns network failures and time-outs into {@link AnnokitError}s. Mapping a
 * non-2xx answer stays with each adapter, which knows its backend's error bodies.
 */
import { AnnokitError } from './errors';

/** Static headers, or a function (possibly async) called before every request, e.g. to refresh a token. */
export type HeadersOption = HeadersInit | (() => HeadersInit | Promise<HeadersInit>);

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];

/** A query string with repeated keys for arrays (`span_ids=a&span_ids=b`); `''` when there is nothing to send. */
export function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Seconds to wait from a Retry-After header: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** The headers of one request, from the static value or the function the host passed. */
export async function resolveHeaders(option: HeadersOption | undefined): Promise<Headers> {
  const value = typeof option === 'function' ? await option() : option;
  return new Headers(value ?? undefined);
}

/** One signal that aborts on the caller's signal or after `timeoutMs`; `timedOut` tells which. */
export function withTimeout(signal: AbortSignal | undefined, timeoutMs: number) {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) controller.abort(signal.reason);
  else signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    timeoutMs > 0 && Number.isFinite(timeoutMs)
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs)
      : undefined;
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

export interface SendRequestOptions {
  /** Names the backend in error messages: `Langfuse`, `the annotation endpoint`. */
  backend: string;
  /** The option name a host passes its fetch through, named when none is available. */
  factory: string;
  fetch?: typeof fetch;
  url: string;
  method: string;
  headers: Headers;
  body?: string;
  signal?: AbortSignal;
  keepalive?: boolean;
  timeoutMs: number;
  /** How the request is named in a time-out message (a path template rather than the full URL). */
  describe: string;
}

/**
 * `fetch` with a time-out. Resolves with the response whatever its status; rejects with a
 * `network` or `timeout` AnnokitError, or with the caller's own AbortError when it aborted.
 */
export async function sendRequest(options: SendRequestOptions): Promise<Response> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new AnnokitError(`No fetch available: pass \`fetch\` to ${options.factory}`, { code: 'unsupported' });
  }
  const timeout = withTimeout(options.signal, options.timeoutMs);
  try {
    return await fetchImpl(options.url, {
      method: options.method,
      headers: options.headers,
      body: options.body,
      signal: timeout.signal,
      keepalive: options.keepalive,
    });
  } catch (error) {
    if (timeout.timedOut) {
      throw new AnnokitError(`${options.backend} did not answer ${options.describe} within ${options.timeoutMs} ms`, {
        code: 'timeout',
        cause: error,
      });
    }
    // the caller aborted: let its AbortError through untouched so cancellation stays cancellation
    if (options.signal?.aborted) throw error;
    let origin = '(same origin)';
    try {
      origin = new URL(options.url).origin;
    } catch {
      // a relative URL: the host's own origin
    }
    throw new AnnokitError(
      `Could not reach ${options.backend} at ${origin} (${error instanceof Error ? error.message : String(error)})`,
      { code: 'network', cause: error },
    );
  } finally {
    timeout.dispose();
  }
}

/** Reads a JSON body, or throws a non-retryable `server` error quoting what came instead. */
export async function readJson(response: Response, backend: string, describe: string): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    const excerpt = text.trim().slice(0, 120);
    throw new AnnokitError(`${backend} answered ${describe} with something that is not JSON: ${excerpt}`, {
      code: 'server',
      retryable: false,
      cause: error,
    });
  }
}
