import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryAdapter, generateDemoProject } from '../../src/adapters/memory';
import { AnnokitError, summarizeAnnotations, targetKey, type AnnotationAdapter, type AnnotationTarget } from '../../src/core';
import { reviewerIdentifier, useAnnotationPanel } from '../../src/hooks/useAnnotationPanel';
import { SEED_ANNOTATIONS, SPAN, createWrapper, rejectNextSave, seededAdapter, without } from '../components/annotation-panel/fixture';
import { controllableAdapter } from '../support/render';

async function renderPanel(adapter: AnnotationAdapter, options: { user?: { id: string } | null; autosaveDelay?: number | false } = {}) {
  const wrapper = createWrapper(adapter, options.user === undefined ? { id: 'ana' } : options.user);
  const view = renderHook(() => useAnnotationPanel({ target: SPAN, autosaveDelay: options.autosaveDelay ?? false }), { wrapper });
  await waitFor(() => expect(view.result.current.isLoading).toBe(false));
  await waitFor(() => expect(view.result.current.fields.length).toBeGreaterThan(0));
  return view;
}

const stored = async (adapter: AnnotationAdapter, name: string) =>
  (await adapter.listAnnotations({ targets: [SPAN], names: [name] })).filter((annotation) => annotation.identifier === 'ana');

describe('useAnnotationPanel', () => {
  it('groups annotations by name in config order, human before LLM, with a summary where a name has several', async () => {
    const { result } = await renderPanel(seededAdapter());
    expect(result.current.fields.map((field) => field.name)).toEqual(['correctness', 'relevance', 'summary', 'latency_ok']);
    const correctness = result.current.getField('correctness')!;
    expect(correctness.annotations.map((annotation) => annotation.annotatorKind)).toEqual(['HUMAN', 'LLM']);
    expect(correctness.suggestion?.id).toBe('a-llm');
    expect(correctness.own).toBeNull();
    expect(correctness.summary?.labels).toEqual([
      { label: 'correct', count: 1, share: 0.5 },
      { label: 'incorrect', count: 1, share: 0.5 },
    ]);
    expect(correctness.summary?.meanScore).toBe(0.5);
    expect(correctness.summaryByKind.map((part) => [part.annotatorKind, part.labels.map((share) => share.label), part.meanScore])).toEqual([
      ['HUMAN', ['correct'], 1],
      ['LLM', ['incorrect'], 0],
    ]);
    expect(result.current.getField('relevance')!.summary).toBeNull();
    expect(result.current.getField('latency_ok')!.isEditable).toBe(false);
  });

  it("writes the reviewer's label under their own identifier and leaves another reviewer's annotation alone", async () => {
    const adapter = seededAdapter();
    const { result } = await renderPanel(adapter);
    act(() => result.current.setLabel('correctness', 'incorrect'));
    expect(result.current.getField('correctness')!.status).toBe('dirty');
    await act(() => result.current.save());
    const all = await adapter.listAnnotations({ targets: [SPAN], names: ['correctness'] });
    const mine = all.find((annotation) => annotation.identifier === reviewerIdentifier('ana'));
    expect(mine).toMatchObject({ annotatorKind: 'HUMAN', label: 'incorrect', score: 0, userId: 'ana' });
    expect(all.find((annotation) => annotation.identifier === 'bob')?.label).toBe('correct');
    await waitFor(() => expect(result.current.getField('correctness')!.own?.label).toBe('incorrect'));
    expect(result.current.getField('correctness')!.status).toBe('saved');
  });

  it('autosaves after the pause without an explicit save', async () => {
    const adapter = seededAdapter();
    const { result } = await renderPanel(adapter, { autosaveDelay: 30 });
    act(() => result.current.setScore('relevance', '0.4'));
    expect(await stored(adapter, 'relevance')).toEqual([]);
    await waitFor(async () => expect((await stored(adapter, 'relevance'))[0]?.score).toBe(0.4));
  });

  it('sends only the last value when edits come faster than the pause', async () => {
    const adapter = seededAdapter();
    const upsert = vi.spyOn(adapter, 'upsertAnnotations');
    const { result } = await renderPanel(adapter, { autosaveDelay: 40 });
    act(() => result.current.setScore('relevance', '0.1'));
    act(() => result.current.setScore('relevance', '0.2'));
    act(() => result.current.setScore('relevance', '0.3'));
    await waitFor(async () => expect((await stored(adapter, 'relevance'))[0]?.score).toBe(0.3));
    expect(upsert).toHaveBeenCalledTimes(1);
  });

  it('saves an edit still waiting for its pause when the reviewer moves to another target', async () => {
    const adapter = seededAdapter();
    const wrapper = createWrapper(adapter);
    const other = { kind: 'span', spanId: 'span-2' } as const;
    const { result, rerender } = renderHook(({ target }) => useAnnotationPanel({ target, autosaveDelay: 60_000 }), {
      wrapper,
      initialProps: { target: SPAN as typeof SPAN | typeof other },
    });
    await waitFor(() => expect(result.current.getField('correctness')).toBeDefined());
    act(() => result.current.setLabel('correctness', 'correct'));
    rerender({ target: other });
    await waitFor(async () => expect((await stored(adapter, 'correctness'))[0]?.label).toBe('correct'));
    expect(await adapter.listAnnotations({ targets: [other] })).toEqual([]);
    expect(result.current.getField('correctness')!.value.label).toBeNull();
  });

  it('keeps the draft when the host rebuilds the same target with its keys in another order', async () => {
    const adapter = seededAdapter();
    const upsert = vi.spyOn(adapter, 'upsertAnnotations');
    const wrapper = createWrapper(adapter);
    const { result, rerender } = renderHook(({ target }) => useAnnotationPanel({ target, autosaveDelay: 60_000 }), {
      wrapper,
      initialProps: { target: { kind: 'span', spanId: SPAN.spanId } as AnnotationTarget },
    });
    await waitFor(() => expect(result.current.getField('correctness')).toBeDefined());
    act(() => result.current.setLabel('correctness', 'incorrect'));
    rerender({ target: { spanId: SPAN.spanId, kind: 'span' } });
    expect(result.current.getField('correctness')!.value.label).toBe('incorrect');
    expect(result.current.getField('correctness')!.status).toBe('dirty');
    expect(upsert).not.toHaveBeenCalled();
  });

  it('saves an edit still waiting for its pause when the panel unmounts, but not an invalid one', async () => {
    const adapter = seededAdapter();
    const upsert = vi.spyOn(adapter, 'upsertAnnotations');
    const { result, unmount } = await renderPanel(adapter, { autosaveDelay: 60_000 });
    act(() => result.current.setScore('relevance', '0.9'));
    act(() => result.current.setScore('correctness', '5'));
    act(() => result.current.setLabel('correctness', 'nonsense'));
    unmount();
    await waitFor(async () => expect((await stored(adapter, 'relevance'))[0]?.score).toBe(0.9));
    expect(upsert).toHaveBeenCalledTimes(1);
    expect(await stored(adapter, 'correctness')).toEqual([]);
  });

  it('refuses a score outside the bounds with an error naming the field, and sends nothing', async () => {
    const adapter = seededAdapter();
    const upsert = vi.spyOn(adapter, 'upsertAnnotations');
    const { result } = await renderPanel(adapter);
    act(() => result.current.setScore('relevance', '1.5'));
    await act(() => result.current.save('relevance'));
    const field = result.current.getField('relevance')!;
    expect(field.status).toBe('invalid');
    expect(field.error?.message).toMatch(/1\.5 is outside the bounds of "relevance" \(0 to 1\)/);
    expect(field.value.score).toBe('1.5');
    expect(upsert).not.toHaveBeenCalled();
  });

  it('refuses text that is not a number and a label outside the config, sending nothing', async () => {
    const adapter = seededAdapter();
    const upsert = vi.spyOn(adapter, 'upsertAnnotations');
    const { result } = await renderPanel(adapter);
    act(() => result.current.setScore('relevance', 'abc'));
    act(() => result.current.setLabel('correctness', 'maybe'));
    await act(() => result.current.save());
    expect(result.current.getField('relevance')!.error?.message).toMatch(/"abc" is not a number/);
    expect(result.current.getField('correctness')!.error?.message).toMatch(/"maybe" is not a label of "correctness"/);
    expect(upsert).not.toHaveBeenCalled();
  });

  it('keeps the value and shows the error while the outbox retries a failed write, until it lands', async () => {
    const adapter = seededAdapter();
    const upsert = rejectNextSave(adapter, new AnnokitError('The server is down', { code: 'server', status: 503 }));
    const wrapper = createWrapper(adapter);
    const { result } = renderHook(() => useAnnotationPanel({ target: SPAN, autosaveDelay: false }), { wrapper });
    await waitFor(() => expect(result.current.getField('correctness')).toBeDefined());
    act(() => result.current.setLabel('correctness', 'correct'));
    await act(() => result.current.save('correctness'));
    await waitFor(() => expect(result.current.getField('correctness')!.status).toBe('retrying'));
    const field = result.current.getField('correctness')!;
    expect(field.error?.message).toBe('The server is down');
    // Nothing is undone: the reviewer's label stays while the write waits for its retry.
    expect(field.value.label).toBe('correct');
    expect(field.canRetry).toBe(false);
    await waitFor(() => expect(result.current.getField('correctness')!.status).toBe('saved'), { timeout: 5_000 });
    expect(upsert).toHaveBeenCalledTimes(2);
    expect((await stored(adapter, 'correctness'))[0]?.label).toBe('correct');
    expect(result.current.getField('correctness')!.error).toBeNull();
  });

  it('shows a write the backend refuses for good as failed, keeps the value, and retry or discard settle it', async () => {
    const adapter = seededAdapter();
    const upsert = rejectNextSave(adapter, new AnnokitError('Forbidden for this project', { code: 'authentication', status: 403 }));
    const onError = vi.fn();
    const wrapper = createWrapper(adapter);
    const { result } = renderHook(() => useAnnotationPanel({ target: SPAN, autosaveDelay: false, onError }), { wrapper });
    await waitFor(() => expect(result.current.getField('correctness')).toBeDefined());
    act(() => result.current.setLabel('correctness', 'correct'));
    await act(() => result.current.save('correctness'));
    await waitFor(() => expect(result.current.getField('correctness')!.status).toBe('error'));
    let field = result.current.getField('correctness')!;
    expect(field.error?.message).toBe('Forbidden for this project');
    expect(field.value.label).toBe('correct');
    expect(field.canRetry).toBe(true);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'Forbidden for this project' }), 'correctness');

    await act(() => result.current.retry('correctness'));
    await waitFor(() => expect(result.current.getField('correctness')!.status).toBe('saved'));
    expect(upsert).toHaveBeenCalledTimes(2);
    expect((await stored(adapter, 'correctness'))[0]?.label).toBe('correct');

    // Refused again, then discarded: the stored value is shown again.
    upsert.mockRejectedValueOnce(new AnnokitError('Forbidden for this project', { code: 'authentication', status: 403 }));
    act(() => result.current.setLabel('correctness', 'incorrect'));
    await act(() => result.current.save('correctness'));
    await waitFor(() => expect(result.current.getField('correctness')!.status).toBe('error'));
    act(() => result.current.discard('correctness'));
    await waitFor(() => expect(result.current.getField('correctness')!.value.label).toBe('correct'));
    field = result.current.getField('correctness')!;
    expect(field.status).toBe('idle');
    expect(field.error).toBeNull();
  });

  it("accept copies the LLM annotation's label and score into the reviewer's own, marked as prefilled", async () => {
    const adapter = seededAdapter();
    const { result } = await renderPanel(adapter);
    await act(() => result.current.accept('correctness'));
    const [mine] = await stored(adapter, 'correctness');
    expect(mine).toMatchObject({ annotatorKind: 'HUMAN', label: 'incorrect', score: 0, explanation: null });
    expect(mine?.metadata).toEqual({ prefilledFrom: { annotationId: 'a-llm', annotatorKind: 'LLM' } });
    expect(SEED_ANNOTATIONS.find((annotation) => annotation.id === 'a-llm')?.identifier).toBe('judge-v1');

    await act(() => result.current.accept('relevance'));
    expect((await stored(adapter, 'relevance'))[0]?.score).toBe(0.75);
  });

  it('keeps an explanation with the value and saves a freeform text as the explanation', async () => {
    const adapter = seededAdapter();
    const { result } = await renderPanel(adapter);
    act(() => result.current.setLabel('correctness', 'correct'));
    act(() => result.current.setExplanation('correctness', 'Matches the policy page.'));
    act(() => result.current.setExplanation('summary', 'Polite, but long.'));
    await act(() => result.current.save());
    expect((await stored(adapter, 'correctness'))[0]).toMatchObject({ label: 'correct', explanation: 'Matches the policy page.' });
    expect((await stored(adapter, 'summary'))[0]).toMatchObject({ label: null, score: null, explanation: 'Polite, but long.' });
  });

  it("clearing every value removes the reviewer's own annotation", async () => {
    const adapter = seededAdapter();
    const { result } = await renderPanel(adapter);
    act(() => result.current.setLabel('correctness', 'correct'));
    await act(() => result.current.save());
    await waitFor(() => expect(result.current.getField('correctness')!.own).not.toBeNull());
    act(() => result.current.setLabel('correctness', null));
    await act(() => result.current.save());
    expect(await stored(adapter, 'correctness')).toEqual([]);
    await waitFor(() => expect(result.current.getField('correctness')!.own).toBeNull());
  });

  it('without a user, editing is disabled with the no-user reason and edits are ignored', async () => {
    const adapter = seededAdapter();
    const upsert = vi.spyOn(adapter, 'upsertAnnotations');
    const { result } = await renderPanel(adapter, { user: null });
    expect(result.current.canEdit).toBe(false);
    expect(result.current.editDisabledReason).toBe('no-user');
    expect(result.current.identifier).toBeNull();
    expect(result.current.fields.every((field) => !field.isEditable)).toBe(true);
    act(() => result.current.setLabel('correctness', 'correct'));
    await act(() => result.current.save());
    expect(upsert).not.toHaveBeenCalled();
    expect(result.current.notesDisabledReason).toBe('no-user');
  });

  it('shows annotations read-only when the adapter has no configs', async () => {
    const { result } = await renderPanel(without(seededAdapter(), 'listAnnotationConfigs', 'upsertAnnotationConfig'));
    expect(result.current.editDisabledReason).toBe('no-configs');
    expect(result.current.fields.map((field) => field.name)).toEqual(['correctness', 'latency_ok', 'relevance']);
    expect(result.current.fields.every((field) => !field.isEditable && field.config === null)).toBe(true);
  });

  it("adds notes under the reviewer's user id and lists them oldest first", async () => {
    const adapter = seededAdapter();
    const { result } = await renderPanel(adapter);
    expect(result.current.canAddNote).toBe(true);
    await act(() => result.current.addNote('First look: tone is fine.'));
    await act(() => result.current.addNote('Second: check the refund policy.'));
    await waitFor(() => expect(result.current.notes.map((note) => note.text)).toEqual(['First look: tone is fine.', 'Second: check the refund policy.']));
    expect((await adapter.listNotes!({ targets: [SPAN] })).every((note) => note.userId === 'ana')).toBe(true);
  });

  it('refuses an empty note without a request', async () => {
    const adapter = seededAdapter();
    const addNote = vi.spyOn(adapter, 'addNote');
    const { result } = await renderPanel(adapter);
    await act(() => expect(result.current.addNote('   ')).rejects.toThrow(/note\.text/));
    expect(addNote).not.toHaveBeenCalled();
  });

  it('reports notes as unsupported when the adapter has none', async () => {
    const { result } = await renderPanel(without(seededAdapter(), 'addNote', 'listNotes'));
    expect(result.current.canAddNote).toBe(false);
    expect(result.current.notesDisabledReason).toBe('unsupported');
  });
});

describe('useAnnotationPanel over the demo project', () => {
  it("finds a demo reviewer's own labels and writes beside another reviewer's", async () => {
    const demo = generateDemoProject();
    const reviewed = demo.annotations.find((annotation) => annotation.annotatorKind === 'HUMAN' && annotation.name === 'correctness' && annotation.identifier === annotation.userId)!;
    const adapter = createMemoryAdapter({ seed: demo });
    const wrapper = createWrapper(adapter, { id: reviewed.identifier });
    const { result } = renderHook(() => useAnnotationPanel({ target: reviewed.target, autosaveDelay: false }), { wrapper });
    await waitFor(() => expect(result.current.getField('correctness')?.own?.id).toBe(reviewed.id));
    const flipped = reviewed.label === 'correct' ? 'incorrect' : 'correct';
    act(() => result.current.setLabel('correctness', flipped));
    await act(() => result.current.save());
    const stored = await adapter.listAnnotations({ targets: [reviewed.target], names: ['correctness'] });
    expect(stored.filter((annotation) => annotation.identifier === reviewed.identifier)).toMatchObject([{ label: flipped }]);
    expect(stored.filter((annotation) => annotation.annotatorKind === 'HUMAN')).toHaveLength(
      demo.annotations.filter((annotation) => annotation.annotatorKind === 'HUMAN' && annotation.name === 'correctness' && targetKey(annotation.target) === targetKey(reviewed.target)).length,
    );
  });
});

describe('summarizeAnnotations', () => {
  it('counts label shares among labelled annotations and averages the scores present', () => {
    const summary = summarizeAnnotations([
      { ...SEED_ANNOTATIONS[0]!, label: 'a', score: 1 },
      { ...SEED_ANNOTATIONS[0]!, label: 'a', score: null },
      { ...SEED_ANNOTATIONS[1]!, label: 'b', score: 0 },
      { ...SEED_ANNOTATIONS[1]!, label: null, score: 0.5 },
    ]);
    expect(summary.labels).toEqual([
      { label: 'a', count: 2, share: 2 / 3 },
      { label: 'b', count: 1, share: 1 / 3 },
    ]);
    expect(summary.meanScore).toBe(0.5);
    expect(summary.countByKind).toEqual({ HUMAN: 2, LLM: 2, CODE: 0 });
  });
});

describe('useAnnotationPanel.isPending', () => {
  it('is true for an annotation while its write is in the outbox, a new one or an edit of a stored one, and false once stored', async () => {
    const gate = controllableAdapter(seededAdapter());
    const { result } = await renderPanel(gate.adapter);
    const own = () => result.current.getField('correctness')!.own;
    const bob = result.current.getField('correctness')!.annotations.find((annotation) => annotation.identifier === 'bob')!;
    expect(result.current.isPending(bob)).toBe(false);

    let release = gate.hold('upsertAnnotations');
    act(() => result.current.setLabel('correctness', 'incorrect'));
    act(() => void result.current.save());
    await waitFor(() => expect(own()?.label).toBe('incorrect'));
    expect(result.current.isPending(own()!)).toBe(true);
    release();
    await waitFor(() => expect(result.current.isPending(own()!)).toBe(false));
    await waitFor(() => expect(own()?.id.startsWith('optimistic:')).toBe(false));
    const storedId = own()!.id;

    release = gate.hold('upsertAnnotations');
    act(() => result.current.setLabel('correctness', 'correct'));
    act(() => void result.current.save());
    await waitFor(() => expect(own()?.label).toBe('correct'));
    // The stored id is kept while the edit waits: only the outbox knows it is not stored yet.
    expect(own()!.id).toBe(storedId);
    expect(result.current.isPending(own()!)).toBe(true);
    expect(result.current.isPending(bob)).toBe(false);
    release();
    await waitFor(() => expect(result.current.isPending(own()!)).toBe(false));
  });
});
