import {
  AnnokitError,
  annotationFromInput,
  annotationKey,
  annotationRefSchema,
  annotationTargetSchema,
  configFromInput,
  createId,
  getAttribute,
  schema as s,
  targetKey,
  validateAnnotationConfigInput,
  validateAnnotationInput,
  validateNoteInput,
  type Annotation,
  type AnnotationAdapter,
  type AnnotationConfig,
  type AnnotationInput,
  type AnnotationQuery,
  type AnnotationRef,
  type Dataset,
  type DatasetExample,
  type DatasetInput,
  type Experiment,
  type Note,
  type RequestOptions,
  type Session,
  type Span,
} from '../../core';
import { refOf } from '../../core/targets';
import {
  DEFAULT_PAGE_SIZE,
  compareSpans,
  decodeCursor,
  encodeCursor,
  notFound,
  parseSessionQuery,
  parseSpanQuery,
  sessionIdOf,
  spanMatcher,
} from './query';
import {
  annotationRecordSchema,
  configRecordSchema,
  datasetRecordSchema,
  exampleSchema,
  experimentRecordSchema,
  isWellFormedSpan,
  noteRecordSchema,
  spanRecordSchema,
  type MemoryDataset,
  type MemoryExperiment,
  type MemorySeed,
} from './records';
import { createIndexedDbStore, createLocalStorageStore, type RecordStore } from './storage';

/** Where a memory adapter keeps its writes across page reloads. */
export type MemoryPersistence = false | 'localStorage' | 'indexedDB';

export interface MemoryAdapterOptions {
  /**
   * Data the store starts from (spans, annotations, notes, configs, datasets, experiments), e.g.
   * `generateDemoProject()`. Copied, except the spans' attributes and events, which are shared: do not change them afterwards. Default: empty.
   */
  seed?: MemorySeed;
  /** Keep every annotation, note, config and dataset written across page reloads. Default `false` (memory only). */
  persist?: MemoryPersistence;
  /** Names the storage: the localStorage key prefix or the IndexedDB database. Default `'annokit'`. */
  storageKey?: string;
  /** Milliseconds every call waits before it settles, to show loading states in stories. Default `0`. */
  latencyMs?: number;
  /** The clock for `createdAt` / `updatedAt`, for tests. Default `() => new Date()`. */
  now?: () => Date;
}

/** The memory adapter implements every method of the contract, so none of them is optional here. */
export type MemoryAdapter = Required<AnnotationAdapter> & {
  readonly name: 'memory';
  /**
   * Adds spans after creation (an OpenTelemetry exporter feeding a live store, see
   * `createSpanStoreExporter` in `annokit/server`); a span with the id of one already held replaces
   * it. Validated like `seed.spans`. Spans are kept in memory only, never persisted. A `listSpans`
   * cursor taken before the call may repeat or skip spans after it.
   */
  addSpans(spans: readonly Span[]): Promise<void>;
};

type RecordChange = readonly [key: string, value: unknown];

const annotationQuerySchema: s.Schema<AnnotationQuery> = s.object({
  targets: s.array(annotationTargetSchema),
  names: s.optional(s.array(s.string())),
  identifiers: s.optional(s.array(s.string())),
});

const notesQuerySchema = s.object({ targets: s.array(annotationTargetSchema) });

const datasetInputSchema: s.Schema<DatasetInput> = s.object({
  name: s.string({ nonEmpty: true }),
  description: s.optional(s.nullable(s.string())),
  examples: s.array(exampleSchema),
  action: s.optional(s.oneOf(['create', 'append'] as const)),
});

/**
 * Everything the store holds is JSON data (it is what persistence writes), so a JSON round trip is
 * a faithful copy, and in V8 a faster one than structuredClone for plain objects.
 */
const copy = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function openStore(persist: MemoryPersistence, storageKey: string): RecordStore | null {
  if (persist === 'localStorage') {
    if (typeof localStorage !== 'undefined') return createLocalStorageStore(storageKey, localStorage);
  } else if (persist === 'indexedDB') {
    if (typeof indexedDB !== 'undefined') return createIndexedDbStore(storageKey, indexedDB);
  } else {
    return null;
  }
  // Server rendering creates adapters too; there the store simply lives in memory.
  console.warn(`annokit: ${persist} is not available here; the memory adapter "${storageKey}" will not persist.`);
  return null;
}

/**
 * The embedded adapter: an in-process store that serves every method of the contract, optionally
 * persisted to localStorage or IndexedDB. For development, demos, tests and small single-user tools.
 */
export function createMemoryAdapter(options: MemoryAdapterOptions = {}): MemoryAdapter {
  const storageKey = options.storageKey ?? 'annokit';
  const latencyMs = options.latencyMs ?? 0;
  const now = options.now ?? (() => new Date());
  const seed = options.seed ?? {};

  // -------------------------------------------------------------------------------------------
  // State, built from the (validated, copied) seed

  /** targetKey → annotationKey → annotation */
  const annotations = new Map<string, Map<string, Annotation>>();
  const notes = new Map<string, Note>();
  const configs = new Map<string, AnnotationConfig>();
  const datasets = new Map<string, MemoryDataset>();
  const experiments = new Map<string, MemoryExperiment>();

  const seedList = <T>(list: T[] | undefined, schema: s.Schema<T>, field: string): T[] =>
    list === undefined ? [] : copy(s.parse(s.array(schema), list, `seed.${field}`));

  // Spans are validated but not deep-copied: they are never written, every read hands out a copy,
  // and copying a seed of 100,000 spans would dominate start-up (see the demo-data benchmark).
  let spans = seed.spans === undefined ? [] : seedSpans(seed.spans, 'seed.spans');
  const spansByTrace = new Map<string, Span[]>();
  const sessionByTrace = new Map<string, string>();
  /** Stores one trace's spans (given newest first, kept oldest first) and the session of its newest span that has one. */
  const indexTrace = (traceId: string, newestFirst: Span[]) => {
    const sessionId = newestFirst.map(sessionIdOf).find((id) => id !== null) ?? null;
    if (sessionId === null) sessionByTrace.delete(traceId);
    else sessionByTrace.set(traceId, sessionId);
    spansByTrace.set(traceId, newestFirst.reverse());
  };
  for (const [traceId, trace] of groupByTrace(spans)) indexTrace(traceId, trace);
  const sessionOfTrace = (traceId: string) => sessionByTrace.get(traceId) ?? null;

  /** Merges validated spans (newest first) into the store, replacing any with the same trace and span id. */
  const insertSpans = (added: Span[]) => {
    const idOf = (span: Span) => `${span.traceId}/${span.spanId}`;
    const replaced = new Set(added.map(idOf));
    const kept = spans.filter((span) => !replaced.has(idOf(span)));
    // Both lists are sorted newest first: one linear merge keeps the store sorted.
    const merged: Span[] = [];
    let i = 0;
    let j = 0;
    while (i < kept.length || j < added.length) {
      if (j >= added.length || (i < kept.length && compareSpans(kept[i]!, added[j]!) <= 0)) merged.push(kept[i++]!);
      else merged.push(added[j++]!);
    }
    spans = merged;
    for (const [traceId, addedToTrace] of groupByTrace(added)) {
      const trace = [...(spansByTrace.get(traceId) ?? []).filter((span) => !replaced.has(idOf(span))), ...addedToTrace];
      indexTrace(traceId, trace.sort(compareSpans));
    }
    sessionCache = null;
  };

  const putAnnotation = (annotation: Annotation) => {
    const key = targetKey(annotation.target);
    let byKey = annotations.get(key);
    if (!byKey) annotations.set(key, (byKey = new Map()));
    byKey.set(annotationKey(annotation), annotation);
  };
  const removeAnnotation = (ref: AnnotationRef) => {
    const byKey = annotations.get(targetKey(ref.target));
    byKey?.delete(annotationKey(ref));
    if (byKey?.size === 0) annotations.delete(targetKey(ref.target));
  };
  const findAnnotation = (ref: AnnotationRef) => annotations.get(targetKey(ref.target))?.get(annotationKey(ref));
  const configByName = (name: string) => {
    for (const config of configs.values()) if (config.name === name) return config;
    return undefined;
  };
  const datasetByName = (name: string) => {
    for (const dataset of datasets.values()) if (dataset.name === name) return dataset;
    return undefined;
  };

  // The schema already returns fresh annotation and target objects; only metadata can hold shared nested values.
  if (seed.annotations !== undefined) {
    for (const annotation of s.parse(s.array(annotationRecordSchema), seed.annotations, 'seed.annotations')) {
      putAnnotation({ ...annotation, metadata: copy(annotation.metadata) });
    }
  }
  for (const note of seedList(seed.notes, noteRecordSchema, 'notes')) notes.set(note.id, note);
  for (const config of seedList(seed.configs, configRecordSchema, 'configs')) configs.set(config.id, config);
  for (const dataset of seedList(seed.datasets, datasetRecordSchema, 'datasets')) {
    datasets.set(dataset.id, withExampleIds(dataset));
  }
  for (const experiment of seedList(seed.experiments, experimentRecordSchema, 'experiments')) {
    experiments.set(experiment.id, { ...experiment, runCount: experiment.runs.length });
  }

  // -------------------------------------------------------------------------------------------
  // Persistence: storage holds the records written since the seed, applied over it at load

  let store = openStore(options.persist ?? false, storageKey);

  const applyRecord = (key: string, value: unknown): boolean => {
    const kind = key.slice(0, 2);
    const parse = <T>(schema: s.Schema<T>) => s.safeParse(schema, value, key);
    if (kind === 'a:') {
      if (value === null) {
        // a tombstone: the annotation was deleted after the seed was loaded
        const ref = safeJson(key.slice(2));
        if (!Array.isArray(ref) || ref.length !== 3) return false;
        for (const byKey of annotations.values()) byKey.delete(key.slice(2));
        return true;
      }
      const parsed = parse(annotationRecordSchema);
      if (!parsed.ok || annotationKey(parsed.value) !== key.slice(2)) return false;
      putAnnotation(parsed.value);
      return true;
    }
    if (kind === 'n:') {
      const parsed = parse(noteRecordSchema);
      if (!parsed.ok) return false;
      notes.set(parsed.value.id, parsed.value);
      return true;
    }
    if (kind === 'c:') {
      const parsed = parse(configRecordSchema);
      if (!parsed.ok) return false;
      configs.set(parsed.value.id, parsed.value);
      return true;
    }
    if (kind === 'd:') {
      const parsed = parse(datasetRecordSchema);
      if (!parsed.ok) return false;
      datasets.set(parsed.value.id, withExampleIds(parsed.value));
      return true;
    }
    return false;
  };

  const ready: Promise<void> = (async () => {
    if (!store) return;
    const activeStore = store;
    let records: Map<string, string>;
    try {
      records = await activeStore.load();
    } catch (error) {
      console.warn(`annokit: could not read the memory adapter's ${options.persist} "${storageKey}"; starting from the seed without persisting.`, error);
      store = null;
      return;
    }
    for (const [key, raw] of records) {
      let ok: boolean;
      try {
        ok = applyRecord(key, JSON.parse(raw));
      } catch {
        ok = false;
      }
      if (!ok) {
        console.warn(
          `annokit: ignoring the corrupt value at ${activeStore.locate(key)}; the memory adapter keeps the seed's version of that record, if any.`,
        );
      }
    }
    // Empty tombstones left from a deleted-then-emptied target.
    for (const [key, byKey] of annotations) if (byKey.size === 0) annotations.delete(key);
  })();

  // Writes run one at a time: each one reads the state the previous one left.
  let queue: Promise<unknown> = Promise.resolve();
  function exclusive<T>(run: () => Promise<T>): Promise<T> {
    const result = queue.then(run);
    queue = result.catch(() => undefined);
    return result;
  }

  /** Persists the changes first (so a failed write changes nothing), then applies them in memory. */
  async function commit(changes: RecordChange[], apply: () => void): Promise<void> {
    if (store) await store.write(changes.map(([key, value]) => [key, JSON.stringify(value)] as const));
    apply();
  }

  async function start(signal?: AbortSignal): Promise<void> {
    await sleep(latencyMs, signal);
    await ready;
    signal?.throwIfAborted();
  }

  const timestamp = () => now().toISOString();

  // -------------------------------------------------------------------------------------------
  // The contract

  const adapter: MemoryAdapter = {
    name: 'memory',
    // A store kept in browser storage is the same backend after a reload; one in memory only lives with this object.
    outboxKey: store ? `memory:${storageKey}` : null,

    async upsertAnnotations(inputs: AnnotationInput[], requestOptions?: RequestOptions) {
      await start(requestOptions?.signal);
      return exclusive(async () => {
        const list = s.parse(s.array(s.unknown()), inputs, 'annotations');
        const valid = list.map((input, index) => {
          const name = s.isPlainObject(input) && typeof input.name === 'string' ? input.name : undefined;
          return validateAnnotationInput(input, {
            config: name === undefined ? null : configByName(name),
            path: `annotations[${index}]`,
          });
        });
        const stamp = timestamp();
        const written = new Map<string, Annotation>();
        const results = valid.map((input) => {
          const ref = refOf(input);
          const key = annotationKey(ref);
          const existing = written.get(key) ?? findAnnotation(ref);
          const annotation = annotationFromInput(input, {
            id: existing?.id ?? createId(),
            source: 'API',
            createdAt: existing?.createdAt ?? stamp,
            updatedAt: stamp,
          });
          written.set(key, annotation);
          return annotation;
        });
        const stored = copy([...written.values()]);
        await commit(
          stored.map((annotation) => [`a:${annotationKey(annotation)}`, annotation]),
          () => stored.forEach(putAnnotation),
        );
        return copy(results);
      });
    },

    async listAnnotations(query: AnnotationQuery, requestOptions?: RequestOptions) {
      await start(requestOptions?.signal);
      const parsed = s.parse(annotationQuerySchema, query, 'query');
      const names = parsed.names ? new Set(parsed.names) : null;
      const identifiers = parsed.identifiers ? new Set(parsed.identifiers) : null;
      const seen = new Set<string>();
      const found: Annotation[] = [];
      for (const target of parsed.targets) {
        const key = targetKey(target);
        if (seen.has(key)) continue;
        seen.add(key);
        for (const annotation of annotations.get(key)?.values() ?? []) {
          if (names && !names.has(annotation.name)) continue;
          if (identifiers && !identifiers.has(annotation.identifier)) continue;
          found.push(annotation);
        }
      }
      return copy(found);
    },

    async deleteAnnotations(refs: AnnotationRef[], requestOptions?: RequestOptions) {
      await start(requestOptions?.signal);
      return exclusive(async () => {
        const parsed = s.parse(s.array(annotationRefSchema), refs, 'refs');
        const keys = [...new Set(parsed.map(annotationKey))];
        await commit(
          keys.map((key) => [`a:${key}`, null]),
          () => parsed.forEach(removeAnnotation),
        );
      });
    },

    async addNote(input, requestOptions?: RequestOptions) {
      await start(requestOptions?.signal);
      return exclusive(async () => {
        const parsed = validateNoteInput(input);
        // The idempotency key is the note's id: the same key from the same author again is the same
        // note (a note sent again after a lost answer is stored once); anyone else's key is ignored.
        const key = requestOptions?.idempotencyKey;
        const existing = key === undefined ? undefined : notes.get(key);
        const sameNote = existing !== undefined && existing.userId === (parsed.userId ?? null);
        const note: Note = {
          id: key !== undefined && (existing === undefined || sameNote) ? key : createId(),
          target: parsed.target,
          text: parsed.text,
          userId: parsed.userId ?? null,
          createdAt: sameNote ? existing.createdAt : timestamp(),
        };
        await commit([[`n:${note.id}`, note]], () => notes.set(note.id, note));
        return copy(note);
      });
    },

    async listNotes(query, requestOptions?: RequestOptions) {
      await start(requestOptions?.signal);
      const parsed = s.parse(notesQuerySchema, query, 'query');
      const keys = new Set(parsed.targets.map(targetKey));
      // Map order is insertion order, so notes come oldest first.
      return copy([...notes.values()].filter((note) => keys.has(targetKey(note.target))));
    },

    async listAnnotationConfigs(requestOptions?: RequestOptions) {
      await start(requestOptions?.signal);
      return copy([...configs.values()]);
    },

    async upsertAnnotationConfig(input) {
      await start();
      return exclusive(async () => {
        const parsed = validateAnnotationConfigInput(input);
        if (parsed.id !== undefined && !configs.has(parsed.id)) throw notFound('annotation config', parsed.id);
        const sameName = configByName(parsed.name);
        if (sameName && sameName.id !== parsed.id) {
          throw new AnnokitError(`An annotation config named "${parsed.name}" already exists`, {
            code: 'conflict',
            status: 409,
          });
        }
        const config = configFromInput(parsed, parsed.id ?? createId());
        await commit([[`c:${config.id}`, config]], () => configs.set(config.id, config));
        return copy(config);
      });
    },

    async listSpans(query, requestOptions?: RequestOptions) {
      await start(requestOptions?.signal);
      const parsed = parseSpanQuery(query);
      const limit = parsed.limit ?? DEFAULT_PAGE_SIZE;
      const matches = spanMatcher(parsed, sessionOfTrace);
      const page: Span[] = [];
      let index = decodeCursor(parsed.cursor);
      for (; index < spans.length && page.length < limit; index++) {
        const span = spans[index]!;
        if (matches(span)) page.push(span);
      }
      let more = false;
      for (let next = index; next < spans.length; next++) {
        if (matches(spans[next]!)) {
          more = true;
          break;
        }
      }
      return { data: copy(page), nextCursor: more ? encodeCursor(index) : null };
    },

    async addSpans(input) {
      await start();
      insertSpans(seedSpans(input, 'spans'));
    },

    async getTrace(traceId, requestOptions?: RequestOptions) {
      await start(requestOptions?.signal);
      const id = s.parse(s.string({ nonEmpty: true }), traceId, 'traceId');
      return copy(spansByTrace.get(id) ?? []);
    },

    async listSessions(query, requestOptions?: RequestOptions) {
      await start(requestOptions?.signal);
      const parsed = parseSessionQuery(query);
      const limit = parsed.limit ?? DEFAULT_PAGE_SIZE;
      const all = sessions();
      const from = decodeCursor(parsed.cursor);
      const page = all.slice(from, from + limit);
      return { data: copy(page), nextCursor: from + limit < all.length ? encodeCursor(from + limit) : null };
    },

    async createDataset(input) {
      await start();
      return exclusive(async () => {
        const parsed = s.parse(datasetInputSchema, input, 'dataset');
        const existing = datasetByName(parsed.name);
        const stamp = timestamp();
        let dataset: MemoryDataset;
        if ((parsed.action ?? 'create') === 'create') {
          if (existing) {
            throw new AnnokitError(`A dataset named "${parsed.name}" already exists; append to it instead`, {
              code: 'conflict',
              status: 409,
            });
          }
          dataset = withExampleIds({
            id: createId(),
            name: parsed.name,
            description: parsed.description ?? null,
            exampleCount: 0,
            metadata: {},
            createdAt: stamp,
            updatedAt: stamp,
            examples: parsed.examples,
          });
        } else {
          if (!existing) throw new AnnokitError(`No dataset named "${parsed.name}" to append to`, { code: 'not_found', status: 404 });
          dataset = withExampleIds({
            ...existing,
            description: parsed.description ?? existing.description,
            updatedAt: stamp,
            examples: [...existing.examples, ...parsed.examples],
          });
        }
        await commit([[`d:${dataset.id}`, dataset]], () => datasets.set(dataset.id, dataset));
        return copy(datasetSummary(dataset));
      });
    },

    async listDatasets(requestOptions?: RequestOptions) {
      await start(requestOptions?.signal);
      return copy([...datasets.values()].map(datasetSummary));
    },

    async listDatasetExamples(datasetId, requestOptions?: RequestOptions) {
      await start(requestOptions?.signal);
      const dataset = datasets.get(datasetId);
      if (!dataset) throw notFound('dataset', String(datasetId));
      return copy(dataset.examples);
    },

    async listExperiments(datasetId, requestOptions?: RequestOptions) {
      await start(requestOptions?.signal);
      if (!datasets.has(datasetId)) throw notFound('dataset', String(datasetId));
      const found: Experiment[] = [];
      for (const { runs: _runs, ...experiment } of experiments.values()) {
        if (experiment.datasetId === datasetId) found.push(experiment);
      }
      return copy(found);
    },

    async listExperimentRuns(experimentId, requestOptions?: RequestOptions) {
      await start(requestOptions?.signal);
      const experiment = experiments.get(experimentId);
      if (!experiment) throw notFound('experiment', String(experimentId));
      return copy(experiment.runs);
    },
  };

  /** Sessions, newest first, derived from the `session.id` attribute of each trace's spans. */
  let sessionCache: Session[] | null = null;
  function sessions(): Session[] {
    if (sessionCache) return sessionCache;
    const bySession = new Map<string, { traces: Span[][] }>();
    for (const [traceId, sessionId] of sessionByTrace) {
      let entry = bySession.get(sessionId);
      if (!entry) bySession.set(sessionId, (entry = { traces: [] }));
      entry.traces.push(spansByTrace.get(traceId) ?? []);
    }
    const result: Session[] = [];
    for (const [sessionId, { traces }] of bySession) {
      let startTime: number | null = null;
      let endTime: number | null = null;
      let first: Span | null = null;
      let last: Span | null = null;
      for (const trace of traces) {
        for (const span of trace) {
          if (span.startTime !== null && (startTime === null || span.startTime < startTime)) startTime = span.startTime;
          if (span.endTime !== null && (endTime === null || span.endTime > endTime)) endTime = span.endTime;
          if (span.parentId !== null) continue;
          if (!first || (span.startTime ?? 0) < (first.startTime ?? 0)) first = span;
          if (!last || (span.startTime ?? 0) > (last.startTime ?? 0)) last = span;
        }
      }
      result.push({
        sessionId,
        traceCount: traces.length,
        startTime,
        endTime,
        firstInput: first ? textAttribute(first, 'input.value') : null,
        lastOutput: last ? textAttribute(last, 'output.value') : null,
      });
    }
    result.sort((a, b) => (b.startTime ?? -Infinity) - (a.startTime ?? -Infinity) || (a.sessionId < b.sessionId ? -1 : 1));
    return (sessionCache = result);
  }

  return adapter;
}

function seedSpans(spans: readonly Span[], field: string): Span[] {
  if (!Array.isArray(spans) || !spans.every(isWellFormedSpan)) {
    // Only to name the field and the value: this throws for what the fast check refused.
    s.parse(s.array(spanRecordSchema), spans, field);
  }
  return [...spans].sort(compareSpans);
}

/** Spans grouped by trace, each group in the order of `spans`. */
function groupByTrace(spans: readonly Span[]): Map<string, Span[]> {
  const byTrace = new Map<string, Span[]>();
  for (const span of spans) {
    const trace = byTrace.get(span.traceId);
    if (trace) trace.push(span);
    else byTrace.set(span.traceId, [span]);
  }
  return byTrace;
}

function textAttribute(span: Span, path: string): string | null {
  const value = getAttribute(span.attributes, path);
  return typeof value === 'string' ? value : null;
}

function withExampleIds(dataset: MemoryDataset): MemoryDataset {
  const examples: DatasetExample[] = dataset.examples.map((example) => ({
    id: example.id ?? createId(),
    input: example.input,
    output: example.output,
    metadata: example.metadata ?? {},
    spanId: example.spanId ?? null,
  }));
  return { ...dataset, examples, exampleCount: examples.length };
}

function datasetSummary({ examples: _examples, ...dataset }: MemoryDataset): Dataset {
  return dataset;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
