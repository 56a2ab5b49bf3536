import { CAPABILITIES, hasCapability, type AnnotationAdapter, type Capability } from '../../core/adapter';
import { AnnokitError, ValidationError, toAnnokitError } from '../../core/errors';
import type {
  Annotation,
  AnnotationInput,
  AnnotationTarget,
  AnnotatorKind,
  SpanQuery,
} from '../../core/model';
import { SPAN_KINDS } from '../../core/model';
import * as s from '../../core/schema';
import {
  annotationConfigInputSchema,
  annotationInputSchema,
  annotationRefSchema,
  annotationTargetSchema,
  noteInputSchema,
} from '../../core/validation';
import { datasetInputSchema as datasetBody } from './schemas';
import { OPERATION_CAPABILITY, ROUTES, STATUS_OF, type HttpOperation, type WireError, type WireErrorCode } from './protocol';

/** The signed-in user, as the host's session knows them. */
export interface AnnotationHandlerUser {
  id: string;
}

/** Who an annotation is written as: the uniqueness identifier and the recorded user id. */
export interface AnnotationIdentity {
  identifier: string;
  userId: string | null;
}

export interface AnnotationHandlerOptions<U extends AnnotationHandlerUser = AnnotationHandlerUser> {
  /** The adapter that holds the secret key and does the work (Phoenix, Langfuse, memory...). */
  backend: AnnotationAdapter;
  /** Annotation names end users may write and read; any other is refused with 403. A predicate allows dynamic names. */
  allowNames: readonly string[] | ((name: string) => boolean);
  /** The user of the request from the host's session (cookie, token); `null` answers 401. */
  getUser: (request: Request) => Promise<U | null> | U | null;
  /**
   * Who a write is recorded as. Default: identifier and userId are the session user's id, whatever
   * the client sent. `client` holds what the client claimed: only trust it for privileged users.
   */
  identify?: (user: U, context: { name: string; target: AnnotationTarget; client: Partial<AnnotationIdentity> }) => AnnotationIdentity;
  /** Annotator kinds a client may write; default `['HUMAN']`, so nobody poses as an LLM judge. */
  annotatorKinds?: readonly AnnotatorKind[];
  /** `own` (default): reads return only the user's own annotations; `all`: every annotation of the allowed names. */
  readScope?: 'own' | 'all';
  /**
   * Optional capabilities of the backend the handler serves besides writing and reading
   * annotations; default `['deleteAnnotations', 'annotationConfigs']`. Spans, traces, datasets
   * and the rest expose your data: serve them only to users who may see it.
   */
  expose?: readonly Capability[] | 'all';
  /** Annotations per write; default 100. */
  maxBatch?: number;
  /** Bytes a request body may have; default 1 MiB. */
  maxBodyBytes?: number;
  /** Called with failures that are not the client's fault (the backend is down, a bug), for the host's logs. */
  onError?: (error: unknown, request: Request) => void;
}

/** A Fetch API handler: mount it in a Next.js route handler, Hono, Deno, Bun, or Express via {@link toNodeListener}. */
export type AnnotationHandler = (request: Request) => Promise<Response>;

/** Refused by the handler's policy (allow-list, annotator kind, capability not exposed). */
export class ForbiddenError extends AnnokitError {
  constructor(message: string) {
    super(message, { code: 'authentication', status: 403, retryable: false });
    this.name = 'ForbiddenError';
  }
}

const id = s.string({ nonEmpty: true });
const targets = s.array(annotationTargetSchema);

const upsertBody = s.object({ annotations: s.array(annotationInputSchema) });
const queryBody = s.object({
  targets,
  names: s.optional(s.array(s.string())),
  identifiers: s.optional(s.array(s.string())),
});
const deleteBody = s.object({ refs: s.array(annotationRefSchema) });
const notesQueryBody = s.object({ targets });
const spanQueryBody = s.object({
  traceIds: s.optional(s.array(id)),
  spanIds: s.optional(s.array(id)),
  spanKinds: s.optional(s.array(s.oneOf(SPAN_KINDS))),
  statusCodes: s.optional(s.array(s.oneOf(['OK', 'ERROR', 'UNSET'] as const))),
  names: s.optional(s.array(s.string())),
  startTime: s.optional(s.number()),
  endTime: s.optional(s.number()),
  rootsOnly: s.optional(s.boolean()),
  attributes: s.optional(s.record(s.unknown())),
  sessionId: s.optional(id),
  cursor: s.optional(s.nullable(s.string())),
  limit: s.optional(s.number({ integer: true, min: 1, max: 1000 })),
}) as s.Schema<SpanQuery>;
interface Route {
  operation: HttpOperation;
  method: string;
  regex: RegExp;
  names: string[];
}

// Matched at the end of the path, so the handler works wherever it is mounted (`/api/annotations/...`).
const MATCHERS: Route[] = (Object.entries(ROUTES) as [HttpOperation, readonly [string, string]][]).map(([operation, [method, template]]) => {
  const names: string[] = [];
  const pattern = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { operation, method, regex: new RegExp(`${pattern}/?$`), names };
});

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}

function errorResponse(code: WireErrorCode, message: string, issues?: WireError['error']['issues'], headers?: HeadersInit): Response {
  const body: WireError = { error: issues && issues.length ? { code, message, issues } : { code, message } };
  const response = jsonResponse(STATUS_OF[code], body);
  new Headers(headers).forEach((value, key) => response.headers.set(key, value));
  return response;
}

/**
 * Serves annokit's HTTP protocol in front of a backend adapter, with the secret key kept on the
 * server. End users may only write the allowed names, always as themselves (identifier and userId
 * come from the session, never from the body), and only as HUMAN annotators by default.
 */
export function createAnnotationHandler<U extends AnnotationHandlerUser>(options: AnnotationHandlerOptions<U>): AnnotationHandler {
  const { backend } = options;
  const isAllowed =
    typeof options.allowNames === 'function' ? options.allowNames : ((names) => (name: string) => names.has(name))(new Set(options.allowNames));
  const identify =
    options.identify ?? ((user: U): AnnotationIdentity => ({ identifier: user.id, userId: user.id }));
  const kinds = new Set(options.annotatorKinds ?? ['HUMAN']);
  const readScope = options.readScope ?? 'own';
  const exposed = new Set<Capability>(
    (options.expose === 'all' ? CAPABILITIES : (options.expose ?? ['deleteAnnotations', 'annotationConfigs'])).filter((capability) =>
      hasCapability(backend, capability),
    ),
  );
  const maxBatch = options.maxBatch ?? 100;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;

  const checkName = (name: string, field: string) => {
    if (!isAllowed(name)) {
      throw new ForbiddenError(`${field}: the annotation name "${name}" is not allowed here`);
    }
  };

  async function readBody<T>(request: Request, schema: s.Schema<T>): Promise<T> {
    const length = Number(request.headers.get('content-length') ?? '0');
    if (length > maxBodyBytes) throw new AnnokitError(`body: ${length} bytes is more than the ${maxBodyBytes} allowed`, { code: 'validation', status: 413 });
    const text = await request.text();
    if (text.length > maxBodyBytes) throw new AnnokitError(`body: more than the ${maxBodyBytes} bytes allowed`, { code: 'validation', status: 413 });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ValidationError([
        { field: 'body', value: text.slice(0, 80), message: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` },
      ]);
    }
    return s.parse(schema, json, '');
  }

  const own = (user: U, annotation: Annotation) =>
    readScope === 'all' ||
    identify(user, { name: annotation.name, target: annotation.target, client: {} }).identifier === annotation.identifier;

  async function run(route: Route, params: Record<string, string>, request: Request, user: U): Promise<Response> {
    const capability = OPERATION_CAPABILITY[route.operation];
    if (capability && !exposed.has(capability)) {
      throw new AnnokitError(`${route.method} ${ROUTES[route.operation][1]} is not served here (${capability} is not exposed)`, {
        code: 'unsupported',
      });
    }
    switch (route.operation) {
      case 'getCapabilities':
        return jsonResponse(200, { data: { name: backend.name, capabilities: [...exposed] } });
      case 'upsertAnnotations': {
        const body = await readBody(request, upsertBody);
        if (body.annotations.length > maxBatch) {
          throw new ValidationError([{ field: 'annotations', value: body.annotations.length, message: `holds ${body.annotations.length} annotations; at most ${maxBatch} per request` }]);
        }
        const inputs: AnnotationInput[] = body.annotations.map((input, index) => {
          checkName(input.name, `annotations[${index}].name`);
          if (!kinds.has(input.annotatorKind)) {
            throw new ForbiddenError(`annotations[${index}].annotatorKind: "${input.annotatorKind}" annotations may not be written here`);
          }
          const who = identify(user, {
            name: input.name,
            target: input.target,
            client: { identifier: input.identifier, userId: input.userId ?? null },
          });
          return { ...input, identifier: who.identifier, userId: who.userId };
        });
        const idempotencyKey = request.headers.get('idempotency-key') ?? undefined;
        return jsonResponse(200, { data: await backend.upsertAnnotations(inputs, { idempotencyKey, signal: request.signal }) });
      }
      case 'listAnnotations': {
        const query = await readBody(request, queryBody);
        query.names?.forEach((name, index) => checkName(name, `names[${index}]`));
        if (query.targets.length === 0) return jsonResponse(200, { data: [] });
        const names = query.names ?? (typeof options.allowNames === 'function' ? undefined : [...options.allowNames]);
        const found = await backend.listAnnotations({ ...query, names });
        return jsonResponse(200, { data: found.filter((annotation) => isAllowed(annotation.name) && own(user, annotation)) });
      }
      case 'deleteAnnotations': {
        const { refs } = await readBody(request, deleteBody);
        const mine = refs.map((ref, index) => {
          checkName(ref.name, `refs[${index}].name`);
          const who = identify(user, { name: ref.name, target: ref.target, client: { identifier: ref.identifier } });
          return { ...ref, identifier: who.identifier };
        });
        await backend.deleteAnnotations!(mine, { signal: request.signal });
        return new Response(null, { status: 204 });
      }
      case 'addNote': {
        const note = await readBody(request, noteInputSchema);
        const who = identify(user, { name: 'note', target: note.target, client: { userId: note.userId ?? null } });
        // The client's key makes a retried note the same note; backends scope it to its author.
        const idempotencyKey = request.headers.get('idempotency-key') ?? undefined;
        return jsonResponse(200, { data: await backend.addNote!({ ...note, userId: who.userId }, { idempotencyKey, signal: request.signal }) });
      }
      case 'listNotes':
        return jsonResponse(200, { data: await backend.listNotes!(await readBody(request, notesQueryBody)) });
      case 'listAnnotationConfigs':
        return jsonResponse(200, { data: await backend.listAnnotationConfigs!() });
      case 'upsertAnnotationConfig':
        return jsonResponse(200, { data: await backend.upsertAnnotationConfig!(await readBody(request, annotationConfigInputSchema)) });
      case 'listSpans':
        return jsonResponse(200, await backend.listSpans!(await readBody(request, spanQueryBody)));
      case 'getTrace':
        return jsonResponse(200, { data: await backend.getTrace!(params.traceId!) });
      case 'listSessions': {
        const url = new URL(request.url);
        const limitText = url.searchParams.get('limit');
        const limit = limitText === null ? undefined : Number(limitText);
        if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
          throw new ValidationError([{ field: 'limit', value: limitText, message: 'expected a positive integer' }]);
        }
        return jsonResponse(200, await backend.listSessions!({ cursor: url.searchParams.get('cursor'), limit }));
      }
      case 'listDatasets':
        return jsonResponse(200, { data: await backend.listDatasets!() });
      case 'createDataset':
        return jsonResponse(200, { data: await backend.createDataset!(await readBody(request, datasetBody)) });
      case 'listDatasetExamples':
        return jsonResponse(200, { data: await backend.listDatasetExamples!(params.datasetId!) });
      case 'listExperiments':
        return jsonResponse(200, { data: await backend.listExperiments!(params.datasetId!) });
      case 'listExperimentRuns':
        return jsonResponse(200, { data: await backend.listExperimentRuns!(params.experimentId!) });
    }
  }

  return async function handleAnnotationRequest(request) {
    const pathname = new URL(request.url).pathname;
    const candidates = MATCHERS.filter((route) => route.regex.test(pathname));
    const route = candidates.find((candidate) => candidate.method === request.method.toUpperCase());
    if (!route) {
      return candidates.length
        ? errorResponse('unsupported', `${request.method} is not allowed on ${pathname}`, undefined, {
            allow: [...new Set(candidates.map((c) => c.method))].join(', '),
          })
        : errorResponse('not_found', `No annotation operation at ${pathname}`);
    }
    const match = route.regex.exec(pathname)!;
    const params: Record<string, string> = {};
    route.names.forEach((name, index) => (params[name] = decodeURIComponent(match[index + 1]!)));
    try {
      const user = await options.getUser(request);
      if (!user || typeof user.id !== 'string' || user.id === '') {
        return errorResponse('authentication', 'Sign in to send feedback: the request has no session');
      }
      return await run(route, params, request, user);
    } catch (caught) {
      return respondToError(caught, request, options.onError);
    }
  };
}

function respondToError(caught: unknown, request: Request, onError: AnnotationHandlerOptions['onError']): Response {
  if (caught instanceof ForbiddenError) return errorResponse('forbidden', caught.message);
  if (caught instanceof ValidationError) {
    return errorResponse(
      'validation',
      caught.message,
      caught.issues.map((issue) => ({ field: issue.field, message: issue.message })),
    );
  }
  const error = toAnnokitError(caught);
  if (error.status === 413) return jsonResponse(413, { error: { code: 'validation', message: error.message } });
  // The backend lacks the target for now (Phoenix has not ingested a span that just ended): an
  // answer the client retries, since a 404 is final for it.
  if (error.code === 'not_found' && error.retryable) {
    return errorResponse('server', 'The annotation backend does not have the target yet; try again shortly', undefined, { 'retry-after': '1' });
  }
  switch (error.code) {
    case 'validation':
    case 'not_found':
    case 'conflict':
    case 'unsupported':
      return errorResponse(error.code, error.message);
    case 'rate_limited':
      return errorResponse('rate_limited', 'The annotation backend is busy; try again shortly', undefined,
        error.retryAfterSeconds !== undefined ? { 'retry-after': String(error.retryAfterSeconds) } : undefined);
    case 'authentication':
      // the backend refused the server's own key: not the end user's fault, and its details stay in the logs
      onError?.(caught, request);
      return errorResponse('server', 'The annotation backend refused the server\'s credentials');
    case 'timeout':
      onError?.(caught, request);
      return errorResponse('timeout', 'The annotation backend did not answer in time');
    case 'network':
    case 'server':
      onError?.(caught, request);
      return errorResponse('server', 'The annotation backend is unavailable; try again shortly');
    default:
      onError?.(caught, request);
      return errorResponse('unknown', 'The annotation request failed on the server');
  }
}
