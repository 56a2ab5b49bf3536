/**
 * Two outboxes in one Chromium page behave as two tabs of one origin towards the browser's own
 * primitives: they share localStorage, contend for the same Web Lock (`navigator.locks`) and hear
 * each other on a BroadcastChannel. No fakes here: this is the "sent once with several tabs open"
 * promise checked against the real APIs the default outbox uses.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { createLocalStorageOutboxStorage, Outbox, type AnnotationAdapter, type AnnotationInput } from '../../src/core';

/** The memory adapter, counting how many times each idempotency key reaches it. */
function countingAdapter() {
  const inner = createMemoryAdapter();
  const sends = new Map<string, number>();
  const count = (key: string | undefined) => sends.set(key ?? '(none)', (sends.get(key ?? '(none)') ?? 0) + 1);
  const adapter: AnnotationAdapter = {
    ...inner,
    upsertAnnotations: (inputs, options) => {
      count(options?.idempotencyKey);
      return inner.upsertAnnotations(inputs, options);
    },
    deleteAnnotations: (refs, options) => {
      count(options?.idempotencyKey);
      return inner.deleteAnnotations(refs, options);
    },
  };
  return { adapter, sends, inner };
}

const vote = (message: number, user: string, label: 'positive' | 'negative'): AnnotationInput => ({
  target: { kind: 'span', spanId: `msg-${message}` },
  name: 'user_feedback',
  annotatorKind: 'HUMAN',
  label,
  score: label === 'positive' ? 1 : 0,
  identifier: user,
});

const opened: Outbox[] = [];
function openTab(adapter: AnnotationAdapter, namespace: string): Outbox {
  const outbox = new Outbox({ adapter, namespace, storage: createLocalStorageOutboxStorage({ key: `${namespace}:entries` }) });
  opened.push(outbox.start());
  return outbox;
}

afterEach(() => {
  for (const outbox of opened.splice(0)) outbox.dispose();
});

describe('Outbox across tabs, with the browser’s Web Locks, BroadcastChannel and localStorage', () => {
  it('sends every vote queued in either tab exactly once, the latest intent per (message, user) winning', async () => {
    const namespace = `tabs-${crypto.randomUUID()}`;
    const { adapter, sends, inner } = countingAdapter();
    const tabA = openTab(adapter, namespace);
    const tabB = openTab(adapter, namespace);
    await expect.poll(() => [tabA.getSnapshot().isLeader, tabB.getSnapshot().isLeader].filter(Boolean).length).toBe(1);

    // 40 messages; each tab votes for its own user, and user "both" votes in A then switches in B.
    const tickets = [];
    for (let message = 0; message < 40; message += 1) {
      tickets.push(tabA.upsert(vote(message, 'ana', message % 2 ? 'positive' : 'negative')));
      tickets.push(tabB.upsert(vote(message, 'bo', message % 3 ? 'negative' : 'positive')));
    }
    for (let message = 0; message < 10; message += 1) {
      const first = tabA.upsert(vote(message, 'both', 'positive'), { delayMs: 200 });
      await first.persisted;
      tickets.push(tabB.upsert(vote(message, 'both', 'negative'), { delayMs: 200 }));
    }
    await Promise.all(tickets.map((ticket) => ticket.persisted));
    await expect.poll(() => tabA.getSnapshot().keys.size + tabB.getSnapshot().keys.size, { timeout: 15_000 }).toBe(0);

    const stored = await inner.listAnnotations({
      targets: Array.from({ length: 40 }, (_, message) => ({ kind: 'span' as const, spanId: `msg-${message}` })),
    });
    const state = new Map(stored.map((annotation) => [`${annotation.target.kind === 'span' ? annotation.target.spanId : ''}/${annotation.identifier}`, annotation.label]));
    expect(state.size).toBe(90);
    for (let message = 0; message < 40; message += 1) {
      expect(state.get(`msg-${message}/ana`)).toBe(message % 2 ? 'positive' : 'negative');
      expect(state.get(`msg-${message}/bo`)).toBe(message % 3 ? 'negative' : 'positive');
    }
    for (let message = 0; message < 10; message += 1) expect(state.get(`msg-${message}/both`)).toBe('negative');
    // Nothing reached the backend twice; the superseded "both" votes never reached it at all.
    expect([...sends.values()].filter((times) => times > 1)).toEqual([]);
    expect(sends.size).toBe(90);
  });

  it('hands the queue to the other tab when the sending tab closes before its writes went out', async () => {
    const namespace = `tabs-${crypto.randomUUID()}`;
    const { adapter, sends, inner } = countingAdapter();
    const tabA = openTab(adapter, namespace);
    await expect.poll(() => tabA.getSnapshot().isLeader).toBe(true);
    const tabB = openTab(adapter, namespace);

    // Queued in the leader's undo window, then the leader tab closes.
    const tickets = [1, 2, 3].map((message) => tabA.upsert(vote(message, 'ana', 'positive'), { delayMs: 300 }));
    await Promise.all(tickets.map((ticket) => ticket.persisted));
    tabA.dispose();

    await expect.poll(() => tabB.getSnapshot().isLeader).toBe(true);
    await expect.poll(() => tabB.getSnapshot().keys.size, { timeout: 15_000 }).toBe(0);
    const stored = await inner.listAnnotations({ targets: [1, 2, 3].map((message) => ({ kind: 'span' as const, spanId: `msg-${message}` })) });
    expect(stored.map((annotation) => annotation.label)).toEqual(['positive', 'positive', 'positive']);
    expect([...sends.values()]).toEqual([1, 1, 1]);
  });
});
