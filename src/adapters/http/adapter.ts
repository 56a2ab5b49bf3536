import { CAPABILITIES, type AnnotationAdapter, type Capability, type RequestOptions } from '../../core/adapter';
import { AnnokitError, ValidationError, type AnnokitErrorCode } from '../../core/errors';
import {
  buildQuery,
  parseRetryAfter,
  readJson,
  resolveHeaders,
  sendRequest,
  type HeadersOption,
  type QueryValue,
} from '../../core/http';
import type { AnnotationInput } from '../../core/model';
import * as s from '../../core/schema';
import {
  annotationRefSchema,
  validateAnnotationConfigInput,
  validateAnnotationInput,
  validateNoteInput,
} from '../../core/validation';
import { ROUTES, type HttpOperation, type WireErrorCode } from './protocol';
import {
  annotationConfigSchema,
  annotationSchema,
  datasetExampleSchema,
  datasetInputSchema,
  datasetSchema,
  envelope,
  experimentRunSchema,
  experimentSchema,
  noteSchema,
  pageOf,
  sessionSchema,
  spanSchema,
} from './schemas';

export interface HttpAdapterOptions {
  /** Where the protocol is served, e.g. `/api/annotations` (same origin) or an absolute URL. */
  baseUrl: string;
  /** Static headers, or a function called before every request (token refresh). Default: none, the browser's cookies authenticate. */
  headers?: HeadersOption;
  /** The fetch to use; default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Milliseconds before a request fails with a `timeout` error; default 15000. */
  timeoutMs?: number;
  /**
   * Optional capabilities the server serves (see `GET /capabilities`); the adapter has exactly
   * these methods, so components disable what the server does not offer. Default
   * `['deleteAnnotations', 'annotationConfigs']`, what `createAnnotationHandler` serves by default.
   */
  capabilities?: readonly Capability[] | 'all';
}

/** An {@link AnnotationAdapter} that speaks annokit's HTTP protocol. */
export type HttpAdapter = AnnotationAdapter & { readonly name: 'http' };

export const DEFAULT_HTTP_CAPABILITIES: readonly Capability[] = ['deleteAnnotations', 'annotationConfigs'];

const KNOWN_CODES = new Set<WireErrorCode>([
  'validation',
  'authentication',
  'forbidden',
  'not_found',
  'conflict',
  'network',
  'timeout',
  'rate_limited',
  'server',
  'unsupported',
  'unknown',
]);

function codeForStatus(status: number): AnnokitErrorCode {
  if (status === 400 || status === 422) return 'validation';
  if (status === 401 || status === 403) return 'authentication';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status === 501) return 'unsupported';
  if (status >= 500) return 'server';
  return 'unknown';
}

/** Turns a protocol error answer into the AnnokitError it describes (a ValidationError keeps its fields). */
export function errorFromWire(status: number, body: unknown, retryAfter: string | null, where: string): AnnokitError {
  const error = s.isPlainObject(body) && s.isPlainObject(body.error) ? body.error : null;
  const wireCode = error && typeof error.code === 'string' && KNOWN_CODES.has(error.code as WireErrorCode) ? (error.code as WireErrorCode) : null;
  const message =
    error && typeof error.message === 'string' && error.message
      ? error.message
      : `The annotation endpoint answered ${status} to ${where}`;
  const issues = error && Array.isArray(error.issues) ? error.issues.filter(s.isPlainObject) : [];
  if ((wireCode === 'validation' || (!wireCode && status === 400)) && issues.length > 0) {
    return new ValidationError(
      issues.map((issue) => ({ field: String(issue.field ?? ''), value: issue.value, message: String(issue.message ?? '') })),
    );
  }
  const code: AnnokitErrorCode = wireCode === 'forbidden' ? 'authentication' : (wireCode ?? codeForStatus(status));
  return new AnnokitError(message, {
    code,
    status,
    // a policy refusal or bad request will fail the same way again
    retryable: status >= 500 && status !== 501 ? true : status === 429 ? true : false,
    retryAfterSeconds: parseRetryAfter(retryAfter),
  });
}

/**
 * An adapter for a host's own backend speaking annokit's HTTP protocol (`openapi.json`), typically
 * `createAnnotationHandler` in front of Phoenix or Langfuse so that no secret key reaches the browser.
 */
export function createHttpAdapter(options: HttpAdapterOptions): HttpAdapter {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const enabled = new Set<Capability>(options.capabilities === 'all' ? CAPABILITIES : (options.capabilities ?? DEFAULT_HTTP_CAPABILITIES));

  async function call<T>(
    operation: HttpOperation,
    args: {
      path?: Record<string, string>;
      query?: Record<string, QueryValue>;
      body?: unknown;
      request?: RequestOptions;
      idempotencyKey?: string;
    },
    schema: s.Schema<T> | null,
  ): Promise<T> {
    const [method, template] = ROUTES[operation];
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(args.path?.[name] ?? ''));
    const headers = await resolveHeaders(options.headers);
    headers.set('accept', 'application/json');
    if (args.body !== undefined) headers.set('content-type', 'application/json');
    const idempotencyKey = args.idempotencyKey ?? args.request?.idempotencyKey;
    if (idempotencyKey) headers.set('idempotency-key', idempotencyKey);
    const where = `${method} ${template}`;
    const response = await sendRequest({
      backend: 'the annotation endpoint',
      factory: 'createHttpAdapter',
      fetch: options.fetch,
      url: `${base}${path}${buildQuery(args.query)}`,
      method,
      headers,
      body: args.body === undefined ? undefined : JSON.stringify(args.body),
      signal: args.request?.signal,
      keepalive: args.request?.keepalive,
      timeoutMs,
      describe: where,
    });
    if (!response.ok) {
      const bodyText = await response.text().catch(() => '');
      let body: unknown;
      try {
        body = JSON.parse(bodyText);
      } catch {
        body = { error: { message: bodyText.trim().slice(0, 500) } };
      }
      throw errorFromWire(response.status, body, response.headers.get('retry-after'), where);
    }
    if (schema === null) {
      await response.body?.cancel().catch(() => undefined);
      return undefined as T;
    }
    return s.parse(schema, await readJson(response, 'The annotation endpoint', where), operation);
  }

  const adapter: AnnotationAdapter = {
    name: 'http',
    async upsertAnnotations(inputs, request) {
      const annotations = inputs.map((input, index) => validateAnnotationInput(input, { path: `annotations[${index}]` }));
      if (annotations.length === 0) return [];
      const keyed: AnnotationInput[] = annotations.map((input, index) => ({ ...input, idempotencyKey: inputs[index]!.idempotencyKey }));
      const { data } = await call('upsertAnnotations', { body: { annotations: keyed.map(dropUndefined) }, request }, envelope(s.array(annotationSchema)));
      return data;
    },
    async listAnnotations(query, request) {
      if (query.targets.length === 0) return [];
      const { data } = await call('listAnnotations', { body: dropUndefined(query), request }, envelope(s.array(annotationSchema)));
      return data;
    },
  };

  if (enabled.has('deleteAnnotations')) {
    adapter.deleteAnnotations = async (refs, request) => {
      const parsed = refs.map((ref, index) => s.parse(annotationRefSchema, ref, `refs[${index}]`));
      if (parsed.length === 0) return;
      await call('deleteAnnotations', { body: { refs: parsed }, request }, null);
    };
  }
  if (enabled.has('notes')) {
    adapter.addNote = async (input, request) => {
      const note = validateNoteInput(input);
      return (await call('addNote', { body: dropUndefined(note), request }, envelope(noteSchema))).data;
    };
    adapter.listNotes = async (query, request) => {
      if (query.targets.length === 0) return [];
      return (await call('listNotes', { body: { targets: query.targets }, request }, envelope(s.array(noteSchema)))).data;
    };
  }
  if (enabled.has('annotationConfigs') || enabled.has('editAnnotationConfigs')) {
    adapter.listAnnotationConfigs = async (request) => (await call('listAnnotationConfigs', { request }, envelope(s.array(annotationConfigSchema)))).data;
  }
  if (enabled.has('editAnnotationConfigs')) {
    adapter.upsertAnnotationConfig = async (input) => {
      const config = validateAnnotationConfigInput(input);
      return (await call('upsertAnnotationConfig', { body: dropUndefined(config) }, envelope(annotationConfigSchema))).data;
    };
  }
  if (enabled.has('spans')) {
    adapter.listSpans = async (query, request) => call('listSpans', { body: dropUndefined(query), request }, pageOf(spanSchema));
  }
  if (enabled.has('traces')) {
    adapter.getTrace = async (traceId, request) =>
      (await call('getTrace', { path: { traceId }, request }, envelope(s.array(spanSchema)))).data;
  }
  if (enabled.has('sessions')) {
    adapter.listSessions = async (query, request) =>
      call('listSessions', { query: { cursor: query.cursor ?? undefined, limit: query.limit }, request }, pageOf(sessionSchema));
  }
  if (enabled.has('datasets')) {
    adapter.createDataset = async (input) =>
      (await call('createDataset', { body: s.parse(datasetInputSchema, input, 'dataset') }, envelope(datasetSchema))).data;
    adapter.listDatasets = async (request) => (await call('listDatasets', { request }, envelope(s.array(datasetSchema)))).data;
    adapter.listDatasetExamples = async (datasetId, request) =>
      (await call('listDatasetExamples', { path: { datasetId }, request }, envelope(s.array(datasetExampleSchema)))).data;
  }
  if (enabled.has('experiments')) {
    adapter.listExperiments = async (datasetId, request) =>
      (await call('listExperiments', { path: { datasetId }, request }, envelope(s.array(experimentSchema)))).data;
    adapter.listExperimentRuns = async (experimentId, request) =>
      (await call('listExperimentRuns', { path: { experimentId }, request }, envelope(s.array(experimentRunSchema)))).data;
  }
  return adapter as HttpAdapter;
}

/** JSON has no `undefined`; dropping such keys keeps bodies equal to what the OpenAPI file declares. */
function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
