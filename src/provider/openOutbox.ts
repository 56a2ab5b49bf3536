import type { AnnotationAdapter } from '../core/adapter';
import { backendOf } from '../core/outbox/keys';
import { Outbox } from '../core/outbox/outbox';
import { createIndexedDBOutboxStorage, createLocalStorageOutboxStorage, createMemoryOutboxStorage } from '../core/outbox/storage';
import type { OutboxStorage } from '../core/outbox/types';

// Loaded on demand (a dynamic import from the provider): the outbox engine, its storages, the
// cross-tab leader and the cache follower are paid for when the provider mounts in a browser, not in
// the first bundle.

export { followOutbox } from './followOutbox';

/** Where the provider's outbox keeps queued writes. `auto`: IndexedDB, else localStorage, else memory. */
export type OutboxStorageSetting = 'auto' | 'indexedDB' | 'localStorage' | 'memory';

/**
 * Whether this storage works here: private modes and disabled storage throw on first use, and some
 * browsers have left IndexedDB's open request hanging; after 3 s the next storage is used.
 */
async function usable(storage: OutboxStorage): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 3_000)));
  const read = storage.transact(() => ({ result: null })).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([read, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

function localStorageWorks(): boolean {
  try {
    const probe = 'annokit:outbox:probe';
    localStorage.setItem(probe, '1');
    localStorage.removeItem(probe);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens the provider's outbox for one backend over the most durable storage the setting allows,
 * under a namespace of its own per backend (`outboxKey`, default the name). A backend that lives in
 * this page only (`outboxKey: null`) gets memory storage: its writes could not outlive it anyway.
 * Memory storages are kept per backend, so an outbox opened again finds the writes the last one held.
 */
export async function openOutbox(
  adapter: AnnotationAdapter,
  setting: OutboxStorageSetting,
  memory: Map<unknown, OutboxStorage>,
): Promise<Outbox> {
  const backend = backendOf(adapter);
  const namespace = `annokit:outbox:${typeof backend === 'string' ? backend : adapter.name}`;
  let storage: OutboxStorage | null = null;
  if (typeof backend !== 'string') setting = 'memory';
  if ((setting === 'auto' || setting === 'indexedDB') && typeof indexedDB !== 'undefined') {
    const candidate = createIndexedDBOutboxStorage({ databaseName: namespace });
    if (await usable(candidate)) storage = candidate;
  }
  if (!storage && (setting === 'auto' || setting === 'localStorage') && typeof localStorage !== 'undefined' && localStorageWorks()) {
    storage = createLocalStorageOutboxStorage({ key: namespace });
  }
  if (!storage) {
    storage = memory.get(backend) ?? createMemoryOutboxStorage();
    memory.set(backend, storage);
  }
  return new Outbox({ adapter, storage, namespace });
}
