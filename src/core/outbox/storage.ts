import type { OutboxChange, OutboxEntry, OutboxStorage } from './types';
import { readEntries } from './types';

type Transact = OutboxStorage['transact'];

function apply<T>(entries: readonly OutboxEntry[], change: OutboxChange<T>): OutboxEntry[] {
  const removed = new Set(change.remove ?? []);
  const byId = new Map<string, OutboxEntry>();
  for (const entry of entries) if (!removed.has(entry.id)) byId.set(entry.id, entry);
  for (const entry of change.put ?? []) byId.set(entry.id, entry);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

const changed = (change: OutboxChange<unknown>) => (change.put?.length ?? 0) + (change.remove?.length ?? 0) > 0;

/** Runs transactions one after another, so a read-modify-write never interleaves with another. */
function serialize(run: Transact): Transact {
  let tail: Promise<unknown> = Promise.resolve();
  return (mutate) => {
    const next = tail.then(() => run(mutate));
    tail = next.catch(() => undefined);
    return next;
  };
}

function listeners() {
  const set = new Set<() => void>();
  return {
    subscribe(listener: () => void) {
      set.add(listener);
      return () => void set.delete(listener);
    },
    emit() {
      for (const listener of [...set]) listener();
    },
  };
}

/**
 * Entries kept in memory: they survive an outbox being recreated (share one storage between
 * instances) but not a page reload. The default where no browser storage exists.
 */
export function createMemoryOutboxStorage(): OutboxStorage {
  let entries: OutboxEntry[] = [];
  const events = listeners();
  return {
    kind: 'memory',
    transact: serialize(async (mutate) => {
      // Stored entries are frozen copies: handing them out needs no copy, and nobody can change them.
      const change = mutate(entries);
      if (changed(change)) {
        entries = apply(entries, { ...change, put: change.put?.map(freezeCopy) });
        queueMicrotask(events.emit);
      }
      return { result: change.result, entries };
    }),
    subscribe: events.subscribe,
  };
}

function freezeCopy(entry: OutboxEntry): OutboxEntry {
  return deepFreeze(structuredClone(entry));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

export interface LocalStorageOutboxOptions {
  /** The localStorage key holding the entries. Default `annokit:outbox`. */
  key?: string;
  /** The `Storage` to use. Default `globalThis.localStorage`. */
  storage?: Storage;
  /** Told how many stored entries could not be read (they are dropped, never sent half-parsed). */
  onInvalid?: (count: number) => void;
}

/**
 * Entries in localStorage under one key: they survive a reload and are shared by every tab of the
 * origin. Each transaction reads, decides and writes within one synchronous task.
 */
export function createLocalStorageOutboxStorage(options: LocalStorageOutboxOptions = {}): OutboxStorage {
  const key = options.key ?? 'annokit:outbox';
  const storage = options.storage ?? globalThis.localStorage;
  // The last string read or written and its entries: parsing and validating is skipped while it is unchanged.
  let cache: { raw: string; entries: OutboxEntry[] } | null = null;
  const read = (): OutboxEntry[] => {
    const raw = storage.getItem(key);
    if (raw === null) return [];
    if (cache?.raw === raw) return cache.entries;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      options.onInvalid?.(1);
      return [];
    }
    const { entries, invalid } = readEntries(parsed);
    if (invalid > 0) options.onInvalid?.(invalid);
    entries.sort((a, b) => a.seq - b.seq);
    cache = { raw, entries: deepFreeze(entries) };
    return cache.entries;
  };
  return {
    kind: 'localStorage',
    transact: serialize(async (mutate) => {
      const entries = read();
      const change = mutate(entries);
      if (!changed(change)) return { result: change.result, entries };
      const next = apply(entries, { ...change, put: change.put?.map(freezeCopy) });
      if (next.length === 0) {
        storage.removeItem(key);
        cache = null;
      } else {
        const raw = JSON.stringify(next);
        storage.setItem(key, raw);
        cache = { raw, entries: next };
      }
      return { result: change.result, entries: next };
    }),
    subscribe(listener) {
      if (typeof globalThis.addEventListener !== 'function') return () => undefined;
      // The storage event fires in the other tabs of the origin only, which is what we want.
      const onStorage = (event: StorageEvent) => {
        if (event.key === key || event.key === null) listener();
      };
      globalThis.addEventListener('storage', onStorage);
      return () => globalThis.removeEventListener('storage', onStorage);
    },
  };
}

export interface IndexedDBOutboxOptions {
  /** Database name. Default `annokit`. */
  databaseName?: string;
  /** Object store name. Default `outbox`. */
  storeName?: string;
  /** The `IDBFactory` to use. Default `globalThis.indexedDB`. */
  indexedDB?: IDBFactory;
  /** Told how many stored entries could not be read (they are dropped). */
  onInvalid?: (count: number) => void;
}

/**
 * Entries in IndexedDB, one record per entry. A transaction is one `readwrite` IDB transaction,
 * which the browser serialises across tabs, so concurrent enqueues from two tabs never collide.
 */
export function createIndexedDBOutboxStorage(options: IndexedDBOutboxOptions = {}): OutboxStorage {
  const databaseName = options.databaseName ?? 'annokit';
  const storeName = options.storeName ?? 'outbox';
  const factory = options.indexedDB ?? globalThis.indexedDB;
  let database: Promise<IDBDatabase> | null = null;
  const open = () =>
    (database ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(databaseName, 1);
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(storeName)) request.result.createObjectStore(storeName, { keyPath: 'id' });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => {
        database = null;
        reject(request.error);
      };
    }));
  return {
    kind: 'indexedDB',
    transact: async (mutate) => {
      const db = await open();
      return new Promise((resolve, reject) => {
        const tx = db.transaction(storeName, 'readwrite');
        const store = tx.objectStore(storeName);
        let outcome: { result: unknown; entries: OutboxEntry[] } | null = null;
        const all = store.getAll();
        all.onsuccess = () => {
          const { entries, invalid } = readEntries(all.result);
          if (invalid > 0) options.onInvalid?.(invalid);
          entries.sort((a, b) => a.seq - b.seq);
          let change: OutboxChange<unknown>;
          try {
            change = mutate(entries);
          } catch (error) {
            tx.abort();
            reject(error);
            return;
          }
          for (const id of change.remove ?? []) store.delete(id);
          for (const entry of change.put ?? []) store.put(entry);
          outcome = { result: change.result, entries: apply(entries, change) };
        };
        tx.oncomplete = () => resolve(outcome as { result: never; entries: OutboxEntry[] });
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
      });
    },
  };
}
