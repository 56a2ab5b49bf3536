import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnnotationAdapter, RequestOptions } from '../../../src/core/adapter';
import { AnnokitError, ValidationError } from '../../../src/core/errors';
import type { AnnotationConfig, AnnotationInput, AnnotationRef } from '../../../src/core/model';
import {
  Outbox,
  createLocalStorageOutboxStorage,
  createMemoryOutboxStorage,
  type OutboxEnvironment,
  type OutboxEvent,
  type OutboxLeader,
  type OutboxOptions,
  type OutboxStorage,
} from '../../../src/core/outbox/index';
import { annotationKey } from '../../../src/core/targets';
import { createMapAdapter } from '../../support/mapAdapter';

type Behaviour = 'ok' | 'hang' | Error | ((call: Call) => Promise<void>);
interface Call {
  method: 'upsert' | 'delete';
  input?: AnnotationInput;
  ref?: AnnotationRef;
  options: RequestOptions | undefined;
  at: number;
}

/** Wraps the map adapter: records every call and answers each with the next scripted behaviour (then `ok`). */
function scripted(behaviours: Behaviour[] = []) {
  const inner = createMapAdapter();
  const calls: Call[] = [];
  const run = async (call: Call, apply: () => Promise<unknown>) => {
    calls.push(call);
    const behaviour = behaviours.shift() ?? 'ok';
    if (behaviour === 'hang') return new Promise<never>(() => undefined);
    if (behaviour instanceof Error) throw behaviour;
    if (typeof behaviour === 'function') await behaviour(call);
    return apply();
  };
  const adapter: AnnotationAdapter = {
    name: 'scripted',
    upsertAnnotations: (inputs, options) =>
      run({ method: 'upsert', input: inputs[0], options, at: Date.now() }, () => inner.upsertAnnotations(inputs, options)) as never,
    listAnnotations: (query) => inner.listAnnotations(query),
    deleteAnnotations: (refs, options) =>
      run({ method: 'delete', ref: refs[0], options, at: Date.now() }, () => inner.deleteAnnotations!(refs, options)) as never,
  };
  return { adapter, calls, store: inner.store };
}

const target = { kind: 'span' as const, spanId: 'span-1' };
const vote = (label: 'positive' | 'negative', identifier = 'user:u1'): AnnotationInput => ({
  target,
  name: 'user_feedback',
  annotatorKind: 'HUMAN',
  label,
  score: label === 'positive' ? 1 : 0,
  identifier,
});
const ref = (identifier = 'user:u1'): AnnotationRef => ({ target, name: 'user_feedback', identifier });

const networkError = () => new AnnokitError('Network error: offline', { code: 'network' });

function makeOutbox(adapter: AnnotationAdapter, options: Partial<OutboxOptions> = {}) {
  const events: OutboxEvent[] = [];
  const outbox = new Outbox({
    adapter,
    environment: null,
    channel: null,
    random: () => 0.5,
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { outbox: outbox.start(), events };
}

const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-28T08:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Outbox: persistence and idempotency', () => {
  it('persists a write before the adapter is called', async () => {
    const storage = createMemoryOutboxStorage();
    let storedWhenSent: number | null = null;
    const { adapter } = scripted([
      async () => {
        const { entries } = await storage.transact(() => ({ result: null }));
        storedWhenSent = entries.length;
      },
    ]);
    const { outbox } = makeOutbox(adapter, { storage });
    const ticket = outbox.upsert(vote('positive'));
    await expect(ticket.persisted).resolves.toBe('queued');
    await outbox.whenIdle();
    expect(storedWhenSent).toBe(1);
    const { entries } = await storage.transact(() => ({ result: null }));
    expect(entries).toEqual([]);
  });

  it('sends the entry id as the idempotency key, the same on every retry', async () => {
    const { adapter, calls } = scripted([networkError(), networkError()]);
    const { outbox } = makeOutbox(adapter);
    const ticket = outbox.upsert(vote('positive'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(3);
    for (const call of calls) {
      expect(call.input?.idempotencyKey).toBe(ticket.id);
      expect(call.options?.idempotencyKey).toBe(ticket.id);
    }
    expect(outbox.getSnapshot().keys.size).toBe(0);
  });
});

describe('Outbox: retries', () => {
  it('retries network errors, time-outs, 5xx and 429 with growing, jittered delays', async () => {
    const { adapter, calls } = scripted([
      networkError(),
      new AnnokitError('Server error', { code: 'server', status: 503 }),
      new AnnokitError('Too many requests', { code: 'rate_limited', status: 429 }),
      new TypeError('Failed to fetch'),
    ]);
    const { outbox, events } = makeOutbox(adapter, { baseDelayMs: 1000, random: () => 0.5 });
    outbox.upsert(vote('positive'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(5);
    const delays = events.filter((e) => e.type === 'retry').map((e) => (e as { delayMs: number }).delayMs);
    // full jitter with random() = 0.5: half of 1s, 2s, 4s, 8s
    expect(delays).toEqual([500, 1000, 2000, 4000]);
    expect(calls.map((call) => call.at - calls[0]!.at)).toEqual([0, 500, 1500, 3500, 7500]);
    expect(events.filter((event) => event.type === 'sent')).toHaveLength(1);
  });

  it('waits at least as long as the server asked with Retry-After', async () => {
    const { adapter, calls } = scripted([
      new AnnokitError('Too many requests', { code: 'rate_limited', status: 429, retryAfterSeconds: 30 }),
    ]);
    const { outbox } = makeOutbox(adapter);
    outbox.upsert(vote('positive'));
    await vi.advanceTimersByTimeAsync(29_000);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toHaveLength(2);
  });

  it('aborts an attempt that gets no answer within the time-out and tries again', async () => {
    const { adapter, calls, store } = scripted(['hang']);
    const { outbox, events } = makeOutbox(adapter, { attemptTimeoutMs: 5_000 });
    outbox.upsert(vote('positive'));
    await settle();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.options?.signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls[0]!.options?.signal?.aborted).toBe(true);
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ error: { code: 'timeout' } });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toHaveLength(2);
    expect(store.size).toBe(1);
  });

  it('does not retry a validation error: the entry fails with the error and retry(id) sends it again', async () => {
    const rejected = new ValidationError([{ field: 'annotation.label', value: 'meh', message: 'unknown label' }]);
    const { adapter, calls, store } = scripted([rejected]);
    const { outbox } = makeOutbox(adapter);
    const ticket = outbox.upsert(vote('positive'));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls).toHaveLength(1);
    const state = outbox.getKeyState(ref());
    expect(state).toMatchObject({ status: 'failed', error: { code: 'validation', field: 'annotation.label' } });
    await outbox.retry(ticket.id);
    await settle();
    expect(calls).toHaveLength(2);
    expect(outbox.getKeyState(ref())).toBeNull();
    expect(store.size).toBe(1);
  });

  it('marks an entry failed after maxAttempts retryable failures, and going online retries it', async () => {
    const listeners: { online?: () => void } = {};
    const environment: OutboxEnvironment = {
      isOnline: () => true,
      subscribe: (handlers) => {
        listeners.online = handlers.online;
        return () => undefined;
      },
    };
    const { adapter, calls } = scripted([networkError(), networkError(), networkError()]);
    const { outbox } = makeOutbox(adapter, { maxAttempts: 3, environment });
    outbox.upsert(vote('positive'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(3);
    expect(outbox.getKeyState(ref())?.status).toBe('failed');
    listeners.online!();
    await settle();
    expect(calls).toHaveLength(4);
    expect(outbox.getKeyState(ref())).toBeNull();
  });
});

describe('Outbox: validation before enqueue', () => {
  const config: AnnotationConfig = {
    id: 'c1',
    name: 'user_feedback',
    description: null,
    optimizationDirection: 'MAXIMIZE',
    type: 'continuous',
    lowerBound: 1,
    upperBound: 5,
  };

  it.each([
    ['an empty name', { ...vote('positive'), name: '' }, 'annotation.name'],
    ['a missing target id', { ...vote('positive'), target: { kind: 'span', spanId: '' } }, 'annotation.target.spanId'],
  ])('throws a ValidationError for %s and queues nothing', async (_title, input, field) => {
    const { adapter, calls } = scripted();
    const { outbox } = makeOutbox(adapter);
    let error: unknown;
    try {
      outbox.upsert(input as AnnotationInput);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(outbox.getSnapshot().entries).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('throws for a score outside its config, naming the field and the value', () => {
    const { adapter } = scripted();
    const { outbox } = makeOutbox(adapter);
    expect(() => outbox.upsert({ ...vote('positive'), label: null, score: 9 }, { config })).toThrow(
      /annotation\.score: 9 is outside the bounds of "user_feedback" \(1 to 5\)/,
    );
  });

  it('refuses a delete when the adapter cannot delete', () => {
    const { outbox } = makeOutbox(createMapAdapter({ withDelete: false }));
    expect(() => outbox.delete(ref())).toThrow(/cannot delete annotations/);
  });
});

describe('Outbox: coalescing and order per key', () => {
  it('sends only the last of several queued intents for one key (vote, retract, vote → one write)', async () => {
    const { adapter, calls, store } = scripted();
    const { outbox, events } = makeOutbox(adapter);
    outbox.stop(); // hold sending while the intents queue up
    outbox.upsert(vote('positive'), { baseline: 'absent' });
    outbox.delete(ref());
    const last = outbox.upsert(vote('negative'));
    await settle();
    outbox.start();
    await outbox.whenIdle();
    expect(calls.map((call) => [call.method, call.input?.label])).toEqual([['upsert', 'negative']]);
    expect(calls[0]!.input?.idempotencyKey).toBe(last.id);
    // the retraction cancelled the unsent vote outright; the second vote then went alone
    expect(events.filter((e) => e.type === 'superseded')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'dropped')).toHaveLength(1);
    expect([...store.values()].map((a) => a.label)).toEqual(['negative']);
  });

  it('sends nothing for a vote then a retraction when nothing had been stored before', async () => {
    const { adapter, calls } = scripted();
    const { outbox } = makeOutbox(adapter);
    outbox.stop();
    outbox.upsert(vote('positive'), { baseline: 'absent' });
    const retraction = outbox.delete(ref());
    await expect(retraction.persisted).resolves.toBe('dropped');
    outbox.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toEqual([]);
    expect(outbox.getSnapshot().entries).toEqual([]);
  });

  it('sends only the delete for a vote then a retraction when an earlier vote may be stored', async () => {
    const { adapter, calls } = scripted();
    const { outbox } = makeOutbox(adapter);
    outbox.stop();
    outbox.upsert(vote('positive')); // baseline unknown: a vote from an earlier visit may exist
    outbox.delete(ref());
    outbox.start();
    await outbox.whenIdle();
    expect(calls.map((call) => call.method)).toEqual(['delete']);
  });

  it('sends the delete when the replaced vote was already attempted (it may have landed)', async () => {
    const { adapter, calls, store } = scripted(['hang']);
    const { outbox } = makeOutbox(adapter, { attemptTimeoutMs: 2_000 });
    outbox.upsert(vote('positive'), { baseline: 'absent' });
    await vi.advanceTimersByTimeAsync(2_000); // timed out: waiting for its retry
    outbox.delete(ref());
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls.map((call) => call.method)).toEqual(['upsert', 'delete']);
    expect(store.size).toBe(0);
  });

  it('holds a newer intent while an older one for the same key is in flight, then sends it after', async () => {
    let release!: () => void;
    const { adapter, calls, store } = scripted([() => new Promise<void>((resolve) => (release = resolve))]);
    const { outbox } = makeOutbox(adapter);
    outbox.upsert(vote('positive'), { baseline: 'absent' });
    await settle();
    outbox.delete(ref());
    await settle();
    expect(calls.map((call) => call.method)).toEqual(['upsert']);
    expect(outbox.getKeyState(ref())).toMatchObject({ status: 'pending', isSending: true, latest: { write: { type: 'delete' } } });
    release();
    await outbox.whenIdle();
    expect(calls.map((call) => call.method)).toEqual(['upsert', 'delete']);
    expect(store.size).toBe(0);
  });

  it('sends writes for different keys concurrently, up to the concurrency limit', async () => {
    const releases: (() => void)[] = [];
    const { adapter, calls } = scripted(
      Array.from({ length: 6 }, () => () => new Promise<void>((resolve) => releases.push(resolve))),
    );
    const { outbox } = makeOutbox(adapter, { concurrency: 4 });
    for (let i = 0; i < 6; i++) outbox.upsert(vote('positive', `user:${i}`));
    await settle();
    expect(calls).toHaveLength(4);
    releases.splice(0).forEach((release) => release());
    await settle();
    expect(calls).toHaveLength(6);
    releases.splice(0).forEach((release) => release());
    await outbox.whenIdle();
  });

  it('waits out an undo window: an intent replaced within delayMs is never sent', async () => {
    const { adapter, calls } = scripted();
    const { outbox } = makeOutbox(adapter);
    outbox.upsert(vote('positive'), { baseline: 'absent', delayMs: 4_000 });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(calls).toEqual([]);
    expect((await outbox.delete(ref()).persisted)).toBe('dropped');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toEqual([]);
  });
});

describe('Outbox: connectivity and page lifecycle', () => {
  function controllableEnvironment(online = true) {
    const handlers: { online?: () => void; offline?: () => void; hidden?: () => void } = {};
    const environment: OutboxEnvironment = {
      isOnline: () => online,
      subscribe: (h) => {
        Object.assign(handlers, h);
        return () => undefined;
      },
    };
    return {
      environment,
      goOnline: () => {
        online = true;
        handlers.online!();
      },
      goOffline: () => {
        online = false;
        handlers.offline!();
      },
      hide: () => handlers.hidden!(),
    };
  }

  it('holds writes while offline and sends them when the browser comes back online', async () => {
    const env = controllableEnvironment(false);
    const { adapter, calls } = scripted();
    const { outbox } = makeOutbox(adapter, { environment: env.environment });
    outbox.upsert(vote('positive'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toEqual([]);
    expect(outbox.getSnapshot().isOnline).toBe(false);
    expect(outbox.getKeyState(ref())?.status).toBe('pending');
    env.goOnline();
    await outbox.whenIdle();
    expect(calls).toHaveLength(1);
  });

  it('flushes with keepalive, skipping the backoff wait, when the page is hidden', async () => {
    const env = controllableEnvironment(true);
    const { adapter, calls } = scripted([networkError()]);
    const { outbox } = makeOutbox(adapter, { environment: env.environment, baseDelayMs: 30_000, random: () => 0.9 });
    outbox.upsert(vote('positive'));
    await settle();
    expect(calls).toHaveLength(1);
    env.hide();
    await settle();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.options?.keepalive).toBe(true);
  });
});

describe('Outbox: several tabs and reloads', () => {
  const never: OutboxLeader = { start: () => undefined, stop: () => undefined };

  it('lets only the leader send, including writes queued by another tab, each once', async () => {
    const storage = createMemoryOutboxStorage();
    const { adapter, calls } = scripted();
    const leader = makeOutbox(adapter, { storage });
    const follower = makeOutbox(adapter, { storage, leader: never });
    follower.outbox.upsert(vote('positive', 'user:a'));
    leader.outbox.upsert(vote('negative', 'user:b'));
    await vi.advanceTimersByTimeAsync(100);
    expect(calls.map((call) => call.input?.identifier).sort()).toEqual(['user:a', 'user:b']);
    expect(follower.outbox.getSnapshot().isLeader).toBe(false);
    expect(follower.outbox.getSnapshot().entries).toEqual([]);
  });

  it('shows another tab the pending state of a write and its landing', async () => {
    const storage = createMemoryOutboxStorage();
    let release!: () => void;
    const { adapter } = scripted([() => new Promise<void>((resolve) => (release = resolve))]);
    const leader = makeOutbox(adapter, { storage });
    const follower = makeOutbox(adapter, { storage, leader: never });
    leader.outbox.upsert(vote('positive'));
    await settle();
    expect(follower.outbox.getKeyState(ref())?.status).toBe('pending');
    release();
    await settle();
    expect(follower.outbox.getKeyState(ref())).toBeNull();
  });

  it('after a reload, resends a write whose attempt was cut off, once its claim expires', async () => {
    const storage = createLocalStorageOutboxStorage({ key: 'test:outbox' });
    const first = scripted(['hang']);
    const before = makeOutbox(first.adapter, { storage, leader: { start: (cb) => cb(true), stop: () => undefined }, attemptTimeoutMs: 10_000 });
    const ticket = before.outbox.upsert(vote('positive'));
    await settle();
    expect(first.calls).toHaveLength(1);
    before.outbox.stop(); // the page goes away with the attempt in flight
    const second = scripted();
    const after = makeOutbox(second.adapter, { storage, leader: { start: (cb) => cb(true), stop: () => undefined }, attemptTimeoutMs: 10_000 });
    await after.outbox.ready;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(second.calls).toEqual([]); // the first attempt might still land: wait
    await vi.advanceTimersByTimeAsync(11_000);
    expect(second.calls).toHaveLength(1);
    expect(second.calls[0]!.input?.idempotencyKey).toBe(ticket.id);
    // The cut-off attempt may still land after the resend: the key is read back once, later.
    expect(after.outbox.getSnapshot().keys.size).toBe(0);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(localStorage.getItem('test:outbox')).toBeNull();
  });
});

describe('Outbox: snapshot', () => {
  it('returns the same snapshot object until something changes, and notifies subscribers on change', async () => {
    const { adapter } = scripted();
    const { outbox } = makeOutbox(adapter);
    await outbox.ready;
    const listener = vi.fn();
    outbox.subscribe(listener);
    const before = outbox.getSnapshot();
    expect(outbox.getSnapshot()).toBe(before);
    outbox.upsert(vote('positive'));
    await outbox.whenIdle();
    expect(listener).toHaveBeenCalled();
    expect(outbox.getSnapshot()).not.toBe(before);
    expect(outbox.getSnapshot().keys.size).toBe(0);
  });

  it('keys pending state by (target, name, identifier), so two users on one span are apart', async () => {
    const { adapter } = scripted(['hang']);
    const { outbox } = makeOutbox(adapter);
    outbox.upsert(vote('positive', 'user:a'));
    await settle();
    expect(outbox.getSnapshot().keys.has(annotationKey(ref('user:a')))).toBe(true);
    expect(outbox.getKeyState(ref('user:b'))).toBeNull();
  });
});

describe('Outbox storage', () => {
  it('localStorage: keeps entries across instances and skips unreadable ones', async () => {
    localStorage.setItem('k', JSON.stringify([{ id: 'broken' }]));
    const onInvalid = vi.fn();
    const storage: OutboxStorage = createLocalStorageOutboxStorage({ key: 'k', onInvalid });
    const { adapter } = scripted();
    const outbox = new Outbox({ adapter, storage, channel: null, environment: null }); // not started: queues only
    await outbox.upsert(vote('positive')).persisted;
    expect(onInvalid).toHaveBeenCalledWith(1);
    const again = createLocalStorageOutboxStorage({ key: 'k' });
    const { entries } = await again.transact(() => ({ result: null }));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ status: 'pending', write: { type: 'upsert', input: { label: 'positive' } } });
  });

  it('localStorage: survives corrupt JSON', async () => {
    localStorage.setItem('k', '{not json');
    const onInvalid = vi.fn();
    const storage = createLocalStorageOutboxStorage({ key: 'k', onInvalid });
    const { entries } = await storage.transact(() => ({ result: null }));
    expect(entries).toEqual([]);
    expect(onInvalid).toHaveBeenCalledWith(1);
  });
});

/** A backend whose writes are recorded call by call, with notes and a read the outbox can check against. */
function recording() {
  const inner = createMapAdapter();
  const requests: { method: string; count: number; options: RequestOptions | undefined }[] = [];
  const notes = new Map<string, { id: string; text: string }>();
  let failNext: Error[] = [];
  const failIfScripted = () => {
    const failure = failNext.shift();
    if (failure) throw failure;
  };
  const adapter: AnnotationAdapter = {
    name: 'recording',
    async upsertAnnotations(inputs, options) {
      requests.push({ method: 'upsert', count: inputs.length, options });
      failIfScripted();
      return inner.upsertAnnotations(inputs, options);
    },
    listAnnotations: (query) => inner.listAnnotations(query),
    async deleteAnnotations(refs, options) {
      requests.push({ method: 'delete', count: refs.length, options });
      failIfScripted();
      return inner.deleteAnnotations!(refs, options);
    },
    async addNote(input, options) {
      requests.push({ method: 'note', count: 1, options });
      failIfScripted();
      // As Phoenix does with a non-empty identifier: the same key again is the same note.
      const id = options?.idempotencyKey ?? `n${notes.size}`;
      notes.set(id, { id, text: input.text });
      return { id, target: input.target, text: input.text, userId: input.userId ?? null, createdAt: new Date().toISOString() };
    },
  };
  return { adapter, requests, notes, store: inner.store, fail: (...errors: Error[]) => void (failNext = errors) };
}

describe('Outbox: notes', () => {
  it('sends every note on a target in the order written, none replacing another, each with its id as idempotency key', async () => {
    const backend = recording();
    const { outbox } = makeOutbox(backend.adapter);
    outbox.stop();
    const first = outbox.addNote({ target, text: 'first' });
    const second = outbox.addNote({ target, text: 'second' });
    outbox.start();
    await outbox.whenIdle();
    expect(backend.requests.map((request) => request.options?.idempotencyKey)).toEqual([first.id, second.id]);
    expect([...backend.notes.values()].map((note) => note.text)).toEqual(['first', 'second']);
  });

  it('stores a note once when its answer was lost and it is sent again', async () => {
    const backend = recording();
    let calls = 0;
    const lossy: AnnotationAdapter = {
      ...backend.adapter,
      async addNote(input, options) {
        const note = await backend.adapter.addNote!(input, options);
        calls += 1;
        if (calls === 1) throw new AnnokitError('connection reset', { code: 'network' });
        return note;
      },
    };
    const { outbox } = makeOutbox(lossy);
    outbox.addNote({ target, text: 'escalated' });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toBe(2);
    expect(backend.notes.size).toBe(1);
    expect(outbox.getSnapshot().entries).toEqual([]);
  });

  it('lets the next note go when one fails for good, and keeps the failed one for retry', async () => {
    const backend = recording();
    backend.fail(new ValidationError([{ field: 'note.text', value: 'x', message: 'refused' }]));
    const { outbox } = makeOutbox(backend.adapter);
    const refused = outbox.addNote({ target, text: 'refused' });
    await settle();
    outbox.addNote({ target, text: 'next' });
    await outbox.whenIdle();
    expect([...backend.notes.values()].map((note) => note.text)).toEqual(['next']);
    expect(outbox.getSnapshot().entries.map((entry) => [entry.id, entry.status])).toEqual([[refused.id, 'failed']]);
  });

  it('refuses a note when the adapter has no notes, and an empty one', () => {
    const { outbox } = makeOutbox(createMapAdapter());
    expect(() => outbox.addNote({ target, text: 'x' })).toThrow(/has no notes/);
    const { outbox: withNotes } = makeOutbox(recording().adapter);
    expect(() => withNotes.addNote({ target, text: '' })).toThrow(ValidationError);
  });
});

describe('Outbox: bulk writes', () => {
  it('sends a bulk write batchSize writes to a request, each write keeping its own key', async () => {
    const backend = recording();
    const { outbox } = makeOutbox(backend.adapter, { batchSize: 4 });
    const tickets = outbox.upsertMany(Array.from({ length: 10 }, (_, i) => vote('positive', `user:${i}`)));
    await outbox.whenIdle();
    expect(backend.requests.map((request) => [request.method, request.count])).toEqual([
      ['upsert', 4],
      ['upsert', 4],
      ['upsert', 2],
    ]);
    // Each input carries its own idempotency key; the request as a whole has none.
    expect(backend.requests.every((request) => request.options?.idempotencyKey === undefined)).toBe(true);
    expect(new Set(tickets.map((ticket) => ticket.key)).size).toBe(10);
    expect(backend.store.size).toBe(10);
  });

  it('retries a failed batch together, and a later intent for one of its keys replaces only that write', async () => {
    const backend = recording();
    backend.fail(new AnnokitError('Service unavailable', { code: 'server', status: 503 }));
    const { outbox } = makeOutbox(backend.adapter);
    outbox.upsertMany([vote('positive', 'user:a'), vote('positive', 'user:b'), vote('positive', 'user:c')]);
    await settle();
    outbox.upsert(vote('negative', 'user:b'));
    await vi.advanceTimersByTimeAsync(5_000);
    await outbox.whenIdle();
    expect(backend.requests.map((request) => request.count)).toEqual([3, 1, 2]);
    expect([...backend.store.values()].map((a) => [a.identifier, a.label]).sort()).toEqual([
      ['user:a', 'positive'],
      ['user:b', 'negative'],
      ['user:c', 'positive'],
    ]);
  });

  it('validates every input of a bulk write before queueing any', () => {
    const backend = recording();
    const { outbox } = makeOutbox(backend.adapter);
    expect(() => outbox.upsertMany([vote('positive', 'user:a'), { ...vote('positive'), name: '' }])).toThrow(/annotations\[1\]\.name/);
    expect(outbox.getSnapshot().entries).toEqual([]);
  });
});

describe('Outbox: late landings', () => {
  /** A backend where a write whose attempt timed out is applied later, when `land()` is called. */
  function lateLanding() {
    const backend = recording();
    const late: (() => Promise<unknown>)[] = [];
    let holdNext = 0;
    const adapter: AnnotationAdapter = {
      ...backend.adapter,
      upsertAnnotations(inputs, options) {
        if (holdNext > 0) {
          holdNext -= 1;
          late.push(() => backend.adapter.upsertAnnotations(inputs));
          return new Promise<never>(() => undefined);
        }
        return backend.adapter.upsertAnnotations(inputs, options);
      },
      listAnnotations: (query) => backend.adapter.listAnnotations(query),
    };
    return { ...backend, adapter, hold: () => void (holdNext += 1), land: () => Promise.all(late.splice(0).map((apply) => apply())) };
  }

  it('reads a key back after a timed-out write and re-sends the latest intent the late landing overwrote', async () => {
    const backend = lateLanding();
    const { outbox, events } = makeOutbox(backend.adapter, { attemptTimeoutMs: 1_000, verifyAfterMs: 10_000 });
    backend.hold();
    outbox.upsert(vote('positive'));
    await vi.advanceTimersByTimeAsync(1_000); // timed out; it will land later
    outbox.upsert(vote('negative'));
    await vi.advanceTimersByTimeAsync(2_000);
    expect([...backend.store.values()].map((a) => a.label)).toEqual(['negative']);
    expect(outbox.getSnapshot().keys.size).toBe(0); // landed, as far as the UI is concerned
    await backend.land(); // the server finally applies the stale vote
    expect([...backend.store.values()].map((a) => a.label)).toEqual(['positive']);
    await vi.advanceTimersByTimeAsync(10_000);
    await outbox.whenIdle();
    expect([...backend.store.values()].map((a) => a.label)).toEqual(['negative']);
    expect(events.filter((event) => event.type === 'verified')).toMatchObject([{ repaired: true }]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(outbox.getSnapshot().entries).toEqual([]);
  });

  it('reads back once and sends nothing more when the backend agrees', async () => {
    const backend = lateLanding();
    const { outbox, events } = makeOutbox(backend.adapter, { attemptTimeoutMs: 1_000, verifyAfterMs: 10_000 });
    backend.hold();
    outbox.upsert(vote('positive'));
    await vi.advanceTimersByTimeAsync(3_000);
    await backend.land();
    const before = backend.requests.length;
    await vi.advanceTimersByTimeAsync(11_000);
    expect(events.filter((event) => event.type === 'verified')).toMatchObject([{ repaired: false }]);
    expect(backend.requests.length).toBe(before);
    expect(outbox.getSnapshot().entries).toEqual([]);
  });

  it('hands the read-back on to a newer intent queued before it ran', async () => {
    const backend = lateLanding();
    const { outbox, events } = makeOutbox(backend.adapter, { attemptTimeoutMs: 1_000, verifyAfterMs: 10_000 });
    backend.hold();
    outbox.upsert(vote('positive'));
    await vi.advanceTimersByTimeAsync(3_000); // retried and landed; a read-back is scheduled
    expect(outbox.getSnapshot().entries.map((entry) => entry.write.type)).toEqual(['verify']);
    outbox.delete(ref());
    await vi.advanceTimersByTimeAsync(100);
    expect(backend.store.size).toBe(0);
    await backend.land();
    await vi.advanceTimersByTimeAsync(10_000);
    await outbox.whenIdle();
    expect(backend.store.size).toBe(0);
    expect(events.filter((event) => event.type === 'verified')).toMatchObject([{ repaired: true }]);
  });
});

describe('Outbox: one outbox, a new adapter object', () => {
  it('sends queued writes through the adapter it was given last, for the same backend', async () => {
    const backend = recording();
    const { outbox } = makeOutbox(backend.adapter);
    outbox.stop();
    outbox.upsert(vote('positive'));
    const calls: string[] = [];
    const replacement: AnnotationAdapter = {
      ...backend.adapter,
      upsertAnnotations: (inputs, options) => {
        calls.push('replacement');
        return backend.adapter.upsertAnnotations(inputs, options);
      },
    };
    outbox.setAdapter(replacement);
    outbox.start();
    await outbox.whenIdle();
    expect(calls).toEqual(['replacement']);
    expect(() => outbox.setAdapter({ ...backend.adapter, name: 'elsewhere' })).toThrow(/cannot take over writes for "elsewhere"/);
  });

  it('opens its cross-tab channel on start, not when constructed, and closes it on dispose', () => {
    const opened: string[] = [];
    const Original = globalThis.BroadcastChannel;
    class Recorder {
      constructor(name: string) {
        opened.push(`open ${name}`);
      }
      postMessage() {}
      addEventListener() {}
      removeEventListener() {}
      close() {
        opened.push('close');
      }
    }
    globalThis.BroadcastChannel = Recorder as unknown as typeof BroadcastChannel;
    try {
      const outbox = new Outbox({ adapter: recording().adapter, storage: createLocalStorageOutboxStorage({ key: 'channel:test' }), namespace: 'ns', environment: null });
      expect(opened).toEqual([]);
      outbox.start();
      expect(opened).toEqual(['open ns:outbox']);
      outbox.dispose();
      expect(opened).toEqual(['open ns:outbox', 'close']);
    } finally {
      globalThis.BroadcastChannel = Original;
    }
  });
});
