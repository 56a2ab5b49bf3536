/**
 * Durability through the real server: thousands of votes, switches and retractions by several
 * users, each with their own outbox (the core `Outbox` over the Phoenix adapter, as each user's
 * browser has one), go to Phoenix through a fault-injecting proxy (test/phoenix/support/fault-proxy):
 * refused connections while it is down, 503s, connections reset after the request was forwarded,
 * delays, answers held past the adapter's time-out, and requests held past it and forwarded after
 * the client gave up (late landings). At the end the faults stop, every outbox drains, every held
 * request lands, and Phoenix is read directly (REST, not through the proxy): it must hold exactly
 * the last intent of every (span, user), once.
 *
 * The fake-based soak (test/core/outbox/fault-injection.test.ts) covers reloads and tabs with
 * virtual time; this one covers what only a real server and a real network stack do.
 * DURABILITY_EVENTS overrides the number of intents, DURABILITY_SEED the seed; DURABILITY_DEBUG=1 prints each mismatch's history.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPhoenixAdapter } from '../../src/adapters/phoenix';
import { encodeIdentifier } from '../../src/adapters/phoenix/identifiers';
import { Outbox, type OutboxEvent } from '../../src/core/outbox/index';
import type { AnnotationAdapter, RequestOptions } from '../../src/core/adapter';
import type { AnnotationInput, AnnotationRef } from '../../src/core';
import { annotationKey, spanTarget } from '../../src/core/targets';
import { seededRandom } from '../support/faultyAdapter';
import { FAULT_KINDS, startFaultProxy, type FaultProxy, type LandedWrite } from './support/fault-proxy';
import { freshAnswerSpan, phoenixRest, projectPath, uniqueName } from './support/rest';
import { seedSpans } from './support/seed';

const SEED = Number(process.env.DURABILITY_SEED ?? 20261214);
/** Intents (votes, switches, retractions) sent; DURABILITY_EVENTS overrides it. */
const EVENTS = Number(process.env.DURABILITY_EVENTS ?? 2_400);
const USERS = 12;
const SPANS = 24;
/** A third of the intents go to these few spans: hot keys, with every user on them. */
const HOT_SPANS = 3;
const NAME = 'user_feedback';
/** The adapter's per-request time-out; the proxy's `late` and `slowAnswer` faults go past it. */
const ADAPTER_TIMEOUT_MS = 1_500;
/** The outbox's bound on an attempt (an upsert is a POST and a read-back GET). */
const ATTEMPT_TIMEOUT_MS = 4_000;
/** How long past the adapter's time-out a late request may still land. */
const LATE_BY_MAX_MS = 4_000;
/**
 * The outbox's read-back delay after a write whose earlier attempt went unanswered: longer than the
 * latest a held request can land (time-out plus LATE_BY_MAX_MS), shorter than QUIET_MS, so the
 * comparison waits for it. Apps keep the default (30 s).
 */
const VERIFY_AFTER_MS = 6_000;
const RATES = { unavailable: 0.08, resetForwarded: 0.03, resetAnswered: 0.03, delay: 0.08, slowAnswer: 0.02, late: 0.03 };
/** After the last write, how long the network must be quiet before Phoenix is compared (room for a read-back repair). */
const QUIET_MS = 8_000;

type Vote = 'positive' | 'negative' | null;

interface Intent {
  at: number;
  vote: Vote;
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The Phoenix adapter with every upsert and delete attempt counted. */
function counted(adapter: AnnotationAdapter, attempts: { upsert: number; delete: number }): AnnotationAdapter {
  return {
    ...adapter,
    upsertAnnotations(inputs: AnnotationInput[], options?: RequestOptions) {
      attempts.upsert++;
      return adapter.upsertAnnotations(inputs, options);
    },
    deleteAnnotations(refs: AnnotationRef[], options?: RequestOptions) {
      attempts.delete++;
      return adapter.deleteAnnotations!(refs, options);
    },
  };
}

/** A fetch that tallies what the client saw: answers by status, refused connections, other network errors, time-outs. */
function tallyingFetch(tally: Map<string, number>): typeof fetch {
  const add = (what: string) => tally.set(what, (tally.get(what) ?? 0) + 1);
  return async (input, init) => {
    try {
      const response = await fetch(input, init);
      add(response.ok ? 'answered 2xx' : `answered ${response.status}`);
      return response;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      if (init?.signal?.aborted) add('timed out (aborted)');
      else if (cause?.code === 'ECONNREFUSED') add('connection refused');
      else add(`network error (${cause?.code ?? (error as Error).message})`);
      throw error;
    }
  };
}

interface StoredRow {
  span_id: string;
  name: string;
  identifier: string;
  result: { label: string | null } | null;
}

/** Every `user_feedback` row on the spans, read straight from Phoenix (paging through next_cursor). */
async function readPhoenix(url: string, project: string, spanIds: string[]): Promise<StoredRow[]> {
  const rest = phoenixRest(url);
  const rows: StoredRow[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams(spanIds.map((id) => ['span_ids', id]));
    query.set('include_annotation_names', NAME);
    query.set('limit', '1000');
    if (cursor) query.set('cursor', cursor);
    const page: { data: StoredRow[]; next_cursor: string | null } = await rest.json('GET', `${projectPath(project)}/span_annotations?${query}`);
    rows.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return rows;
}

interface Mismatch {
  key: string;
  intended: Vote;
  stored: string[];
  /** Whether a write for this key landed after its client had stopped waiting for it. */
  landedLate: boolean;
  /** How its late writes came to be late: the proxy's fault, or `slow Phoenix` (none injected; the adapter timed out). */
  lateBecause: string[];
}

interface SoakResult {
  mismatches: Mismatch[];
  duplicates: string[];
  failed: number;
  left: number;
  /** Scripts whose request was never held late (each must have been). */
  unfiredScripts: string[];
  proxy: FaultProxy;
}

/**
 * Three sequences that end stale unless a late landing is repaired, scripted on a span of their
 * own (no random fault touches it), so every run has them whatever chance does:
 * - `vote, retract`: the vote's POST lands after the retraction found nothing to delete;
 * - `vote, switch`: the first vote's POST lands after the switched vote;
 * - `retract, vote again`: the retraction's DELETE lands after the new vote.
 */
const SCRIPTS = ['vote, retract', 'vote, switch', 'retract, vote again'] as const;
/** How long past the adapter's time-out a scripted late request lands. */
const SCRIPTED_LATE_BY_MS = 2_000;

async function runSoak(url: string): Promise<SoakResult> {
  const started = Date.now();
  const random = seededRandom(SEED);
  const project = uniqueName('durability');
  const spans = Array.from({ length: SPANS + 1 }, (_, index) =>
    freshAnswerSpan({
      name: `answer-${index}`,
      startTime: Date.parse('2026-12-14T09:00:00Z') + index * 1000,
      durationMs: 800,
      input: `question ${index}`,
      output: `answer ${index}`,
    }),
  );
  const scriptedSpan = spans[SPANS]!.spanId;
  await seedSpans(url, project, spans);

  // The scripted span's requests pass untouched, except one per script, held late.
  const armed = new Set<(typeof SCRIPTS)[number]>();
  const proxy = await startFaultProxy({
    upstream: url,
    random: seededRandom(SEED + 1),
    rates: RATES,
    clientTimeoutMs: ADAPTER_TIMEOUT_MS,
    lateByMaxMs: LATE_BY_MAX_MS,
    decide({ method, url: target, body }) {
      if (!target.search.includes(scriptedSpan) && !body.includes(scriptedSpan)) return undefined;
      for (const script of armed) {
        const user = `script-${SCRIPTS.indexOf(script)}`;
        const mine = target.search.includes(user) || body.includes(`:${scriptedSpan}:${user}"`);
        const wanted = script === 'retract, vote again' ? method === 'DELETE' : method === 'POST';
        if (mine && wanted) {
          armed.delete(script);
          return { fault: 'late', lateByMs: SCRIPTED_LATE_BY_MS };
        }
      }
      return { fault: null };
    },
  });
  const tally = new Map<string, number>();
  const attempts = { upsert: 0, delete: 0 };
  const events = { sent: 0, retry: 0, superseded: 0, dropped: 0, failed: 0, queued: 0 };
  const readBacks = { verified: 0, repaired: 0 };
  const adapter = counted(
    createPhoenixAdapter({ baseUrl: proxy.url, projectName: project, timeoutMs: ADAPTER_TIMEOUT_MS, fetch: tallyingFetch(tally) }),
    attempts,
  );
  const onEvent = (event: OutboxEvent) => {
    if (event.type in events) events[event.type as keyof typeof events]++;
    if (event.type === 'verified') readBacks[event.repaired ? 'repaired' : 'verified']++;
  };
  // one outbox per user, as each user's browser has its own
  const newOutbox = (seed: number) =>
    new Outbox({
      adapter,
      environment: null,
      channel: null,
      attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
      verifyAfterMs: VERIFY_AFTER_MS,
      baseDelayMs: 250,
      maxDelayMs: 2_000,
      maxAttempts: 1_000,
      random: seededRandom(seed),
      onEvent,
    }).start();
  const outboxes = Array.from({ length: USERS }, (_, user) => newOutbox(SEED + 10 + user));
  const scriptOutboxes = SCRIPTS.map((_, index) => newOutbox(SEED + 50 + index));

  const intents = new Map<string, Intent[]>();
  /** The key as the proxy logs it: the name and the identifier the adapter writes to Phoenix. */
  const wireKeys = new Map<string, string>();
  const intended = new Map<string, Vote>();
  const counters = { votes: 0, switches: 0, retractions: 0 };
  /** Queues `next` for `user` on `spanId` as the feedback hook does, and records it as that user's latest intent. */
  const intend = (outbox: Outbox, spanId: string, user: string, next: Vote) => {
    const ref: AnnotationRef = { target: spanTarget(spanId), name: NAME, identifier: user };
    const key = annotationKey(ref);
    wireKeys.set(key, `${NAME}|${encodeIdentifier(ref.target, user)}`);
    const current = intended.get(key) ?? null;
    if (current === null) counters.votes++;
    else if (next === null) counters.retractions++;
    else counters.switches++;
    // a user with no vote (read back or intended) has nothing stored
    const baseline = current === null ? 'absent' : 'unknown';
    if (next === null) outbox.delete(ref, { baseline });
    else outbox.upsert({ ...ref, annotatorKind: 'HUMAN', label: next, score: next === 'positive' ? 1 : 0, userId: user }, { baseline });
    intended.set(key, next);
    intents.set(key, [...(intents.get(key) ?? []), { at: Date.now() - started, vote: next }]);
  };

  // Outages: the proxy goes down every few seconds for a second or more, refusing connections.
  let sending = true;
  const outages = (async () => {
    while (sending) {
      await sleep(4_000 + random() * 6_000);
      if (sending) await proxy.down(800 + random() * 2_200);
    }
  })();

  // Every user acts at once, each on their own seeded stream of choices.
  const perUser = Array.from({ length: USERS }, (_, user) => Math.floor(EVENTS / USERS) + (user < EVENTS % USERS ? 1 : 0));
  await Promise.all(
    perUser.map(async (count, user) => {
      const choose = seededRandom(SEED + 100 + user);
      let span = 0;
      let burst = false;
      for (let event = 0; event < count; event++) {
        if (!burst) span = choose() < 1 / 3 ? Math.floor(choose() * HOT_SPANS) : Math.floor(choose() * SPANS);
        const spanId = spans[span]!.spanId;
        const current = intended.get(annotationKey({ target: spanTarget(spanId), name: NAME, identifier: `user-${user}` })) ?? null;
        const next: Vote =
          current === null ? (choose() < 0.5 ? 'positive' : 'negative') : choose() < 0.5 ? null : current === 'positive' ? 'negative' : 'positive';
        intend(outboxes[user]!, spanId, `user-${user}`, next);
        // Over half of the intents are the user changing their mind on the same answer: within
        // milliseconds (queued intents coalesce) or a second or so later (while the last write is
        // in flight, timing out, held by the proxy or waiting for its retry).
        const roll = choose();
        burst = roll < 0.55;
        await sleep(roll < 0.35 ? choose() * 5 : roll < 0.55 ? 300 + choose() * 1_200 : choose() * 150);
      }
    }),
  );
  const sendingSeconds = (Date.now() - started) / 1000;
  sending = false;
  await outages;

  proxy.setFaults(false);
  const drainStarted = Date.now();
  const all = [...outboxes, ...scriptOutboxes];
  const idle = async () => {
    await Promise.all(all.map((outbox) => outbox.whenIdle()));
    await proxy.settled();
  };
  // every outbox drains, and every request the proxy still holds lands (late)
  await idle();
  const drainSeconds = (Date.now() - drainStarted) / 1000;

  // The scripted late landings, on a quiet server (so the next write surely overtakes the held one).
  await Promise.all(
    SCRIPTS.map(async (script, index) => {
      const outbox = scriptOutboxes[index]!;
      const user = `script-${index}`;
      if (script === 'retract, vote again') {
        intend(outbox, scriptedSpan, user, 'positive');
        await outbox.whenIdle();
      }
      armed.add(script);
      intend(outbox, scriptedSpan, user, script === 'retract, vote again' ? null : 'positive');
      // the next intent comes while the held request's client is still waiting for it
      await sleep(300);
      intend(outbox, scriptedSpan, user, script === 'vote, retract' ? null : script === 'vote, switch' ? 'negative' : 'positive');
    }),
  );

  // Phoenix must agree, as soon as it does, or once nothing has gone through the proxy for
  // QUIET_MS (so a repair that reads back after a grace period has had its chance).
  let comparison: Comparison;
  for (;;) {
    await idle();
    comparison = compare(await readPhoenix(url, project, spans.map((span) => span.spanId)), intended, wireKeys, proxy.writes);
    if (comparison.mismatches.length === 0 || proxy.quietFor() >= QUIET_MS) break;
    await sleep(500);
  }
  const settleSeconds = (Date.now() - drainStarted) / 1000 - drainSeconds;
  const left = all.reduce((sum, outbox) => sum + outbox.getSnapshot().entries.length, 0);
  const failed = all.reduce((sum, outbox) => sum + outbox.getSnapshot().entries.filter((entry) => entry.status === 'failed').length, 0);
  for (const outbox of all) outbox.dispose();

  const { mismatches, duplicates, lateKeys } = comparison;
  if (process.env.DURABILITY_DEBUG) {
    for (const mismatch of mismatches) {
      console.log('MISMATCH', mismatch.key, 'intended', mismatch.intended, 'stored', mismatch.stored);
      console.log('  intents', JSON.stringify(intents.get(mismatch.key)));
      console.log('  writes', JSON.stringify(proxy.writes.filter((write) => write.key === wireKeys.get(mismatch.key))));
    }
  }
  const scriptedKeys = new Set(SCRIPTS.map((_, index) => annotationKey({ target: spanTarget(scriptedSpan), name: NAME, identifier: `script-${index}` })));
  const randomStale = mismatches.filter((m) => m.landedLate && !scriptedKeys.has(m.key)).length;
  const keys = new Set([...intended.keys(), ...comparison.storedKeys]);
  const injected = Object.fromEntries(FAULT_KINDS.map((kind) => [`  ${kind}`, proxy.stats.injected[kind]]));
  const figures: Record<string, string | number> = {
    'intents (votes / switches / retractions)': `${counters.votes + counters.switches + counters.retractions} (${counters.votes} / ${counters.switches} / ${counters.retractions})`,
    'users / spans (hot) / keys': `${USERS} + ${SCRIPTS.length} scripted / ${SPANS} (${HOT_SPANS}) + 1 scripted / ${intended.size}`,
    'writes queued / landed / replaced before sending / retractions needing no request': `${events.queued} / ${events.sent} / ${events.superseded} / ${events.dropped}`,
    'attempts (upserts + deletes) / retries': `${attempts.upsert + attempts.delete} (${attempts.upsert} + ${attempts.delete}) / ${events.retry}`,
    'requests reaching the proxy / forwarded to Phoenix': `${proxy.stats.requests} / ${proxy.stats.forwarded}`,
    'faults injected': Object.values(proxy.stats.injected).reduce((a, b) => a + b, 0),
    ...injected,
    'outages (connections refused meanwhile) / requests dropped on open connections': `${proxy.stats.outages} / ${proxy.stats.droppedWhileDown}`,
    'what the adapter saw': [...tally.entries()].map(([what, count]) => `${what}: ${count}`).join(', '),
    'writes Phoenix applied after their client gave up (late landings)': proxy.stats.lateLandings,
    'keys with a late landing in their history': lateKeys.size,
    'time sending / draining / scripted and settling (s)': `${sendingSeconds.toFixed(1)} / ${drainSeconds.toFixed(1)} / ${settleSeconds.toFixed(1)}`,
    'entries left / failed': `${left} / ${failed}`,
    'read-backs after an unanswered attempt: agreed / repaired (latest intent sent again)': `${readBacks.verified} / ${readBacks.repaired}`,
    'keys agreeing with the last intent': `${keys.size - mismatches.length} of ${keys.size}`,
    'stale after a late landing: random keys / scripted keys': `${randomStale} of ${[...lateKeys].filter((key) => !scriptedKeys.has(key)).length} / ${mismatches.filter((m) => scriptedKeys.has(m.key)).length} of ${SCRIPTS.length}`,
    'how the stale keys\' writes came to land late': mismatches.flatMap((m) => m.lateBecause).join(', ') || 'none',
    'other mismatches': mismatches.filter((m) => !m.landedLate).length,
  };
  console.log(`durability through a faulty proxy to Phoenix (seed ${SEED}):\n${Object.entries(figures).map(([k, v]) => `  ${k}: ${v}`).join('\n')}`);
  return { mismatches, duplicates, failed, left, unfiredScripts: [...armed], proxy };
}

interface Comparison {
  mismatches: Mismatch[];
  duplicates: string[];
  lateKeys: Set<string>;
  storedKeys: Set<string>;
}

/** What Phoenix holds against what every user last meant, key by key. */
function compare(rows: StoredRow[], intended: Map<string, Vote>, wireKeys: Map<string, string>, writes: readonly LandedWrite[]): Comparison {
  const storedByKey = new Map<string, string[]>();
  const duplicates: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const prefix = `annokit:span:${row.span_id}:`;
    const user = row.identifier.startsWith(prefix) ? row.identifier.slice(prefix.length) : `(foreign identifier ${row.identifier})`;
    const key = annotationKey({ target: spanTarget(row.span_id), name: row.name, identifier: user });
    const rowKey = `${row.span_id}|${row.name}|${row.identifier}`;
    if (seen.has(rowKey)) duplicates.push(rowKey);
    seen.add(rowKey);
    storedByKey.set(key, [...(storedByKey.get(key) ?? []), row.result?.label ?? '(no label)']);
  }
  const late = new Map<string, string[]>();
  for (const write of writes) {
    if (write.landedAfterClientGaveUp) late.set(write.key, [...(late.get(write.key) ?? []), write.fault ?? 'slow Phoenix']);
  }
  const lateKeys = new Set<string>();
  const mismatches: Mismatch[] = [];
  for (const key of new Set([...intended.keys(), ...storedByKey.keys()])) {
    const lateBecause = late.get(wireKeys.get(key) ?? '') ?? [];
    const landedLate = lateBecause.length > 0;
    if (landedLate) lateKeys.add(key);
    const vote = intended.get(key) ?? null;
    const stored = storedByKey.get(key) ?? [];
    if (stored.length === (vote === null ? 0 : 1) && (vote === null || stored[0] === vote)) continue;
    mismatches.push({ key, intended: vote, stored, landedLate, lateBecause });
  }
  return { mismatches, duplicates, lateKeys, storedKeys: new Set(storedByKey.keys()) };
}

function describeMismatches(list: Mismatch[]): string {
  return list
    .slice(0, 10)
    .map((m) => `${m.key}: meant ${m.intended ?? 'no vote (retracted)'}, Phoenix holds ${m.stored.length ? m.stored.join(', ') : 'nothing'}${m.landedLate ? ` (a write landed late: ${m.lateBecause.join(', ')})` : ''}`)
    .join('\n');
}

describe('votes through a faulty network to the real Phoenix', () => {
  let result: SoakResult;
  beforeAll(async () => {
    result = await runSoak(inject('phoenixUrl'));
  }, 420_000);
  afterAll(async () => {
    await result?.proxy.close();
  });

  it('drains every write: nothing left pending, nothing failed', () => {
    expect(result.left).toBe(0);
    expect(result.failed).toBe(0);
  });

  it('was hostile: every kind of fault, outages and late landings happened', () => {
    for (const kind of FAULT_KINDS) expect(result.proxy.stats.injected[kind], kind).toBeGreaterThan(5);
    expect(result.proxy.stats.outages).toBeGreaterThanOrEqual(3);
    expect(result.proxy.stats.lateLandings).toBeGreaterThan(10);
    expect(result.unfiredScripts).toEqual([]);
  });

  it('never holds two annotations for one (span, name, user)', () => {
    expect(result.duplicates).toEqual([]);
    expect(result.mismatches.filter((m) => m.stored.length > 1)).toEqual([]);
  });

  it('holds exactly the last intent of every (span, user) none of whose writes landed late', () => {
    const lost = result.mismatches.filter((m) => !m.landedLate);
    expect(lost, `lost or stale without a late landing:\n${describeMismatches(lost)}`).toEqual([]);
  });

  // A timed-out write that Phoenix applies after a newer intent for its key would leave the stale
  // value there (every run: the three scripted sequences; some runs: a few random keys too). The
  // outbox reads such a key back VERIFY_AFTER_MS after it drained and re-sends the latest intent.
  it('holds exactly the last intent of every (span, user), late landings included (read back and repaired)', () => {
    const stale = result.mismatches.filter((m) => m.landedLate);
    expect(
      stale,
      `a write that timed out landed after a newer intent for its key and Phoenix kept the stale value (the outbox's read-back should have re-sent the latest intent):\n${describeMismatches(stale)}`,
    ).toEqual([]);
  });
});
