import type { AnnotationAdapter } from '../adapter';
import { AnnokitError, ValidationError, toAnnokitError } from '../errors';
import { createId } from '../ids';
import type { Annotation, AnnotationConfig, AnnotationInput, AnnotationRef } from '../model';
import * as s from '../schema';
import { annotationKey } from '../targets';
import { annotationRefSchema, validateAnnotationInput } from '../validation';
import { backoffDelay } from './backoff';
import { createLeaseLeader, createSoleLeader, createWebLocksLeader, type LockManagerLike, type OutboxLeader } from './leader';
import { createMemoryOutboxStorage } from './storage';
import type { OutboxBaseline, OutboxChange, OutboxEntry, OutboxError, OutboxOperation, OutboxStorage } from './types';

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

/** What happened to an entry, for logs, metrics and cache updates. Only the sending outbox reports `sent`, `retry` and `failed`. */
export type OutboxEvent =
  | { type: 'queued'; entry: OutboxEntry }
  | { type: 'sent'; entry: OutboxEntry; annotation: Annotation | null }
  | { type: 'retry'; entry: OutboxEntry; error: OutboxError; delayMs: number }
  | { type: 'failed'; entry: OutboxEntry; error: OutboxError }
  | { type: 'superseded'; entry: OutboxEntry }
  | { type: 'dropped'; entry: OutboxEntry }
  | { type: 'discarded'; entry: OutboxEntry };

export interface OutboxOptions {
  /** The backend the writes go to. */
  adapter: AnnotationAdapter;
  /** Where entries are persisted before they are sent. Default: memory (lost on reload). */
  storage?: OutboxStorage;
  /** Names the cross-tab lock and channel; outboxes over the same storage must share it. Default `annokit`. */
  namespace?: string;
  /** Which outbox sends. Default: Web Locks, else a localStorage lease, else (memory storage, Node) always this one. */
  leader?: OutboxLeader;
  /** Cross-tab change notifications. Default: a BroadcastChannel where one exists; `null` for none. */
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
  /** Writes in flight at once (for different keys; one key is always sent in order). Default 4. */
  concurrency?: number;
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
}

export interface UpsertOptions extends EnqueueOptions {
  /** Checks the label or score against this config before anything is queued. */
  config?: AnnotationConfig | null;
}

/** Returned by `upsert` / `delete`: the entry's id (its idempotency key) and when it was persisted. */
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
  /** Every stored entry, oldest first. */
  entries: readonly OutboxEntry[];
  /** Per key, for entries still to land. */
  keys: ReadonlyMap<string, OutboxKeyState>;
  /** Whether the environment reports a connection; writes wait while offline. */
  isOnline: boolean;
  /** Whether this outbox is the one sending (one per origin when several tabs are open). */
  isLeader: boolean;
  /** Whether the stored entries have been read once. */
  isReady: boolean;
}

const DEFAULTS = {
  attemptTimeoutMs: 15_000,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxAttempts: 10,
  concurrency: 4,
};

// A claim outlives its attempt's time-out by this much, so another tab never resends while the
// attempt could still be running (timers in hidden tabs fire late).
const CLAIM_GRACE_MS = 5_000;

const systemClock: OutboxClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

type Outcome = { ok: true; annotation: Annotation | null } | { ok: false; error: AnnokitError };

/**
 * A durable queue of annotation writes. Each write is validated, persisted, then sent with a
 * client-made idempotency key; network failures, time-outs, 5xx and 429 are retried with
 * exponential backoff and full jitter, validation errors fail at once. Writes to the same
 * `(target, name, identifier)` are sent in order, and queued ones that a newer intent replaces are
 * never sent. Framework-free: bind it with `subscribe` + `getSnapshot` (`useSyncExternalStore`).
 */
export class Outbox {
  readonly adapter: AnnotationAdapter;
  readonly storage: OutboxStorage;
  /** This outbox's id; its claims on entries carry it. */
  readonly ownerId = createId();
  /** Resolves once the stored entries have been read. */
  ready: Promise<void>;

  private readonly options: Required<Pick<OutboxOptions, keyof typeof DEFAULTS>>;
  private readonly clock: OutboxClock;
  private readonly random: () => number;
  private readonly namespace: string;
  private readonly leader: OutboxLeader;
  private readonly channel: OutboxChannel | null;
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
  private isLeader = false;
  private isOnline = true;
  private isReady = false;
  private wakeTimer: unknown = null;
  private wakeAt = Infinity;
  private cleanups: (() => void)[] = [];

  constructor(options: OutboxOptions) {
    this.adapter = options.adapter;
    this.storage = options.storage ?? createMemoryOutboxStorage();
    this.namespace = options.namespace ?? 'annokit';
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.onEvent = options.onEvent;
    this.options = {
      attemptTimeoutMs: options.attemptTimeoutMs ?? DEFAULTS.attemptTimeoutMs,
      baseDelayMs: options.baseDelayMs ?? DEFAULTS.baseDelayMs,
      maxDelayMs: options.maxDelayMs ?? DEFAULTS.maxDelayMs,
      maxAttempts: options.maxAttempts ?? DEFAULTS.maxAttempts,
      concurrency: options.concurrency ?? DEFAULTS.concurrency,
    };
    this.leader = options.leader ?? defaultLeader(this.storage, this.namespace, this.ownerId, this.clock);
    this.channel = options.channel === undefined ? defaultChannel(this.storage, this.namespace) : options.channel;
    this.environment = options.environment;
    this.isOnline = this.environment?.isOnline() ?? true;
    this.snapshot = this.buildSnapshot();
    this.ready = this.refresh();
  }

  /** Starts sending: joins the leader election and listens for online, page-hide and other tabs. Idempotent. */
  start(): this {
    if (this.started) return this;
    this.started = true;
    this.cleanups = [];
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
    this.channel?.close();
  }

  /**
   * Queues an upsert. Validates first: bad input throws a {@link ValidationError} naming the field
   * and nothing is queued. The idempotency key (the ticket's id) is added to the input.
   */
  upsert(input: AnnotationInput, options: UpsertOptions = {}): OutboxTicket {
    const valid = validateAnnotationInput(input, { config: options.config ?? null });
    const id = createId();
    return this.enqueue(id, { type: 'upsert', input: { ...valid, idempotencyKey: id } }, options);
  }

  /**
   * Queues the delete (retraction) of the annotation with this key. Throws a {@link ValidationError}
   * for a bad ref and an `unsupported` {@link AnnokitError} when the adapter cannot delete.
   */
  delete(ref: AnnotationRef, options: EnqueueOptions = {}): OutboxTicket {
    if (typeof this.adapter.deleteAnnotations !== 'function') {
      throw new AnnokitError(`The ${this.adapter.name} adapter cannot delete annotations (it has no deleteAnnotations)`, {
        code: 'unsupported',
      });
    }
    const valid = s.parse(annotationRefSchema, ref, 'ref');
    return this.enqueue(createId(), { type: 'delete', ref: valid }, options);
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

  /** Resolves when no entry is pending and no storage write is under way (failed entries do not count). */
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

  private enqueue(id: string, write: OutboxOperation, options: EnqueueOptions): OutboxTicket {
    const ref = write.type === 'upsert' ? write.input : write.ref;
    const key = annotationKey({ target: ref.target, name: ref.name, identifier: ref.identifier ?? '' });
    const now = this.clock.now();
    const persisted = this.transact((entries) => {
      const sameKey = entries.filter((entry) => entry.key === key);
      const inFlight = sameKey.filter((entry) => this.isInFlight(entry, now));
      // Queued intents that are not in flight are replaced by this one: only the latest is sent.
      const replaced = sameKey.filter((entry) => !this.isInFlight(entry, now));
      let baseline: OutboxBaseline;
      if (inFlight.length > 0) baseline = 'unknown';
      else if (replaced.length > 0) {
        // Only never-attempted writes leave the backend as it was; an attempted one may have landed.
        baseline = replaced.every((entry) => entry.attempts === 0) ? replaced[0]!.baseline : 'unknown';
      } else baseline = options.baseline ?? 'unknown';
      const entry: OutboxEntry = {
        id,
        key,
        seq: entries.reduce((max, candidate) => Math.max(max, candidate.seq), 0) + 1,
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
      const remove = replaced.map((candidate) => candidate.id);
      // A retraction of something the backend never received: nothing to send.
      if (write.type === 'delete' && baseline === 'absent') return { remove, result: { entry, replaced, dropped: true } };
      return { put: [entry], remove, result: { entry, replaced, dropped: false } };
    }).then(({ entry, replaced, dropped }) => {
      for (const old of replaced) this.emit({ type: 'superseded', entry: old });
      this.emit({ type: dropped ? 'dropped' : 'queued', entry });
      this.pump();
      return dropped ? ('dropped' as const) : ('queued' as const);
    });
    return { id, key, persisted };
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

  private pump(mode: { force?: boolean; keepalive?: boolean } = {}): void {
    if (!this.started || !this.isLeader || !this.isOnline || !this.isReady) return;
    const now = this.clock.now();
    const busyKeys = new Set<string>();
    for (const { key } of this.inFlight.values()) busyKeys.add(key);
    const seen = new Set<string>();
    let wake = Infinity;
    for (const entry of this.entries) {
      // Only the oldest entry of a key may go: the next one waits until it has landed or failed.
      if (seen.has(entry.key)) continue;
      seen.add(entry.key);
      if (entry.status !== 'pending' || busyKeys.has(entry.key) || this.claiming.has(entry.id)) continue;
      if (entry.claim && entry.claim.owner !== this.ownerId && entry.claim.until > now) {
        wake = Math.min(wake, entry.claim.until);
        continue;
      }
      if (entry.nextAttemptAt > now && !mode.force) {
        wake = Math.min(wake, entry.nextAttemptAt);
        continue;
      }
      // A flush as the page hides sends everything at once: there may be no later chance.
      if (!mode.keepalive && this.inFlight.size + this.claiming.size >= this.options.concurrency) break;
      void this.attempt(entry, mode.keepalive ?? false);
    }
    this.scheduleWake(wake);
  }

  private async attempt(candidate: OutboxEntry, keepalive: boolean): Promise<void> {
    this.claiming.add(candidate.id);
    const now = this.clock.now();
    let claimed: OutboxEntry | null;
    try {
      // The claim and the attempt count are persisted before anything is sent.
      claimed = await this.transact((entries) => {
        const entry = entries.find((e) => e.id === candidate.id);
        if (!entry || entry.status !== 'pending') return { result: null };
        if (entry.claim && entry.claim.owner !== this.ownerId && entry.claim.until > now) return { result: null };
        if (entries.some((e) => e.key === entry.key && e.seq < entry.seq)) return { result: null };
        const next: OutboxEntry = {
          ...entry,
          attempts: entry.attempts + 1,
          claim: { owner: this.ownerId, until: now + this.options.attemptTimeoutMs + CLAIM_GRACE_MS },
        };
        return { put: [next], result: next };
      });
    } finally {
      this.claiming.delete(candidate.id);
    }
    if (!claimed) return this.pump();
    if (!this.started) {
      // Stopped while claiming: leave the entry for the next outbox, without a claim that would delay it.
      await this.transact((entries) => {
        const entry = entries.find((e) => e.id === candidate.id);
        return entry?.claim?.owner === this.ownerId ? { put: [{ ...entry, claim: null }], result: null } : { result: null };
      });
      return;
    }
    this.inFlight.set(claimed.id, { key: claimed.key });
    this.emitChange();
    const outcome = await this.send(claimed, keepalive);
    this.inFlight.delete(claimed.id);
    await this.complete(claimed, outcome);
    this.pump();
  }

  private async send(entry: OutboxEntry, keepalive: boolean): Promise<Outcome> {
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
    const request = { signal: controller.signal, keepalive, idempotencyKey: entry.id };
    try {
      const call =
        entry.write.type === 'upsert'
          ? this.adapter.upsertAnnotations([entry.write.input], request).then((stored) => stored[0] ?? null)
          : this.adapter.deleteAnnotations!([entry.write.ref], request).then(() => null);
      // The race stops waiting even for an adapter that ignores the abort signal.
      const annotation = await Promise.race([call, timedOut]);
      return { ok: true, annotation };
    } catch (error) {
      return { ok: false, error: toAnnokitError(error) };
    } finally {
      if (!controller.signal.aborted) controller.abort();
    }
  }

  private async complete(sent: OutboxEntry, outcome: Outcome): Promise<void> {
    const now = this.clock.now();
    const error = outcome.ok ? null : storedError(outcome.error);
    const result = await this.transact((entries): OutboxChange<OutboxEvent | null> => {
      const entry = entries.find((e) => e.id === sent.id);
      if (!entry) return { result: null };
      if (outcome.ok) return { remove: [entry.id], result: { type: 'sent', entry, annotation: outcome.annotation } };
      const failed = error!;
      // A newer intent for the key is waiting: this write is moot, and the newer one goes next.
      if (entries.some((e) => e.key === entry.key && e.seq > entry.seq)) {
        return { remove: [entry.id], result: { type: 'superseded', entry } };
      }
      const failures = entry.failures + 1;
      if (failed.retryable && failures < this.options.maxAttempts) {
        const delayMs = backoffDelay(failures, this.options, this.random, outcome.error.retryAfterSeconds);
        const next = { ...entry, claim: null, failures, error: failed, nextAttemptAt: now + delayMs };
        return { put: [next], result: { type: 'retry', entry: next, error: failed, delayMs } };
      }
      const next: OutboxEntry = { ...entry, claim: null, failures, status: 'failed', error: failed };
      return { put: [next], result: { type: 'failed', entry: next, error: failed } };
    });
    if (result) this.emit(result);
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
    return this.entries.some((entry) => entry.status === 'pending');
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
      entry.error?.message === other.error?.message
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
