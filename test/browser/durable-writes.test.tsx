/*
 * Nothing a person writes is lost at the seams, in Chromium, with the provider's defaults (no
 * `outbox` prop) and a backend that fails every write until it "comes back":
 * - a vote survives a reload (the provider unmounted, a fresh provider and a fresh adapter object
 *   mounted over the same browser storage, which is shown to be the real IndexedDB);
 * - a vote survives the host re-rendering with new adapter objects;
 * - a reviewer's label survives pressing `j` in the review queue while the write fails.
 */
import '../../src/styles/styles.css';
import { useState, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { FeedbackButtons, ReviewQueue } from '../../src';
import { AnnokitError, annotationKey, type AnnotationAdapter } from '../../src/core';
import { AnnotationProvider } from '../../src/provider';
import { QUALITY, REVIEWER, answerSpans } from '../components/trace-viewer/fixtures';

const WAIT = { timeout: 20_000, interval: 100 };
const USER = { id: 'end-user-1' };
const target = { kind: 'span' as const, spanId: 'msg-1' };

/**
 * A backend that outlives the page (as a server does): one store, any number of adapter objects
 * over it. While `down`, every write fails as a network error would; `deliveries` counts the writes
 * that reached the store and `refused` the attempts turned away while down, both per (target, name,
 * identifier).
 */
function createBackend(name: string, seed?: Parameters<typeof createMemoryAdapter>[0]) {
  const store = createMemoryAdapter(seed);
  const state = { down: true, deliveries: new Map<string, number>(), refused: new Map<string, number>(), adapterObjects: 0 };
  const count = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  const deliver = (key: string) => count(state.deliveries, key);
  const fail = (keys: string[]) => {
    for (const key of keys) count(state.refused, key);
    return new AnnokitError('The backend is unreachable', { code: 'network' });
  };
  /** A fresh adapter object over the same backend, as a host that builds it inline makes on each render. */
  const adapter = (): AnnotationAdapter => {
    state.adapterObjects += 1;
    return {
      ...store,
      name,
      // A server outlives the page: not the in-page store's `outboxKey: null`.
      outboxKey: name,
      async upsertAnnotations(inputs, options) {
        const keys = inputs.map((input) => annotationKey({ target: input.target, name: input.name, identifier: input.identifier ?? '' }));
        if (state.down) throw fail(keys);
        const stored = await store.upsertAnnotations(inputs, options);
        for (const key of keys) deliver(key);
        return stored;
      },
      async deleteAnnotations(refs, options) {
        const keys = refs.map((ref) => annotationKey(ref));
        if (state.down) throw fail(keys);
        await store.deleteAnnotations(refs, options);
        for (const key of keys) deliver(key);
      },
      async addNote(input, options) {
        if (state.down) throw fail([]);
        return store.addNote(input, options);
      },
    };
  };
  return { store, state, adapter };
}

/** The entries the default outbox persisted, read straight from the browser's IndexedDB. */
function readIndexedDB(databaseName: string, storeName = 'outbox'): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(databaseName);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains(storeName)) {
        db.close();
        resolve([]);
        return;
      }
      const request = db.transaction(storeName, 'readonly').objectStore(storeName).getAll();
      request.onsuccess = () => {
        db.close();
        resolve(request.result);
      };
      request.onerror = () => reject(request.error);
    };
  });
}

const names: string[] = [];
/** A backend name of its own per test, so tests never share a persisted queue. */
const uniqueName = (label: string) => {
  const name = `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  names.push(name);
  return name;
};
afterEach(async () => {
  for (const name of names.splice(0)) indexedDB.deleteDatabase(`annokit:outbox:${name}`);
});

describe('durable by default (Chromium)', () => {
  it('a vote made while the backend is down arrives exactly once after a reload', async () => {
    const name = uniqueName('reload');
    const backend = createBackend(name);
    const voteKey = annotationKey({ target, name: 'user_feedback', identifier: USER.id });
    const page = () => (
      <AnnotationProvider adapter={backend.adapter()} user={USER}>
        <FeedbackButtons target={target} />
      </AnnotationProvider>
    );

    const first = await render(page());
    await userEvent.click(first.getByRole('button', { name: 'Good response' }));
    await expect.element(first.getByRole('button', { name: 'Good response' })).toHaveAttribute('aria-pressed', 'true');
    // The vote waits in the browser's real IndexedDB, not in page memory.
    await expect
      .poll(async () => (await readIndexedDB(`annokit:outbox:${name}`)).length, WAIT)
      .toBe(1);
    const [persisted] = (await readIndexedDB(`annokit:outbox:${name}`)) as { key: string; write: { type: string } }[];
    expect(persisted).toMatchObject({ key: voteKey, write: { type: 'upsert' } });

    // "Reload": everything of the page goes away; a fresh provider and adapter object mount.
    await first.unmount();
    const second = await render(page());
    // The reloaded page shows the vote it still owes the backend.
    await expect.element(second.getByRole('button', { name: 'Good response' })).toHaveAttribute('aria-pressed', 'true');
    backend.state.down = false;
    await expect.poll(() => backend.state.deliveries.get(voteKey) ?? 0, WAIT).toBe(1);
    await expect.poll(async () => (await backend.store.listAnnotations({ targets: [target] }))[0]?.label, WAIT).toBe('positive');
    // Nothing left to send; only the read-back that follows a write whose attempts got no answer.
    const writesLeft = async () =>
      ((await readIndexedDB(`annokit:outbox:${name}`)) as { write: { type: string } }[]).filter((entry) => entry.write.type !== 'verify');
    await expect.poll(async () => (await writesLeft()).length, WAIT).toBe(0);
    // Exactly once, also some time later.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(backend.state.deliveries.get(voteKey)).toBe(1);
    await second.unmount();
  });

  it('a vote made while the backend is down arrives once after the host re-renders with new adapter objects', async () => {
    const backend = createBackend(uniqueName('rerender'));
    const voteKey = annotationKey({ target, name: 'user_feedback', identifier: USER.id });
    let rerender!: () => void;
    // The README's first example, as hosts write it: the adapter built inline while rendering.
    function Host({ children }: { children: ReactNode }) {
      const [, setCount] = useState(0);
      rerender = () => setCount((count) => count + 1);
      return (
        <AnnotationProvider adapter={backend.adapter()} user={USER}>
          {children}
        </AnnotationProvider>
      );
    }
    const screen = await render(
      <Host>
        <FeedbackButtons target={target} />
      </Host>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Bad response' }));
    await expect.element(screen.getByRole('button', { name: 'Bad response' })).toHaveAttribute('aria-pressed', 'true');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const objectsBefore = backend.state.adapterObjects;
    rerender();
    await new Promise((resolve) => setTimeout(resolve, 100));
    rerender();
    await expect.poll(() => backend.state.adapterObjects).toBeGreaterThanOrEqual(objectsBefore + 2);
    await expect.element(screen.getByRole('button', { name: 'Bad response' })).toHaveAttribute('aria-pressed', 'true');
    backend.state.down = false;
    await expect.poll(() => backend.state.deliveries.get(voteKey) ?? 0, WAIT).toBe(1);
    expect((await backend.store.listAnnotations({ targets: [target] }))[0]?.label).toBe('negative');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(backend.state.deliveries.get(voteKey)).toBe(1);
    await screen.unmount();
  });
});

const SPANS = answerSpans(['q1', 'q2', 'q3']);

describe('reviewer writes are durable (Chromium)', () => {
  it('a label picked in the review queue arrives although its write failed after the reviewer pressed j (Shift+J from inside the panel)', async () => {
    const backend = createBackend(uniqueName('queue'), { seed: { spans: SPANS } });
    await backend.store.upsertAnnotationConfig(QUALITY);
    const labelKey = annotationKey({ target: { kind: 'span', spanId: 'q1' }, name: 'quality', identifier: REVIEWER.id });
    const [adapter] = [backend.adapter()];
    const screen = await render(
      <AnnotationProvider adapter={adapter} user={REVIEWER}>
        <ReviewQueue spans={SPANS} height={240} />
      </AnnotationProvider>,
    );
    const field = () => document.querySelector<HTMLElement>('[data-slot="annotation-field"][data-name="quality"]');
    await expect.poll(() => field(), WAIT).not.toBeNull();
    field()!.focus();
    // Pick "good" with its key, then move on at once, before the autosave pause has passed.
    await userEvent.keyboard('1');
    await userEvent.keyboard('{Shift>}J{/Shift}');
    await expect.poll(() => document.querySelector('[data-slot="review-queue-item"]')?.getAttribute('data-span-id')).toBe('q2');
    // The label's write is tried and fails (the backend is down), and is tried again after that.
    await expect.poll(() => backend.state.refused.get(labelKey) ?? 0, WAIT).toBeGreaterThanOrEqual(2);
    // The panel that made the write is gone; the queue's outbox status still shows it waiting.
    expect(document.querySelector('[data-slot="outbox-status"]')?.getAttribute('data-state')).toBe('pending');
    backend.state.down = false;
    await expect.poll(() => backend.state.deliveries.get(labelKey) ?? 0, WAIT).toBe(1);
    const stored = await backend.store.listAnnotations({ targets: [{ kind: 'span', spanId: 'q1' }], names: ['quality'] });
    expect(stored.map((annotation) => [annotation.identifier, annotation.label])).toEqual([[REVIEWER.id, 'good']]);
    await screen.unmount();
  });
});
