import type { AnnotationAdapter, RequestOptions } from '../../core/adapter';
import { AnnokitError, type AnnokitErrorCode } from '../../core/errors';
import { buildQuery, parseRetryAfter, readJson, resolveHeaders, sendRequest, type HeadersOption, type QueryValue } from '../../core/http';
import type { Annotation, AnnotationConfig, AnnotationInput, AnnotationQuery, AnnotationTarget, Dataset, DatasetInput } from '../../core/model';
import { ValidationError } from '../../core/errors';
import * as s from '../../core/schema';
import { annotationKey, refOf, targetKey } from '../../core/targets';
import { annotationFromInput, annotationRefSchema, validateAnnotationConfigInput, validateAnnotationInput } from '../../core/validation';
import {
  fromLangfuseConfig,
  fromLangfuseDataset,
  fromLangfuseDatasetItem,
  toLangfuseDatasetItem,
  fromLangfuseScore,
  fromLangfuseTrace,
  scoreIdFor,
  toLangfuseConfig,
  toLangfuseScore,
  type LangfuseScoreConfig,
  type LangfuseScoreRow,
  type LangfuseTrace,
} from './convert';

export interface LangfuseAdapterOptions {
  /** Langfuse's URL, e.g. `https://cloud.langfuse.com`, or your proxy's. */
  baseUrl: string;
  /** The project's public key (`pk-lf-...`). Alone, it gives the write-only browser mode. */
  publicKey?: string;
  /** The secret key (`sk-lf-...`): server side only, never in a browser bundle. With it, every method is available. */
  secretKey?: string;
  /** Extra or replacing headers (static, or a function for token refresh); default none. */
  headers?: HeadersOption;
  /** The fetch to use; default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Milliseconds before a request fails with a `timeout` error; default 15000. */
  timeoutMs?: number;
  /** The trace of a span target (Langfuse files observation scores under their trace); default: looked up (server mode) or not sent (browser mode). */
  traceIdOf?: (spanId: string) => string | null | undefined | Promise<string | null | undefined>;
  /** Langfuse environment written on scores; default none (Langfuse's `default`). */
  environment?: string;
}

/** Langfuse as an annotation backend: full in server mode, write-only with just a public key (browser mode). */
export type LangfuseAdapter = AnnotationAdapter & { readonly name: 'langfuse'; readonly mode: 'server' | 'browser' };

const pageMeta = s.object({ page: s.number(), totalPages: s.number() });
const scoreRow = s.object(
  {
    id: s.string({ nonEmpty: true }),
    name: s.string(),
    dataType: s.string(),
    source: s.string(),
    createdAt: s.string(),
    updatedAt: s.string(),
  },
  { passthrough: true },
) as unknown as s.Schema<LangfuseScoreRow>;
const scoresPage = s.object({ data: s.array(scoreRow), meta: pageMeta });
const configRow = s.object(
  { id: s.string({ nonEmpty: true }), name: s.string(), dataType: s.string(), isArchived: s.optional(s.boolean()) },
  { passthrough: true },
) as unknown as s.Schema<LangfuseScoreConfig>;
const configsPage = s.object({ data: s.array(configRow), meta: pageMeta });
const traceBody = s.object({ id: s.string({ nonEmpty: true }), observations: s.array(s.record(s.unknown())) }, { passthrough: true });
const datasetRow = s.object(
  { id: s.string({ nonEmpty: true }), name: s.string(), description: s.nullable(s.string()), metadata: s.unknown(), createdAt: s.string(), updatedAt: s.string() },
  { passthrough: true },
);
const datasetsPage = s.object({ data: s.array(datasetRow), meta: pageMeta });
const itemsPage = s.object({
  data: s.array(
    s.object({ id: s.string(), input: s.unknown(), expectedOutput: s.unknown(), metadata: s.unknown(), sourceObservationId: s.nullable(s.string()) }, { passthrough: true }),
  ),
  meta: s.object({ page: s.number(), totalPages: s.number(), totalItems: s.number() }),
});
const observationBody = s.object({ id: s.string(), traceId: s.nullable(s.string()) }, { passthrough: true });

function errorFor(status: number, text: string, retryAfter: string | null, where: string): AnnokitError {
  let detail = text.trim();
  try {
    const json: unknown = JSON.parse(detail);
    if (typeof json === 'string') detail = json;
    else if (s.isPlainObject(json) && typeof json.message === 'string') detail = json.message;
  } catch {
    // plain text
  }
  detail = detail.slice(0, 300);
  const suffix = detail ? `: ${detail}` : '';
  let code: AnnokitErrorCode = 'unknown';
  let message = `Unexpected ${status} from Langfuse on ${where}${suffix}`;
  if (status === 401 || status === 403) {
    code = 'authentication';
    message = `Langfuse refused the keys (${status} on ${where})${suffix}. Server side, pass publicKey and secretKey; in a browser, only publicKey (scores only).`;
  } else if (status === 404) [code, message] = ['not_found', `Langfuse has no ${where}${suffix}`];
  else if (status === 409) [code, message] = ['conflict', detail || `Langfuse reported a conflict on ${where}`];
  else if (status === 400 || status === 422) [code, message] = ['validation', detail || `Langfuse rejected ${where} (${status})`];
  else if (status === 405) [code, message] = ['unsupported', `Langfuse does not allow ${where}${suffix}`];
  else if (status === 429) [code, message] = ['rate_limited', `Langfuse is rate limiting requests (429 on ${where})`];
  else if (status >= 500) [code, message] = ['server', `Langfuse failed (${status} on ${where})${suffix}`];
  return new AnnokitError(message, { code, status, retryAfterSeconds: parseRetryAfter(retryAfter) });
}

function base64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

/**
 * An adapter for Langfuse's public API. With `publicKey` + `secretKey` (server only) it reads and
 * writes scores, score configs and traces; with `publicKey` alone (browser mode) it only writes
 * end-user scores, as Langfuse's public-key API allows, and `listAnnotations` returns what this
 * adapter wrote in this page session.
 */
export function createLangfuseAdapter(options: LangfuseAdapterOptions): LangfuseAdapter {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const mode = options.secretKey ? 'server' : 'browser';
  const traceIds = new Map<string, string | null>();

  async function request<T>(
    method: string,
    path: string,
    args: { query?: Record<string, QueryValue>; body?: unknown; request?: RequestOptions; subject?: string },
    schema: s.Schema<T> | null,
  ): Promise<T> {
    const headers = new Headers();
    if (options.publicKey && options.secretKey) headers.set('authorization', `Basic ${base64(`${options.publicKey}:${options.secretKey}`)}`);
    else if (options.publicKey) headers.set('authorization', `Bearer ${options.publicKey}`);
    (await resolveHeaders(options.headers)).forEach((value, key) => headers.set(key, value));
    headers.set('accept', 'application/json');
    if (args.body !== undefined) headers.set('content-type', 'application/json');
    const where = `${method} ${path}`;
    const response = await sendRequest({
      backend: 'Langfuse',
      factory: 'createLangfuseAdapter',
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
      throw errorFor(response.status, await response.text().catch(() => ''), response.headers.get('retry-after'), args.subject ?? where);
    }
    if (schema === null) {
      await response.body?.cancel().catch(() => undefined);
      return undefined as T;
    }
    return s.parse(schema, await readJson(response, 'Langfuse', where), where);
  }

  async function traceIdOf(target: AnnotationTarget): Promise<string | null> {
    if (target.kind !== 'span' && target.kind !== 'document') return null;
    const spanId = target.spanId;
    if (options.traceIdOf) return (await options.traceIdOf(spanId)) ?? null;
    if (mode === 'browser') return null;
    if (!traceIds.has(spanId)) {
      const observation = await request('GET', `/api/public/observations/${encodeURIComponent(spanId)}`, { subject: `observation "${spanId}"` }, observationBody).catch(
        (error: unknown) => {
          if (error instanceof AnnokitError && error.code === 'not_found') return null;
          throw error;
        },
      );
      traceIds.set(spanId, observation?.traceId ?? null);
    }
    return traceIds.get(spanId) ?? null;
  }

  // browser mode cannot read: it remembers what it wrote, so a thread shows the votes of this page session
  const written = new Map<string, Annotation>();

  const adapter: AnnotationAdapter = {
    name: 'langfuse',
    async upsertAnnotations(inputs, requestOptions) {
      const valid = inputs.map((input, index) => validateAnnotationInput(input, { path: `annotations[${index}]` }));
      const out: Annotation[] = [];
      // one score per request: Langfuse has no batch score endpoint outside its ingestion API
      for (const input of valid) {
        const write = toLangfuseScore(input, { traceId: await traceIdOf(input.target), environment: options.environment });
        // the secret-key API answers { id }, the public-key one 204; the id is ours either way
        await request('POST', '/api/public/scores', { body: write, request: requestOptions }, null);
        const key = annotationKey(refOf(input));
        const now = new Date().toISOString();
        const annotation = annotationOf(input, write.id!, written.get(key)?.createdAt ?? now, now);
        written.set(key, annotation);
        out.push(structuredClone(annotation));
      }
      return out;
    },
    async listAnnotations(query, requestOptions) {
      if (mode === 'browser') return filter([...written.values()], query).map((a) => structuredClone(a));
      const found: Annotation[] = [];
      const seen = new Set<string>();
      for (const target of query.targets) {
        const params: Record<string, QueryValue> =
          target.kind === 'trace'
            ? { traceId: target.traceId }
            : target.kind === 'session'
              ? { sessionId: target.sessionId }
              : { observationId: target.spanId };
        const names = query.names && query.names.length === 1 ? { name: query.names[0] } : {};
        for (let page = 1; ; page++) {
          const result = await request('GET', '/api/public/v2/scores', { query: { ...params, ...names, page, limit: 100 }, request: requestOptions }, scoresPage);
          for (const row of result.data) {
            const annotation = fromLangfuseScore(row);
            if (!annotation || targetKey(annotation.target) !== targetKey(target) || seen.has(annotation.id)) continue;
            seen.add(annotation.id);
            found.push(annotation);
          }
          if (page >= result.meta.totalPages) break;
        }
      }
      return filter(found, query);
    },
  };

  if (mode === 'browser') return Object.assign(adapter, { mode }) as LangfuseAdapter;

  const datasetNames = new Map<string, string>();
  async function countItems(datasetName: string): Promise<number> {
    const result = await request('GET', '/api/public/dataset-items', { query: { datasetName, page: 1, limit: 1 } }, itemsPage);
    return result.meta.totalItems;
  }

  Object.assign(adapter, {
    async deleteAnnotations(refs: unknown[], requestOptions?: RequestOptions) {
      for (const [index, raw] of refs.entries()) {
        const ref = s.parse(annotationRefSchema, raw, `refs[${index}]`);
        const id = scoreIdFor(ref.target, ref.name, ref.identifier);
        await request('DELETE', `/api/public/scores/${encodeURIComponent(id)}`, { request: requestOptions }, null).catch((error: unknown) => {
          if (!(error instanceof AnnokitError && error.code === 'not_found')) throw error;
        });
        written.delete(annotationKey(ref));
      }
    },
    async listAnnotationConfigs(requestOptions?: RequestOptions) {
      const configs: AnnotationConfig[] = [];
      for (let page = 1; ; page++) {
        const result = await request('GET', '/api/public/score-configs', { query: { page, limit: 100 }, request: requestOptions }, configsPage);
        for (const config of result.data) if (!config.isArchived) configs.push(fromLangfuseConfig(config));
        if (page >= result.meta.totalPages) break;
      }
      return configs;
    },
    async upsertAnnotationConfig(raw: unknown) {
      const input = validateAnnotationConfigInput(raw);
      const body = toLangfuseConfig(input);
      const config = input.id
        ? await request('PATCH', `/api/public/score-configs/${encodeURIComponent(input.id)}`, { body, subject: `score config "${input.id}"` }, configRow)
        : await request('POST', '/api/public/score-configs', { body }, configRow);
      return fromLangfuseConfig(config);
    },
    async createDataset(input: DatasetInput): Promise<Dataset> {
      if (typeof input?.name !== 'string' || input.name.trim() === '') {
        throw new ValidationError([{ field: 'dataset.name', value: input?.name, message: 'expected a non-empty string' }]);
      }
      const path = `/api/public/v2/datasets/${encodeURIComponent(input.name)}`;
      const existing = await request('GET', path, { subject: `dataset "${input.name}"` }, datasetRow).catch((error: unknown) => {
        if (error instanceof AnnokitError && error.code === 'not_found') return null;
        throw error;
      });
      if (existing && (input.action ?? 'create') === 'create') {
        throw new AnnokitError(`A dataset named "${input.name}" already exists in Langfuse; pass action: 'append' to add to it`, { code: 'conflict' });
      }
      const dataset =
        existing ??
        (await request('POST', '/api/public/v2/datasets', { body: { name: input.name, description: input.description ?? null } }, datasetRow));
      for (const example of input.examples) {
        await request('POST', '/api/public/dataset-items', { body: toLangfuseDatasetItem(example, input.name) }, null);
      }
      return fromLangfuseDataset(dataset as never, await countItems(input.name));
    },
    async listDatasets(requestOptions?: RequestOptions): Promise<Dataset[]> {
      const out: Dataset[] = [];
      for (let page = 1; ; page++) {
        const result = await request('GET', '/api/public/v2/datasets', { query: { page, limit: 100 }, request: requestOptions }, datasetsPage);
        for (const dataset of result.data) {
          datasetNames.set(dataset.id, dataset.name);
          out.push(fromLangfuseDataset(dataset as never, await countItems(dataset.name)));
        }
        if (page >= result.meta.totalPages) break;
      }
      return out;
    },
    async listDatasetExamples(datasetId: string, requestOptions?: RequestOptions) {
      // Langfuse lists items by dataset name; the id → name map is filled by listDatasets
      if (!datasetNames.has(datasetId)) await (adapter as Required<AnnotationAdapter>).listDatasets(requestOptions);
      const name = datasetNames.get(datasetId);
      if (name === undefined) throw new AnnokitError(`Langfuse has no dataset with id "${datasetId}"`, { code: 'not_found' });
      const examples = [];
      for (let page = 1; ; page++) {
        const result = await request('GET', '/api/public/dataset-items', { query: { datasetName: name, page, limit: 100 }, request: requestOptions }, itemsPage);
        examples.push(...result.data.map((item) => fromLangfuseDatasetItem(item as never)));
        if (page >= result.meta.totalPages) break;
      }
      return examples;
    },
    async getTrace(traceId: string, requestOptions?: RequestOptions) {
      const trace = await request('GET', `/api/public/traces/${encodeURIComponent(traceId)}`, { subject: `trace "${traceId}"`, request: requestOptions }, traceBody);
      return fromLangfuseTrace(trace as unknown as LangfuseTrace);
    },
  });
  return Object.assign(adapter, { mode }) as LangfuseAdapter;
}

function annotationOf(input: AnnotationInput, id: string, createdAt: string, updatedAt: string): Annotation {
  return annotationFromInput({ ...input, metadata: structuredClone(input.metadata ?? {}) }, { id, source: 'API', createdAt, updatedAt });
}

function filter(annotations: Annotation[], query: AnnotationQuery): Annotation[] {
  const targets = new Set(query.targets.map(targetKey));
  const names = query.names ? new Set(query.names) : null;
  const identifiers = query.identifiers ? new Set(query.identifiers) : null;
  return annotations.filter(
    (a) => targets.has(targetKey(a.target)) && (!names || names.has(a.name)) && (!identifiers || identifiers.has(a.identifier)),
  );
}
