import { expect, it } from 'vitest';
import type { AnnotationRef } from '../../../src/core/model';
import {
  Outbox,
  createLocalStorageOutboxStorage,
  type OutboxChannel,
  type OutboxClock,
  type OutboxEnvironment,
  type OutboxLeader,
  type OutboxStorage,
} from '../../../src/core/outbox/index';
import { annotationKey, spanTarget } from '../../../src/core/targets';
import { createFaultyBackend, seededRandom } from '../../support/faultyAdapter';
import { createMemoryAdapter } from '../../../src/adapters/memory/index';
import { createVirtualTime } from '../../support/virtualTime';

/*
 * Thousands of votes, switches and retractions by many users on many messages, sent through a
 * hostile network by two tabs whose pages reload while writes are in flight. Afterwards the
 * backend must hold exactly the last intent of every (target, user), no write may have been
 * applied after a newer one for the same key, and no write may have been sent again after its
 * success was known.
 */

const SEED = 20261128;
// FAULT_EVENTS overrides the number of events; FAULT_DEBUG=1 prints the history of any mismatch.
const EVENTS = Number(process.env.FAULT_EVENTS ?? 3_000);
const USERS = 12;
const TARGETS = 20;
const ATTEMPT_TIMEOUT_MS = 1_000;
const CHECKPOINT_EVERY = 250;

const time = createVirtualTime(Date.parse('2026-11-28T08:00:00Z'));

/** One page's life: once dead, its timers never fire, its storage calls never run, its requests never answer. */
class Page {
  dead = false;
  readonly clock: OutboxClock = {
    now: time.now,
    setTimeout: (callback, ms) =>
      time.setTimeout(() => {
        if (!this.dead) callback();
      }, ms),
    clearTimeout: time.clearTimeout,
  };
  storage(shared: OutboxStorage): OutboxStorage {
    const never = new Promise<never>(() => undefined);
    return {
      kind: shared.kind,
      transact: (mutate) => {
        if (this.dead) return never;
        return shared
          .transact((entries) => (this.dead ? { result: undefined as never } : mutate(entries)))
          .then((value) => (this.dead ? never : value));
      },
    };
  }
}

/** Web Locks in miniature: the oldest live page leads; when it dies the next one takes over. */
function createLockRoom() {
  const waiting: { page: Page; onChange: (isLeader: boolean) => void }[] = [];
  let holder: (typeof waiting)[number] | null = null;
  const promote = () => {
    if (holder && !holder.page.dead) return;
    holder = null;
    while (waiting.length > 0) {
      const next = waiting.shift()!;
      if (next.page.dead) continue;
      holder = next;
      next.onChange(true);
      return;
    }
  };
  return {
    leader(page: Page): OutboxLeader {
      return {
        start(onChange) {
          waiting.push({ page, onChange });
          promote();
        },
        stop: () => undefined,
      };
    },
    pageDied: promote,
  };
}

/** BroadcastChannel in miniature: a post reaches every other live page. */
function createChannelRoom() {
  const members = new Set<{ page: Page; listener: () => void }>();
  return (page: Page): OutboxChannel => ({
    post() {
      for (const member of members) if (member.page !== page && !member.page.dead) queueMicrotask(member.listener);
    },
    subscribe(listener) {
      const member = { page, listener };
      members.add(member);
      return () => void members.delete(member);
    },
    close: () => undefined,
  });
}


it('keeps exactly the last intended vote of every (target, user) through failures, time-outs, lost responses and reloads', async () => {
  const random = seededRandom(SEED);
  const inner = createMemoryAdapter();
  const backend = createFaultyBackend(inner, {
    random: seededRandom(SEED + 1),
    failureRate: 0.2,
    hangRate: 0.04,
    lostResponseRate: 0.06,
    maxDelayMs: 800,
    setTimeout: time.setTimeout,
  });
  const shared = createLocalStorageOutboxStorage({ key: 'fault-injection:outbox' });
  const locks = createLockRoom();
  const channels = createChannelRoom();
  let online = true;
  const environments = new Set<{ online(): void; offline(): void; hidden(): void }>();
  const environment: OutboxEnvironment = {
    isOnline: () => online,
    subscribe(handlers) {
      environments.add(handlers);
      return () => void environments.delete(handlers);
    },
  };

  const counts = { retries: 0, sentEvents: 0, superseded: 0, dropped: 0, failed: 0, reloads: 0, offlineSpells: 0, hides: 0 };
  const sentKeys = new Set<string>();
  const deliveriesAtSent = new Map<string, number>();
  const newTab = () => {
    const page = new Page();
    const outbox = new Outbox({
      adapter: backend.view(() => page.dead),
      storage: page.storage(shared),
      leader: locks.leader(page),
      channel: channels(page),
      environment,
      clock: page.clock,
      random: seededRandom(Math.floor(random() * 2 ** 31)),
      attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
      baseDelayMs: 1_000,
      maxDelayMs: 5_000,
      maxAttempts: 1_000,
      concurrency: 6,
      onEvent: (event) => {
        if (event.type === 'retry') counts.retries++;
        if (event.type === 'superseded') counts.superseded++;
        if (event.type === 'dropped') counts.dropped++;
        if (event.type === 'failed') counts.failed++;
        if (event.type === 'sent') {
          counts.sentEvents++;
          sentKeys.add(event.entry.id);
          deliveriesAtSent.set(event.entry.id, backend.stats.deliveries.length);
        }
      },
    });
    return { page, outbox: outbox.start() };
  };
  const tabs = [newTab(), newTab()];

  // What each user last meant, and the order of every intent (by idempotency key) per (target, user).
  type Vote = 'positive' | 'negative' | null;
  const intended = new Map<string, Vote>();
  const intentOrder = new Map<string, number>();
  const history = new Map<string, unknown[]>();
  const ref = (t: number, u: number): AnnotationRef => ({
    target: spanTarget(`span-${t}`),
    name: 'user_feedback',
    identifier: `user:${u}`,
  });
  const counters = { votes: 0, switches: 0, retractions: 0 };

  // Let every tab drain (retries, claims of dead pages expiring, the last writes landing), then
  // compare what the backend holds with what every user last meant.
  async function drain() {
    for (let round = 0; round < 200; round++) {
      await time.advance(5_000);
      const { entries } = await shared.transact(() => ({ result: null }));
      if (entries.length === 0) break;
    }
    return (await shared.transact(() => ({ result: null }))).entries;
  }
  async function countMismatches() {
    const stored = new Map(
      (await inner.listAnnotations({ targets: Array.from({ length: TARGETS }, (_, t) => spanTarget(`span-${t}`)) })).map(
        (annotation) => [annotationKey(annotation), annotation.label] as const,
      ),
    );
    let count = 0;
    for (const [key, vote] of intended) {
      const label = stored.get(key) ?? null;
      if (label !== vote) {
        count++;
        if (process.env.FAULT_DEBUG) {
          console.log('MISMATCH', key, 'intended', vote, 'stored', label);
          console.log('  intents', JSON.stringify(history.get(key)));
          console.log('  deliveries', JSON.stringify(backend.stats.deliveries.filter((d) => d.key === key).map((d) => [d.method, intentOrder.get(d.idempotencyKey), d.answered])));
        }
      }
    }
    for (const key of stored.keys()) if (!intended.has(key)) count++;
    return count;
  }
  let mismatches = 0;
  let checkpoints = 0;

  let previous: [number, number] = [0, 0];
  let burst = false;
  for (let event = 0; event < EVENTS; event++) {
    // A third of the events are the same user changing their mind on the same message: within
    // milliseconds (queued intents coalesce) or a second or two later (while the previous write is
    // in flight, timing out, or waiting for its retry).
    const [t, u] = burst ? previous : [Math.floor(random() * TARGETS), Math.floor(random() * USERS)];
    previous = [t, u];
    const key = annotationKey(ref(t, u));
    const current = intended.get(key) ?? null;
    const tab = tabs[Math.floor(random() * tabs.length)]!;
    let next: Vote;
    if (current === null) next = random() < 0.5 ? 'positive' : 'negative';
    else next = random() < 0.5 ? null : current === 'positive' ? 'negative' : 'positive';
    if (current === null) counters.votes++;
    else if (next === null) counters.retractions++;
    else counters.switches++;
    // As the hook does: a user with no vote (read back or intended) has nothing stored.
    const baseline = current === null ? 'absent' : 'unknown';
    const ticket =
      next === null
        ? tab.outbox.delete(ref(t, u), { baseline })
        : tab.outbox.upsert(
            { ...ref(t, u), annotatorKind: 'HUMAN', label: next, score: next === 'positive' ? 1 : 0 },
            { baseline },
          );
    intended.set(key, next);
    if (!history.has(key)) history.set(key, []);
    history.get(key)!.push([event, next, baseline, tabs.indexOf(tab)]);
    intentOrder.set(ticket.id, event);

    const roll = random();
    if (roll < 0.004) {
      // Reload one tab while its writes are in flight: a new outbox over the same storage. A page
      // dies between tasks, never inside the click's microtasks, in which localStorage is written.
      await time.advance(0);
      const index = Math.floor(random() * tabs.length);
      tabs[index]!.page.dead = true;
      tabs[index]!.outbox.stop();
      locks.pageDied();
      tabs[index] = newTab();
      if (process.env.FAULT_DEBUG) console.log('reload', event, index);
      counts.reloads++;
    } else if (roll < 0.006) {
      online = false;
      counts.offlineSpells++;
      for (const handlers of environments) handlers.offline();
      await time.advance(Math.floor(random() * 3_000));
      online = true;
      for (const handlers of environments) handlers.online();
    } else if (roll < 0.008) {
      counts.hides++;
      for (const handlers of environments) handlers.hidden();
    }
    if ((event + 1) % CHECKPOINT_EVERY === 0 && event + 1 < EVENTS) {
      // A quiet moment: everything must have landed exactly as meant, not just at the very end.
      await drain();
      mismatches += await countMismatches();
      checkpoints++;
    }
    burst = random() < 0.35;
    await time.advance(Math.floor(burst ? (random() < 0.5 ? random() * 5 : random() * 2_500) : random() * 300));
  }

  const left = await drain();
  mismatches += await countMismatches();

  // 2. No write was applied after a newer one for the same key.
  let staleApplications = 0;
  const lastApplied = new Map<string, number>();
  for (const delivery of backend.stats.deliveries) {
    const order = intentOrder.get(delivery.idempotencyKey);
    expect(order, 'every delivery carries the idempotency key of an intent').toBeDefined();
    if (order! < (lastApplied.get(delivery.key) ?? -1)) staleApplications++;
    lastApplied.set(delivery.key, Math.max(order!, lastApplied.get(delivery.key) ?? -1));
  }

  // 3. Per idempotency key: how often it reached the backend. A second delivery is allowed only
  //    after a first whose answer never came back (lost, or its page died); never after a known success.
  const deliveriesByKey = new Map<string, typeof backend.stats.deliveries>();
  for (const delivery of backend.stats.deliveries) {
    const list = deliveriesByKey.get(delivery.idempotencyKey) ?? [];
    list.push(delivery);
    deliveriesByKey.set(delivery.idempotencyKey, list);
  }
  let resentAfterSuccess = 0;
  let redeliveredAfterLostAnswer = 0;
  for (const list of deliveriesByKey.values()) {
    list.slice(0, -1).forEach((delivery) => {
      if (delivery.answered) resentAfterSuccess++;
      else redeliveredAfterLostAnswer++;
    });
  }
  let deliveredAfterSent = 0;
  backend.stats.deliveries.forEach((delivery, index) => {
    const at = deliveriesAtSent.get(delivery.idempotencyKey);
    if (at !== undefined && index >= at) deliveredAfterSent++;
  });

  const figures = {
    events: EVENTS,
    votes: counters.votes,
    switches: counters.switches,
    retractions: counters.retractions,
    'calls to the backend': backend.stats.calls,
    'failures injected': backend.stats.failuresInjected,
    'of which lost responses': backend.stats.lostResponses,
    'of which hangs': backend.stats.hangs,
    retries: counts.retries,
    reloads: counts.reloads,
    'offline spells': counts.offlineSpells,
    'page-hide flushes': counts.hides,
    'intents replaced before sending': counts.superseded,
    'retractions needing no request': counts.dropped,
    'writes applied': backend.stats.deliveries.length,
    'redelivered after a lost answer (same key)': redeliveredAfterLostAnswer,
    'resent after a known success': resentAfterSuccess,
    'stale writes applied': staleApplications,
    'entries left in the outbox': left.length,
    'quiet checkpoints compared': checkpoints + 1,
    'mismatches (all checkpoints)': mismatches,
  };
  console.log(`fault injection (seed ${SEED}):\n${Object.entries(figures).map(([k, v]) => `  ${k}: ${v}`).join('\n')}`);

  expect(left).toEqual([]);
  expect(counts.failed).toBe(0);
  expect(mismatches).toBe(0);
  expect(staleApplications).toBe(0);
  expect(resentAfterSuccess).toBe(0);
  expect(deliveredAfterSent).toBe(0);
  // The run must actually have been hostile, or it proves nothing.
  expect(backend.stats.failuresInjected).toBeGreaterThan(EVENTS / 10);
  expect(backend.stats.lostResponses).toBeGreaterThan(10);
  expect(counts.reloads).toBeGreaterThan(3);
  for (const tab of tabs) tab.outbox.dispose();
}, 120_000); // a few seconds on an idle machine; the bound is for a loaded CI runner
