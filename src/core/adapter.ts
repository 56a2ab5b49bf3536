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

/** Per-call options a caller may pass to any adapter method that writes. */
export interface RequestOptions {
  /** Aborts the request (time-outs, unmount). */
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
  /** Creates or updates by `(target, name, identifier)`; returns what was stored, in input order. */
  upsertAnnotations(inputs: AnnotationInput[], options?: RequestOptions): Promise<Annotation[]>;
  /** Every annotation on any of the targets, optionally narrowed by names and identifiers. */
  listAnnotations(query: AnnotationQuery): Promise<Annotation[]>;
  /** Removes exactly the annotations with these keys; a missing one is not an error. */
  deleteAnnotations?(refs: AnnotationRef[], options?: RequestOptions): Promise<void>;
  addNote?(input: NoteInput, options?: RequestOptions): Promise<Note>;
  listNotes?(query: { targets: AnnotationQuery['targets'] }): Promise<Note[]>;
  listAnnotationConfigs?(): Promise<AnnotationConfig[]>;
  upsertAnnotationConfig?(input: AnnotationConfigInput): Promise<AnnotationConfig>;
  listSpans?(query: SpanQuery): Promise<Page<Span>>;
  getTrace?(traceId: string): Promise<Span[]>;
  listSessions?(query: SessionQuery): Promise<Page<Session>>;
  /** Creates a dataset of examples, or appends them to an existing one (`action: 'append'`). */
  createDataset?(input: DatasetInput): Promise<Dataset>;
  listDatasets?(): Promise<Dataset[]>;
  listDatasetExamples?(datasetId: string): Promise<DatasetExample[]>;
  listExperiments?(datasetId: string): Promise<Experiment[]>;
  /** An experiment's runs, each with its evaluations. */
  listExperimentRuns?(experimentId: string): Promise<ExperimentRun[]>;
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
