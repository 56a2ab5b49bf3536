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
 * Thousands of votes, switches and retractions by many users, reviewer labels, bulk writes and
 * notes on many spans, sent through a hostile network (failures, hangs, lost responses, and late
 * landings: writes a server applies after its client gave up) by two tabs whose pages reload while
 * writes are in flight. Afterwards the backend must hold exactly the last intent of every key, every
 * note exactly once, no write may have been applied after a newer one for the same key except late
 * landings (which the outbox's read-back must then have repaired), and no write may have been sent
 * again after its success was known.
 */

const SEED = 20261128;
// FAULT_EVENTS overrides the number of events; FAULT_DEBUG=1 prints the history of any mismatch.
const EVENTS = Number(process.env.FAULT_EVENTS ?? 3_000);
const USERS = 12;
const TARGETS = 20;
const REVIEWERS = 4;
const ATTEMPT_TIMEOUT_MS = 1_000;
const VERIFY_AFTER_MS = 10_000;
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


it('keeps exactly the last intent of every vote, label and bulk write, and every note once, through failures, time-outs, lost responses, late landings and reloads', async () => {
  const random = seededRandom(SEED);
  const inner = createMemoryAdapter();
  const backend = createFaultyBackend(inner, {
    random: seededRandom(SEED + 1),
    failureRate: 0.2,
    hangRate: 0.03,
    lostResponseRate: 0.06,
    lateLandingRate: 0.02,
    // Applied 1.2 to 5 s after the call, long after the client gave up (1 s), before the read-back (10 s after the key drained).
    lateLandingDelayMs: [1_200, 5_000],
    readFailureRate: 0.1,
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

  const counts = { retries: 0, sentEvents: 0, superseded: 0, dropped: 0, failed: 0, reloads: 0, offlineSpells: 0, hides: 0, readBacks: 0, repaired: 0 };
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
      batchSize: 8,
      verifyAfterMs: VERIFY_AFTER_MS,
      onEvent: (event) => {
        if (event.type === 'retry') counts.retries++;
        if (event.type === 'superseded') counts.superseded++;
        if (event.type === 'dropped') counts.dropped++;
        if (event.type === 'failed') counts.failed++;
        if (event.type === 'verified') {
          counts.readBacks++;
          if (event.repaired) counts.repaired++;
        }
        // A repair re-sends the latest intent of its key under a new idempotency key: it counts as that intent.
        if (event.type === 'queued' && !intentOrder.has(event.entry.id)) intentOrder.set(event.entry.id, latestOrder.get(event.entry.key) ?? -1);
        if (event.type === 'sent') {
          counts.sentEvents++;
          deliveriesAtSent.set(event.entry.id, backend.stats.deliveries.length);
        }
      },
    });
    return { page, outbox: outbox.start() };
  };
  const tabs = [newTab(), newTab()];

  // What each user or reviewer last meant, and the order of every intent (by idempotency key) per key.
  type Intent = string | null;
  const intended = new Map<string, Intent>();
  const intentOrder = new Map<string, number>();
  const latestOrder = new Map<string, number>();
  const history = new Map<string, unknown[]>();
  const notesWritten = new Map<string, string>(); // idempotency key → text
  const voteRef = (t: number, u: number): AnnotationRef => ({ target: spanTarget(`span-${t}`), name: 'user_feedback', identifier: `user:${u}` });
  const labelRef = (t: number, r: number): AnnotationRef => ({ target: spanTarget(`span-${t}`), name: 'quality', identifier: `reviewer:${r}` });
  const counters = { votes: 0, switches: 0, retractions: 0, labels: 0, labelRemovals: 0, bulkWrites: 0, bulkSpans: 0, notes: 0 };
  const remember = (key: string, next: Intent, id: string, event: number, detail: unknown) => {
    intended.set(key, next);
    if (!history.has(key)) history.set(key, []);
    history.get(key)!.push(detail);
    intentOrder.set(id, event);
    latestOrder.set(key, event);
  };
  const allTargets = Array.from({ length: TARGETS }, (_, t) => spanTarget(`span-${t}`));

  // Let every tab drain (retries, claims of dead pages expiring, the last writes landing, late
  // landings and the read-backs after them), then compare what the backend holds with what was meant.
  async function drain() {
    for (let round = 0; round < 200; round++) {
      await time.advance(5_000);
      const { entries } = await shared.transact(() => ({ result: null }));
      if (entries.length === 0) break;
    }
    return (await shared.transact(() => ({ result: null }))).entries;
  }
  async function countMismatches() {
    const stored = new Map((await inner.listAnnotations({ targets: allTargets })).map((annotation) => [annotationKey(annotation), annotation.label] as const));
    let count = 0;
    for (const [key, label] of intended) {
      if ((stored.get(key) ?? null) === label) continue;
      count++;
      if (process.env.FAULT_DEBUG) {
        console.log('MISMATCH', key, 'intended', label, 'stored', stored.get(key) ?? null);
        console.log('  intents', JSON.stringify(history.get(key)));
        console.log('  deliveries', JSON.stringify(backend.stats.deliveries.filter((d) => d.key === key).map((d) => [d.method, intentOrder.get(d.idempotencyKey), d.answered, d.late])));
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
    const tab = tabs[Math.floor(random() * tabs.length)]!;
    const kind = random();
    if (kind < 0.2) {
      // A reviewer labels a span (or clears the label), as the annotation panel does.
      const [t, r] = [Math.floor(random() * TARGETS), Math.floor(random() * REVIEWERS)];
      const ref = labelRef(t, r);
      const key = annotationKey(ref);
      const next: Intent = intended.get(key) && random() < 0.2 ? null : random() < 0.5 ? 'good' : 'bad';
      const ticket = next === null ? tab.outbox.delete(ref) : tab.outbox.upsert({ ...ref, annotatorKind: 'HUMAN', label: next });
      if (next === null) counters.labelRemovals++;
      else counters.labels++;
      remember(key, next, ticket.id, event, [event, 'label', next, tabs.indexOf(tab)]);
    } else if (kind < 0.23) {
      // A reviewer applies one label to several spans at once, as bulk annotation does.
      const r = Math.floor(random() * REVIEWERS);
      const label = random() < 0.5 ? 'good' : 'bad';
      const spans = [...new Set(Array.from({ length: 3 + Math.floor(random() * 12) }, () => Math.floor(random() * TARGETS)))];
      const tickets = tab.outbox.upsertMany(spans.map((t) => ({ ...labelRef(t, r), annotatorKind: 'HUMAN' as const, label })));
      spans.forEach((t, index) => remember(annotationKey(labelRef(t, r)), label, tickets[index]!.id, event, [event, 'bulk', label, tabs.indexOf(tab)]));
      counters.bulkWrites++;
      counters.bulkSpans += spans.length;
    } else if (kind < 0.28) {
      // A reviewer adds a note: appended, never coalesced with another.
      const text = `note ${event}`;
      const ticket = tab.outbox.addNote({ target: spanTarget(`span-${Math.floor(random() * TARGETS)}`), text, userId: `reviewer:${Math.floor(random() * REVIEWERS)}` });
      notesWritten.set(ticket.id, text);
      counters.notes++;
    } else {
      // A vote, switch or retraction. A third of them are the same user changing their mind on the
      // same message: within milliseconds (queued intents coalesce) or a second or two later (while
      // the previous write is in flight, timing out, or waiting for its retry).
      const [t, u] = burst ? previous : [Math.floor(random() * TARGETS), Math.floor(random() * USERS)];
      previous = [t, u];
      const ref = voteRef(t, u);
      const key = annotationKey(ref);
      const current = intended.get(key) ?? null;
      let next: Intent;
      if (current === null) next = random() < 0.5 ? 'positive' : 'negative';
      else next = random() < 0.5 ? null : current === 'positive' ? 'negative' : 'positive';
      if (current === null) counters.votes++;
      else if (next === null) counters.retractions++;
      else counters.switches++;
      // As the hook does: a user with no vote (read back or intended) has nothing stored.
      const baseline = current === null ? 'absent' : 'unknown';
      const ticket =
        next === null
          ? tab.outbox.delete(ref, { baseline })
          : tab.outbox.upsert({ ...ref, annotatorKind: 'HUMAN', label: next, score: next === 'positive' ? 1 : 0 }, { baseline });
      remember(key, next, ticket.id, event, [event, next, baseline, tabs.indexOf(tab)]);
    }

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

  // 2. No write was applied after a newer one for the same key, unless it landed late (after its
  //    client gave up): those are what the read-back is for, and the final state above is checked.
  let staleApplications = 0;
  let lateOverwrites = 0;
  const lastApplied = new Map<string, number>();
  for (const delivery of backend.stats.deliveries) {
    if (delivery.method === 'note') continue;
    const order = intentOrder.get(delivery.idempotencyKey);
    expect(order, 'every delivery carries the idempotency key of an intent').toBeDefined();
    if (order! < (lastApplied.get(delivery.key) ?? -1)) {
      if (delivery.late) lateOverwrites++;
      else staleApplications++;
    }
    lastApplied.set(delivery.key, Math.max(order!, lastApplied.get(delivery.key) ?? -1));
  }

  // 3. Per idempotency key: how often it reached the backend. A second delivery is allowed only
  //    after a first whose answer never came back (lost, or its page died); never after a known
  //    success. A late landing is not a resend: it is a first attempt arriving after its retry.
  const deliveriesByKey = new Map<string, typeof backend.stats.deliveries>();
  for (const delivery of backend.stats.deliveries) {
    if (delivery.late) continue;
    const id = `${delivery.idempotencyKey}|${delivery.key}`;
    const list = deliveriesByKey.get(id) ?? [];
    list.push(delivery);
    deliveriesByKey.set(id, list);
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
    if (at !== undefined && index >= at && !delivery.late) deliveredAfterSent++;
  });

  // 4. Every note is stored exactly once, however often it was sent.
  const storedNotes = await inner.listNotes!({ targets: allTargets });
  const storedTexts = storedNotes.map((note) => note.text);
  const notesLost = [...notesWritten.values()].filter((text) => !storedTexts.includes(text)).length;
  const noteDuplicates = storedTexts.length - new Set(storedTexts).size;
  const noteDeliveries = backend.stats.deliveries.filter((delivery) => delivery.method === 'note').length;

  const figures = {
    events: EVENTS,
    votes: counters.votes,
    switches: counters.switches,
    retractions: counters.retractions,
    'reviewer labels': counters.labels,
    'reviewer labels cleared': counters.labelRemovals,
    'bulk writes': counters.bulkWrites,
    'spans in bulk writes': counters.bulkSpans,
    notes: counters.notes,
    'calls to the backend': backend.stats.calls,
    'failures injected': backend.stats.failuresInjected,
    'of which lost responses': backend.stats.lostResponses,
    'of which hangs': backend.stats.hangs,
    'of which late landings': backend.stats.lateLandings,
    'failed reads': backend.stats.readFailures,
    retries: counts.retries,
    reloads: counts.reloads,
    'offline spells': counts.offlineSpells,
    'page-hide flushes': counts.hides,
    'intents replaced before sending': counts.superseded,
    'retractions needing no request': counts.dropped,
    'writes applied': backend.stats.deliveries.length,
    'redelivered after a lost answer (same key)': redeliveredAfterLostAnswer,
    'resent after a known success': resentAfterSuccess,
    'stale writes applied (not late)': staleApplications,
    'late landings that overwrote a newer intent': lateOverwrites,
    'keys read back after an unanswered attempt': counts.readBacks,
    'keys repaired by the read-back': counts.repaired,
    'note deliveries (with resends)': noteDeliveries,
    'notes stored': storedTexts.length,
    'notes lost': notesLost,
    'notes stored twice': noteDuplicates,
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
  expect(notesLost).toBe(0);
  expect(noteDuplicates).toBe(0);
  expect(storedTexts.length).toBe(notesWritten.size);
  // The run must actually have been hostile, or it proves nothing.
  expect(backend.stats.failuresInjected).toBeGreaterThan(EVENTS / 10);
  expect(backend.stats.lostResponses).toBeGreaterThan(10);
  expect(counts.reloads).toBeGreaterThan(3);
  expect(lateOverwrites).toBeGreaterThan(0);
  expect(counts.repaired).toBeGreaterThan(0);
  for (const tab of tabs) tab.outbox.dispose();
}, 180_000); // several seconds on an idle machine; the bound is for a loaded CI runner
