import type { AnnotationAdapter, RequestOptions } from '../adapter';
import { AnnokitError, ValidationError, toAnnokitError } from '../errors';
import { createId } from '../ids';
import type { Annotation, AnnotationConfig, AnnotationInput, AnnotationRef, Note, NoteInput } from '../model';
import * as s from '../schema';
import { annotationKey, refOf } from '../targets';
import { annotationRefSchema, validateAnnotationInput, validateNoteInput } from '../validation';
import { backoffDelay } from './backoff';
import { sameBackend, writeKey } from './keys';
import { createLeaseLeader, createSoleLeader, createWebLocksLeader, type LockManagerLike, type OutboxLeader } from './leader';
import { createMemoryOutboxStorage } from './storage';
import type { AnnotationWrite, OutboxBaseline, OutboxChange, OutboxEntry, OutboxError, OutboxOperation, OutboxStorage } from './types';

/** Time as the outbox sees it; inject fake timers in tests. */
export interface OutboxClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Connectivity and page lifecycle: when to hold writes and when to flush them. */
export interface OutboxEnvironment {
  isOnline(): boolean;
  /** Subscribes to going online / offline and to the page being hidden (tab switch, close, navigation). */
  subscribe(handlers: { online(): void; offline(): void; hidden(): void }): () => void;
}

/** Cross-tab notification that the stored entries changed (a BroadcastChannel by default). */
export interface OutboxChannel {
  post(): void;
  subscribe(listener: () => void): () => void;
  close(): void;
}

/** What happened to an entry, for logs, metrics and cache updates. Only the sending outbox reports `sent`, `retry`, `failed` and `verified`. */
export type OutboxEvent =
  | { type: 'queued'; entry: OutboxEntry }
  | { type: 'sent'; entry: OutboxEntry; annotation: Annotation | null; note?: Note | null }
  | { type: 'retry'; entry: OutboxEntry; error: OutboxError; delayMs: number }
  | { type: 'failed'; entry: OutboxEntry; error: OutboxError }
  | { type: 'superseded'; entry: OutboxEntry }
  | { type: 'dropped'; entry: OutboxEntry }
  | { type: 'discarded'; entry: OutboxEntry }
  /** A key whose history held an unanswered attempt was read back; `repaired` when it held a stale value and the latest intent was queued again. */
  | { type: 'verified'; entry: OutboxEntry; repaired: boolean; error?: OutboxError };

export interface OutboxOptions {
  /** The backend the writes go to. */
  adapter: AnnotationAdapter;
  /** Where entries are persisted before they are sent. Default: memory (lost on reload). */
  storage?: OutboxStorage;
  /** Names the cross-tab lock and channel; outboxes over the same storage must share it. Default `annokit`. */
  namespace?: string;
  /** Which outbox sends. Default: Web Locks, else a localStorage lease, else (memory storage, Node) always this one. */
  leader?: OutboxLeader;
  /** Cross-tab change notifications. Default: a BroadcastChannel where one exists, opened by `start()`; `null` for none. */
  channel?: OutboxChannel | null;
  /** Online state and page-hide events. Default: `window`/`document` where they exist; `null` for none. */
  environment?: OutboxEnvironment | null;
  /** An attempt that has not answered after this many ms is aborted and retried. Default 15000. */
  attemptTimeoutMs?: number;
  /** Ceiling of the first retry's random delay, in ms. Default 1000. */
  baseDelayMs?: number;
  /** Ceiling of any retry's delay, in ms. Default 60000. */
  maxDelayMs?: number;
  /** Failed attempts after which an entry is marked failed (retry it with `retry(id)`; going online retries it too). Default 10. */
  maxAttempts?: number;
  /** Requests in flight at once (for different keys; one key is always sent in order). Default 4. */
  concurrency?: number;
  /** Most writes of one bulk write (`upsertMany` / `deleteMany`) sent in one request. Default 50. */
  batchSize?: number;
  /**
   * After a key whose history holds an unanswered attempt drains, it is read back after this many
   * ms and the latest intent is sent again if the backend holds something else (a late landing).
   * Choose it longer than the backend may keep working on a request its client gave up on. Default 30000.
   */
  verifyAfterMs?: number;
  /** Default: `Date.now` and the global timers. */
  clock?: OutboxClock;
  /** Source of jitter in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Called for every {@link OutboxEvent}. */
  onEvent?: (event: OutboxEvent) => void;
}

export interface EnqueueOptions {
  /**
   * What the backend holds for this key before this write, when the caller knows it. Pass `absent`
   * when nothing is stored (no earlier vote read back): a retraction of a never-sent vote then sends nothing.
   * Default `unknown`.
   */
  baseline?: OutboxBaseline;
  /** Wait this long before the first attempt (an undo window in which a newer intent replaces this one). Default 0. */
  delayMs?: number;
  /** The entry's id, which is also the write's idempotency key. Default a new random id. */
  id?: string;
}

export interface UpsertOptions extends EnqueueOptions {
  /** Checks the label or score against this config before anything is queued. */
  config?: AnnotationConfig | null;
}

/** Options of a bulk write: as for one write, with an id per write instead of one. */
export type ManyOptions<T extends EnqueueOptions> = Omit<T, 'id'> & {
  /** The entries' ids (their idempotency keys), one per write. Default new random ids. */
  ids?: readonly string[];
};

/** Returned by `upsert` / `delete` / `addNote`: the entry's id (its idempotency key) and when it was persisted. */
export interface OutboxTicket {
  id: string;
  key: string;
  /** Resolves once the write is in storage (`queued`), or known to need no sending (`dropped`). */
  persisted: Promise<'queued' | 'dropped'>;
}

/** The outbox's view of one key, for the UI. */
export interface OutboxKeyState {
  /** `pending` while a write for the key is queued or in flight; `failed` when the newest one failed. */
  status: 'pending' | 'failed';
  /** The newest write for the key: the intent the UI should show. */
  latest: OutboxEntry;
  /** The error of the newest write when it failed, or the last error of a write being retried. */
  error: OutboxError | null;
  /** Whether an attempt is in flight right now. */
  isSending: boolean;
}

/** An immutable picture of the outbox; a new object whenever anything in it changed. */
export interface OutboxSnapshot {
  /** Every stored entry, oldest first (read-backs of drained keys included). */
  entries: readonly OutboxEntry[];
  /** Per key, for writes still to land (read-backs are not writes: they are left out). */
  keys: ReadonlyMap<string, OutboxKeyState>;
  /** Whether the environment reports a connection; writes wait while offline. */
  isOnline: boolean;
  /** Whether this outbox is the one sending (one per origin when several tabs are open). */
  isLeader: boolean;
  /** Whether the stored entries have been read once. */
  isReady: boolean;
}

/**
 * What the provider and the hooks use of an outbox: {@link Outbox} itself, or the provider's front
 * that loads it (and its storage) on demand.
 */
export interface OutboxLike {
  /** Subscribes to snapshot changes; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** The current snapshot; the same object until something changes. */
  getSnapshot(): OutboxSnapshot;
  /** Subscribes to {@link OutboxEvent}s; returns the unsubscribe function. */
  subscribeEvents(listener: (event: OutboxEvent) => void): () => void;
  /** Resolves once the writes kept in its storage have been read (so the snapshot holds them). */
  readonly ready: Promise<void>;
  /** The state of one `(target, name, identifier)`, or `null` when nothing is queued for it. */
  getKeyState(ref: AnnotationRef): OutboxKeyState | null;
  /** Queues an upsert; bad input throws a {@link ValidationError} and nothing is queued. */
  upsert(input: AnnotationInput, options?: UpsertOptions): OutboxTicket;
  /** Queues many upserts as one bulk write: persisted together, sent `batchSize` to a request. */
  upsertMany(inputs: readonly AnnotationInput[], options?: ManyOptions<UpsertOptions>): OutboxTicket[];
  /** Queues the delete (retraction) of the annotation with this key. */
  delete(ref: AnnotationRef, options?: EnqueueOptions): OutboxTicket;
  /** Queues the deletes of many annotations as one bulk write. */
  deleteMany(refs: readonly AnnotationRef[], options?: ManyOptions<EnqueueOptions>): OutboxTicket[];
  /** Queues a note; the ticket's id is the note's idempotency key (a retried note is stored once). */
  addNote(input: NoteInput, options?: Pick<EnqueueOptions, 'id'>): OutboxTicket;
  /** Queues a failed entry again, now, with a fresh attempt budget. */
  retry(id: string): Promise<void>;
  /** Gives up on an entry that is not in flight. */
  discard(id: string): Promise<void>;
  /** Sends every pending entry now, ignoring backoff. */
  flush(options?: { keepalive?: boolean }): void;
  /** Resolves when no write is pending. */
  whenIdle(): Promise<void>;
}

/** One write checked and given its id (its idempotency key), ready to queue. */
interface PreparedWrite {
  id: string;
  write: OutboxOperation;
}

/** Validates upserts (a bad one throws a `ValidationError` naming the field; nothing is prepared) and gives each its idempotency key. */
function prepareUpserts(inputs: readonly AnnotationInput[], config: AnnotationConfig | null, ids?: readonly string[]): PreparedWrite[] {
  return inputs.map((input, index) => {
    const valid = validateAnnotationInput(input, { config, ...(inputs.length > 1 ? { path: `annotations[${index}]` } : {}) });
    const id = ids?.[index] ?? createId();
    return { id, write: { type: 'upsert', input: { ...valid, idempotencyKey: id } } };
  });
}

/** Validates deletes; throws an `unsupported` error when the adapter cannot delete. */
function prepareDeletes(adapter: AnnotationAdapter, refs: readonly AnnotationRef[], ids?: readonly string[]): PreparedWrite[] {
  if (typeof adapter.deleteAnnotations !== 'function') {
    throw new AnnokitError(`The ${adapter.name} adapter cannot delete annotations (it has no deleteAnnotations)`, { code: 'unsupported' });
  }
  return refs.map((ref, index) => ({
    id: ids?.[index] ?? createId(),
    write: { type: 'delete', ref: s.parse(annotationRefSchema, ref, refs.length > 1 ? `refs[${index}]` : 'ref') },
  }));
}

/** Validates a note; throws an `unsupported` error when the adapter has no notes. */
function prepareNote(adapter: AnnotationAdapter, input: NoteInput, id?: string): PreparedWrite {
  if (typeof adapter.addNote !== 'function') {
    throw new AnnokitError(`The ${adapter.name} adapter has no notes (it has no addNote)`, { code: 'unsupported' });
  }
  return { id: id ?? createId(), write: { type: 'note', input: validateNoteInput(input) } };
}

const DEFAULTS = {
  attemptTimeoutMs: 15_000,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxAttempts: 10,
  concurrency: 4,
  batchSize: 50,
  verifyAfterMs: 30_000,
};

// A claim outlives its attempt's time-out by this much, so another tab never resends while the
// attempt could still be running (timers in hidden tabs fire late).
const CLAIM_GRACE_MS = 5_000;

const systemClock: OutboxClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** What came back for each entry of an attempt, or why the attempt failed. */
type Outcome =
  | { ok: true; results: (Annotation | Note | null)[]; agrees?: boolean }
  | { ok: false; error: AnnokitError };

/** Notes are appended: they are never replaced by a newer entry of their key, and a failed one holds back nothing. */
const appends = (entry: OutboxEntry) => entry.write.type === 'note';
const isVerify = (entry: OutboxEntry) => entry.write.type === 'verify';

/**
 * A durable queue of the writes people make: annotation upserts and deletes, and notes. Each write
 * is validated, persisted, then sent with a client-made idempotency key; network failures,
 * time-outs, 5xx and 429 are retried with exponential backoff and full jitter, validation errors
 * fail at once. Writes to the same `(target, name, identifier)` are sent in order, and queued ones
 * that a newer intent replaces are never sent; notes on a target are sent in order and never
 * replaced. A key whose history holds an unanswered attempt is read back once it drains, and
 * repaired if that attempt landed late. Framework-free: bind it with `subscribe` + `getSnapshot`
 * (`useSyncExternalStore`).
 */
export class Outbox implements OutboxLike {
  readonly storage: OutboxStorage;
  /** This outbox's id; its claims on entries carry it. */
  readonly ownerId = createId();
  /** Resolves once the stored entries have been read. */
  ready: Promise<void>;

  private currentAdapter: AnnotationAdapter;
  private readonly options: Required<Pick<OutboxOptions, keyof typeof DEFAULTS>>;
  private readonly clock: OutboxClock;
  private readonly random: () => number;
  private readonly namespace: string;
  private readonly leader: OutboxLeader;
  /** `undefined` until `start()` opens the default channel. */
  private channel: OutboxChannel | null | undefined;
  /** Undefined until `start` looks for the browser's (an outbox is created while a server renders, too). */
  private environment: OutboxEnvironment | null | undefined;
  private readonly onEvent: ((event: OutboxEvent) => void) | undefined;

  private entries: OutboxEntry[] = [];
  private readonly inFlight = new Map<string, { key: string }>();
  private readonly claiming = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Set<(event: OutboxEvent) => void>();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly transactions = new Set<Promise<unknown>>();
  private snapshot: OutboxSnapshot;
  private started = false;
  private disposed = false;
  private isLeader = false;
  private isOnline = true;
  private isReady = false;
  private wakeTimer: unknown = null;
  private wakeAt = Infinity;
  private cleanups: (() => void)[] = [];

  constructor(options: OutboxOptions) {
    this.currentAdapter = options.adapter;
    this.storage = options.storage ?? createMemoryOutboxStorage();
    this.namespace = options.namespace ?? 'annokit';
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.onEvent = options.onEvent;
    this.options = { ...DEFAULTS };
    for (const key of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
      if (options[key] !== undefined) this.options[key] = options[key];
    }
    this.leader = options.leader ?? defaultLeader(this.storage, this.namespace, this.ownerId, this.clock);
    this.channel = options.channel;
    this.environment = options.environment;
    this.isOnline = this.environment?.isOnline() ?? true;
    this.snapshot = this.buildSnapshot();
    this.ready = this.refresh();
  }

  /** The backend the writes go to. */
  get adapter(): AnnotationAdapter {
    return this.currentAdapter;
  }

  /**
   * Sends the writes still queued, and every later one, through another adapter object of the same
   * backend (a host that re-created its adapter). Attempts in flight finish on the old one.
   * Throws for another backend (`outboxKey`, default `name`): writes queued for one never go to another.
   */
  setAdapter(adapter: AnnotationAdapter): void {
    if (adapter === this.currentAdapter) return;
    if (!sameBackend(adapter, this.currentAdapter)) {
      throw new AnnokitError(
        `This outbox sends to the "${this.currentAdapter.name}" backend; it cannot take over writes for "${adapter.name}"`,
        { code: 'unsupported' },
      );
    }
    this.currentAdapter = adapter;
    this.pump();
  }

  /** Starts sending: joins the leader election and listens for online, page-hide and other tabs. Idempotent. */
  start(): this {
    if (this.started) return this;
    if (this.disposed) throw new AnnokitError('This outbox was disposed; create a new one', { code: 'unsupported' });
    this.started = true;
    this.cleanups = [];
    if (this.channel === undefined) this.channel = defaultChannel(this.storage, this.namespace);
    if (this.storage.subscribe) this.cleanups.push(this.storage.subscribe(() => void this.refresh()));
    if (this.channel) this.cleanups.push(this.channel.subscribe(() => void this.refresh()));
    if (this.environment === undefined) this.environment = browserEnvironment();
    if (this.environment) {
      this.isOnline = this.environment.isOnline();
      this.cleanups.push(
        this.environment.subscribe({
          online: () => void this.handleOnline(),
          offline: () => {
            this.isOnline = false;
            this.emitChange();
          },
          hidden: () => this.flush({ keepalive: true }),
        }),
      );
    }
    this.leader.start((isLeader) => {
      this.isLeader = isLeader;
      this.emitChange();
      // A new leader re-reads the entries: the previous one may have changed them until a moment ago.
      if (isLeader) void this.refresh();
    });
    this.pump();
    return this;
  }

  /**
   * Stops sending new attempts and gives up leadership. Attempts in flight still finish and record
   * their outcome; whatever is left is sent by the next outbox started over the same storage.
   * Writes queued while stopped are persisted and sent once it starts again.
   */
  stop(): void {
    if (!this.started) return;
    this.started = false;
    for (const cleanup of this.cleanups) cleanup();
    this.cleanups = [];
    this.leader.stop();
    this.isLeader = false;
    this.clearWake();
    this.emitChange();
  }

  /** Stops and closes the cross-tab channel; the outbox cannot be started again. */
  dispose(): void {
    this.stop();
    this.disposed = true;
    this.channel?.close();
    this.channel = null;
  }

  /**
   * Queues an upsert. Validates first: bad input throws a {@link ValidationError} naming the field
   * and nothing is queued. The idempotency key (the ticket's id) is added to the input.
   */
  upsert(input: AnnotationInput, options: UpsertOptions = {}): OutboxTicket {
    return this.enqueue(prepareUpserts([input], options.config ?? null, options.id ? [options.id] : undefined), options)[0]!;
  }

  /**
   * Queues many upserts as one bulk write: validated first (one bad input throws and nothing is
   * queued), persisted in one transaction, sent `batchSize` to a request. Each still has its own
   * key: it replaces a queued intent of that key, and a later intent replaces it.
   */
  upsertMany(inputs: readonly AnnotationInput[], options: ManyOptions<UpsertOptions> = {}): OutboxTicket[] {
    return this.enqueue(prepareUpserts(inputs, options.config ?? null, options.ids), options, inputs.length > 1 ? createId() : undefined);
  }

  /**
   * Queues the delete (retraction) of the annotation with this key. Throws a {@link ValidationError}
   * for a bad ref and an `unsupported` {@link AnnokitError} when the adapter cannot delete.
   */
  delete(ref: AnnotationRef, options: EnqueueOptions = {}): OutboxTicket {
    return this.enqueue(prepareDeletes(this.currentAdapter, [ref], options.id ? [options.id] : undefined), options)[0]!;
  }

  /** Queues the deletes of many annotations as one bulk write (see `upsertMany`). */
  deleteMany(refs: readonly AnnotationRef[], options: ManyOptions<EnqueueOptions> = {}): OutboxTicket[] {
    return this.enqueue(prepareDeletes(this.currentAdapter, refs, options.ids), options, refs.length > 1 ? createId() : undefined);
  }

  /**
   * Queues a note. Notes are appended: each one is sent, in the order written. Its id (the ticket's)
   * goes to the adapter as the idempotency key, so a note whose answer was lost and that is sent
   * again is stored once. Throws for bad input and when the adapter has no notes.
   */
  addNote(input: NoteInput, options: Pick<EnqueueOptions, 'id'> = {}): OutboxTicket {
    return this.enqueue([prepareNote(this.currentAdapter, input, options.id)], {})[0]!;
  }

  /** Queues a failed entry again, now, with a fresh attempt budget. */
  async retry(id: string): Promise<void> {
    const now = this.clock.now();
    await this.transact((entries) => {
      const entry = entries.find((candidate) => candidate.id === id);
      if (!entry || entry.status !== 'failed') return { result: null };
      return { put: [{ ...entry, status: 'pending', failures: 0, nextAttemptAt: now }], result: null };
    });
    this.pump();
  }

  /** Gives up on an entry that is not in flight (a failed vote the user abandons). */
  async discard(id: string): Promise<void> {
    const now = this.clock.now();
    const removed = await this.transact((entries) => {
      const entry = entries.find((candidate) => candidate.id === id);
      if (!entry || this.isInFlight(entry, now)) return { result: null };
      return { remove: [id], result: entry };
    });
    if (removed) this.emit({ type: 'discarded', entry: removed });
  }

  /** Sends every pending entry now, ignoring backoff; `keepalive` lets the requests outlive the page. */
  flush(options: { keepalive?: boolean } = {}): void {
    this.pump({ force: true, keepalive: options.keepalive ?? false });
  }

  /** Resolves when no write is pending and no storage write is under way (failed entries and scheduled read-backs do not count). */
  async whenIdle(): Promise<void> {
    for (;;) {
      await Promise.allSettled([...this.transactions]);
      if (!this.hasPending() && this.inFlight.size === 0 && this.claiming.size === 0 && this.transactions.size === 0) return;
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
  }

  /** Subscribes to snapshot changes; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  /** The current snapshot; the same object until something changes. */
  getSnapshot = (): OutboxSnapshot => this.snapshot;

  /** Subscribes to {@link OutboxEvent}s; returns the unsubscribe function. */
  subscribeEvents(listener: (event: OutboxEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => void this.eventListeners.delete(listener);
  }

  /** The state of one `(target, name, identifier)`, or `null` when nothing is queued for it. */
  getKeyState(ref: AnnotationRef): OutboxKeyState | null {
    return this.snapshot.keys.get(annotationKey(ref)) ?? null;
  }

  // -------------------------------------------------------------------------------------------

  private enqueue(items: readonly PreparedWrite[], options: EnqueueOptions, batch?: string): OutboxTicket[] {
    const now = this.clock.now();
    const keyed = items.map((item) => ({ ...item, key: writeKey(item.write) }));
    const persisted = this.transact((entries) => {
      let seq = entries.reduce((max, candidate) => Math.max(max, candidate.seq), 0);
      const put: OutboxEntry[] = [];
      const remove: string[] = [];
      const replacedAll: OutboxEntry[] = [];
      const outcomes: { entry: OutboxEntry; dropped: boolean }[] = [];
      // Earlier items of the same call count as queued entries for the later ones.
      let current: readonly OutboxEntry[] = entries;
      for (const { id, write, key } of keyed) {
        const sameKey = current.filter((entry) => entry.key === key);
        const inFlight = sameKey.filter((entry) => this.isInFlight(entry, now));
        // Queued intents that are not in flight are replaced by this one: only the latest is sent.
        // Notes are appended: nothing replaces them.
        const replaced = write.type === 'note' ? [] : sameKey.filter((entry) => !this.isInFlight(entry, now));
        let baseline: OutboxBaseline;
        if (inFlight.length > 0) baseline = 'unknown';
        else if (replaced.length > 0) {
          // Only never-attempted writes leave the backend as it was; an attempted one may have landed.
          baseline = replaced.every((entry) => entry.attempts === 0 && !isVerify(entry)) ? replaced[0]!.baseline : 'unknown';
        } else baseline = options.baseline ?? 'unknown';
        // A write that may still land late makes this one's key worth a read-back: one that timed out,
        // one whose page closed mid-request (a claim left behind), or a read-back this one replaces.
        const uncertain =
          write.type !== 'note' &&
          (replaced.some((entry) => entry.uncertain || isVerify(entry) || entry.claim !== null) ||
            inFlight.some((entry) => entry.uncertain || isVerify(entry)));
        const entry: OutboxEntry = {
          id,
          key,
          seq: ++seq,
          write,
          status: 'pending',
          attempts: 0,
          failures: 0,
          nextAttemptAt: now + Math.max(0, options.delayMs ?? 0),
          claim: null,
          baseline,
          error: null,
          createdAt: now,
        };
        if (batch) entry.batch = batch;
        if (uncertain) entry.uncertain = true;
        const replacedIds = new Set(replaced.map((candidate) => candidate.id));
        remove.push(...replacedIds);
        replacedAll.push(...replaced);
        // A retraction of something the backend never received: nothing to send.
        const dropped = write.type === 'delete' && baseline === 'absent';
        if (!dropped) put.push(entry);
        outcomes.push({ entry, dropped });
        current = [...current.filter((candidate) => !replacedIds.has(candidate.id)), ...(dropped ? [] : [entry])];
      }
      // An entry both put and replaced within this call was never stored.
      const removedNow = new Set(remove);
      return {
        put: put.filter((entry) => !removedNow.has(entry.id)),
        remove: remove.filter((id) => !put.some((entry) => entry.id === id)),
        result: { outcomes, replaced: replacedAll },
      };
    }).then(({ outcomes, replaced }) => {
      for (const old of replaced) {
        if (!isVerify(old)) this.emit({ type: 'superseded', entry: old });
      }
      for (const { entry, dropped } of outcomes) this.emit({ type: dropped ? 'dropped' : 'queued', entry });
      this.pump();
      return outcomes;
    });
    return keyed.map(({ id, key }, index) => ({
      id,
      key,
      persisted: persisted.then((outcomes) => (outcomes[index]!.dropped ? ('dropped' as const) : ('queued' as const))),
    }));
  }

  /**
   * In flight: attempted by this outbox right now, or claimed by another one whose claim has not
   * expired. An entry this outbox is still claiming is not: the claim runs after this transaction
   * and finds the entry gone.
   */
  private isInFlight(entry: OutboxEntry, now: number): boolean {
    if (this.inFlight.has(entry.id)) return true;
    return entry.claim !== null && entry.claim.owner !== this.ownerId && entry.claim.until > now;
  }

  /** Whether an older entry of the same key must land (or fail) before this one goes. */
  private waitsBehind(entries: readonly OutboxEntry[], entry: OutboxEntry): boolean {
    return entries.some(
      (other) => other.key === entry.key && other.seq < entry.seq && !(appends(entry) && other.status === 'failed'),
    );
  }

  private pump(mode: { force?: boolean; keepalive?: boolean } = {}): void {
    if (!this.started || !this.isLeader || !this.isOnline || !this.isReady) return;
    const now = this.clock.now();
    const busyKeys = new Set<string>();
    for (const { key } of this.inFlight.values()) busyKeys.add(key);
    for (const entry of this.entries) if (this.claiming.has(entry.id)) busyKeys.add(entry.key);
    const seen = new Set<string>();
    let wake = Infinity;
    const ready: OutboxEntry[] = [];
    for (const entry of this.entries) {
      // Only the oldest entry of a key may go: the next one waits until it has landed or failed.
      // A failed note holds back nothing: notes are independent texts, only their order matters.
      if (seen.has(entry.key)) continue;
      if (!(appends(entry) && entry.status === 'failed')) seen.add(entry.key);
      if (entry.status !== 'pending' || busyKeys.has(entry.key)) continue;
      if (entry.claim && entry.claim.owner !== this.ownerId && entry.claim.until > now) {
        wake = Math.min(wake, entry.claim.until);
        continue;
      }
      // A read-back waits for its grace period even when flushed: it is there to see late landings.
      if (entry.nextAttemptAt > now && (!mode.force || isVerify(entry))) {
        wake = Math.min(wake, entry.nextAttemptAt);
        continue;
      }
      ready.push(entry);
    }
    const taken = new Set<string>();
    for (const entry of ready) {
      if (taken.has(entry.id)) continue;
      // A flush as the page hides sends everything at once: there may be no later chance.
      if (!mode.keepalive && this.activeAttempts >= this.options.concurrency) break;
      const group = entry.batch
        ? ready
            .filter((other) => other.batch === entry.batch && other.write.type === entry.write.type && !taken.has(other.id))
            .slice(0, this.options.batchSize)
        : [entry];
      for (const member of group) taken.add(member.id);
      void this.attempt(group, mode.keepalive ?? false);
    }
    this.scheduleWake(wake);
  }

  /** Requests being claimed or in flight (a batch is one), counted against the concurrency limit. */
  private activeAttempts = 0;

  private async attempt(candidates: OutboxEntry[], keepalive: boolean): Promise<void> {
    this.activeAttempts++;
    try {
      await this.runAttempt(candidates, keepalive);
    } finally {
      this.activeAttempts--;
    }
    this.pump();
  }

  private async runAttempt(candidates: OutboxEntry[], keepalive: boolean): Promise<void> {
    for (const candidate of candidates) this.claiming.add(candidate.id);
    const now = this.clock.now();
    let claimed: OutboxEntry[];
    try {
      // The claims and the attempt counts are persisted before anything is sent.
      claimed = await this.transact((entries) => {
        const put: OutboxEntry[] = [];
        for (const candidate of candidates) {
          const entry = entries.find((e) => e.id === candidate.id);
          if (!entry || entry.status !== 'pending') continue;
          if (entry.claim && entry.claim.owner !== this.ownerId && entry.claim.until > now) continue;
          if (this.waitsBehind(entries, entry)) continue;
          const next: OutboxEntry = {
            ...entry,
            attempts: entry.attempts + 1,
            claim: { owner: this.ownerId, until: now + this.options.attemptTimeoutMs + CLAIM_GRACE_MS },
          };
          // A claim left behind is an attempt whose answer was never recorded (its page closed): it may still land.
          if (entry.claim !== null && !appends(entry) && !isVerify(entry)) next.uncertain = true;
          put.push(next);
        }
        return { put, result: put };
      });
    } finally {
      for (const candidate of candidates) this.claiming.delete(candidate.id);
    }
    if (claimed.length === 0) return;
    if (!this.started) {
      // Stopped while claiming: leave the entries for the next outbox, without claims that would delay them.
      const ids = new Set(claimed.map((entry) => entry.id));
      await this.transact((entries) => ({
        put: entries.filter((e) => ids.has(e.id) && e.claim?.owner === this.ownerId).map((e) => ({ ...e, claim: null })),
        result: null,
      }));
      return;
    }
    for (const entry of claimed) this.inFlight.set(entry.id, { key: entry.key });
    this.emitChange();
    const outcome = await this.send(claimed, keepalive);
    for (const entry of claimed) this.inFlight.delete(entry.id);
    await this.complete(claimed, outcome);
  }

  private async send(batch: OutboxEntry[], keepalive: boolean): Promise<Outcome> {
    const adapter = this.currentAdapter;
    const controller = new AbortController();
    const seconds = this.options.attemptTimeoutMs / 1000;
    const timedOut = new Promise<never>((_, reject) => {
      const timer = this.clock.setTimeout(() => {
        const error = new AnnokitError(`The write got no answer within ${seconds}s`, { code: 'timeout' });
        controller.abort(error);
        reject(error);
      }, this.options.attemptTimeoutMs);
      controller.signal.addEventListener('abort', () => this.clock.clearTimeout(timer));
    });
    const first = batch[0]!;
    // One entry: its id is the request's idempotency key. A batch: each input carries its own.
    const request: RequestOptions = { signal: controller.signal, keepalive };
    if (batch.length === 1) request.idempotencyKey = first.id;
    const call = async (): Promise<Outcome> => {
      const write = first.write;
      switch (write.type) {
        case 'upsert': {
          const inputs = batch.map((entry) => (entry.write as { input: AnnotationInput }).input);
          const stored = await adapter.upsertAnnotations(inputs, request);
          return { ok: true, results: inputs.map((_, index) => stored[index] ?? null) };
        }
        case 'delete':
          await adapter.deleteAnnotations!(batch.map((entry) => (entry.write as { ref: AnnotationRef }).ref), request);
          return { ok: true, results: batch.map(() => null) };
        case 'note':
          return { ok: true, results: [await adapter.addNote!(write.input, request)] };
        case 'verify': {
          const expected = write.write;
          const ref = expected.type === 'upsert' ? refOf(expected.input) : expected.ref;
          const found = await adapter.listAnnotations(
            { targets: [ref.target], names: [ref.name], identifiers: [ref.identifier] },
            { signal: request.signal },
          );
          const stored = found.find((annotation) => annotationKey(annotation) === annotationKey(ref)) ?? null;
          return { ok: true, results: [stored], agrees: agrees(expected, stored) };
        }
      }
    };
    try {
      // The race stops waiting even for an adapter that ignores the abort signal.
      return await Promise.race([call(), timedOut]);
    } catch (error) {
      return { ok: false, error: toAnnokitError(error) };
    } finally {
      if (!controller.signal.aborted) controller.abort();
    }
  }

  private async complete(sent: OutboxEntry[], outcome: Outcome): Promise<void> {
    const now = this.clock.now();
    const error = outcome.ok ? null : storedError(outcome.error);
    // No answer: the backend may still apply the write after a newer one.
    const unanswered = !outcome.ok && (outcome.error.code === 'timeout' || outcome.error.code === 'network');
    // One delay for the whole batch, so its entries stay together for the next attempt.
    const delayMs = outcome.ok ? 0 : backoffDelay(sent[0]!.failures + 1, this.options, this.random, outcome.error.retryAfterSeconds);
    const events = await this.transact((entries): OutboxChange<OutboxEvent[]> => {
      const put: OutboxEntry[] = [];
      const remove: string[] = [];
      const result: OutboxEvent[] = [];
      sent.forEach((sentEntry, index) => {
        const entry = entries.find((e) => e.id === sentEntry.id);
        if (!entry) return;
        const newer = entries.filter((e) => e.key === entry.key && e.seq > entry.seq && !appends(e));
        const uncertain = !!entry.uncertain || (unanswered && !appends(entry) && !isVerify(entry));
        /** Hands the doubt on to the next write of the key, which will then be read back in its turn. */
        const passDoubt = () => {
          if (uncertain && newer[0] && !newer[0].uncertain) put.push({ ...newer[0], uncertain: true });
        };
        if (isVerify(entry)) {
          remove.push(entry.id);
          if (!outcome.ok) {
            if (outcome.error.retryable && entry.failures + 1 < this.options.maxAttempts && newer.length === 0) {
              remove.pop();
              put.push({ ...entry, claim: null, failures: entry.failures + 1, error, nextAttemptAt: now + delayMs });
            } else if (newer.length === 0) result.push({ type: 'verified', entry, repaired: false, error: error! });
            return;
          }
          // A newer intent was queued meanwhile: it carries the doubt and will be read back itself.
          if (newer.length > 0) return;
          if (outcome.agrees) {
            result.push({ type: 'verified', entry, repaired: false });
            return;
          }
          const expected = (entry.write as { write: AnnotationWrite }).write;
          const id = createId();
          const write: AnnotationWrite =
            expected.type === 'upsert' ? { type: 'upsert', input: { ...expected.input, idempotencyKey: id } } : expected;
          const repair: OutboxEntry = {
            ...entry,
            id,
            write,
            claim: null,
            attempts: 0,
            failures: 0,
            error: null,
            nextAttemptAt: now,
            baseline: 'unknown',
            createdAt: now,
          };
          delete repair.uncertain;
          put.push(repair);
          result.push({ type: 'verified', entry, repaired: true }, { type: 'queued', entry: repair });
          return;
        }
        if (outcome.ok) {
          remove.push(entry.id);
          const stored = outcome.results[index] ?? null;
          const isNote = entry.write.type === 'note';
          result.push({
            type: 'sent',
            entry,
            annotation: isNote ? null : (stored as Annotation | null),
            ...(isNote ? { note: stored as Note | null } : {}),
          });
          if (!uncertain || appends(entry)) return;
          if (newer.length > 0) return passDoubt();
          // The key has drained, but an earlier attempt may still land: read it back after the grace period.
          const check: OutboxEntry = {
            ...entry,
            id: createId(),
            write: { type: 'verify', write: entry.write as AnnotationWrite },
            claim: null,
            attempts: 0,
            failures: 0,
            error: null,
            nextAttemptAt: now + this.options.verifyAfterMs,
            createdAt: now,
          };
          delete check.batch;
          delete check.uncertain;
          put.push(check);
          return;
        }
        const failed = error!;
        // A newer intent for the key is waiting: this write is moot, and the newer one goes next.
        if (newer.length > 0) {
          remove.push(entry.id);
          passDoubt();
          result.push({ type: 'superseded', entry });
          return;
        }
        const failures = entry.failures + 1;
        const base: OutboxEntry = { ...entry, claim: null, failures, error: failed };
        if (uncertain) base.uncertain = true;
        if (failed.retryable && failures < this.options.maxAttempts) {
          const next = { ...base, nextAttemptAt: now + delayMs };
          put.push(next);
          result.push({ type: 'retry', entry: next, error: failed, delayMs });
          return;
        }
        const next: OutboxEntry = { ...base, status: 'failed' };
        put.push(next);
        result.push({ type: 'failed', entry: next, error: failed });
      });
      return { put, remove, result };
    });
    for (const event of events) this.emit(event);
  }

  private async handleOnline(): Promise<void> {
    this.isOnline = true;
    this.emitChange();
    // Entries that ran out of attempts while the connection was down get a fresh budget.
    await this.transact((entries) => ({
      put: entries
        .filter((entry) => entry.status === 'failed' && entry.error?.retryable)
        .map((entry) => ({ ...entry, status: 'pending' as const, failures: 0, nextAttemptAt: this.clock.now() })),
      result: null,
    }));
    this.pump({ force: true });
  }

  /** Re-reads the stored entries (another tab changed them, or this outbox just started). */
  private async refresh(): Promise<void> {
    await this.transact(() => ({ result: null }));
  }

  private async transact<T>(mutate: (entries: readonly OutboxEntry[]) => OutboxChange<T>): Promise<T> {
    let changed = false;
    const transaction = this.storage.transact((current) => {
      const change = mutate(current);
      changed = (change.put?.length ?? 0) + (change.remove?.length ?? 0) > 0;
      return change;
    });
    this.transactions.add(transaction);
    let outcome: Awaited<typeof transaction>;
    try {
      outcome = await transaction;
    } finally {
      this.transactions.delete(transaction);
    }
    const { result, entries } = outcome;
    if (!sameEntries(this.entries, entries)) this.entries = entries;
    this.isReady = true;
    if (changed) this.channel?.post();
    this.emitChange();
    this.pump();
    return result;
  }

  private scheduleWake(at: number): void {
    if (at === this.wakeAt && this.wakeTimer !== null) return;
    this.clearWake();
    if (at === Infinity) return;
    this.wakeAt = at;
    this.wakeTimer = this.clock.setTimeout(
      () => {
        this.wakeTimer = null;
        this.wakeAt = Infinity;
        this.pump();
      },
      Math.max(0, at - this.clock.now()),
    );
  }

  private clearWake(): void {
    if (this.wakeTimer !== null) this.clock.clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    this.wakeAt = Infinity;
  }

  private hasPending(): boolean {
    return this.entries.some((entry) => entry.status === 'pending' && !isVerify(entry));
  }

  private emit(event: OutboxEvent): void {
    this.onEvent?.(event);
    for (const listener of [...this.eventListeners]) listener(event);
  }

  private emitChange(): void {
    // whenIdle() re-checks after every transaction, whether or not the snapshot changed.
    for (const resolve of this.idleWaiters.splice(0)) resolve();
    const next = this.buildSnapshot();
    if (sameSnapshot(this.snapshot, next)) return;
    this.snapshot = next;
    for (const listener of [...this.listeners]) listener();
  }

  private buildSnapshot(): OutboxSnapshot {
    const keys = new Map<string, OutboxKeyState>();
    for (const entry of this.entries) {
      if (isVerify(entry)) continue;
      // Entries are oldest first, so the last one seen for a key is its latest intent.
      const previous = keys.get(entry.key);
      const isSending = this.inFlight.has(entry.id) || (previous?.isSending ?? false);
      keys.set(entry.key, { status: entry.status, latest: entry, error: entry.error, isSending });
    }
    return { entries: this.entries, keys, isOnline: this.isOnline, isLeader: this.isLeader, isReady: this.isReady };
  }
}

/** Creates an {@link Outbox}; call `start()` to begin sending. */
export function createOutbox(options: OutboxOptions): Outbox {
  return new Outbox(options);
}

/** Whether what the backend holds for a key is what the latest write meant. */
function agrees(expected: AnnotationWrite, stored: Annotation | null): boolean {
  if (expected.type === 'delete') return stored === null;
  if (!stored) return false;
  const input = expected.input;
  return (
    (input.label ?? null) === stored.label &&
    (input.score ?? null) === stored.score &&
    (input.explanation ?? null) === stored.explanation &&
    sameJson(input.metadata ?? {}, stored.metadata ?? {})
  );
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every((key) => sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}

function sameSnapshot(a: OutboxSnapshot, b: OutboxSnapshot): boolean {
  if (a.isOnline !== b.isOnline || a.isLeader !== b.isLeader || a.isReady !== b.isReady) return false;
  if (a.entries !== b.entries) return false;
  for (const [key, state] of b.keys) if (a.keys.get(key)?.isSending !== state.isSending) return false;
  return true;
}

// Keeps the snapshot's identity when a re-read found nothing new (another tab's no-op, a poll).
function sameEntries(a: readonly OutboxEntry[], b: readonly OutboxEntry[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((entry, index) => {
    const other = b[index]!;
    return (
      entry.id === other.id &&
      entry.status === other.status &&
      entry.attempts === other.attempts &&
      entry.failures === other.failures &&
      entry.nextAttemptAt === other.nextAttemptAt &&
      entry.claim?.owner === other.claim?.owner &&
      entry.claim?.until === other.claim?.until &&
      entry.error?.message === other.error?.message &&
      entry.uncertain === other.uncertain
    );
  });
}

function storedError(error: AnnokitError): OutboxError {
  const stored: OutboxError = { message: error.message, code: error.code, retryable: error.retryable };
  if (error.status !== undefined) stored.status = error.status;
  if (error instanceof ValidationError && error.field) stored.field = error.field;
  return stored;
}

function defaultLeader(storage: OutboxStorage, namespace: string, owner: string, clock: OutboxClock): OutboxLeader {
  // Memory storage is private to this page: there is nobody to share the sending with.
  if (storage.kind === 'memory') return createSoleLeader();
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  if (locks && typeof locks.request === 'function') return createWebLocksLeader(`${namespace}:outbox`, locks);
  if (typeof globalThis.localStorage !== 'undefined') {
    return createLeaseLeader({
      owner,
      key: `${namespace}:outbox:leader`,
      now: clock.now,
      setTimeout: clock.setTimeout,
      clearTimeout: clock.clearTimeout,
    });
  }
  return createSoleLeader();
}

function defaultChannel(storage: OutboxStorage, namespace: string): OutboxChannel | null {
  if (storage.kind === 'memory' || typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel(`${namespace}:outbox`);
  return {
    post: () => channel.postMessage('changed'),
    subscribe(listener) {
      channel.addEventListener('message', listener);
      return () => channel.removeEventListener('message', listener);
    },
    close: () => channel.close(),
  };
}

function browserEnvironment(): OutboxEnvironment | null {
  if (typeof window === 'undefined' || typeof document === 'undefined') return null;
  return {
    isOnline: () => globalThis.navigator?.onLine !== false,
    subscribe({ online, offline, hidden }) {
      const onVisibility = () => {
        if (document.visibilityState === 'hidden') hidden();
      };
      window.addEventListener('online', online);
      window.addEventListener('offline', offline);
      window.addEventListener('pagehide', hidden);
      document.addEventListener('visibilitychange', onVisibility);
      return () => {
        window.removeEventListener('online', online);
        window.removeEventListener('offline', offline);
        window.removeEventListener('pagehide', hidden);
        document.removeEventListener('visibilitychange', onVisibility);
      };
    },
  };
}
