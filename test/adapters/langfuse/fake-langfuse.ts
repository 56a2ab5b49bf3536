/**
 * A stateful fake of the Langfuse public API on 127.0.0.1: scores (upsert on id, v2 list, delete),
 * score configs, observations and traces. Every request and response is checked against
 * `contracts/langfuse-openapi.yml` (or, for the public-key client, `langfuse-client-openapi.yml`);
 * what the contract does not allow is recorded in `violations`, which each test asserts empty.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Span } from '../../../src/core';
import { repoPath } from '../../support/repoPath';
import { ContractViolation, createContractValidator, fromOpenApi30, type ContractValidator, type MatchedOperation } from '../openapi-contract';

// js-yaml (a devDependency, no types needed for one call) reads the YAML contracts as they are shipped
const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

type Json = Record<string, unknown>;

function contract(file: string): ContractValidator {
  return createContractValidator(fromOpenApi30(load(readFileSync(repoPath('contracts', file), 'utf8')) as Json));
}

let server: ContractValidator | null = null;
let client: ContractValidator | null = null;

export const PUBLIC_KEY = 'pk-lf-test';
export const SECRET_KEY = 'sk-lf-test';

export interface FakeObservation extends Json {
  id: string;
  traceId: string;
}

export class FakeLangfuse {
  readonly violations: string[] = [];
  scores = new Map<string, Json>();
  configs = new Map<string, Json>();
  observations = new Map<string, FakeObservation>();
  traces = new Map<string, Json>();
  datasets = new Map<string, Json>();
  items: Json[] = [];
  /** Every request as `METHOD path?query`, for tests that count calls. */
  readonly log: string[] = [];
  url = '';
  private readonly http = createServer((req, res) => {
    this.handle(req, res).catch((error: unknown) => {
      this.violations.push(`fake error: ${error instanceof Error ? error.stack : String(error)}`);
      res.statusCode = 500;
      res.end();
    });
  });

  async start(): Promise<this> {
    server ??= contract('langfuse-openapi.yml');
    client ??= contract('langfuse-client-openapi.yml');
    await new Promise<void>((done) => this.http.listen(0, '127.0.0.1', done));
    this.url = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((done) => this.http.close(() => done()));
  }

  reset(): void {
    this.scores.clear();
    this.configs.clear();
    this.datasets.clear();
    this.items = [];
    this.log.length = 0;
  }

  private send(res: ServerResponse, status: number, body?: unknown) {
    res.statusCode = status;
    if (body !== undefined) res.setHeader('content-type', 'application/json');
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body: unknown = text ? JSON.parse(text) : undefined;
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://fake');
    this.log.push(`${method} ${url.pathname}${url.search}`);
    const auth = req.headers.authorization ?? '';
    const isSecret = auth === `Basic ${Buffer.from(`${PUBLIC_KEY}:${SECRET_KEY}`).toString('base64')}`;
    const isPublic = auth === `Bearer ${PUBLIC_KEY}`;
    // the public key alone may only create scores (Langfuse's client API)
    const validator = isPublic ? client! : server!;
    let operation: MatchedOperation;
    try {
      operation = validator.checkRequest({ method, url: url.pathname + url.search, contentType: req.headers['content-type'] ?? null, body });
    } catch (error) {
      if (!(error instanceof ContractViolation)) throw error;
      this.violations.push(`request ${method} ${url.pathname}${url.search}: ${error.message}`);
      return this.send(res, 400, error.message);
    }
    if (!isSecret && !isPublic) return this.send(res, 401, 'Unauthorized');
    let [status, answer] = this.route(operation, body as Json);
    // Langfuse's public-key API answers a created score with 204 and no body
    if (isPublic && status === 200) [status, answer] = [204, undefined];
    try {
      validator.checkResponse(operation, status, answer === undefined ? null : 'application/json', answer);
    } catch (error) {
      this.violations.push(`response to ${method} ${url.pathname}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.send(res, status, answer);
  }

  private route(op: MatchedOperation, body: Json): [number, unknown] {
    const now = new Date().toISOString();
    switch (op.operationId) {
      case 'score_create':
      case 'scores_create': {
        const id = (body.id as string | undefined) ?? `score-${this.scores.size + 1}`;
        const previous = this.scores.get(id);
        const value = body.value;
        const dataType = (body.dataType as string | undefined) ?? (typeof value === 'string' ? 'CATEGORICAL' : 'NUMERIC');
        const observation = body.observationId ? this.observations.get(body.observationId as string) : undefined;
        this.scores.set(id, {
          id,
          name: body.name,
          dataType,
          value: typeof value === 'number' ? value : 0,
          ...(dataType === 'NUMERIC' ? {} : { stringValue: typeof value === 'string' ? value : value === 1 ? 'True' : 'False' }),
          source: body.source ?? 'API',
          traceId: body.traceId ?? observation?.traceId ?? null,
          observationId: body.observationId ?? null,
          sessionId: body.sessionId ?? null,
          datasetRunId: null,
          comment: body.comment ?? null,
          metadata: body.metadata ?? null,
          timestamp: now,
          createdAt: previous?.createdAt ?? now,
          updatedAt: now,
          authorUserId: null,
          configId: null,
          queueId: null,
          environment: body.environment ?? 'default',
        });
        return [200, { id }];
      }
      case 'scores_get-many': {
        const q = op.query;
        const page = (q.page as number | undefined) ?? 1;
        const limit = (q.limit as number | undefined) ?? 50;
        const rows = [...this.scores.values()].filter(
          (score) =>
            (!q.traceId || score.traceId === q.traceId) &&
            (!q.observationId || score.observationId === q.observationId) &&
            (!q.sessionId || score.sessionId === q.sessionId) &&
            (!q.name || score.name === q.name),
        );
        return [
          200,
          {
            data: rows.slice((page - 1) * limit, page * limit).map((row) => ({ ...row, trace: null })),
            meta: { page, limit, totalItems: rows.length, totalPages: Math.max(1, Math.ceil(rows.length / limit)) },
          },
        ];
      }
      case 'legacy_scoreV1_delete':
        return this.scores.delete(op.pathParams.scoreId!) ? [204, undefined] : [404, 'Score not found'];
      case 'scoreConfigs_get': {
        const rows = [...this.configs.values()];
        return [200, { data: rows, meta: { page: 1, limit: 100, totalItems: rows.length, totalPages: 1 } }];
      }
      case 'scoreConfigs_create':
      case 'scoreConfigs_update': {
        const existing = op.pathParams.configId ? this.configs.get(op.pathParams.configId) : undefined;
        if (op.pathParams.configId && !existing) return [404, 'Config not found'];
        const id = existing?.id ?? `config-${this.configs.size + 1}`;
        const config = {
          ...(existing ?? { id, createdAt: now, projectId: 'project-1', isArchived: false }),
          ...body,
          updatedAt: now,
        };
        this.configs.set(id as string, config);
        return [200, config];
      }
      case 'legacy_observationsV1_get': {
        const observation = this.observations.get(op.pathParams.observationId!);
        return observation ? [200, observation] : [404, 'Observation not found'];
      }
      case 'trace_get': {
        const trace = this.traces.get(op.pathParams.traceId!);
        if (!trace) return [404, 'Trace not found'];
        const observations = [...this.observations.values()].filter((o) => o.traceId === trace.id);
        return [200, { ...trace, htmlPath: `/trace/${String(trace.id)}`, observations, scores: [] }];
      }
      case 'datasets_get': {
        const dataset = this.datasets.get(op.pathParams.datasetName!);
        return dataset ? [200, dataset] : [404, 'Dataset not found'];
      }
      case 'datasets_create': {
        const dataset = {
          id: `dataset-${this.datasets.size + 1}`,
          name: body.name,
          description: body.description ?? null,
          metadata: body.metadata ?? null,
          inputSchema: null,
          expectedOutputSchema: null,
          projectId: 'project-1',
          createdAt: now,
          updatedAt: now,
        };
        this.datasets.set(body.name as string, dataset);
        return [200, dataset];
      }
      case 'datasets_list': {
        const rows = [...this.datasets.values()];
        return [200, { data: rows, meta: { page: 1, limit: 100, totalItems: rows.length, totalPages: 1 } }];
      }
      case 'datasetItems_create': {
        const dataset = this.datasets.get(body.datasetName as string);
        if (!dataset) return [404, 'Dataset not found'];
        const item = {
          id: (body.id as string | undefined) ?? `item-${this.items.length + 1}`,
          status: 'ACTIVE',
          input: body.input ?? null,
          expectedOutput: body.expectedOutput ?? null,
          metadata: body.metadata ?? null,
          sourceTraceId: body.sourceTraceId ?? null,
          sourceObservationId: body.sourceObservationId ?? null,
          datasetId: dataset.id,
          datasetName: dataset.name,
          createdAt: now,
          updatedAt: now,
          mediaReferences: [],
        };
        this.items.push(item);
        return [200, item];
      }
      case 'datasetItems_list': {
        const q = op.query;
        const page = (q.page as number | undefined) ?? 1;
        const limit = (q.limit as number | undefined) ?? 50;
        const rows = this.items.filter((item) => item.datasetName === q.datasetName);
        return [
          200,
          { data: rows.slice((page - 1) * limit, page * limit), meta: { page, limit, totalItems: rows.length, totalPages: Math.max(1, Math.ceil(rows.length / limit)) } },
        ];
      }
      default:
        return [404, `the fake does not serve ${op.operationId}`];
    }
  }
}

export function startFakeLangfuse(): Promise<FakeLangfuse> {
  return new FakeLangfuse().start();
}

const KIND_TYPE: Record<string, string> = { LLM: 'GENERATION', AGENT: 'AGENT', TOOL: 'TOOL', CHAIN: 'CHAIN', RETRIEVER: 'RETRIEVER' };

/** Loads spans into the fake as Langfuse observations grouped into traces. */
export function seedObservations(target: FakeLangfuse, spans: readonly Span[]): void {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  for (const span of spans) {
    target.observations.set(span.spanId, {
      id: span.spanId,
      traceId: span.traceId,
      type: KIND_TYPE[span.kind] ?? 'SPAN',
      name: span.name,
      startTime: iso(span.startTime) ?? new Date(0).toISOString(),
      endTime: iso(span.endTime),
      completionStartTime: null,
      model: null,
      modelParameters: {},
      input: null,
      version: null,
      metadata: { attributes: { 'openinference.span.kind': span.kind } },
      output: null,
      usage: { unit: 'TOKENS', input: 0, output: 0, total: 0 },
      level: span.status.code === 'ERROR' ? 'ERROR' : 'DEFAULT',
      statusMessage: span.status.message,
      parentObservationId: span.parentId,
      promptId: null,
      usageDetails: {},
      costDetails: {},
      environment: 'default',
      // the fields of Langfuse's observation view
      promptName: null,
      promptVersion: null,
      modelId: null,
      inputPrice: null,
      outputPrice: null,
      totalPrice: null,
      calculatedInputCost: null,
      calculatedOutputCost: null,
      calculatedTotalCost: null,
      latency: null,
      timeToFirstToken: null,
    });
    if (!target.traces.has(span.traceId)) {
      target.traces.set(span.traceId, {
        id: span.traceId,
        timestamp: iso(span.startTime) ?? new Date(0).toISOString(),
        name: span.name,
        sessionId: null,
        release: null,
        version: null,
        userId: null,
        tags: [],
        public: false,
        environment: 'default',
      });
    }
  }
}

