/**
 * Plain REST calls to Phoenix for what the tests set up and check beside the adapter (creating
 * spans, deleting a project, experiments): typed by the contract, runs in Node and in a browser.
 */
import type { BodyOf, OperationId } from '../../../src/adapters/phoenix/wire';
import type { Span } from '../../../src/core';

export class PhoenixRestError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    where: string,
  ) {
    super(`Phoenix answered ${status} to ${where}: ${body.slice(0, 500)}`);
    this.name = 'PhoenixRestError';
  }
}

export interface PhoenixRest {
  readonly baseUrl: string;
  /** Sends JSON (or nothing) and returns the parsed JSON answer, null for an empty one; throws PhoenixRestError on a non-2xx. */
  json<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Like {@link json}, with the request body typed by the contract's operation. */
  call<K extends OperationId, T = unknown>(operation: K, method: string, path: string, body: BodyOf<K>): Promise<T>;
}

/** A REST helper for the Phoenix at `baseUrl`; `fetch` defaults to the global one. */
export function phoenixRest(baseUrl: string, fetchImpl: typeof fetch = globalThis.fetch): PhoenixRest {
  const base = baseUrl.replace(/\/+$/, '');
  async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetchImpl(`${base}${path}`, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new PhoenixRestError(response.status, text, `${method} ${path}`);
    return (text ? JSON.parse(text) : null) as T;
  }
  return {
    baseUrl: base,
    json,
    call: (_operation, method, path, body) => json(method, path, body),
  };
}

/** Path segment for a project name or id. */
export function projectPath(project: string): string {
  return `/v1/projects/${encodeURIComponent(project)}`;
}

/** Deletes a project with its spans, traces, sessions and annotations; a missing project is fine. */
export async function deleteProject(rest: PhoenixRest, project: string): Promise<void> {
  try {
    await rest.json('DELETE', projectPath(project));
  } catch (error) {
    if (error instanceof PhoenixRestError && error.status === 404) return;
    throw error;
  }
}

let counter = 0;

/** A name no other test of this run uses: `prefix-<time><random><counter>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}${(++counter).toString(36)}`;
}

/** Random lower-case hex of `bytes` bytes (an OTel span id is 8, a trace id 16). */
export function randomHex(bytes: number): string {
  const values = new Uint8Array(bytes);
  crypto.getRandomValues(values);
  return [...values].map((value) => value.toString(16).padStart(2, '0')).join('');
}

/**
 * A root LLM span with fresh span and trace ids (Phoenix keeps them unique server-wide), its input
 * and output as text, status OK, lasting `durationMs` from `startTime`.
 */
export function freshAnswerSpan(fields: { name: string; startTime: number; durationMs: number; input: string; output: string }): Span {
  return {
    spanId: randomHex(8),
    traceId: randomHex(16),
    parentId: null,
    name: fields.name,
    kind: 'LLM',
    startTime: fields.startTime,
    endTime: fields.startTime + fields.durationMs,
    status: { code: 'OK', message: '' },
    attributes: { input: { value: fields.input }, output: { value: fields.output } },
    events: [],
  };
}

/** Operations the suites call beside the adapter's own (the contract drift test covers them too). */
export const SUITE_OPERATIONS = [
  { operationId: 'createSpans', method: 'POST', path: '/v1/projects/{project_identifier}/spans' },
  { operationId: 'deleteProject', method: 'DELETE', path: '/v1/projects/{project_identifier}' },
  { operationId: 'createExperiment', method: 'POST', path: '/v1/datasets/{dataset_id}/experiments' },
  { operationId: 'createExperimentRun', method: 'POST', path: '/v1/experiments/{experiment_id}/runs' },
  { operationId: 'upsertExperimentEvaluation', method: 'POST', path: '/v1/experiment_evaluations' },
] as const;
