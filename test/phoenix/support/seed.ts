/**
 * Seeding a real Phoenix with spans the kit loaded: `POST /v1/projects/{project}/spans` in batches,
 * then polling until the bulk inserter has stored every span (the POST answers 202 before that).
 * Runs in Node and in a browser (fetch only). Used by the Phoenix suites, `npm run phoenix -- --seed`
 * and `npm run start:phoenix`.
 *
 * Phoenix keeps span ids unique across the whole database (a POST with a known id is refused
 * whole), so seeding is idempotent: spans already stored are not sent again, and a batch refused
 * because another process stored it meanwhile is checked again rather than failed.
 */
import type { BodyOf } from '../../../src/adapters/phoenix/wire';
import type { Span } from '../../../src/core';
import { toWireSpan } from '../../adapters/phoenix/seed';
import { PhoenixRestError, phoenixRest, projectPath, type PhoenixRest } from './rest';

export { toWireSpan };

/**
 * OpenInference attributes whose value is JSON text (`metadata`, `llm.prompt_template.variables`,
 * `tool.parameters`, `document.metadata`): Phoenix's OTLP ingestion parses them and stores the
 * object, but its REST `POST /v1/projects/{project}/spans` stores the text as it is — and then its
 * span filter (`metadata['plan']`) and its "add spans to dataset" (which spreads the metadata
 * object) cannot read them.
 */
export const JSON_TEXT_ATTRIBUTES = ['metadata', 'llm.prompt_template.variables', 'tool.parameters', 'document.metadata'];

/** Whether Phoenix's OTLP ingestion parses this (dotted) attribute key's JSON text. */
export function isJsonTextAttribute(key: string): boolean {
  return JSON_TEXT_ATTRIBUTES.some((name) => key === name || key.endsWith(`.${name}`));
}

/**
 * A span for `POST /v1/projects/{project}/spans`, stored the way Phoenix stores the same span sent
 * by an app over OTLP: the JSON-text attributes parsed into objects, as its OTLP path does.
 */
export function toIngestedWireSpan(span: Span): ReturnType<typeof toWireSpan> {
  const wire = toWireSpan(span);
  const attributes = { ...wire.attributes } as Record<string, unknown>;
  for (const [key, value] of Object.entries(attributes)) {
    if (typeof value !== 'string' || !isJsonTextAttribute(key)) continue;
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed !== null) attributes[key] = parsed;
    } catch {
      // not JSON: Phoenix keeps the text too
    }
  }
  return { ...wire, attributes: attributes as typeof wire.attributes };
}

export interface SeedSpansOptions {
  /** Spans per POST. Default 500. */
  batchSize?: number;
  /** How long to wait for Phoenix to store them. Default 120000 ms. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface SeedSpansResult {
  project: string;
  /** Spans given. */
  spans: number;
  /** Spans that had to be sent (the rest were there already). */
  sent: number;
  /** POST requests made. */
  requests: number;
  /** From the first POST until every span was readable. */
  seconds: number;
}

/** Ids per existence query: keeps the URL well under proxies' 8 KiB request-line limits. */
const IDS_PER_QUERY = 150;

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The ids of `spanIds` that Phoenix does not serve in `project` (yet). */
export async function missingSpanIds(rest: PhoenixRest, project: string, spanIds: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (let start = 0; start < spanIds.length; start += IDS_PER_QUERY) {
    const batch = spanIds.slice(start, start + IDS_PER_QUERY);
    const query = new URLSearchParams(batch.map((id) => ['span_id', id]));
    query.set('limit', String(IDS_PER_QUERY));
    let found: Set<string>;
    try {
      const page = await rest.json<{ data: { context: { span_id: string } }[] }>('GET', `${projectPath(project)}/spans?${query}`);
      found = new Set(page.data.map((span) => span.context.span_id));
    } catch (error) {
      // an unknown project: nothing is stored yet
      if (error instanceof PhoenixRestError && error.status === 404) found = new Set();
      else throw error;
    }
    for (const id of batch) if (!found.has(id)) missing.push(id);
  }
  return missing;
}

/**
 * Stores `spans` in `project` through `POST /v1/projects/{project}/spans` and resolves once Phoenix
 * serves every one of them. Spans already stored are skipped.
 */
export async function seedSpans(baseUrl: string, project: string, spans: readonly Span[], options: SeedSpansOptions = {}): Promise<SeedSpansResult> {
  const rest = phoenixRest(baseUrl, options.fetch);
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 120_000);
  const batchSize = options.batchSize ?? 500;
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  let missing = await missingSpanIds(rest, project, [...byId.keys()]);
  let sent = 0;
  let refused = 0;
  let requests = 0;
  for (let start = 0; start < missing.length; start += batchSize) {
    // `id` (Phoenix's own row id) has a default, so the generated type requires it; Phoenix ignores it on input
    const batch = missing.slice(start, start + batchSize).map((id) => toIngestedWireSpan(byId.get(id)!)) as BodyOf<'createSpans'>['data'];
    requests++;
    try {
      await rest.call('createSpans', 'POST', `${projectPath(project)}/spans`, { data: batch });
      sent += batch.length;
    } catch (error) {
      // 400 when any id already exists: another process seeded the same spans; the poll below tells
      if (!(error instanceof PhoenixRestError && error.status === 400 && /duplicate/i.test(error.body))) throw error;
      refused += batch.length;
    }
  }
  let wait = 50;
  while (missing.length > 0) {
    missing = await missingSpanIds(rest, project, missing);
    if (missing.length === 0) break;
    if (Date.now() > deadline) {
      const why = refused ? `; it refused ${refused} as duplicates, so some ids may be stored in another project` : '';
      throw new Error(`Phoenix did not store ${missing.length} of ${spans.length} spans in project "${project}" in time (first: ${missing[0]})${why}`);
    }
    await sleep(wait);
    wait = Math.min(wait * 2, 1000);
  }
  return { project, spans: spans.length, sent, requests, seconds: (Date.now() - started) / 1000 };
}
