import type {
  Annotation,
  AnnotationConfig,
  AnnotationConfigInput,
  AnnotationInput,
  AnnotationQuery,
  AnnotationRef,
  Dataset,
  DatasetExample,
  DatasetInput,
  Experiment,
  ExperimentRun,
  Note,
  NoteInput,
  Page,
  Session,
  SessionQuery,
  Span,
  SpanQuery,
} from './model';

/** Per-call options a caller may pass to any adapter method (reads take `signal` only). */
export interface RequestOptions {
  /** Aborts the request (time-outs, a component that unmounted mid-load). */
  signal?: AbortSignal;
  /** Ask the transport to outlive the page (fetch `keepalive`), used when flushing as the page hides. */
  keepalive?: boolean;
  /** The client-made key of this write (the outbox's entry id); network adapters may send it as `Idempotency-Key`. */
  idempotencyKey?: string;
}

/**
 * The one interface every backend implements. Two methods are required; every other one is
 * optional, and what an adapter can do is derived from which methods it has ({@link getCapabilities}).
 * Methods throw {@link AnnokitError}s: `validation` for bad input, `network` / `timeout` /
 * `rate_limited` / `server` for failures worth retrying.
 */
export interface AnnotationAdapter {
  /** Short name of the backend: `memory`, `phoenix`, `langfuse`, `http`. */
  readonly name: string;
  /**
   * Which backend this adapter writes to, for the provider's durable outbox: adapter objects with
   * the same key share one queue of writes (kept in browser storage under it), and a new object
   * with the same key takes over the queued writes. `null`: the backend lives in this page only (the
   * in-browser store without `persist`), so its queue stays in memory and each object is a backend
   * of its own. Default: `name`.
   */
  readonly outboxKey?: string | null;
  /** Creates or updates by `(target, name, identifier)`; returns what was stored, in input order. */
  upsertAnnotations(inputs: AnnotationInput[], options?: RequestOptions): Promise<Annotation[]>;
  /** Every annotation on any of the targets, optionally narrowed by names and identifiers. */
  listAnnotations(query: AnnotationQuery, options?: RequestOptions): Promise<Annotation[]>;
  /** Removes exactly the annotations with these keys; a missing one is not an error. */
  deleteAnnotations?(refs: AnnotationRef[], options?: RequestOptions): Promise<void>;
  /**
   * Appends a note. With `options.idempotencyKey`, writing the same key again is the same note
   * (stored once), so a note sent again after a lost answer is not duplicated.
   */
  addNote?(input: NoteInput, options?: RequestOptions): Promise<Note>;
  listNotes?(query: { targets: AnnotationQuery['targets'] }, options?: RequestOptions): Promise<Note[]>;
  listAnnotationConfigs?(options?: RequestOptions): Promise<AnnotationConfig[]>;
  upsertAnnotationConfig?(input: AnnotationConfigInput): Promise<AnnotationConfig>;
  listSpans?(query: SpanQuery, options?: RequestOptions): Promise<Page<Span>>;
  getTrace?(traceId: string, options?: RequestOptions): Promise<Span[]>;
  listSessions?(query: SessionQuery, options?: RequestOptions): Promise<Page<Session>>;
  /** Creates a dataset of examples, or appends them to an existing one (`action: 'append'`). */
  createDataset?(input: DatasetInput): Promise<Dataset>;
  listDatasets?(options?: RequestOptions): Promise<Dataset[]>;
  listDatasetExamples?(datasetId: string, options?: RequestOptions): Promise<DatasetExample[]>;
  listExperiments?(datasetId: string, options?: RequestOptions): Promise<Experiment[]>;
  /** An experiment's runs, each with its evaluations. */
  listExperimentRuns?(experimentId: string, options?: RequestOptions): Promise<ExperimentRun[]>;
}

/** What an adapter can do beyond writing and reading annotations. */
export type Capability =
  | 'deleteAnnotations'
  | 'notes'
  | 'annotationConfigs'
  | 'editAnnotationConfigs'
  | 'spans'
  | 'traces'
  | 'sessions'
  | 'datasets'
  | 'experiments';

const CAPABILITY_METHODS: Record<Capability, readonly (keyof AnnotationAdapter)[]> = {
  deleteAnnotations: ['deleteAnnotations'],
  notes: ['addNote', 'listNotes'],
  annotationConfigs: ['listAnnotationConfigs'],
  editAnnotationConfigs: ['listAnnotationConfigs', 'upsertAnnotationConfig'],
  spans: ['listSpans'],
  traces: ['getTrace'],
  sessions: ['listSessions'],
  datasets: ['createDataset', 'listDatasets', 'listDatasetExamples'],
  experiments: ['listExperiments', 'listExperimentRuns'],
};

export const CAPABILITIES = Object.keys(CAPABILITY_METHODS) as Capability[];

export type Capabilities = Record<Capability, boolean>;

/** Which capabilities an adapter has, read from the methods it implements. */
export function getCapabilities(adapter: AnnotationAdapter): Capabilities {
  const result = {} as Capabilities;
  for (const capability of CAPABILITIES) result[capability] = hasCapability(adapter, capability);
  return result;
}

export function hasCapability(adapter: AnnotationAdapter, capability: Capability): boolean {
  return CAPABILITY_METHODS[capability].every((method) => typeof adapter[method] === 'function');
}

/** The adapter methods that make up a capability, for messages such as "needs listSpans". */
export function capabilityMethods(capability: Capability): readonly string[] {
  return CAPABILITY_METHODS[capability];
}
