import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { CORRECTNESS_RECORD, describePersistence } from '../adapters/memory-persistence';

/** Writes straight into the adapter's database, as a crashed tab or an old version might have. */
function overwrite(database: string, key: string, value: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(database);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('records', 'readwrite');
      tx.objectStore('records').put(value, key);
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

describe('memory adapter persisted to IndexedDB (Chromium)', () => {
  describePersistence('indexedDB', {
    async corrupt(storageKey) {
      // Not even a string: IndexedDB stores structured values, so this is a corruption JSON.parse never sees.
      await overwrite(`${storageKey}:v1`, CORRECTNESS_RECORD, { half: 'written' });
      return CORRECTNESS_RECORD;
    },
  });

  it('reports a value that is not valid JSON and keeps the rest', async () => {
    const storageKey = `annokit-idb-json-${Date.now()}`;
    const before = createMemoryAdapter({ persist: 'indexedDB', storageKey });
    const config = await before.upsertAnnotationConfig({ type: 'continuous', name: 'helpfulness', lowerBound: 0, upperBound: 1 });
    await overwrite(`${storageKey}:v1`, 'n:broken', '{"id":');
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (message: unknown) => warnings.push(String(message));
    try {
      const after = createMemoryAdapter({ persist: 'indexedDB', storageKey });
      expect(await after.listAnnotationConfigs()).toEqual([config]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('n:broken');
    } finally {
      console.warn = original;
    }
  });
});
