/**
 * A small stateful Phoenix for tests: a Node `http` server on 127.0.0.1 (ephemeral port) that
 * keeps what it is sent, so behaviour can be checked end to end (Prism's mock cannot store an
 * upsert). Every request and every response passes through a validator built from Phoenix's
 * OpenAPI file; a request the contract does not allow is answered 400 and recorded in
 * `violations`, which each test asserts empty.
 *
 * Where the contract is silent the fake follows Phoenix's own server: annotations upsert on
 * `(target, name, identifier)`, notes are annotations named `note` with the text as explanation,
 * deletes are by name + identifier across the project and need a time window or `delete_all`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { WireSchemas } from '../../../src/adapters/phoenix/wire';
import { ContractViolation, loadContractValidator, type MatchedOperation } from './contract';

type Kind = 'span' | 'trace' | 'session';
type Row = {
  id: string;
  rowid: number;
  projectId: string;
  kind: Kind;
  targetId: string;
  created_at: string;
  updated_at: string;
  source: 'API' | 'APP';
  user_id: string | null;
  name: string;
  annotator_kind: 'LLM' | 'CODE' | 'HUMAN';
  result: WireSchemas['AnnotationResult'] | null;
  metadata: Record<string, unknown>;
  identifier: string;
};
type DocumentRow = Omit<Row, 'kind' | 'targetId'> & { spanId: string; position: number };
type StoredSpan = { projectId: string; rowid: number; span: WireSchemas['Span'] };
type StoredConfig = WireSchemas['CategoricalAnnotationConfig'] | WireSchemas['ContinuousAnnotationConfig'] | WireSchemas['FreeformAnnotationConfig'];
type StoredExample = WireSchemas['DatasetExample'] & { rowid: number };
type StoredDataset = Omit<WireSchemas['Dataset'], 'example_count'> & { rowid: number; versions: number; examples: StoredExample[] };
type StoredExperiment = WireSchemas['Experiment'] & { rowid: number };
type StoredRun = WireSchemas['ExperimentRun'] & {
  rowid: number;
  evaluations: { name: string; annotator_kind: 'LLM' | 'CODE' | 'HUMAN'; label: string | null; score: number | null; explanation: string | null; error: string | null }[];
};

interface Reply {
  status: number;
  body?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Simulated failures (auth middleware, proxies, outages) lie outside the contract and skip the response check. */
  outsideContract?: boolean;
}

export interface InjectedFailure {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Drop the connection instead of answering (a network failure for the client). */
  destroy?: boolean;
  /** Only requests whose path matches fail. */
  path?: RegExp;
  /** Wait this long before answering (to trip a client's time-out). */
  delayMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: IncomingMessage['headers'];
  operationId: string | null;
}

export interface FakePhoenixOptions {
  /** When set, requests need `Authorization: Bearer <apiKey>` (401 otherwise). */
  apiKey?: string;
  /** Project names; the first one is where unknown targets are created. Default `['default']`. */
  projects?: string[];
  /**
   * Phoenix answers 404 for an annotation on a span it has not ingested. With `true` (the
   * default) the fake does too; `false` lets the conformance suite annotate arbitrary ids.
   */
  requireKnownTargets?: boolean;
}

export interface SeedExperimentInput {
  datasetId: string;
  name: string;
  runs: {
    exampleId: string;
    output: unknown;
    error?: string | null;
    repetition?: number;
    evaluations?: StoredRun['evaluations'];
  }[];
}

/** FastAPI's body-validation answer, the only 422 shape the contract declares for JSON endpoints. */
const unprocessable = (message: string, loc: (string | number)[] = ['body']): Reply => ({
  status: 422,
  body: { detail: [{ loc, msg: message, type: 'value_error' }] },
});

const encodeGlobalId = (type: string, rowid: number) => Buffer.from(`${type}:${rowid}`).toString('base64');
const KIND_FIELD = { span: 'span_id', trace: 'trace_id', session: 'session_id' } as const;

/** What a write sets on a row, inserted or updated alike (Phoenix's upsert overwrites these). */
const writtenValues = (item: Record<string, unknown>) => ({
  annotator_kind: item.annotator_kind as Row['annotator_kind'],
  result: (item.result as Row['result']) ?? null,
  metadata: (item.metadata as Record<string, unknown> | null) ?? {},
});

export class FakePhoenix {
  url = '';
  readonly violations: string[] = [];
  readonly requests: RecordedRequest[] = [];
  private server: Server | null = null;
  private sequence = 0;
  private clock = Date.parse('2026-01-01T00:00:00.000Z');
  private failures: InjectedFailure[] = [];
  private projects: { id: string; name: string }[] = [];
  private rows: Row[] = [];
  /** Annotations written without sync on targets not stored yet: Phoenix queues them and retries. */
  private queued: { kind: Kind; item: Record<string, unknown> }[] = [];
  private documents: DocumentRow[] = [];
  private spans: StoredSpan[] = [];
  private configs: StoredConfig[] = [];
  private assigned = new Map<string, Set<string>>();
  private datasets: StoredDataset[] = [];
  private experiments: StoredExperiment[] = [];
  private runs: StoredRun[] = [];
  private readonly contract = loadContractValidator();

  constructor(private readonly options: FakePhoenixOptions = {}) {
    this.reset();
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.violations.push(`fake server error: ${error instanceof Error ? error.stack : String(error)}`);
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
        response.end('fake server error');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private baseline: string | null = null;

  /**
   * Forgets what was recorded and injected, and puts the stored data back to the baseline
   * (empty, or what {@link setBaseline} captured after seeding).
   */
  reset(): void {
    this.violations.length = 0;
    this.requests.length = 0;
    this.failures = [];
    if (this.baseline) {
      const state = JSON.parse(this.baseline) as ReturnType<FakePhoenix['captureState']>;
      Object.assign(this, { ...state, assigned: new Map(state.assigned.map(([key, ids]) => [key, new Set(ids)])) });
      return;
    }
    this.rows = [];
    this.queued = [];
    this.documents = [];
    this.spans = [];
    // Phoenix creates this config at start-up (db/facilitator.py), assigned to no project
    this.configs = [
      {
        id: encodeGlobalId('CategoricalAnnotationConfig', this.nextRowid()),
        name: 'user_feedback',
        type: 'CATEGORICAL',
        description: 'User feedback labels for traces.',
        optimization_direction: 'MAXIMIZE',
        values: [
          { label: 'positive', score: 1 },
          { label: 'negative', score: 0 },
        ],
      } as StoredConfig,
    ];
    this.assigned = new Map();
    this.datasets = [];
    this.experiments = [];
    this.runs = [];
    this.projects = (this.options.projects ?? ['default']).map((name, index) => ({
      id: encodeGlobalId('Project', index + 1),
      name,
    }));
  }

  /** Makes the current data what {@link reset} returns to (call it after seeding). */
  setBaseline(): void {
    this.baseline = JSON.stringify(this.captureState());
  }

  private captureState() {
    return {
      sequence: this.sequence,
      clock: this.clock,
      projects: this.projects,
      rows: this.rows,
      queued: this.queued,
      documents: this.documents,
      spans: this.spans,
      configs: this.configs,
      assigned: [...this.assigned].map(([key, ids]) => [key, [...ids]] as [string, string[]]),
      datasets: this.datasets,
      experiments: this.experiments,
      runs: this.runs,
    };
  }

  /** The next `count` requests (matching `failure.path`) fail this way. */
  failNext(failure: InjectedFailure, count = 1): void {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  projectId(name: string): string {
    const project = this.projects.find((p) => p.name === name);
    if (!project) throw new Error(`no project ${name}`);
    return project.id;
  }

  /** Adds spans as Phoenix would have ingested them (attributes flattened, as its REST API serves them). */
  seedSpans(projectName: string, spans: Omit<WireSchemas['Span'], 'id'>[]): void {
    const projectId = this.projectId(projectName);
    for (const span of spans) {
      const rowid = this.nextRowid();
      this.spans.push({ projectId, rowid, span: { ...span, id: encodeGlobalId('Span', rowid) } });
    }
    // Phoenix retries queued annotations (every 10 s, 60 times): here they land with their span
    const waiting = this.queued;
    this.queued = [];
    for (const { kind, item } of waiting) {
      const project = this.projectOf(kind, item[KIND_FIELD[kind]] as string);
      if (project) this.upsertRow(kind, item, project);
      else this.queued.push({ kind, item });
    }
  }

  /** Stored annotation rows (notes included), as Phoenix's tables hold them. */
  annotationRows(kind?: Kind): readonly Row[] {
    return kind ? this.rows.filter((row) => row.kind === kind) : this.rows;
  }

  /** Stores an annotation as Phoenix's UI or another client would have written it (no annokit identifier). */
  seedAnnotation(
    kind: Kind,
    targetId: string,
    fields: { name: string; identifier?: string; label?: string; userId?: string; source?: 'API' | 'APP' },
  ): string {
    const rowid = this.nextRowid();
    const now = this.now();
    const id = encodeGlobalId(`${kind[0]!.toUpperCase()}${kind.slice(1)}Annotation`, rowid);
    this.rows.push({
      id,
      rowid,
      projectId: this.projectOf(kind, targetId) ?? this.projects[0]!.id,
      kind,
      targetId,
      created_at: now,
      updated_at: now,
      source: fields.source ?? 'APP',
      user_id: fields.userId ?? null,
      name: fields.name,
      annotator_kind: 'HUMAN',
      result: { label: fields.label ?? null, score: null, explanation: null },
      metadata: {},
      identifier: fields.identifier ?? '',
    });
    return id;
  }

  documentRows(): readonly DocumentRow[] {
    return this.documents;
  }

  /** Adds an experiment with runs and their evaluations (the adapter only reads experiments). */
  seedExperiment(input: SeedExperimentInput): StoredExperiment {
    const dataset = this.datasets.find((d) => d.id === input.datasetId);
    if (!dataset) throw new Error(`no dataset ${input.datasetId}`);
    const rowid = this.nextRowid();
    const now = this.now();
    const failed = input.runs.filter((run) => run.error).length;
    const experiment: StoredExperiment = {
      rowid,
      id: encodeGlobalId('Experiment', rowid),
      dataset_id: dataset.id,
      dataset_version_id: encodeGlobalId('DatasetVersion', dataset.versions),
      name: input.name,
      description: null,
      repetitions: 1,
      metadata: {},
      project_name: `Experiment-${rowid}`,
      created_at: now,
      updated_at: now,
      example_count: dataset.examples.length,
      successful_run_count: input.runs.length - failed,
      failed_run_count: failed,
      missing_run_count: Math.max(0, dataset.examples.length - input.runs.length),
    };
    this.experiments.push(experiment);
    for (const run of input.runs) {
      const runRowid = this.nextRowid();
      this.runs.push({
        rowid: runRowid,
        id: encodeGlobalId('ExperimentRun', runRowid),
        experiment_id: experiment.id,
        dataset_example_id: run.exampleId,
        output: run.output,
        repetition_number: run.repetition ?? 1,
        start_time: now,
        end_time: now,
        trace_id: null,
        error: run.error ?? null,
        evaluations: run.evaluations ?? [],
      });
    }
    return experiment;
  }

  // -------------------------------------------------------------------------------------------

  private nextRowid(): number {
    return ++this.sequence;
  }

  /**
   * A clock that moves 1 ms per call, written as Phoenix on SQLite writes annotation times: to the
   * second, with `+00:00` (so rows made in a row usually share their time, as they do there).
   */
  private now(): string {
    this.clock += 1;
    return new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, '+00:00');
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const contentType = request.headers['content-type'] ?? null;
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    let body: unknown;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const recorded: RecordedRequest = { method, path: url.pathname, query: url.searchParams, body, headers: request.headers, operationId: null };
    this.requests.push(recorded);

    let operation: MatchedOperation;
    try {
      operation = this.contract.checkRequest({ method, url: url.pathname + url.search, contentType, body });
      recorded.operationId = operation.operationId;
    } catch (error) {
      if (!(error instanceof ContractViolation)) throw error;
      this.violations.push(`request ${method} ${url.pathname}${url.search}: ${error.message}`);
      this.send(response, { status: 400, text: `contract violation: ${error.message}` });
      return;
    }

    const failureIndex = this.failures.findIndex((failure) => !failure.path || failure.path.test(url.pathname));
    if (failureIndex >= 0) {
      const [failure] = this.failures.splice(failureIndex, 1);
      if (failure!.delayMs) await new Promise((resolve) => setTimeout(resolve, failure!.delayMs));
      if (failure!.destroy) {
        request.socket.destroy();
        return;
      }
      this.send(response, {
        status: failure!.status,
        text: failure!.body ?? '',
        headers: failure!.headers,
        outsideContract: true,
      });
      return;
    }

    if (this.options.apiKey && request.headers.authorization !== `Bearer ${this.options.apiKey}`) {
      this.send(response, { status: 401, text: 'Invalid token', outsideContract: true });
      return;
    }

    const reply = this.route(operation, body);
    if (!reply.outsideContract) {
      try {
        this.contract.checkResponse(
          operation,
          reply.status,
          reply.body !== undefined ? 'application/json' : reply.text !== undefined ? (reply.contentType ?? 'text/plain') : null,
          reply.body !== undefined ? reply.body : reply.text,
        );
      } catch (error) {
        if (!(error instanceof ContractViolation)) throw error;
        this.violations.push(`response to ${method} ${url.pathname}: ${error.message}`);
      }
    }
    this.send(response, reply);
  }

  private send(response: ServerResponse, reply: Reply): void {
    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    let payload = '';
    if (reply.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(reply.body);
    } else if (reply.text !== undefined && reply.status !== 204) {
      headers['content-type'] = reply.contentType ?? 'text/plain; charset=utf-8';
      payload = reply.text;
    }
    response.writeHead(reply.status, headers);
    response.end(payload);
  }

  private route(operation: MatchedOperation, body: unknown): Reply {
    const q = operation.query;
    const p = operation.pathParams;
    const b = body as Record<string, unknown>;
    switch (operation.operationId) {
      case 'annotateSpans':
        return this.annotate('span', b.data as Record<string, unknown>[], q.sync === true);
      case 'annotateTraces':
        return this.annotate('trace', b.data as Record<string, unknown>[], q.sync === true);
      case 'annotateSessions':
        return this.annotate('session', b.data as Record<string, unknown>[], q.sync === true);
      case 'annotateSpanDocuments':
        return this.annotateDocuments(b.data as Record<string, unknown>[], q.sync === true);
      case 'listSpanAnnotationsBySpanIds':
        return this.listAnnotations('span', p.project_identifier!, q.span_ids as string[] | undefined, q);
      case 'listTraceAnnotationsByTraceIds':
        return this.listAnnotations('trace', p.project_identifier!, q.trace_ids as string[] | undefined, q);
      case 'listSessionAnnotationsBySessionIds':
        return this.listAnnotations('session', p.project_identifier!, q.session_ids as string[] | undefined, q);
      case 'deleteSpanAnnotations':
        return this.deleteAnnotations('span', p.project_identifier!, q);
      case 'deleteTraceAnnotations':
        return this.deleteAnnotations('trace', p.project_identifier!, q);
      case 'deleteSessionAnnotations':
        return this.deleteAnnotations('session', p.project_identifier!, q);
      case 'createSpanNote':
        return this.createNote('span', b.data as Record<string, string>);
      case 'createTraceNote':
        return this.createNote('trace', b.data as Record<string, string>);
      case 'createSessionNote':
        return this.createNote('session', b.data as Record<string, string>);
      case 'listAnnotationConfigs':
        return this.page(this.configs, q, 100, (config) => config.id);
      case 'getProjectAnnotationConfigs': {
        const project = this.findProject(p.project_identifier!);
        if (!project) return { status: 404, text: `Project ${p.project_identifier} not found` };
        const ids = this.assigned.get(project.id) ?? new Set();
        return this.page(this.configs.filter((config) => ids.has(config.id)), q, 100, (config) => config.id);
      }
      case 'createAnnotationConfig':
        return this.saveConfig(null, b);
      case 'updateAnnotationConfig':
        return this.saveConfig(p.config_id!, b);
      case 'assignAnnotationConfigToProject': {
        const project = this.findProject(p.project_identifier!);
        const config = this.configs.find((c) => c.id === p.config_identifier || c.name === p.config_identifier);
        if (!project || !config) return { status: 404, text: `Project or annotation config not found` };
        const set = this.assigned.get(project.id) ?? new Set<string>();
        set.add(config.id);
        this.assigned.set(project.id, set);
        return { status: 200, body: { data: config } };
      }
      case 'getProject': {
        const project = this.findProject(p.project_identifier!);
        if (!project) return { status: 404, text: `Project with name ${p.project_identifier} not found` };
        return { status: 200, body: { data: { name: project.name, description: null, id: project.id } } };
      }
      case 'getSpans':
        return this.getSpans(p.project_identifier!, q);
      case 'listProjectSessions':
        return this.listSessions(p.project_identifier!, q);
      case 'listProjectTraces':
        return this.listTraces(p.project_identifier!, q);
      case 'uploadDataset':
        return this.upload(b, q.sync === true);
      case 'listDatasets': {
        const name = q.name as string | undefined;
        const datasets = this.datasets.filter((d) => name === undefined || d.name === name).map((d) => this.datasetView(d));
        return this.page(datasets, q, 10, (d) => d.id);
      }
      case 'getDataset': {
        const dataset = this.datasets.find((d) => d.id === p.id);
        return dataset ? { status: 200, body: { data: this.datasetView(dataset) } } : { status: 404, text: `Dataset with ID ${p.id} not found` };
      }
      case 'getDatasetExamples': {
        const dataset = this.datasets.find((d) => d.id === p.id);
        if (!dataset) return { status: 404, text: `Dataset with ID ${p.id} not found` };
        return {
          status: 200,
          body: {
            data: {
              dataset_id: dataset.id,
              version_id: encodeGlobalId('DatasetVersion', dataset.versions),
              examples: dataset.examples.map(({ rowid: _rowid, ...example }) => example),
            },
          },
        };
      }
      case 'listExperiments': {
        const experiments = this.experiments
          .filter((e) => e.dataset_id === p.dataset_id)
          .map(({ rowid: _rowid, ...experiment }) => experiment);
        return this.page(experiments, q, 50, (e) => e.id);
      }
      case 'getExperiment': {
        const experiment = this.experiments.find((e) => e.id === p.experiment_id);
        if (!experiment) return { status: 404, text: `Experiment with ID ${p.experiment_id} does not exist` };
        const { rowid: _rowid, ...view } = experiment;
        return { status: 200, body: { data: view } };
      }
      // Phoenix lists the runs of an experiment it does not have as none (200), as it does the
      // experiments of an unknown dataset
      case 'listExperimentRuns': {
        const runs = this.runs
          .filter((run) => run.experiment_id === p.experiment_id)
          .map(({ rowid: _rowid, evaluations: _evaluations, ...run }) => run);
        return this.page(runs, q, Number.POSITIVE_INFINITY, (run) => run.id);
      }
      case 'getExperimentJSON': {
        const runs = this.runs.filter((run) => run.experiment_id === p.experiment_id);
        if (runs.length === 0) return { status: 404, text: `Experiment with ID ${p.experiment_id} has no runs` };
        const records = runs.map((run) => ({
          example_id: run.dataset_example_id,
          repetition_number: run.repetition_number,
          input: {},
          reference_output: {},
          output: run.output,
          error: run.error,
          latency_ms: 0,
          start_time: run.start_time,
          end_time: run.end_time,
          trace_id: run.trace_id,
          prompt_token_count: null,
          completion_token_count: null,
          annotations: run.evaluations.map((evaluation) => ({
            ...evaluation,
            trace_id: null,
            metadata: {},
            start_time: run.start_time,
            end_time: run.end_time,
          })),
        }));
        return { status: 200, text: JSON.stringify(records, null, 2) };
      }
      default:
        return { status: 404, text: `the fake Phoenix does not serve ${operation.operationId}`, outsideContract: true };
    }
  }

  private findProject(identifier: string) {
    return this.projects.find((project) => project.id === identifier || project.name === identifier);
  }

  /** Cursor pagination as Phoenix does it: the cursor is the id of the first row of the next page. */
  private page<T>(items: T[], q: Record<string, unknown>, defaultLimit: number, idOf: (item: T) => string): Reply {
    const limit = typeof q.limit === 'number' ? q.limit : defaultLimit;
    let start = 0;
    if (typeof q.cursor === 'string') {
      start = items.findIndex((item) => idOf(item) === q.cursor);
      if (start < 0) return { status: 422, text: `Invalid cursor: ${q.cursor}` };
    }
    const data = items.slice(start, start + limit);
    const next = items[start + limit];
    return { status: 200, body: { data, next_cursor: next === undefined ? null : idOf(next) } };
  }

  /** The project a target belongs to, or null when Phoenix has never seen it. */
  private projectOf(kind: Kind, targetId: string): string | null {
    const span = this.spans.find(({ span }) =>
      kind === 'span'
        ? span.context.span_id === targetId
        : kind === 'trace'
          ? span.context.trace_id === targetId
          : span.attributes?.['session.id'] === targetId,
    );
    if (span) return span.projectId;
    return this.options.requireKnownTargets === false ? this.projects[0]!.id : null;
  }

  private annotate(kind: Kind, data: Record<string, unknown>[], sync: boolean): Reply {
    const field = KIND_FIELD[kind];
    const projects: string[] = [];
    // Phoenix checks the reserved name first, and answers 400, which its contract does not declare
    if (data.some((item) => item.name === 'note')) {
      return { status: 400, text: "The name 'note' is reserved for trace and span notes. Use POST /v1/span_notes instead.", outsideContract: true };
    }
    if (!sync) {
      // Without sync (the Python client's default) Phoenix answers at once and stores what it can;
      // an annotation on a target it has not stored yet waits until the target arrives.
      for (const item of data) {
        const project = this.projectOf(kind, item[field] as string);
        if (project) this.upsertRow(kind, item, project);
        else this.queued.push({ kind, item });
      }
      return { status: 200, body: { data: [] } };
    }
    const missing = data.map((item) => item[field] as string).filter((id) => !this.projectOf(kind, id));
    if (missing.length > 0) {
      return { status: 404, text: `${kind === 'span' ? 'Spans' : kind === 'trace' ? 'Traces' : 'Sessions'} with IDs ${[...new Set(missing)].join(', ')} do not exist.` };
    }
    for (const item of data) projects.push(this.projectOf(kind, item[field] as string)!);
    const ids = data.map((item, index) => this.upsertRow(kind, item, projects[index]!));
    return { status: 200, body: { data: ids.map((id) => ({ id })) } };
  }

  /** Inserts or updates the row of `(kind, target, name, identifier)`; returns its id. */
  private upsertRow(kind: Kind, item: Record<string, unknown>, projectId: string): string {
    const field = KIND_FIELD[kind];
    const identifier = (item.identifier as string | undefined) ?? '';
    const existing = this.rows.find(
      (row) => row.kind === kind && row.targetId === item[field] && row.name === item.name && row.identifier === identifier,
    );
    return this.overwriteOrInsert(existing, item, (values, rowid, now) => {
      const id = encodeGlobalId(`${kind[0]!.toUpperCase()}${kind.slice(1)}Annotation`, rowid);
      this.rows.push({
        id,
        rowid,
        projectId,
        kind,
        targetId: item[field] as string,
        created_at: now,
        updated_at: now,
        source: 'API',
        user_id: null,
        name: item.name as string,
        identifier,
        ...values,
      });
      return id;
    });
  }

  /** Phoenix's upsert: overwrites `existing` with the write and returns its id, or inserts a row through `insert`. */
  private overwriteOrInsert(
    existing: { id: string; updated_at: string } | undefined,
    item: Record<string, unknown>,
    insert: (values: ReturnType<typeof writtenValues>, rowid: number, now: string) => string,
  ): string {
    const values = writtenValues(item);
    if (existing) {
      Object.assign(existing, values, { updated_at: this.now() });
      return existing.id;
    }
    const rowid = this.nextRowid();
    return insert(values, rowid, this.now());
  }

  private annotateDocuments(data: Record<string, unknown>[], sync: boolean): Reply {
    for (const item of data) {
      const stored = this.spans.find(({ span }) => span.context.span_id === item.span_id);
      if (!stored) continue;
      const count = new Set(
        Object.keys(stored.span.attributes ?? {}).flatMap((key) => /^retrieval\.documents\.(\d+)\./.exec(key)?.[1] ?? []),
      ).size;
      if ((item.document_position as number) >= count) {
        return { status: 422, text: `Document position ${String(item.document_position)} is out of bounds for span ${String(item.span_id)} (max: ${count - 1})` };
      }
    }
    const ids = data.map((item) => {
      const spanId = item.span_id as string;
      const project = this.projectOf('span', spanId);
      if (!project) return null;
      const identifier = (item.identifier as string | undefined) ?? '';
      const position = item.document_position as number;
      const existing = this.documents.find(
        (row) => row.spanId === spanId && row.position === position && row.name === item.name && row.identifier === identifier,
      );
      return this.overwriteOrInsert(existing, item, (values, rowid, now) => {
        const id = encodeGlobalId('DocumentAnnotation', rowid);
        this.documents.push({ id, rowid, projectId: project, spanId, position, created_at: now, updated_at: now, source: 'API', user_id: null, name: item.name as string, identifier, ...values });
        return id;
      });
    });
    if (ids.includes(null)) return { status: 404, text: `Spans with IDs ${data.map((item) => String(item.span_id)).join(', ')} do not exist.` };
    return { status: 200, body: { data: sync ? ids.map((id) => ({ id })) : [] } };
  }

  private view(row: Row) {
    return {
      id: row.id,
      created_at: row.created_at,
      updated_at: row.updated_at,
      source: row.source,
      user_id: row.user_id,
      name: row.name,
      annotator_kind: row.annotator_kind,
      result: row.result,
      metadata: row.metadata,
      identifier: row.identifier,
      [KIND_FIELD[row.kind]]: row.targetId,
    };
  }

  private listAnnotations(kind: Kind, projectIdentifier: string, ids: string[] | undefined, q: Record<string, unknown>): Reply {
    const project = this.findProject(projectIdentifier);
    if (!project) return { status: 404, text: `Project ${projectIdentifier} not found` };
    const identifiers = q.identifier as string[] | undefined;
    if (!ids && !identifiers) return { status: 422, text: `At least one of ${KIND_FIELD[kind]}s or identifier must be supplied` };
    // As Phoenix does (seen on 20.26.1): none of the ids known in the project is a 404, not an empty list.
    if (ids && this.options.requireKnownTargets !== false && !ids.some((id) => this.projectOf(kind, id) === project.id)) {
      return { status: 404, text: `None of the supplied ${KIND_FIELD[kind]}s exist in this project` };
    }
    const include = q.include_annotation_names as string[] | undefined;
    const exclude = q.exclude_annotation_names as string[] | undefined;
    const rows = this.rows.filter(
      (row) =>
        row.kind === kind &&
        row.projectId === project.id &&
        (!ids || ids.includes(row.targetId)) &&
        (!identifiers || identifiers.includes(row.identifier)) &&
        (!include || include.includes(row.name)) &&
        (!exclude || !exclude.includes(row.name)),
    );
    // Phoenix lists annotations newest row first
    return this.page(rows.reverse().map((row) => this.view(row)), q, 10, (row) => row.id as string);
  }

  private deleteAnnotations(kind: Kind, projectIdentifier: string, q: Record<string, unknown>): Reply {
    const project = this.findProject(projectIdentifier);
    if (!project) return { status: 404, text: `Project ${projectIdentifier} not found` };
    const start = q.start_time as string | undefined;
    const end = q.end_time as string | undefined;
    if (q.delete_all !== true && (start === undefined || end === undefined)) {
      return { status: 422, text: 'Supply both start_time and end_time, or set delete_all=true' };
    }
    if (start !== undefined && end !== undefined && !(Date.parse(start) < Date.parse(end))) {
      return { status: 422, text: 'start_time must be earlier than end_time' };
    }
    this.rows = this.rows.filter(
      (row) =>
        !(
          row.kind === kind &&
          row.projectId === project.id &&
          (q.name === undefined || row.name === q.name) &&
          (q.identifier === undefined || row.identifier === q.identifier) &&
          (q.annotator_kind === undefined || row.annotator_kind === q.annotator_kind) &&
          (start === undefined || Date.parse(row.created_at) >= Date.parse(start)) &&
          (end === undefined || Date.parse(row.created_at) < Date.parse(end))
        ),
    );
    return { status: 204 };
  }

  private createNote(kind: Kind, data: Record<string, string>): Reply {
    const targetId = data[KIND_FIELD[kind]]!;
    const project = this.projectOf(kind, targetId);
    if (!project) {
      return { status: 404, text: kind === 'session' ? `Session with session_id ${targetId} not found` : `${kind === 'span' ? 'Span' : 'Trace'} with ID ${targetId} not found` };
    }
    const identifier = data.identifier || `px-${kind}-note:${randomUUID()}`;
    const existing = this.rows.find((row) => row.kind === kind && row.targetId === targetId && row.name === 'note' && row.identifier === identifier);
    if (existing) {
      existing.result = { label: null, score: null, explanation: data.note };
      existing.updated_at = this.now();
      return { status: 200, body: { data: { id: existing.id } } };
    }
    const rowid = this.nextRowid();
    const now = this.now();
    const id = encodeGlobalId(`${kind[0]!.toUpperCase()}${kind.slice(1)}Annotation`, rowid);
    this.rows.push({
      id,
      rowid,
      projectId: project,
      kind,
      targetId,
      created_at: now,
      updated_at: now,
      source: 'API',
      user_id: null,
      name: 'note',
      annotator_kind: 'HUMAN',
      result: { label: null, score: null, explanation: data.note },
      metadata: {},
      identifier,
    });
    return { status: 200, body: { data: { id } } };
  }

  private saveConfig(id: string | null, body: Record<string, unknown>): Reply {
    const name = body.name as string;
    if (name === 'note') return unprocessable('The name "note" is reserved', ['body', 'name']);
    // Phoenix answers 409 here, which its contract does not declare (it declares 422)
    if (this.configs.some((config) => config.name === name && config.id !== id)) {
      return { status: 409, text: 'The name of the annotation configuration is already taken', outsideContract: true };
    }
    if (body.type === 'CATEGORICAL' && (body.values as unknown[]).length === 0) {
      return unprocessable('A categorical config needs at least one value', ['body', 'values']);
    }
    if (id !== null) {
      const index = this.configs.findIndex((config) => config.id === id);
      if (index < 0) return unprocessable(`Annotation config ${id} not found`, ['path', 'config_id']);
      const updated = { ...body, id } as StoredConfig;
      this.configs[index] = updated;
      return { status: 200, body: { data: updated } };
    }
    const created = { ...body, id: encodeGlobalId(`${String(body.type)[0]}${String(body.type).slice(1).toLowerCase()}AnnotationConfig`, this.nextRowid()) } as StoredConfig;
    this.configs.push(created);
    return { status: 200, body: { data: created } };
  }

  private getSpans(projectIdentifier: string, q: Record<string, unknown>): Reply {
    const project = this.findProject(projectIdentifier);
    if (!project) return { status: 404, text: `Project ${projectIdentifier} not found` };
    const filters: ((span: WireSchemas['Span']) => boolean)[] = [];
    const list = (key: string) => q[key] as string[] | undefined;
    if (typeof q.start_time === 'string') filters.push((s) => Date.parse(s.start_time) >= Date.parse(q.start_time as string));
    if (typeof q.end_time === 'string') filters.push((s) => Date.parse(s.start_time) < Date.parse(q.end_time as string));
    if (list('trace_id')) filters.push((s) => list('trace_id')!.includes(s.context.trace_id));
    if (list('span_id')) filters.push((s) => list('span_id')!.includes(s.context.span_id));
    if (typeof q.parent_id === 'string') filters.push((s) => (q.parent_id === 'null' ? s.parent_id == null : s.parent_id === q.parent_id));
    if (list('name')) filters.push((s) => list('name')!.includes(s.name));
    if (list('span_kind')) filters.push((s) => list('span_kind')!.includes(s.span_kind));
    if (list('status_code')) filters.push((s) => list('status_code')!.includes(s.status_code));
    for (const filter of list('attribute') ?? []) {
      const colon = filter.indexOf(':');
      const key = filter.slice(0, colon);
      const rawValue = filter.slice(colon + 1);
      if (colon <= 0 || rawValue === '') return { status: 422, text: `Malformed attribute filter: ${filter}` };
      let value: unknown = rawValue;
      try {
        value = JSON.parse(rawValue);
      } catch {
        value = rawValue;
      }
      if (value === null || typeof value === 'object') return { status: 422, text: `Unsupported attribute value: ${filter}` };
      filters.push((s) => s.attributes?.[key] === value);
    }
    const spans = this.spans.filter((stored) => stored.projectId === project.id && filters.every((f) => f(stored.span))).map((stored) => stored.span);
    // Phoenix's default order (sort=id, order=desc): the span stored last comes first
    return this.page(q.order === 'asc' ? spans : spans.reverse(), q, 100, (span) => span.id);
  }

  private listSessions(projectIdentifier: string, q: Record<string, unknown>): Reply {
    const project = this.findProject(projectIdentifier);
    if (!project) return { status: 404, text: `Project ${projectIdentifier} not found` };
    const sessions = new Map<string, WireSchemas['Span'][]>();
    for (const { projectId, span } of this.spans) {
      const sessionId = span.attributes?.['session.id'];
      if (projectId !== project.id || typeof sessionId !== 'string') continue;
      sessions.set(sessionId, [...(sessions.get(sessionId) ?? []), span]);
    }
    let rowid = 0;
    const data = [...sessions].map(([sessionId, spans]) => {
      const traces = new Map<string, WireSchemas['Span'][]>();
      for (const span of spans) traces.set(span.context.trace_id, [...(traces.get(span.context.trace_id) ?? []), span]);
      const times = spans.flatMap((span) => [Date.parse(span.start_time), Date.parse(span.end_time)]);
      return {
        id: encodeGlobalId('ProjectSession', ++rowid),
        session_id: sessionId,
        project_id: project.id,
        start_time: new Date(Math.min(...times)).toISOString(),
        end_time: new Date(Math.max(...times)).toISOString(),
        traces: [...traces].map(([traceId, traceSpans], index) => ({
          id: encodeGlobalId('Trace', rowid * 1000 + index),
          trace_id: traceId,
          start_time: new Date(Math.min(...traceSpans.map((s) => Date.parse(s.start_time)))).toISOString(),
          end_time: new Date(Math.max(...traceSpans.map((s) => Date.parse(s.end_time)))).toISOString(),
        })),
        token_count_prompt: 0,
        token_count_completion: 0,
        token_count_total: 0,
      };
    });
    return this.page(data, q, 100, (session) => session.id);
  }

  private listTraces(projectIdentifier: string, q: Record<string, unknown>): Reply {
    const project = this.findProject(projectIdentifier);
    if (!project) return { status: 404, text: `Project ${projectIdentifier} not found` };
    const sessions = q.session_identifier as string[] | undefined;
    const traces = new Map<string, StoredSpan[]>();
    for (const stored of this.spans) {
      if (stored.projectId !== project.id) continue;
      traces.set(stored.span.context.trace_id, [...(traces.get(stored.span.context.trace_id) ?? []), stored]);
    }
    const data = [...traces]
      .filter(([, spans]) => {
        if (!sessions) return true;
        const root = spans.find((stored) => stored.span.parent_id == null);
        return sessions.includes(String(root?.span.attributes?.['session.id']));
      })
      .map(([traceId, spans]) => ({
        id: encodeGlobalId('Trace', Math.min(...spans.map((stored) => stored.rowid))),
        trace_id: traceId,
        project_id: project.id,
        start_time: new Date(Math.min(...spans.map((stored) => Date.parse(stored.span.start_time)))).toISOString(),
        end_time: new Date(Math.max(...spans.map((stored) => Date.parse(stored.span.end_time)))).toISOString(),
        token_count_prompt: 0,
        token_count_completion: 0,
        token_count_total: 0,
      }));
    return this.page(data, q, 100, (trace) => trace.id);
  }

  private datasetView(dataset: StoredDataset): WireSchemas['Dataset'] {
    const { rowid: _rowid, versions: _versions, examples, ...rest } = dataset;
    return { ...rest, example_count: examples.length };
  }

  private upload(body: Record<string, unknown>, sync: boolean): Reply {
    const name = body.name as string;
    const action = (body.action as string | undefined) ?? 'create';
    const inputs = body.inputs as Record<string, unknown>[];
    const outputs = (body.outputs as Record<string, unknown>[] | undefined) ?? inputs.map(() => ({}));
    const metadata = (body.metadata as Record<string, unknown>[] | undefined) ?? inputs.map(() => ({}));
    const spanIds = (body.span_ids as (string | null)[] | undefined) ?? inputs.map(() => null);
    if (outputs.length !== inputs.length || metadata.length !== inputs.length || spanIds.length !== inputs.length) {
      return { status: 422, text: 'inputs, outputs, metadata and span_ids must have the same length' };
    }
    let dataset = this.datasets.find((d) => d.name === name);
    if (action === 'create' && dataset) return { status: 409, text: `Dataset with the same name already exists: name="${name}"` };
    const now = this.now();
    if (!dataset) {
      const rowid = this.nextRowid();
      dataset = { rowid, id: encodeGlobalId('Dataset', rowid), name, description: (body.description as string | undefined) ?? null, metadata: {}, created_at: now, updated_at: now, versions: 0, examples: [] };
      this.datasets.push(dataset);
    }
    dataset.versions += 1;
    dataset.updated_at = now;
    inputs.forEach((input, index) => {
      const rowid = this.nextRowid();
      const spanId = spanIds[index];
      const span = spanId ? this.spans.find((stored) => stored.span.context.span_id === spanId) : undefined;
      dataset!.examples.push({
        rowid,
        id: encodeGlobalId('DatasetExample', rowid),
        node_id: encodeGlobalId('DatasetExample', rowid),
        input,
        output: outputs[index]!,
        metadata: metadata[index]!,
        updated_at: now,
        source: span ? { span_id: span.span.context.span_id, span_node_id: span.span.id } : null,
      });
    });
    if (!sync) return { status: 200, body: null };
    return {
      status: 200,
      body: {
        data: {
          dataset_id: dataset.id,
          version_id: encodeGlobalId('DatasetVersion', dataset.versions),
          num_created_examples: inputs.length,
          num_updated_examples: 0,
          num_deleted_examples: 0,
        },
      },
    };
  }
}

/** Starts a fake Phoenix on 127.0.0.1 with an ephemeral port. */
export async function startFakePhoenix(options: FakePhoenixOptions = {}): Promise<FakePhoenix> {
  return new FakePhoenix(options).start();
}
