import { AnnokitError } from '../../core';

/**
 * Where a memory adapter keeps what it wrote: one entry per record (`a:<annotation key>`,
 * `n:<note id>`, `c:<config id>`, `d:<dataset id>`), each a JSON string. One entry per record,
 * rather than one blob, makes two tabs on the same storage last-write-wins per record instead
 * of per whole store.
 */
export interface RecordStore {
  /** Every stored record, by record key. */
  load(): Promise<Map<string, string>>;
  /** Writes the changes (`null` removes the entry); resolves once they are durable. */
  write(changes: ReadonlyArray<readonly [key: string, value: string | null]>): Promise<void>;
  /** Where a record lives, for messages: the full localStorage key, or the IndexedDB database and key. */
  locate(key: string): string;
}

/** Bumped when the record layout changes; older entries are then ignored, not misread. */
const LAYOUT = 'v1';

function storageError(message: string, cause: unknown): AnnokitError {
  return new AnnokitError(`${message}: ${cause instanceof Error ? cause.message : String(cause)}`, {
    code: 'unknown',
    retryable: false,
    cause,
  });
}

/** Records as localStorage entries `<storageKey>:v1:<record key>`; synchronous writes, so durable when the call returns. */
export function createLocalStorageStore(storageKey: string, storage: Storage): RecordStore {
  const prefix = `${storageKey}:${LAYOUT}:`;
  return {
    locate: (key) => `localStorage key "${prefix}${key}"`,
    async load() {
      const records = new Map<string, string>();
      for (let index = 0; index < storage.length; index++) {
        const key = storage.key(index);
        if (key === null || !key.startsWith(prefix)) continue;
        const value = storage.getItem(key);
        if (value !== null) records.set(key.slice(prefix.length), value);
      }
      return records;
    },
    async write(changes) {
      const undo: Array<[string, string | null]> = [];
      try {
        for (const [key, value] of changes) {
          undo.push([prefix + key, storage.getItem(prefix + key)]);
          if (value === null) storage.removeItem(prefix + key);
          else storage.setItem(prefix + key, value);
        }
      } catch (error) {
        // Quota exceeded mid-batch: put back what this batch already changed, so storage and memory agree.
        for (const [key, value] of undo.reverse()) {
          try {
            if (value === null) storage.removeItem(key);
            else storage.setItem(key, value);
          } catch {
            // nothing more we can do; the caller reports the original error
          }
        }
        throw storageError('Could not save to localStorage', error);
      }
    },
  };
}

const STORE = 'records';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Records in the IndexedDB database `<storageKey>:v1`, store `records`; each batch is one strict-durability transaction. */
export function createIndexedDbStore(storageKey: string, factory: IDBFactory): RecordStore {
  let opened: Promise<IDBDatabase> | null = null;
  const open = () =>
    (opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = factory.open(`${storageKey}:${LAYOUT}`, 1);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
      };
      req.onsuccess = () => {
        const db = req.result;
        // Let another tab upgrade the database later instead of blocking it forever.
        db.onversionchange = () => db.close();
        resolve(db);
      };
      req.onerror = () => reject(storageError('Could not open IndexedDB', req.error));
      req.onblocked = () => reject(storageError('Could not open IndexedDB', 'blocked by another tab'));
    }));

  return {
    locate: (key) => `IndexedDB database "${storageKey}:${LAYOUT}", store "${STORE}", key "${key}"`,
    async load() {
      const db = await open();
      const tx = db.transaction(STORE, 'readonly');
      const store = tx.objectStore(STORE);
      const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
      const records = new Map<string, string>();
      keys.forEach((key, index) => {
        // A value that is not a string is corrupt; hand it on as such so the adapter reports it.
        const value: unknown = values[index];
        records.set(String(key), typeof value === 'string' ? value : `\u0000${String(value)}`);
      });
      return records;
    },
    async write(changes) {
      if (changes.length === 0) return;
      const db = await open();
      await new Promise<void>((resolve, reject) => {
        // One transaction: the batch is durable as a whole or not at all.
        const tx = db.transaction(STORE, 'readwrite', { durability: 'strict' });
        const store = tx.objectStore(STORE);
        for (const [key, value] of changes) {
          if (value === null) store.delete(key);
          else store.put(value, key);
        }
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(storageError('Could not save to IndexedDB', tx.error));
        tx.onabort = () => reject(storageError('Could not save to IndexedDB', tx.error ?? 'transaction aborted'));
      });
    },
  };
}
