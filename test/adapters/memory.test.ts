import { describe, expect, it, vi } from 'vitest';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { ValidationError, type AnnotationInput, type Span } from '../../src/core';
import { conformanceFixture, describeAdapterConformance } from './conformance';
import { CORRECTNESS_RECORD, describePersistence, persistenceSeed } from './memory-persistence';
import { rejectionOf } from '../support/rejection';

describeAdapterConformance({
  name: 'memory',
  create: () => createMemoryAdapter(),
  seed: (data) => createMemoryAdapter({ seed: data }),
});

// The same contract when the spans arrive after creation (an OpenTelemetry exporter feeding a live
// store), in three batches, the last one repeating a span that must replace, not duplicate, it.
describeAdapterConformance({
  name: 'memory fed through addSpans',
  create: () => createMemoryAdapter(),
  seed: async (data) => {
    const adapter = createMemoryAdapter({ seed: { ...data, spans: [] } });
    const third = Math.ceil(data.spans.length / 3);
    await adapter.addSpans(data.spans.slice(third * 2));
    await adapter.addSpans(data.spans.slice(0, third));
    await adapter.addSpans(data.spans.slice(third - 1, third * 2));
    return adapter;
  },
});

// An adapter with only the two required methods: every optional block is skipped, and no seed is needed.
describeAdapterConformance({
  name: 'required methods only',
  create: () => {
    const full = createMemoryAdapter();
    return { name: 'minimal', upsertAnnotations: full.upsertAnnotations, listAnnotations: full.listAnnotations };
  },
});

const span = { kind: 'span', spanId: 'span-1' } as const;
const vote = (overrides: Partial<AnnotationInput> = {}): AnnotationInput => ({
  target: span,
  name: 'user_feedback',
  annotatorKind: 'HUMAN',
  label: 'positive',
  score: 1,
  identifier: 'user-1',
  ...overrides,
});

describe('createMemoryAdapter', () => {
  it('starts empty without options', async () => {
    const adapter = createMemoryAdapter();
    expect(adapter.name).toBe('memory');
    expect(await adapter.listAnnotationConfigs()).toEqual([]);
    expect(await adapter.listSpans({})).toEqual({ data: [], nextCursor: null });
    expect(await adapter.listSessions({})).toEqual({ data: [], nextCursor: null });
    expect(await adapter.listDatasets()).toEqual([]);
  });

  it('stamps writes with the clock it was given', async () => {
    let time = Date.UTC(2026, 0, 1, 12);
    const adapter = createMemoryAdapter({ now: () => new Date(time) });
    const [created] = await adapter.upsertAnnotations([vote()]);
    time += 60_000;
    const [updated] = await adapter.upsertAnnotations([vote({ label: 'negative' })]);
    expect(created!.createdAt).toBe('2026-01-01T12:00:00.000Z');
    expect(updated).toMatchObject({ createdAt: '2026-01-01T12:00:00.000Z', updatedAt: '2026-01-01T12:01:00.000Z' });
  });

  describe('copies, never aliases', () => {
    it('is not changed by later changes to the seed', async () => {
      const seed = persistenceSeed();
      const adapter = createMemoryAdapter({ seed });
      seed.annotations![0]!.label = 'tampered';
      expect((await adapter.listAnnotations({ targets: [span] }))[0]!.label).toBe('correct');
    });

    it('is not changed by later changes to a written input', async () => {
      const adapter = createMemoryAdapter();
      const input = vote({ metadata: { tags: ['refund'] } });
      await adapter.upsertAnnotations([input]);
      (input.metadata!.tags as string[]).push('tampered');
      input.label = 'tampered';
      expect((await adapter.listAnnotations({ targets: [span] }))[0]).toMatchObject({ label: 'positive', metadata: { tags: ['refund'] } });
    });

    it('hands out copies of spans, traces and examples', async () => {
      const data = conformanceFixture();
      const adapter = createMemoryAdapter({ seed: data });
      const [first] = (await adapter.listSpans({ limit: 1 })).data;
      first!.name = 'tampered';
      (first!.attributes as Record<string, unknown>).input = null;
      const trace = await adapter.getTrace(first!.traceId);
      expect(trace.find((s) => s.spanId === first!.spanId)!.name).not.toBe('tampered');
      expect(trace.find((s) => s.spanId === first!.spanId)!.attributes.input).not.toBeNull();
      const examples = await adapter.listDatasetExamples(data.datasets[0]!.id);
      examples[0]!.input.question = 'tampered';
      expect((await adapter.listDatasetExamples(data.datasets[0]!.id))[0]!.input.question).not.toBe('tampered');
    });
  });

  describe('validation', () => {
    it('checks a label against the config of the same name', async () => {
      const adapter = createMemoryAdapter();
      await adapter.upsertAnnotationConfig({ type: 'categorical', name: 'user_feedback', values: [{ label: 'positive' }, { label: 'negative' }] });
      const error = await rejectionOf(adapter.upsertAnnotations([vote({ label: 'meh' })]));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('annotations[0].label');
      expect(error.message).toContain('"meh" is not a label of "user_feedback"');
      expect(await adapter.listAnnotations({ targets: [span] })).toEqual([]);
    });

    it('refuses a second config with a taken name, and an update of an unknown config', async () => {
      const adapter = createMemoryAdapter();
      await adapter.upsertAnnotationConfig({ type: 'freeform', name: 'reviewer_comment' });
      expect((await rejectionOf(adapter.upsertAnnotationConfig({ type: 'freeform', name: 'reviewer_comment' }))).code).toBe('conflict');
      expect((await rejectionOf(adapter.upsertAnnotationConfig({ id: 'nope', type: 'freeform', name: 'x' }))).code).toBe('not_found');
    });

    it('refuses to append to a dataset that does not exist', async () => {
      const adapter = createMemoryAdapter();
      const error = await rejectionOf(adapter.createDataset({ name: 'missing', action: 'append', examples: [] }));
      expect(error.code).toBe('not_found');
      expect(await adapter.listDatasets()).toEqual([]);
    });

    it('answers unknown dataset and experiment ids with not_found', async () => {
      const adapter = createMemoryAdapter();
      expect((await rejectionOf(adapter.listDatasetExamples('nope'))).code).toBe('not_found');
      expect((await rejectionOf(adapter.listExperiments('nope'))).code).toBe('not_found');
      expect((await rejectionOf(adapter.listExperimentRuns('nope'))).code).toBe('not_found');
    });

    it('rejects a cursor it did not make and a page size out of range, naming the field', async () => {
      const adapter = createMemoryAdapter({ seed: conformanceFixture() });
      expect(((await rejectionOf(adapter.listSpans({ cursor: 'not-a-cursor' }))) as ValidationError).field).toBe('query.cursor');
      expect(((await rejectionOf(adapter.listSpans({ limit: 0 }))) as ValidationError).field).toBe('query.limit');
      expect(((await rejectionOf(adapter.listSessions({ limit: 1.5 }))) as ValidationError).field).toBe('query.limit');
    });

    it('rejects an invalid seed at creation, naming the field', () => {
      const seed = persistenceSeed();
      seed.annotations![0]!.score = NaN;
      expect(() => createMemoryAdapter({ seed })).toThrow('seed.annotations[0].score: expected a finite number, got NaN');
      const spans = [{ ...conformanceFixture().spans[0]!, kind: 'WIZARD' }] as unknown as Span[];
      expect(() => createMemoryAdapter({ seed: { spans } })).toThrow('seed.spans[0].kind');
    });
  });

  describe('spans and sessions', () => {
    const data = conformanceFixture();

    it('filters attributes by a dotted path through lists', async () => {
      const adapter = createMemoryAdapter({ seed: data });
      const { data: found } = await adapter.listSpans({ attributes: { 'llm.input_messages.0.message.role': 'user' }, limit: 1000 });
      expect(found.length).toBe(data.spans.filter((s) => s.kind === 'LLM').length);
      expect(found.every((s) => s.kind === 'LLM')).toBe(true);
    });

    it('matches flat dotted keys as well as nested ones', async () => {
      const flat: Span = { ...data.spans[0]!, spanId: 'flat-1', attributes: { 'llm.model_name': 'flat-model' } };
      const adapter = createMemoryAdapter({ seed: { spans: [flat] } });
      expect((await adapter.listSpans({ attributes: { 'llm.model_name': 'flat-model' } })).data).toHaveLength(1);
    });

    it('lists spans newest first', async () => {
      const adapter = createMemoryAdapter({ seed: data });
      const { data: page } = await adapter.listSpans({ limit: 1000 });
      const times = page.map((s) => s.startTime!);
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('derives sessions from session.id with their first input and last output, newest first', async () => {
      const adapter = createMemoryAdapter({ seed: data });
      const { data: sessions } = await adapter.listSessions({});
      expect(sessions.map((session) => session.sessionId)).toEqual(['sess-acct-3', 'sess-ship-2', 'sess-refund-1']);
      expect(sessions[2]).toMatchObject({
        traceCount: 2,
        firstInput: 'Can I get a refund for order 1042?',
        lastOutput: 'Within 5 business days.',
      });
      expect(sessions[2]!.endTime! > sessions[2]!.startTime!).toBe(true);
    });

    it('adds spans after creation: a repeated id replaces the span, sessions and traces follow', async () => {
      const adapter = createMemoryAdapter({ seed: { spans: data.spans.slice(1) } });
      const first = data.spans[0]!;
      const before = (await adapter.listSessions({})).data.length;
      await adapter.addSpans([{ ...first, name: 'first version', attributes: { session: { id: 'sess-new' } } }]);
      await adapter.addSpans([{ ...first, name: 'second version', attributes: { session: { id: 'sess-new' } } }]);
      const trace = await adapter.getTrace(first.traceId);
      expect(trace.filter((span) => span.spanId === first.spanId).map((span) => span.name)).toEqual(['second version']);
      expect((await adapter.listSpans({ spanIds: [first.spanId] })).data.map((span) => span.name)).toEqual(['second version']);
      const sessions = (await adapter.listSessions({})).data.map((session) => session.sessionId);
      expect(sessions).toContain('sess-new');
      expect(sessions.length).toBe(before + 1);
    });

    it('refuses malformed spans in addSpans, naming the field, and keeps what it held', async () => {
      const adapter = createMemoryAdapter({ seed: data });
      const count = async () => (await adapter.listSpans({ limit: 1000 })).data.length;
      const held = await count();
      await expect(adapter.addSpans([{ ...data.spans[0]!, spanId: 'ok' }, { spanId: 7 } as unknown as Span])).rejects.toThrow(/spans\[1\]/);
      await expect(adapter.addSpans(undefined as unknown as Span[])).rejects.toThrow(/^spans: expected an array/);
      expect(await count()).toBe(held);
    });

    it('returns the spans of a trace oldest first', async () => {
      const adapter = createMemoryAdapter({ seed: data });
      const trace = await adapter.getTrace(data.spans[0]!.traceId);
      expect(trace[0]!.parentId).toBeNull();
      const times = trace.map((s) => s.startTime!);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    });
  });

  describe('latency', () => {
    it('waits latencyMs before settling, and an abort during the wait stores nothing', async () => {
      vi.useFakeTimers();
      try {
        const adapter = createMemoryAdapter({ latencyMs: 300 });
        let settled = false;
        const write = adapter.upsertAnnotations([vote()]).then(() => (settled = true));
        await vi.advanceTimersByTimeAsync(299);
        expect(settled).toBe(false);
        await vi.advanceTimersByTimeAsync(1);
        await write;
        const controller = new AbortController();
        const aborted = adapter.upsertAnnotations([vote({ identifier: 'user-2' })], { signal: controller.signal });
        controller.abort();
        await expect(aborted).rejects.toThrow();
        const listed = adapter.listAnnotations({ targets: [span] });
        await vi.advanceTimersByTimeAsync(300);
        expect((await listed).map((a) => a.identifier)).toEqual(['user-1']);
      } finally {
        vi.useRealTimers();
      }
    });
  });
});

describe('memory adapter persisted to localStorage', () => {
  describePersistence('localStorage', {
    async corrupt(storageKey) {
      const key = `${storageKey}:v1:${CORRECTNESS_RECORD}`;
      expect(localStorage.getItem(key)).not.toBeNull();
      localStorage.setItem(key, '{"id":"half-written');
      return key;
    },
  });

  it('has written a change to storage by the time the promise resolves', async () => {
    const adapter = createMemoryAdapter({ persist: 'localStorage', storageKey: 'sync-check' });
    await adapter.addNote({ target: span, text: 'saved' });
    const keys = Object.keys(localStorage).filter((key) => key.startsWith('sync-check:v1:n:'));
    expect(keys).toHaveLength(1);
    expect(JSON.parse(localStorage.getItem(keys[0]!)!)).toMatchObject({ text: 'saved' });
  });

  it('rejects a write that storage refuses (quota), and keeps memory and storage unchanged', async () => {
    const adapter = createMemoryAdapter({ persist: 'localStorage', storageKey: 'quota' });
    await adapter.upsertAnnotations([vote()]);
    const setItem = vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    try {
      const error = await rejectionOf(adapter.upsertAnnotations([vote({ label: 'negative' }), vote({ identifier: 'user-2' })]));
      expect(error.message).toContain('quota');
    } finally {
      setItem.mockRestore();
    }
    expect((await adapter.listAnnotations({ targets: [span] })).map((a) => `${a.identifier}=${a.label}`)).toEqual(['user-1=positive']);
    const reloaded = createMemoryAdapter({ persist: 'localStorage', storageKey: 'quota' });
    expect((await reloaded.listAnnotations({ targets: [span] })).map((a) => `${a.identifier}=${a.label}`)).toEqual(['user-1=positive']);
  });

  it('ignores entries of other stores and of other layouts', async () => {
    localStorage.setItem('annokit:v0:a:whatever', 'garbage');
    localStorage.setItem('unrelated', 'value');
    const warn = vi.spyOn(console, 'warn');
    try {
      const adapter = createMemoryAdapter({ persist: 'localStorage' });
      expect(await adapter.listAnnotationConfigs()).toEqual([]);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
