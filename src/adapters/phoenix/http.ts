import { AnnokitError, type AnnokitErrorCode } from '../../core/errors';
import * as s from '../../core/schema';
import { buildQuery, parseRetryAfter, resolveHeaders, withTimeout, type HeadersOption, type QueryValue } from '../../core/http';
import type { BodyOf, OperationId, PathOf, QueryOf } from './wire';

export type { HeadersOption } from '../../core/http';

export interface HttpOptions {
  baseUrl: string;
  headers?: HeadersOption;
  fetch?: typeof fetch;
  timeoutMs: number;
}

/** The operations of the contract this adapter calls, with their method and path template. */
export const ROUTES = {
  listAnnotationConfigs: ['GET', '/v1/annotation_configs'],
  createAnnotationConfig: ['POST', '/v1/annotation_configs'],
  updateAnnotationConfig: ['PUT', '/v1/annotation_configs/{config_id}'],
  getProjectAnnotationConfigs: ['GET', '/v1/projects/{project_identifier}/annotation_configs'],
  assignAnnotationConfigToProject: ['PUT', '/v1/projects/{project_identifier}/annotation_configs/{config_identifier}'],
  annotateSpans: ['POST', '/v1/span_annotations'],
  annotateTraces: ['POST', '/v1/trace_annotations'],
  annotateSessions: ['POST', '/v1/session_annotations'],
  annotateSpanDocuments: ['POST', '/v1/document_annotations'],
  listSpanAnnotationsBySpanIds: ['GET', '/v1/projects/{project_identifier}/span_annotations'],
  listTraceAnnotationsByTraceIds: ['GET', '/v1/projects/{project_identifier}/trace_annotations'],
  listSessionAnnotationsBySessionIds: ['GET', '/v1/projects/{project_identifier}/session_annotations'],
  deleteSpanAnnotations: ['DELETE', '/v1/projects/{project_identifier}/span_annotations'],
  deleteTraceAnnotations: ['DELETE', '/v1/projects/{project_identifier}/trace_annotations'],
  deleteSessionAnnotations: ['DELETE', '/v1/projects/{project_identifier}/session_annotations'],
  createSpanNote: ['POST', '/v1/span_notes'],
  createTraceNote: ['POST', '/v1/trace_notes'],
  createSessionNote: ['POST', '/v1/session_notes'],
  getProject: ['GET', '/v1/projects/{project_identifier}'],
  getSpans: ['GET', '/v1/projects/{project_identifier}/spans'],
  listProjectSessions: ['GET', '/v1/projects/{project_identifier}/sessions'],
  listProjectTraces: ['GET', '/v1/projects/{project_identifier}/traces'],
  uploadDataset: ['POST', '/v1/datasets/upload'],
  listDatasets: ['GET', '/v1/datasets'],
  getDataset: ['GET', '/v1/datasets/{id}'],
  getDatasetExamples: ['GET', '/v1/datasets/{id}/examples'],
  listExperiments: ['GET', '/v1/datasets/{dataset_id}/experiments'],
  getExperiment: ['GET', '/v1/experiments/{experiment_id}'],
  listExperimentRuns: ['GET', '/v1/experiments/{experiment_id}/runs'],
  getExperimentJSON: ['GET', '/v1/experiments/{experiment_id}/json'],
} as const satisfies Partial<Record<OperationId, readonly [string, string]>>;

export type RoutedOperation = keyof typeof ROUTES;


export interface CallArgs<K extends RoutedOperation> {
  path?: PathOf<K>;
  query?: QueryOf<K>;
  body?: BodyOf<K>;
  signal?: AbortSignal;
  keepalive?: boolean;
  /** What a 404 was looking for, named in the error: `dataset "RGF0YXNldDox"`. */
  subject?: string;
}

/** Query strings longer than this risk a 414 from proxies in front of Phoenix (many cap the request line at 8 KiB). */
export const MAX_URL_LENGTH = 6000;

// Repeated keys for arrays (`span_ids=a&span_ids=b`) is how Phoenix (FastAPI) reads list parameters.
export { buildQuery, parseRetryAfter };

function fillPath(template: string, path: Record<string, string> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = path?.[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} in ${template}`);
    return encodeURIComponent(value);
  });
}

/** Reads the human part of an error body: FastAPI's `{ detail }` (string or list of issues) or plain text. */
export function errorMessageFromBody(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (s.isPlainObject(parsed) && 'detail' in parsed) {
      const detail = parsed.detail;
      if (typeof detail === 'string') return detail;
      if (Array.isArray(detail)) {
        return detail
          .map((entry) =>
            s.isPlainObject(entry)
              ? `${Array.isArray(entry.loc) ? entry.loc.join('.') : ''}: ${String(entry.msg ?? '')}`.replace(/^: /, '')
              : String(entry),
          )
          .join('; ');
      }
    }
  } catch {
    // not JSON: Phoenix answers most errors in text/plain
  }
  return trimmed.length > 500 ? `${trimmed.slice(0, 497)}...` : trimmed;
}

/** Maps a non-2xx response to the error code the UI and the outbox act on. */
export function errorFromResponse(
  status: number,
  bodyText: string,
  retryAfter: string | null,
  context: { method: string; path: string; subject?: string },
): AnnokitError {
  const serverMessage = errorMessageFromBody(bodyText);
  const where = `${context.method} ${context.path}`;
  const suffix = serverMessage ? `: ${serverMessage}` : '';
  let code: AnnokitErrorCode;
  let message: string;
  if (status === 401 || status === 403) {
    code = 'authentication';
    message =
      status === 401
        ? `Phoenix needs credentials (401 on ${where})${suffix}. Pass an API key through \`headers\` or call Phoenix through your own backend.`
        : `Phoenix refused access (403 on ${where})${suffix}`;
  } else if (status === 404) {
    code = 'not_found';
    message = `Phoenix has no ${context.subject ?? where}${suffix}`;
  } else if (status === 409) {
    code = 'conflict';
    message = serverMessage || `Phoenix reported a conflict on ${where}`;
  } else if (status === 400 || status === 422) {
    code = 'validation';
    message = serverMessage || `Phoenix rejected the request to ${where} (${status})`;
  } else if (status === 429) {
    code = 'rate_limited';
    message = `Phoenix is rate limiting requests (429 on ${where})${suffix}`;
  } else if (status >= 500) {
    code = 'server';
    message = `Phoenix failed (${status} on ${where})${suffix}`;
  } else {
    code = 'unknown';
    message = `Unexpected ${status} from Phoenix on ${where}${suffix}`;
  }
  return new AnnokitError(message, { code, status, retryAfterSeconds: parseRetryAfter(retryAfter) });
}

export interface Http {
  /** Calls an operation and validates the JSON response; `schema: null` for operations that answer 204. */
  call<K extends RoutedOperation, T>(operation: K, args: CallArgs<K>, schema: s.Schema<T>): Promise<T>;
  call<K extends RoutedOperation>(operation: K, args: CallArgs<K>, schema: null): Promise<void>;
  /** Calls an operation whose 200 answer is text (Phoenix's JSON/CSV downloads). */
  text<K extends RoutedOperation>(operation: K, args: CallArgs<K>): Promise<string>;
  /** The URL a call would request, for batching decisions. */
  url<K extends RoutedOperation>(operation: K, args: Pick<CallArgs<K>, 'path' | 'query'>): string;
}

/** A typed caller of the contract's operations: headers per request, time-out, error mapping, response checks. */
export function createHttp(options: HttpOptions): Http {
  const base = options.baseUrl.replace(/\/+$/, '');

  const url = <K extends RoutedOperation>(operation: K, args: Pick<CallArgs<K>, 'path' | 'query'>): string => {
    const [, template] = ROUTES[operation];
    return `${base}${fillPath(template, args.path as Record<string, string> | undefined)}${buildQuery(
      args.query as Record<string, QueryValue> | undefined,
    )}`;
  };

  async function send<K extends RoutedOperation>(operation: K, args: CallArgs<K>): Promise<Response> {
    const [method, template] = ROUTES[operation];
    const target = url(operation, args);
    const headers = await resolveHeaders(options.headers);
    headers.set('accept', 'application/json, text/plain');
    if (args.body !== undefined) headers.set('content-type', 'application/json');
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') {
      throw new AnnokitError('No fetch available: pass `fetch` to createPhoenixAdapter', { code: 'unsupported' });
    }
    const timeout = withTimeout(args.signal, options.timeoutMs);
    let response: Response;
    try {
      response = await fetchImpl(target, {
        method,
        headers,
        body: args.body === undefined ? undefined : JSON.stringify(args.body),
        signal: timeout.signal,
        keepalive: args.keepalive,
      });
    } catch (error) {
      if (timeout.timedOut) {
        throw new AnnokitError(`Phoenix did not answer ${method} ${template} within ${options.timeoutMs} ms`, {
          code: 'timeout',
          cause: error,
        });
      }
      // the caller aborted: let its AbortError through untouched so cancellation stays cancellation
      if (args.signal?.aborted) throw error;
      throw new AnnokitError(
        `Could not reach Phoenix at ${base || '(same origin)'} (${error instanceof Error ? error.message : String(error)})`,
        { code: 'network', cause: error },
      );
    } finally {
      timeout.dispose();
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw errorFromResponse(response.status, text, response.headers.get('retry-after'), {
        method,
        path: template,
        subject: args.subject,
      });
    }
    return response;
  }

  async function call<K extends RoutedOperation, T>(
    operation: K,
    args: CallArgs<K>,
    schema: s.Schema<T> | null,
  ): Promise<T | void> {
    const response = await send(operation, args);
    if (schema === null) {
      await response.body?.cancel().catch(() => undefined);
      return;
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new AnnokitError(
        `Phoenix answered ${ROUTES[operation][1]} with something that is not JSON: ${errorMessageFromBody(text).slice(0, 120)}`,
        { code: 'server', retryable: false, cause: error },
      );
    }
    return s.parse(schema, json, operation);
  }

  return {
    call: call as Http['call'],
    async text(operation, args) {
      const response = await send(operation, args);
      return response.text();
    },
    url,
  };
}
