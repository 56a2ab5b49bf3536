import type { AnnotationAdapter, RequestOptions } from '../../core/adapter';
import { AnnokitError, ValidationError } from '../../core/errors';
import type {
  Annotation,
  AnnotationConfig,
  AnnotationConfigInput,
  AnnotationInput,
  AnnotationQuery,
  AnnotationRef,
  AnnotationTarget,
  Dataset,
  DatasetExample,
  DatasetInput,
  Experiment,
  ExperimentEvaluation,
  ExperimentRun,
  Note,
  NoteInput,
  Page,
  Session,
  SessionQuery,
  Span,
  SpanQuery,
} from '../../core/model';
import { loadPhoenixSpans } from '../../core/spans';
import * as s from '../../core/schema';
import { annotationKey, targetKey } from '../../core/targets';
import {
  annotationRefSchema,
  validateAnnotationConfigInput,
  validateAnnotationInput,
  validateAnnotationTarget,
  validateNoteInput,
} from '../../core/validation';
import {
  NOTE_NAME,
  annotationFromWrite,
  fromPhoenixConfig,
  fromPhoenixDataset,
  fromPhoenixEvaluation,
  fromPhoenixExample,
  fromPhoenixExperiment,
  fromPhoenixNote,
  fromPhoenixRun,
  fromPhoenixSession,
  readPhoenixAnnotation,
  runKey,
  toPhoenixAnnotation,
  toPhoenixConfig,
  toPhoenixSpanQuery,
  toPhoenixUpload,
  type DocumentAnnotationMode,
  type PhoenixAnnotationRow,
  type PhoenixAnnotationWrite,
} from './convert';
import { createHttp, MAX_URL_LENGTH, type HeadersOption, type Http } from './http';
import { noteIdentifier, type ReadableTarget } from './identifiers';
import * as wire from './schemas';
import type { WireAnnotationConfig, WireAnnotationRow } from './wire';

interface PhoenixAdapterBaseOptions {
  /** Where Phoenix (or your proxy to it) answers, e.g. `https://phoenix.example.com` or `/api/phoenix`. */
  baseUrl: string;
  /** Sent with every request: static headers, or a (possibly async) function called per request for token refresh. Default none. */
  headers?: HeadersOption;
  /** The fetch to use (tests, SSR, instrumentation). Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Milliseconds before a request fails with a retryable `timeout` error. Default 30000. */
  timeoutMs?: number;
  /** What `listAnnotationConfigs()` returns: the configs assigned to the project, or every config. Default `'project'`. */
  annotationConfigs?: 'project' | 'all';
  /**
   * Where document annotations go: `'span'` stores them on their retrieval span (readable and
   * retractable), `'native'` writes Phoenix's document annotations (feeding its retrieval metrics)
   * that its REST API cannot read back or delete. Default `'span'`.
   */
  documentAnnotations?: DocumentAnnotationMode;
}

/** Options of {@link createPhoenixAdapter}: the project is named by exactly one of `projectName` or `projectId`. */
export type PhoenixAdapterOptions = PhoenixAdapterBaseOptions &
  (
    | { /** Name of the Phoenix project annotations and spans belong to. */ projectName: string; projectId?: undefined }
    | { /** Id of the Phoenix project (its GlobalID). */ projectId: string; projectName?: undefined }
  );

/** The Phoenix adapter: every optional method of the contract, plus Phoenix-specific reads. */
export interface PhoenixAdapter extends AnnotationAdapter {
  readonly name: 'phoenix';
  /** The project path segment every project-scoped request uses. */
  readonly project: string;
  deleteAnnotations(refs: AnnotationRef[], options?: RequestOptions): Promise<void>;
  addNote(input: NoteInput, options?: RequestOptions): Promise<Note>;
  listNotes(query: { targets: AnnotationTarget[] }, options?: RequestOptions): Promise<Note[]>;
  listAnnotationConfigs(options?: RequestOptions): Promise<AnnotationConfig[]>;
  /** Every annotation config on the Phoenix server. */
  listAllAnnotationConfigs(options?: RequestOptions): Promise<AnnotationConfig[]>;
  /** The annotation configs assigned to this adapter's project. */
  listProjectAnnotationConfigs(options?: RequestOptions): Promise<AnnotationConfig[]>;
  upsertAnnotationConfig(input: AnnotationConfigInput): Promise<AnnotationConfig>;
  listSpans(query: SpanQuery, options?: RequestOptions): Promise<Page<Span>>;
  getTrace(traceId: string, options?: RequestOptions): Promise<Span[]>;
  listSessions(query: SessionQuery, options?: RequestOptions): Promise<Page<Session>>;
  createDataset(input: DatasetInput): Promise<Dataset>;
  listDatasets(options?: RequestOptions): Promise<Dataset[]>;
  listDatasetExamples(datasetId: string, options?: RequestOptions): Promise<DatasetExample[]>;
  listExperiments(datasetId: string, options?: RequestOptions): Promise<Experiment[]>;
  listExperimentRuns(experimentId: string, options?: RequestOptions): Promise<ExperimentRun[]>;
}

/** Rows per page when reading annotations (Phoenix allows up to 10000). */
const ANNOTATION_PAGE_SIZE = 1000;
/** Rows per page for the other paginated lists. */
const PAGE_SIZE = 100;
/** Phoenix's largest span page. */
const MAX_SPAN_PAGE = 1000;
/** Annotations per write request. */
const WRITE_BATCH = 500;
/** Browsers refuse keepalive requests whose bodies total more than 64 KiB; stay under it with room for headers. */
const KEEPALIVE_BODY_BUDGET = 60_000;
/** Room left in a URL for the cursor Phoenix hands back. */
const CURSOR_ALLOWANCE = 200;

const optionsSchema = s.object({
  baseUrl: s.string(),
  projectName: s.optional(
    s.refine(s.string({ nonEmpty: true }), (name) =>
      /[/?#]/.test(name) ? { message: 'a Phoenix project name used in a URL cannot contain "/", "?" or "#"' } : null,
    ),
  ),
  projectId: s.optional(s.string({ nonEmpty: true })),
  timeoutMs: s.optional(s.number({ min: 1 })),
  annotationConfigs: s.optional(s.oneOf(['project', 'all'] as const)),
  documentAnnotations: s.optional(s.oneOf(['span', 'native'] as const)),
});

type ReadableKind = ReadableTarget['kind'];

const LIST_OPERATION = {
  span: 'listSpanAnnotationsBySpanIds',
  trace: 'listTraceAnnotationsByTraceIds',
  session: 'listSessionAnnotationsBySessionIds',
} as const;
const DELETE_OPERATION = {
  span: 'deleteSpanAnnotations',
  trace: 'deleteTraceAnnotations',
  session: 'deleteSessionAnnotations',
} as const;
const WRITE_OPERATION = {
  span: 'annotateSpans',
  trace: 'annotateTraces',
  session: 'annotateSessions',
  document: 'annotateSpanDocuments',
} as const;
const ID_PARAM = { span: 'span_ids', trace: 'trace_ids', session: 'session_ids' } as const;

/** The span, trace or session whose Phoenix list holds a target's annotations (a document's is its span). */
function hostOf(target: AnnotationTarget): ReadableTarget {
  return target.kind === 'document' ? { kind: 'span', spanId: target.spanId } : target;
}

function readableId(target: ReadableTarget): string {
  return target.kind === 'span' ? target.spanId : target.kind === 'trace' ? target.traceId : target.sessionId;
}

function unsupportedDocuments(what: string): AnnokitError {
  return new AnnokitError(
    `Phoenix's REST API cannot ${what} document annotations (it only accepts writes to /v1/document_annotations)`,
    { code: 'unsupported' },
  );
}

/**
 * Phoenix answers 404 to a write on a span, trace or session its bulk inserter has not stored yet
 * (ingestion is asynchronous: the OTel exporter batches, and span POSTs answer 202 before the
 * insert), so that 404 is worth retrying: the outbox tries again until the target arrives.
 */
function retryableWhenNotStored(error: unknown): never {
  if (!(error instanceof AnnokitError) || error.code !== 'not_found') throw error;
  throw new AnnokitError(`${error.message.replace(/\.$/, '')}. Phoenix stores spans asynchronously, so it may not have it yet; try again shortly`, {
    code: 'not_found',
    status: error.status,
    retryable: true,
    cause: error,
  });
}

/** The row number inside a Phoenix GlobalID (`base64("SpanAnnotation:12")` → 12), to order rows made in the same second. */
function rowNumber(globalId: string): number {
  try {
    const match = /:(\d+)$/.exec(atob(globalId));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function writeTargetId(write: PhoenixAnnotationWrite): string {
  return 'span_id' in write.data ? write.data.span_id : 'trace_id' in write.data ? write.data.trace_id : write.data.session_id;
}

/** Groups writes into requests of at most {@link WRITE_BATCH} annotations and about `maxBytes` of JSON. */
export function chunkWrites<T extends { data: unknown }>(writes: readonly T[], maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const write of writes) {
    const size = JSON.stringify(write.data).length + 1;
    if (current.length > 0 && (current.length >= WRITE_BATCH || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(write);
    bytes += size;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** Names the targets of a failed request: `span "a1"`, or `span "a1", "b2", "c3" (or another of 7)`. */
export function describeIds(kind: string, ids: readonly string[]): string {
  const unique = [...new Set(ids)];
  const shown = unique.slice(0, 3).map((id) => `"${id}"`).join(', ');
  return unique.length > 3 ? `${kind} ${shown} (or another of ${unique.length})` : `${kind} ${shown}`;
}

/** Splits ids into groups whose query string stays under the URL budget. */
export function batchByUrlLength(ids: readonly string[], param: string, baseLength: number, budget = MAX_URL_LENGTH) {
  const batches: string[][] = [];
  let current: string[] = [];
  let length = baseLength;
  for (const id of ids) {
    const cost = param.length + 2 + encodeURIComponent(id).length;
    if (current.length > 0 && length + cost > budget) {
      batches.push(current);
      current = [];
      length = baseLength;
    }
    current.push(id);
    length += cost;
  }
  if (current.length) batches.push(current);
  return batches;
}

/** Follows `next_cursor` to the end, refusing a cursor seen before (a server bug would otherwise loop forever). */
export async function collectPages<T>(
  fetchPage: (cursor: string | null) => Promise<{ data: T[]; next_cursor: string | null }>,
): Promise<T[]> {
  const all: T[] = [];
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (;;) {
    const page = await fetchPage(cursor);
    all.push(...page.data);
    const next = page.next_cursor;
    if (next === null || next === '') return all;
    if (seen.has(next)) {
      throw new AnnokitError(`Phoenix returned the page cursor "${next}" twice; stopped to avoid an endless loop`, {
        code: 'server',
        retryable: false,
      });
    }
    seen.add(next);
    cursor = next;
  }
}

/**
 * An annokit adapter for Arize Phoenix's REST API (`/v1/...`), with plain `fetch`.
 * @throws ValidationError when the options are malformed.
 */
export function createPhoenixAdapter(options: PhoenixAdapterOptions): PhoenixAdapter {
  const parsed = s.parse(optionsSchema, options, 'options');
  if ((parsed.projectName === undefined) === (parsed.projectId === undefined)) {
    throw new ValidationError([
      {
        field: 'options.projectName',
        value: options.projectName,
        message: 'pass exactly one of projectName or projectId',
      },
    ]);
  }
  const project = (parsed.projectId ?? parsed.projectName)!;
  const configScope = parsed.annotationConfigs ?? 'project';
  const documentMode: DocumentAnnotationMode = parsed.documentAnnotations ?? 'span';
  const http: Http = createHttp({
    baseUrl: parsed.baseUrl,
    headers: options.headers,
    fetch: options.fetch,
    timeoutMs: parsed.timeoutMs ?? 30_000,
  });
  const projectPath = { project_identifier: project };
  const projectSubject = `project "${project}"`;

  // ---------------------------------------------------------------------------------------------
  // Reading annotation rows

  async function listRows(
    kind: ReadableKind,
    ids: readonly string[],
    filter: { include?: string[]; exclude?: string[]; identifiers?: string[] },
    signal?: AbortSignal,
  ): Promise<PhoenixAnnotationRow[]> {
    const operation = LIST_OPERATION[kind];
    const param = ID_PARAM[kind];
    const baseQuery = {
      include_annotation_names: filter.include,
      exclude_annotation_names: filter.exclude,
      identifier: filter.identifiers,
      limit: ANNOTATION_PAGE_SIZE,
    };
    const baseLength = http.url(operation, { path: projectPath, query: baseQuery }).length + CURSOR_ALLOWANCE;
    const rows: PhoenixAnnotationRow[] = [];
    for (const batch of batchByUrlLength([...new Set(ids)], param, baseLength)) {
      const page = (cursor: string | null) => {
        const query = { ...baseQuery, [param]: batch, cursor };
        const args = { path: projectPath, query, subject: projectSubject, signal };
        switch (kind) {
          case 'span':
            return http.call('listSpanAnnotationsBySpanIds', args, wire.spanAnnotationsResponse);
          case 'trace':
            return http.call('listTraceAnnotationsByTraceIds', args, wire.traceAnnotationsResponse);
          case 'session':
            return http.call('listSessionAnnotationsBySessionIds', args, wire.sessionAnnotationsResponse);
        }
      };
      const data = await collectPages<WireAnnotationRow>(page).catch(async (error: unknown) => {
        // Phoenix answers 404 both for an unknown project and when none of the ids is in the
        // project (not stored yet, or never): the second has no annotations, the first is an error
        if (!(error instanceof AnnokitError) || error.code !== 'not_found') throw error;
        await http.call('getProject', { path: projectPath, subject: projectSubject, signal }, wire.existsResponse);
        return [];
      });
      for (const row of data) rows.push({ kind, row } as PhoenixAnnotationRow);
    }
    return rows;
  }

  function validTargets(targets: unknown, path: string, what: string, documents: boolean): AnnotationTarget[] {
    if (!Array.isArray(targets)) {
      throw new ValidationError([{ field: path, value: targets, message: 'expected an array of targets' }]);
    }
    return targets.map((target, index) => {
      const valid = validateAnnotationTarget(target, `${path}[${index}]`);
      if (valid.kind === 'document' && !documents) throw unsupportedDocuments(what);
      return valid;
    });
  }

  async function readRows(
    targets: readonly AnnotationTarget[],
    filter: { include?: string[]; exclude?: string[] },
    signal?: AbortSignal,
  ): Promise<PhoenixAnnotationRow[]> {
    const byKind: Record<ReadableKind, string[]> = { span: [], trace: [], session: [] };
    for (const target of targets) {
      const host = hostOf(target);
      byKind[host.kind].push(readableId(host));
    }
    const results = await Promise.all(
      (Object.keys(byKind) as ReadableKind[])
        .filter((kind) => byKind[kind].length > 0)
        .map((kind) => listRows(kind, byKind[kind], filter, signal)),
    );
    return results.flat();
  }

  /** Stored annotations on exactly these targets (a span's list also holds its documents' annotations). */
  async function readAnnotations(targets: readonly AnnotationTarget[], filter: { include?: string[]; exclude?: string[] }, signal?: AbortSignal) {
    const wanted = new Set(targets.map(targetKey));
    const rows = await readRows(targets, filter, signal);
    return rows
      .map((row) => ({ row, ...readPhoenixAnnotation(row) }))
      .filter(({ annotation }) => annotation.name !== NOTE_NAME && wanted.has(targetKey(annotation.target)));
  }

  async function listAnnotations(query: AnnotationQuery, options?: RequestOptions): Promise<Annotation[]> {
    const targets = validTargets(query?.targets, 'query.targets', 'read', documentMode === 'span');
    if (targets.length === 0) return [];
    const names = query.names?.filter((name) => name !== NOTE_NAME);
    if (names && names.length === 0) return [];
    const identifiers = query.identifiers ? new Set(query.identifiers) : null;
    const found = await readAnnotations(targets, names ? { include: names } : { exclude: [NOTE_NAME] }, options?.signal);
    return found
      .map(({ annotation }) => annotation)
      .filter((annotation) => !identifiers || identifiers.has(annotation.identifier));
  }

  // ---------------------------------------------------------------------------------------------
  // Writing annotations

  async function postWrites(
    kind: PhoenixAnnotationWrite['kind'],
    writes: PhoenixAnnotationWrite[],
    options: RequestOptions | undefined,
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const chunk of chunkWrites(writes, options?.keepalive ? KEEPALIVE_BODY_BUDGET : Number.POSITIVE_INFINITY)) {
      const common = {
        query: { sync: true },
        signal: options?.signal,
        keepalive: options?.keepalive,
        subject: describeIds(kind === 'document' ? 'span' : kind, chunk.map(writeTargetId)),
      };
      const data = chunk.map((write) => write.data);
      let response: { data: { id: string }[] };
      switch (kind) {
        case 'span':
          response = await http.call('annotateSpans', { ...common, body: { data: data as never } }, wire.insertedAnnotationsResponse);
          break;
        case 'trace':
          response = await http.call('annotateTraces', { ...common, body: { data: data as never } }, wire.insertedAnnotationsResponse);
          break;
        case 'session':
          response = await http.call('annotateSessions', { ...common, body: { data: data as never } }, wire.insertedAnnotationsResponse);
          break;
        case 'document':
          response = await http.call('annotateSpanDocuments', { ...common, body: { data: data as never } }, wire.insertedAnnotationsResponse);
          break;
      }
      if (response.data.length !== chunk.length) {
        throw new AnnokitError(
          `Phoenix acknowledged ${response.data.length} of ${chunk.length} annotations written to ${WRITE_OPERATION[kind]}`,
          { code: 'server' },
        );
      }
      ids.push(...response.data.map((entry) => entry.id));
    }
    return ids;
  }

  async function upsertAnnotations(inputs: AnnotationInput[], options?: RequestOptions): Promise<Annotation[]> {
    if (!Array.isArray(inputs)) {
      throw new ValidationError([{ field: 'annotations', value: inputs, message: 'expected an array of annotations' }]);
    }
    const valid = inputs.map((input, index) => {
      const parsedInput = validateAnnotationInput(input, { path: `annotations[${index}]` });
      if (parsedInput.name === NOTE_NAME) {
        throw new ValidationError([
          {
            field: `annotations[${index}].name`,
            value: parsedInput.name,
            message: 'Phoenix reserves the name "note" for notes; use addNote',
          },
        ]);
      }
      return parsedInput;
    });
    const writes = valid.map((input) => toPhoenixAnnotation(input, { documentAnnotations: documentMode }));
    const ids: string[] = new Array(writes.length);
    const kinds = ['span', 'trace', 'session', 'document'] as const;
    for (const kind of kinds) {
      const indexes = writes.flatMap((write, index) => (write.kind === kind ? [index] : []));
      if (indexes.length === 0) continue;
      const written = await postWrites(kind, indexes.map((index) => writes[index]!), options).catch(retryableWhenNotStored);
      indexes.forEach((index, position) => (ids[index] = written[position]!));
    }
    // Phoenix answers writes with ids only; read the rows back for timestamps, source and user
    const readable = valid.filter((input) => documentMode === 'span' || input.target.kind !== 'document');
    const stored = new Map<string, Annotation>();
    if (readable.length > 0) {
      const found = await readAnnotations(
        readable.map((input) => input.target),
        { include: [...new Set(readable.map((input) => input.name))] },
      );
      for (const { annotation } of found) stored.set(annotation.id, annotation);
    }
    const now = new Date().toISOString();
    return valid.map((input, index) => stored.get(ids[index]!) ?? annotationFromWrite(input, ids[index]!, now));
  }

  async function deleteAnnotations(refs: AnnotationRef[], options?: RequestOptions): Promise<void> {
    if (!Array.isArray(refs)) {
      throw new ValidationError([{ field: 'refs', value: refs, message: 'expected an array of annotation refs' }]);
    }
    const valid = refs.map((ref, index) => s.parse(annotationRefSchema, ref, `refs[${index}]`));
    if (valid.length === 0) return;
    validTargets(valid.map((ref) => ref.target), 'refs', 'delete', documentMode === 'span');
    const wanted = new Set(valid.map(annotationKey));
    const found = await readAnnotations(
      valid.map((ref) => ref.target),
      { include: [...new Set(valid.map((ref) => ref.name))] },
    );
    const deletions: { kind: ReadableKind; name: string; identifier: string }[] = [];
    for (const { row, annotation, owned } of found) {
      if (!wanted.has(annotationKey(annotation))) continue;
      const wireIdentifier = row.row.identifier ?? '';
      if (!owned) await assertOnlyMatch(row.kind, annotation, wireIdentifier);
      deletions.push({ kind: row.kind, name: annotation.name, identifier: wireIdentifier });
    }
    for (const deletion of deletions) {
      // delete_all waives the time window; name + identifier still narrow it to the one row
      const query = { name: deletion.name, identifier: deletion.identifier, delete_all: true };
      const args = { path: projectPath, query, signal: options?.signal, keepalive: options?.keepalive, subject: projectSubject };
      await http.call(DELETE_OPERATION[deletion.kind], args, null);
    }
  }

  /**
   * An annotation annokit did not write may share its name + identifier with rows on other
   * targets; deleting it is only safe when it is the only row in the project with that pair.
   */
  async function assertOnlyMatch(kind: ReadableKind, annotation: Annotation, wireIdentifier: string) {
    const refuse = (reason: string) =>
      new AnnokitError(
        `Cannot retract "${annotation.name}" on ${targetKey(annotation.target)} alone: ${reason}. Phoenix deletes by name and identifier across the whole project.`,
        { code: 'conflict', retryable: false },
      );
    if (wireIdentifier === '') throw refuse('it was written without an identifier (by Phoenix or another client)');
    const query = { identifier: [wireIdentifier], include_annotation_names: [annotation.name], limit: 2 };
    const args = { path: projectPath, query, subject: projectSubject };
    const response =
      kind === 'span'
        ? await http.call('listSpanAnnotationsBySpanIds', args, wire.spanAnnotationsResponse)
        : kind === 'trace'
          ? await http.call('listTraceAnnotationsByTraceIds', args, wire.traceAnnotationsResponse)
          : await http.call('listSessionAnnotationsBySessionIds', args, wire.sessionAnnotationsResponse);
    if (response.data.length !== 1) {
      throw refuse(`its identifier "${wireIdentifier}" is shared by other annotations of that name`);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Notes

  async function addNote(input: NoteInput, options?: RequestOptions): Promise<Note> {
    const note = validateNoteInput(input);
    if (note.target.kind === 'document') throw unsupportedDocuments('attach notes to');
    const identifier = noteIdentifier(note.userId, options?.idempotencyKey);
    const common = { signal: options?.signal, keepalive: options?.keepalive };
    const target = note.target;
    let inserted: { data: { id: string } };
    switch (target.kind) {
      case 'span':
        inserted = await http.call(
          'createSpanNote',
          { ...common, body: { data: { span_id: target.spanId, note: note.text, identifier } }, subject: `span "${target.spanId}"` },
          wire.insertedNoteResponse,
        ).catch(retryableWhenNotStored);
        break;
      case 'trace':
        inserted = await http.call(
          'createTraceNote',
          { ...common, body: { data: { trace_id: target.traceId, note: note.text, identifier } }, subject: `trace "${target.traceId}"` },
          wire.insertedNoteResponse,
        ).catch(retryableWhenNotStored);
        break;
      case 'session':
        inserted = await http.call(
          'createSessionNote',
          { ...common, body: { data: { session_id: target.sessionId, note: note.text, identifier } }, subject: `session "${target.sessionId}"` },
          wire.insertedNoteResponse,
        ).catch(retryableWhenNotStored);
        break;
    }
    const rows = await listRows(target.kind, [readableId(target)], { include: [NOTE_NAME], identifiers: [identifier] });
    const row = rows.find((candidate) => candidate.row.id === inserted.data.id);
    if (row) return fromPhoenixNote(row);
    return { id: inserted.data.id, target, text: note.text, userId: note.userId ?? null, createdAt: new Date().toISOString() };
  }

  async function listNotes(query: { targets: AnnotationTarget[] }, options?: RequestOptions): Promise<Note[]> {
    const targets = validTargets(query?.targets, 'query.targets', 'read notes on', false);
    if (targets.length === 0) return [];
    const rows = await readRows(targets, { include: [NOTE_NAME] }, options?.signal);
    return rows
      .filter((row) => row.row.name === NOTE_NAME)
      .map(fromPhoenixNote)
      // Phoenix on SQLite stamps to the second: notes of the same second go in the order they were made
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || rowNumber(a.id) - rowNumber(b.id));
  }

  // ---------------------------------------------------------------------------------------------
  // Annotation configs

  async function listAllAnnotationConfigs(options?: RequestOptions): Promise<AnnotationConfig[]> {
    const configs = await collectPages<WireAnnotationConfig>((cursor) =>
      http.call('listAnnotationConfigs', { query: { cursor, limit: PAGE_SIZE }, signal: options?.signal }, wire.annotationConfigsResponse),
    );
    return configs.map(fromPhoenixConfig);
  }

  async function listProjectAnnotationConfigs(options?: RequestOptions): Promise<AnnotationConfig[]> {
    const configs = await collectPages<WireAnnotationConfig>((cursor) =>
      http.call(
        'getProjectAnnotationConfigs',
        { path: projectPath, query: { cursor, limit: PAGE_SIZE }, subject: projectSubject, signal: options?.signal },
        wire.annotationConfigsResponse,
      ),
    );
    return configs.map(fromPhoenixConfig);
  }

  async function upsertAnnotationConfig(input: AnnotationConfigInput): Promise<AnnotationConfig> {
    const config = validateAnnotationConfigInput(input);
    if (config.name === NOTE_NAME) {
      throw new ValidationError([{ field: 'config.name', value: config.name, message: 'Phoenix reserves the name "note" for notes' }]);
    }
    const body = toPhoenixConfig(config);
    const saved = await (config.id
      ? http.call(
          'updateAnnotationConfig',
          { path: { config_id: config.id }, body, subject: `annotation config "${config.id}"` },
          wire.annotationConfigResponse,
        )
      : http.call('createAnnotationConfig', { body }, wire.annotationConfigResponse)
    ).catch((error: unknown) => {
      // names are unique across the whole server (Phoenix's own `user_feedback` config included): 409
      if (!(error instanceof AnnokitError) || error.code !== 'conflict') throw error;
      throw new ValidationError([{ field: 'config.name', value: config.name, message: `Phoenix says: ${error.message}` }]);
    });
    // a config drives the review inputs only once the project has it
    await http.call(
      'assignAnnotationConfigToProject',
      { path: { ...projectPath, config_identifier: saved.data.id }, subject: projectSubject },
      wire.annotationConfigResponse,
    );
    return fromPhoenixConfig(saved.data);
  }

  // ---------------------------------------------------------------------------------------------
  // Spans, traces and sessions

  const spanQuerySchema = s.object({
    traceIds: s.optional(s.array(s.string({ nonEmpty: true }))),
    spanIds: s.optional(s.array(s.string({ nonEmpty: true }))),
    spanKinds: s.optional(s.array(s.string({ nonEmpty: true }))),
    statusCodes: s.optional(s.array(s.oneOf(['OK', 'ERROR', 'UNSET'] as const))),
    names: s.optional(s.array(s.string())),
    startTime: s.optional(s.number()),
    endTime: s.optional(s.number()),
    rootsOnly: s.optional(s.boolean()),
    attributes: s.optional(s.record(s.unknown())),
    sessionId: s.optional(s.string({ nonEmpty: true })),
    cursor: s.optional(s.nullable(s.string())),
    limit: s.optional(s.number({ integer: true, min: 1 })),
  });

  /** The trace ids of a session, from `GET /v1/projects/{id}/traces?session_identifier=`. */
  async function traceIdsOfSession(sessionId: string, signal?: AbortSignal): Promise<string[]> {
    const traces = await collectPages((cursor) =>
      http.call(
        'listProjectTraces',
        { path: projectPath, query: { session_identifier: [sessionId], cursor, limit: MAX_SPAN_PAGE }, subject: projectSubject, signal },
        wire.tracesResponse,
      ),
    );
    return traces.map((trace) => trace.trace_id);
  }

  async function listSpans(query: SpanQuery, options?: RequestOptions): Promise<Page<Span>> {
    s.parse(spanQuerySchema, query, 'query');
    const { sessionId, cursor, limit, ...filters } = query;
    let traceIds = filters.traceIds;
    if (sessionId !== undefined) {
      const inSession = await traceIdsOfSession(sessionId, options?.signal);
      traceIds = traceIds ? inSession.filter((id) => traceIds!.includes(id)) : inSession;
      if (traceIds.length === 0) return { data: [], nextCursor: null };
    }
    const wireQuery = {
      ...toPhoenixSpanQuery({ ...filters, traceIds }),
      cursor: cursor ?? null,
      limit: Math.min(limit ?? PAGE_SIZE, MAX_SPAN_PAGE),
    };
    if (http.url('getSpans', { path: projectPath, query: wireQuery }).length > MAX_URL_LENGTH) {
      throw new AnnokitError(
        `This span query needs a URL longer than ${MAX_URL_LENGTH} characters (too many ids${sessionId ? ` or traces in session "${sessionId}"` : ''}); narrow it`,
        { code: 'unsupported' },
      );
    }
    const response = await http.call('getSpans', { path: projectPath, query: wireQuery, subject: projectSubject, signal: options?.signal }, wire.spansResponse);
    return { data: loadPhoenixSpans(response), nextCursor: response.next_cursor || null };
  }

  async function getTrace(traceId: string, options?: RequestOptions): Promise<Span[]> {
    const id = requireId(traceId, 'traceId');
    // Page after page for a large trace: an aborted signal (the viewer unmounted) stops at the next request.
    const spans = await collectPages((cursor) =>
      http.call(
        'getSpans',
        { path: projectPath, query: { trace_id: [id], cursor, limit: MAX_SPAN_PAGE }, subject: projectSubject, signal: options?.signal },
        wire.spansResponse,
      ),
    );
    return loadPhoenixSpans(spans);
  }

  async function listSessions(query: SessionQuery = {}, options?: RequestOptions): Promise<Page<Session>> {
    const parsedQuery = s.parse(
      s.object({ cursor: s.optional(s.nullable(s.string())), limit: s.optional(s.number({ integer: true, min: 1 })) }),
      query,
      'query',
    );
    const response = await http.call(
      'listProjectSessions',
      { path: projectPath, query: { cursor: parsedQuery.cursor ?? null, limit: parsedQuery.limit ?? PAGE_SIZE }, subject: projectSubject, signal: options?.signal },
      wire.sessionsResponse,
    );
    return { data: response.data.map(fromPhoenixSession), nextCursor: response.next_cursor || null };
  }

  // ---------------------------------------------------------------------------------------------
  // Datasets and experiments

  const exampleSchema = s.object({
    input: s.record(s.unknown()),
    output: s.record(s.unknown()),
    metadata: s.withDefault(s.record(s.unknown()), {}),
    spanId: s.optional(s.nullable(s.string({ nonEmpty: true }))),
  });
  const datasetInputSchema = s.object({
    name: s.string({ nonEmpty: true }),
    description: s.optional(s.nullable(s.string())),
    examples: s.array(exampleSchema, { minLength: 1 }),
    action: s.optional(s.oneOf(['create', 'append'] as const)),
  });

  async function createDataset(input: DatasetInput): Promise<Dataset> {
    const dataset = s.parse(datasetInputSchema, input, 'dataset') as DatasetInput;
    const uploaded = await http.call(
      'uploadDataset',
      { query: { sync: true }, body: toPhoenixUpload(dataset), subject: `dataset "${dataset.name}"` },
      wire.uploadDatasetResponse,
    );
    const id = uploaded.data.dataset_id;
    const stored = await http.call('getDataset', { path: { id }, subject: `dataset "${id}"` }, wire.datasetResponse);
    return fromPhoenixDataset(stored.data);
  }

  function requireId(value: unknown, field: string): string {
    return s.parse(s.string({ nonEmpty: true }), value, field);
  }

  async function listDatasets(options?: RequestOptions): Promise<Dataset[]> {
    const datasets = await collectPages((cursor) =>
      http.call('listDatasets', { query: { cursor, limit: PAGE_SIZE }, signal: options?.signal }, wire.datasetsResponse),
    );
    return datasets.map(fromPhoenixDataset);
  }

  async function listDatasetExamples(datasetId: string, options?: RequestOptions): Promise<DatasetExample[]> {
    const id = requireId(datasetId, 'datasetId');
    const response = await http.call('getDatasetExamples', { path: { id }, subject: `dataset "${id}"`, signal: options?.signal }, wire.datasetExamplesResponse);
    return response.data.examples.map(fromPhoenixExample);
  }

  async function listExperiments(datasetId: string, options?: RequestOptions): Promise<Experiment[]> {
    const id = requireId(datasetId, 'datasetId');
    const experiments = await collectPages((cursor) =>
      http.call(
        'listExperiments',
        { path: { dataset_id: id }, query: { cursor, limit: PAGE_SIZE }, subject: `dataset "${id}"`, signal: options?.signal },
        wire.experimentsResponse,
      ),
    );
    // Phoenix lists no experiments for a dataset it does not have: tell the two apart
    if (experiments.length === 0) await http.call('getDataset', { path: { id }, subject: `dataset "${id}"`, signal: options?.signal }, wire.datasetResponse);
    return experiments.map(fromPhoenixExperiment);
  }

  async function listExperimentRuns(experimentId: string, options?: RequestOptions): Promise<ExperimentRun[]> {
    const id = requireId(experimentId, 'experimentId');
    const subject = `experiment "${id}"`;
    const signal = options?.signal;
    const runs = await collectPages((cursor) =>
      http.call(
        'listExperimentRuns',
        { path: { experiment_id: id }, query: { cursor, limit: PAGE_SIZE }, subject, signal },
        wire.experimentRunsResponse,
      ),
    );
    // Phoenix answers 404 for the export of an experiment without runs, and lists no runs for an
    // experiment it does not have: tell the two apart
    if (runs.length === 0) {
      await http.call('getExperiment', { path: { experiment_id: id }, subject, signal }, wire.existsResponse);
      return [];
    }
    // evaluations are served only by the experiment export, keyed by example and repetition
    const text = await http.text('getExperimentJSON', { path: { experiment_id: id }, subject, signal });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new AnnokitError(`Phoenix's export of ${subject} is not JSON`, { code: 'server', retryable: false, cause: error });
    }
    const records = s.parse(wire.experimentJson, json, 'getExperimentJSON');
    const evaluations = new Map<string, ExperimentEvaluation[]>();
    for (const record of records) {
      evaluations.set(runKey(record.example_id, record.repetition_number), record.annotations.map(fromPhoenixEvaluation));
    }
    return runs.map((run) => fromPhoenixRun(run, evaluations.get(runKey(run.dataset_example_id, run.repetition_number)) ?? []));
  }

  const listAnnotationConfigs = (options?: RequestOptions) =>
    configScope === 'all' ? listAllAnnotationConfigs(options) : listProjectAnnotationConfigs(options);

  return {
    name: 'phoenix',
    project,
    upsertAnnotations,
    listAnnotations,
    deleteAnnotations,
    addNote,
    listNotes,
    listAnnotationConfigs,
    listAllAnnotationConfigs,
    listProjectAnnotationConfigs,
    upsertAnnotationConfig,
    listSpans,
    getTrace,
    listSessions,
    createDataset,
    listDatasets,
    listDatasetExamples,
    listExperiments,
    listExperimentRuns,
  };
}

