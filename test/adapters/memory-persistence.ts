import { expect, it, vi } from 'vitest';
import { createMemoryAdapter, type MemoryPersistence, type MemorySeed } from '../../src/adapters/memory';
import type { Annotation } from '../../src/core';

const span = { kind: 'span', spanId: 'span-1' } as const;
const stamp = '2026-01-15T09:00:00.000Z';

/** A seed with one judge annotation, so a test can show that a deletion of seeded data persists too. */
export const persistenceSeed = (): MemorySeed => ({
  annotations: [
    {
      id: 'seeded-judge',
      target: span,
      name: 'correctness',
      annotatorKind: 'LLM',
      label: 'correct',
      score: 1,
      explanation: 'Matches the refund policy.',
      identifier: '',
      metadata: {},
      source: 'API',
      userId: null,
      createdAt: stamp,
      updatedAt: stamp,
    } satisfies Annotation,
  ],
});

/**
 * Registers the reload tests for one kind of storage: a second adapter over the same storage
 * stands in for the page after a reload.
 */
export function describePersistence(persist: Exclude<MemoryPersistence, false>, options: { corrupt: (storageKey: string) => Promise<string> }) {
  let counter = 0;
  const freshKey = () => `annokit-test-${persist}-${Date.now().toString(36)}-${++counter}`;

  it('keeps every annotation, note, config and dataset across a reload', async () => {
    const storageKey = freshKey();
    const before = createMemoryAdapter({ persist, storageKey, seed: persistenceSeed() });
    await before.upsertAnnotations([
      { target: span, name: 'user_feedback', annotatorKind: 'HUMAN', label: 'negative', score: 0, identifier: 'user-7' },
    ]);
    await before.upsertAnnotations([
      { target: span, name: 'user_feedback', annotatorKind: 'HUMAN', label: 'positive', score: 1, identifier: 'user-7' },
    ]);
    const note = await before.addNote({ target: span, text: 'Refund policy changed last week.' });
    const config = await before.upsertAnnotationConfig({ type: 'freeform', name: 'reviewer_comment' });
    const dataset = await before.createDataset({ name: 'golden', examples: [{ input: { q: 'a' }, output: { a: 'b' }, metadata: {} }] });
    await before.createDataset({ name: 'golden', action: 'append', examples: [{ input: { q: 'c' }, output: { a: 'd' }, metadata: {} }] });

    const after = createMemoryAdapter({ persist, storageKey, seed: persistenceSeed() });
    const annotations = await after.listAnnotations({ targets: [span] });
    expect(annotations.map((a) => `${a.name}/${a.identifier}=${a.label}`).sort()).toEqual([
      'correctness/=correct',
      'user_feedback/user-7=positive',
    ]);
    expect(await after.listNotes({ targets: [span] })).toEqual([note]);
    expect(await after.listAnnotationConfigs()).toEqual([config]);
    expect(await after.listDatasets()).toMatchObject([{ id: dataset.id, name: 'golden', exampleCount: 2 }]);
    expect((await after.listDatasetExamples(dataset.id)).map((example) => example.input)).toEqual([{ q: 'a' }, { q: 'c' }]);
  });

  it('keeps a deletion of seeded data across a reload', async () => {
    const storageKey = freshKey();
    const before = createMemoryAdapter({ persist, storageKey, seed: persistenceSeed() });
    await before.deleteAnnotations([{ target: span, name: 'correctness', identifier: '' }]);
    const after = createMemoryAdapter({ persist, storageKey, seed: persistenceSeed() });
    expect(await after.listAnnotations({ targets: [span] })).toEqual([]);
  });

  it('keeps stores with different storage keys apart', async () => {
    const first = createMemoryAdapter({ persist, storageKey: freshKey() });
    await first.addNote({ target: span, text: 'only here' });
    const other = createMemoryAdapter({ persist, storageKey: freshKey() });
    expect(await other.listNotes({ targets: [span] })).toEqual([]);
  });

  it('reports a corrupt stored value with its key and starts that record from the seed', async () => {
    const storageKey = freshKey();
    const before = createMemoryAdapter({ persist, storageKey, seed: persistenceSeed() });
    await before.upsertAnnotations([
      { target: span, name: 'correctness', annotatorKind: 'HUMAN', label: 'incorrect', identifier: '' },
    ]);
    await before.addNote({ target: span, text: 'survives the corruption next door' });
    const corruptedKey = await options.corrupt(storageKey);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const after = createMemoryAdapter({ persist, storageKey, seed: persistenceSeed() });
      const [annotation] = await after.listAnnotations({ targets: [span] });
      expect(annotation).toMatchObject({ id: 'seeded-judge', label: 'correct' });
      expect((await after.listNotes({ targets: [span] })).map((note) => note.text)).toEqual(['survives the corruption next door']);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toContain(corruptedKey);
      // and it keeps working: the next write replaces the corrupt value
      await after.upsertAnnotations([{ target: span, name: 'correctness', annotatorKind: 'HUMAN', label: 'partial', identifier: '' }]);
      const again = createMemoryAdapter({ persist, storageKey, seed: persistenceSeed() });
      expect((await again.listAnnotations({ targets: [span] }))[0]!.label).toBe('partial');
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });
}

/** The record key of the seeded `correctness` annotation on `span-1`, as the adapter stores it. */
export const CORRECTNESS_RECORD = `a:${JSON.stringify(['span:span-1', 'correctness', ''])}`;
