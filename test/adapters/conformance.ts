import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AnnokitError,
  ValidationError,
  capabilityMethods,
  getCapabilities,
  type Annotation,
  type AnnotationAdapter,
  type AnnotationInput,
  type AnnotationTarget,
  type AttributeValue,
  type Attributes,
  type Capability,
  type Span,
  type SpanQuery,
} from '../../src/core';
import { conformanceFixture, type ConformanceData } from './fixture';

export type { ConformanceData } from './fixture';
export { conformanceFixture } from './fixture';

export interface AdapterConformanceOptions {
  /** Shown in the test titles. */
  name: string;
  /**
   * A fresh adapter for one test. Called once at registration to read the capabilities, so it
   * must not do I/O when constructed.
   */
  create: () => AnnotationAdapter;
  /** Empties the backend before each test (a fake server's state); not needed when `create` starts empty. */
  reset?: () => void | Promise<void>;
  /** Loads `data` into the backend and returns an adapter that serves it; required for spans, traces, sessions, experiments. */
  seed?: (data: ConformanceData) => AnnotationAdapter | Promise<AnnotationAdapter>;
  /** The data handed to `seed`; default {@link conformanceFixture}. Expectations are computed from it. */
  data?: ConformanceData;
}

/** Capabilities the suite can only test against data the backend serves. */
const NEEDS_DATA: readonly Capability[] = ['spans', 'traces', 'sessions', 'experiments'];

/**
 * Registers the behavioural tests of the adapter contract (`src/core/adapter.ts`) for one adapter:
 * the required methods always, each optional capability exactly when the adapter has it.
 */
export function describeAdapterConformance(options: AdapterConformanceOptions): void {
  const { name, create, reset, seed } = options;
  const data = options.data ?? conformanceFixture();
  const capabilities = getCapabilities(create());
  const spanOf = (index: number) => data.spans[index % data.spans.length]!;
  const firstSpan = spanOf(0);
  const secondSpan = spanOf(1);
  const sessionId = data.spans.map((span) => read(span.attributes, 'session.id')).find((v) => typeof v === 'string') as
    | string
    | undefined;
  const targets = {
    span: { kind: 'span', spanId: firstSpan.spanId } as AnnotationTarget,
    otherSpan: { kind: 'span', spanId: secondSpan.spanId } as AnnotationTarget,
    trace: { kind: 'trace', traceId: firstSpan.traceId } as AnnotationTarget,
    session: { kind: 'session', sessionId: sessionId ?? 'session-conformance' } as AnnotationTarget,
    document: { kind: 'document', spanId: firstSpan.spanId, position: 0 } as AnnotationTarget,
  };
  // Names unique to this registration, so a backend that is not reset between tests still isolates them.
  const run = `c${Math.random().toString(36).slice(2, 8)}`;
  let counter = 0;
  const unique = (base: string) => `${base}-${run}-${++counter}`;

  describe(`${name} adapter conformance`, () => {
    let adapter: AnnotationAdapter;
    beforeEach(async () => {
      await reset?.();
      adapter = create();
    });

    const vote = (overrides: Partial<AnnotationInput> = {}): AnnotationInput => ({
      target: targets.span,
      name: 'user_feedback',
      annotatorKind: 'HUMAN',
      label: 'positive',
      score: 1,
      identifier: 'user-1',
      ...overrides,
    });

    describe('annotations (required)', () => {
      it('stops a read whose signal is aborted (a component that unmounted mid-load) instead of answering it', async () => {
        await adapter.upsertAnnotations([vote()]);
        const controller = new AbortController();
        controller.abort(new DOMException('The reader went away', 'AbortError'));
        await expect(adapter.listAnnotations({ targets: [targets.span] }, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
      });

      it('creates an annotation and reads it back by target', async () => {
        const [created] = await adapter.upsertAnnotations([vote({ explanation: 'Clear answer', metadata: { via: 'test' } })]);
        expect(created).toMatchObject({
          target: targets.span,
          name: 'user_feedback',
          annotatorKind: 'HUMAN',
          label: 'positive',
          score: 1,
          explanation: 'Clear answer',
          identifier: 'user-1',
        });
        expect(typeof created!.id).toBe('string');
        expect(created!.id).not.toBe('');
        expect(Number.isNaN(Date.parse(created!.createdAt))).toBe(false);
        const listed = await adapter.listAnnotations({ targets: [targets.span] });
        expect(listed).toHaveLength(1);
        expect(listed[0]).toMatchObject({ id: created!.id, label: 'positive', score: 1, metadata: { via: 'test' } });
      });

      it('returns what it stored in input order', async () => {
        const stored = await adapter.upsertAnnotations([
          vote({ name: 'b_first', label: 'b' }),
          vote({ name: 'a_second', label: 'a' }),
        ]);
        expect(stored.map((annotation) => annotation.name)).toEqual(['b_first', 'a_second']);
      });

      it('updates in place when the same (target, name, identifier) is written again', async () => {
        const [first] = await adapter.upsertAnnotations([vote()]);
        const [second] = await adapter.upsertAnnotations([vote({ label: 'negative', score: 0, explanation: 'Wrong order' })]);
        expect(second!.id).toBe(first!.id);
        expect(second).toMatchObject({ label: 'negative', score: 0, explanation: 'Wrong order' });
        expect(Date.parse(second!.updatedAt)).toBeGreaterThanOrEqual(Date.parse(second!.createdAt));
        const listed = await adapter.listAnnotations({ targets: [targets.span] });
        expect(listed).toHaveLength(1);
        expect(listed[0]).toMatchObject({ id: first!.id, label: 'negative', score: 0 });
      });

      it('keeps annotations with different identifiers apart, so two users never overwrite each other', async () => {
        await adapter.upsertAnnotations([vote({ identifier: 'user-1', label: 'positive', score: 1 })]);
        await adapter.upsertAnnotations([vote({ identifier: 'user-2', label: 'negative', score: 0 })]);
        const listed = await adapter.listAnnotations({ targets: [targets.span] });
        expect(byIdentifier(listed)).toEqual({ 'user-1': 'positive', 'user-2': 'negative' });
        expect(new Set(listed.map((annotation) => annotation.id)).size).toBe(2);
      });

      it('treats a missing identifier as the empty identifier', async () => {
        const { identifier: _omitted, ...input } = vote();
        const [stored] = await adapter.upsertAnnotations([input]);
        expect(stored!.identifier).toBe('');
        const [again] = await adapter.upsertAnnotations([{ ...input, identifier: '', label: 'negative' }]);
        expect(again!.id).toBe(stored!.id);
      });

      it.each(['span', 'trace', 'session', 'document'] as const)('annotates a %s target and lists it only under that target', async (kind) => {
        const target = targets[kind];
        await adapter.upsertAnnotations([vote({ target, name: 'correctness', annotatorKind: 'LLM', label: 'correct', identifier: '' })]);
        const listed = await adapter.listAnnotations({ targets: [target] });
        expect(listed).toHaveLength(1);
        expect(listed[0]!.target).toEqual(target);
        for (const other of Object.values(targets)) {
          if (other === target) continue;
          expect(await adapter.listAnnotations({ targets: [other] })).toEqual([]);
        }
      });

      it('lists by several targets, narrowed by names and by identifiers', async () => {
        await adapter.upsertAnnotations([
          vote({ target: targets.span, name: 'correctness', label: 'correct', identifier: 'reviewer-a' }),
          vote({ target: targets.span, name: 'correctness', label: 'incorrect', identifier: 'reviewer-b' }),
          vote({ target: targets.span, name: 'helpfulness', label: null, score: 0.7, identifier: 'reviewer-a' }),
          vote({ target: targets.otherSpan, name: 'correctness', label: 'correct', identifier: 'reviewer-a' }),
          vote({ target: targets.trace, name: 'correctness', label: 'correct', identifier: 'reviewer-a' }),
        ]);
        const both = await adapter.listAnnotations({ targets: [targets.span, targets.otherSpan] });
        expect(both).toHaveLength(4);
        const named = await adapter.listAnnotations({ targets: [targets.span, targets.otherSpan], names: ['correctness'] });
        expect(named).toHaveLength(3);
        expect(named.every((annotation) => annotation.name === 'correctness')).toBe(true);
        const mine = await adapter.listAnnotations({
          targets: [targets.span, targets.otherSpan],
          names: ['correctness'],
          identifiers: ['reviewer-a'],
        });
        expect(mine.map((annotation) => annotation.target).sort(byTargetId)).toEqual([targets.span, targets.otherSpan].sort(byTargetId));
        expect(await adapter.listAnnotations({ targets: [] })).toEqual([]);
      });

      it.each([
        ['an empty name', { name: '' }, 'name'],
        ['a NaN score', { score: NaN }, 'score'],
        ['a span target without an id', { target: { kind: 'span', spanId: '' } as AnnotationTarget }, 'spanId'],
        ['a trace target without an id', { target: { kind: 'trace' } as unknown as AnnotationTarget }, 'traceId'],
      ])('rejects %s with a ValidationError naming the field, and stores nothing', async (_title, overrides, field) => {
        const error = await rejection(adapter.upsertAnnotations([vote({ identifier: 'valid' }), vote(overrides)]));
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).field).toMatch(new RegExp(`(^|\\.)${field}$`));
        expect(await adapter.listAnnotations({ targets: [targets.span] })).toEqual([]);
      });

      it('returns copies: changing a returned annotation does not change the stored one', async () => {
        const [stored] = await adapter.upsertAnnotations([vote({ metadata: { tags: ['a'] } })]);
        stored!.label = 'tampered';
        (stored!.metadata.tags as string[]).push('b');
        const [listed] = await adapter.listAnnotations({ targets: [targets.span] });
        expect(listed).toMatchObject({ label: 'positive', metadata: { tags: ['a'] } });
        listed!.score = 42;
        const [again] = await adapter.listAnnotations({ targets: [targets.span] });
        expect(again!.score).toBe(1);
      });
    });

    describe.runIf(capabilities.deleteAnnotations)('deleteAnnotations', () => {
      it('removes exactly the annotation with that key, leaving other identifiers and targets', async () => {
        await adapter.upsertAnnotations([
          vote({ identifier: 'user-1' }),
          vote({ identifier: 'user-2', label: 'negative', score: 0 }),
          vote({ target: targets.otherSpan, identifier: 'user-1' }),
          vote({ target: targets.span, name: 'correctness', identifier: 'user-1', label: 'correct' }),
        ]);
        await adapter.deleteAnnotations!([{ target: targets.span, name: 'user_feedback', identifier: 'user-1' }]);
        const onSpan = await adapter.listAnnotations({ targets: [targets.span] });
        expect(onSpan.map((annotation) => `${annotation.name}/${annotation.identifier}`).sort()).toEqual([
          'correctness/user-1',
          'user_feedback/user-2',
        ]);
        expect(await adapter.listAnnotations({ targets: [targets.otherSpan] })).toHaveLength(1);
      });

      it('treats deleting a missing annotation as done', async () => {
        await expect(
          adapter.deleteAnnotations!([{ target: targets.span, name: 'never-written', identifier: 'nobody' }]),
        ).resolves.toBeUndefined();
      });

      it('lets the same key be written again after a delete', async () => {
        await adapter.upsertAnnotations([vote()]);
        await adapter.deleteAnnotations!([{ target: targets.span, name: 'user_feedback', identifier: 'user-1' }]);
        await adapter.upsertAnnotations([vote({ label: 'negative', score: 0 })]);
        const listed = await adapter.listAnnotations({ targets: [targets.span] });
        expect(listed).toHaveLength(1);
        expect(listed[0]!.label).toBe('negative');
      });
    });

    describe.runIf(capabilities.notes)('notes', () => {
      it('appends notes and never overwrites an earlier one', async () => {
        const first = await adapter.addNote!({ target: targets.span, text: 'Customer was double charged.', userId: 'rev-1' });
        const second = await adapter.addNote!({ target: targets.span, text: 'Escalated to billing.', userId: 'rev-1' });
        expect(first.id).not.toBe(second.id);
        expect(first).toMatchObject({ target: targets.span, text: 'Customer was double charged.' });
        const listed = await adapter.listNotes!({ targets: [targets.span] });
        expect(listed.map((note) => note.text).sort()).toEqual(['Customer was double charged.', 'Escalated to billing.']);
      });

      it('stores a note sent twice with the same idempotency key once (a retry after a lost answer)', async () => {
        const first = await adapter.addNote!({ target: targets.span, text: 'Escalated to billing.', userId: 'rev-1' }, { idempotencyKey: 'note-key-1' });
        await adapter.addNote!({ target: targets.span, text: 'Escalated to billing.', userId: 'rev-1' }, { idempotencyKey: 'note-key-1' });
        await adapter.addNote!({ target: targets.span, text: 'A second note.', userId: 'rev-1' }, { idempotencyKey: 'note-key-2' });
        const listed = await adapter.listNotes!({ targets: [targets.span] });
        expect(listed.map((note) => note.text).sort()).toEqual(['A second note.', 'Escalated to billing.']);
        expect(listed.filter((note) => note.text === 'Escalated to billing.').map((note) => note.id)).toEqual([first.id]);
      });

      it('lists notes only for the targets asked for', async () => {
        await adapter.addNote!({ target: targets.span, text: 'on the span' });
        await adapter.addNote!({ target: targets.trace, text: 'on the trace' });
        expect((await adapter.listNotes!({ targets: [targets.trace] })).map((note) => note.text)).toEqual(['on the trace']);
      });

      it('rejects an empty note with a ValidationError naming the text, and stores nothing', async () => {
        const error = await rejection(adapter.addNote!({ target: targets.span, text: '' }));
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).field).toMatch(/(^|\.)text$/);
        expect(await adapter.listNotes!({ targets: [targets.span] })).toEqual([]);
      });
    });

    describe.runIf(capabilities.annotationConfigs)('listAnnotationConfigs', () => {
      it('lists configs with a name and a known type', async () => {
        const configs = await adapter.listAnnotationConfigs!();
        expect(Array.isArray(configs)).toBe(true);
        for (const config of configs) {
          expect(config.name).not.toBe('');
          expect(['categorical', 'continuous', 'freeform']).toContain(config.type);
        }
      });
    });

    describe.runIf(capabilities.editAnnotationConfigs)('upsertAnnotationConfig', () => {
      it('creates a config of each type and lists it', async () => {
        const names = { categorical: unique('correctness'), continuous: unique('helpfulness'), freeform: unique('comment') };
        const categorical = await adapter.upsertAnnotationConfig!({
          type: 'categorical',
          name: names.categorical,
          values: [
            { label: 'correct', score: 1 },
            { label: 'incorrect', score: 0 },
          ],
        });
        expect(categorical).toMatchObject({ type: 'categorical', name: names.categorical, optimizationDirection: 'MAXIMIZE' });
        expect(categorical.id).not.toBe('');
        const continuous = await adapter.upsertAnnotationConfig!({ type: 'continuous', name: names.continuous, lowerBound: 0, upperBound: 1 });
        expect(continuous).toMatchObject({ lowerBound: 0, upperBound: 1 });
        const freeform = await adapter.upsertAnnotationConfig!({ type: 'freeform', name: names.freeform, description: 'Anything' });
        expect(freeform).toMatchObject({ type: 'freeform', description: 'Anything' });
        const listed = await adapter.listAnnotationConfigs!();
        for (const config of [categorical, continuous, freeform]) {
          expect(listed.find((entry) => entry.id === config.id)).toMatchObject({ name: config.name, type: config.type });
        }
      });

      it('updates a config in place by id', async () => {
        const name = unique('hallucination');
        const created = await adapter.upsertAnnotationConfig!({ type: 'categorical', name, values: [{ label: 'factual' }] });
        const updated = await adapter.upsertAnnotationConfig!({
          id: created.id,
          type: 'categorical',
          name,
          description: 'Does the answer invent facts?',
          optimizationDirection: 'MINIMIZE',
          values: [
            { label: 'factual', score: 0 },
            { label: 'hallucinated', score: 1 },
          ],
        });
        expect(updated.id).toBe(created.id);
        expect(updated).toMatchObject({ description: 'Does the answer invent facts?', optimizationDirection: 'MINIMIZE' });
        const listed = (await adapter.listAnnotationConfigs!()).filter((config) => config.name === name);
        expect(listed).toHaveLength(1);
        expect(listed[0]).toMatchObject({ id: created.id, values: [{ label: 'factual' }, { label: 'hallucinated' }] });
      });

      it.each([
        ['a categorical config without values', { type: 'categorical', values: [] }, 'values'],
        ['bounds the wrong way round', { type: 'continuous', lowerBound: 1, upperBound: 0 }, 'upperBound'],
        ['an empty name', { type: 'freeform', name: '' }, 'name'],
      ])('rejects %s with a ValidationError naming the field, and stores nothing', async (_title, overrides, field) => {
        const name = unique('invalid');
        const error = await rejection(adapter.upsertAnnotationConfig!({ name, ...overrides } as never));
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).field).toMatch(new RegExp(`(^|\\.)${field}$`));
        expect((await adapter.listAnnotationConfigs!()).some((config) => config.name === name)).toBe(false);
      });
    });

    describe.runIf(capabilities.datasets)('datasets', () => {
      const examples = [
        { input: { question: 'Where is my parcel?' }, output: { answer: 'Out for delivery.' }, metadata: { source: 'conformance' } },
        { input: { question: 'Can I get a refund?' }, output: { answer: 'Yes, within 30 days.' }, metadata: {} },
      ];

      it('creates a dataset with examples and lists both', async () => {
        const name = unique('support-golden');
        const dataset = await adapter.createDataset!({ name, description: 'Golden answers', examples });
        expect(dataset).toMatchObject({ name, description: 'Golden answers', exampleCount: 2 });
        expect((await adapter.listDatasets!()).find((entry) => entry.id === dataset.id)).toMatchObject({ name, exampleCount: 2 });
        const stored = await adapter.listDatasetExamples!(dataset.id);
        expect(stored.map((example) => example.input).sort(byJson)).toEqual(examples.map((example) => example.input).sort(byJson));
        expect(stored.find((example) => example.input.question === 'Where is my parcel?')).toMatchObject({
          output: { answer: 'Out for delivery.' },
          metadata: { source: 'conformance' },
        });
      });

      it('appends examples to the dataset with that name', async () => {
        const name = unique('support-append');
        const created = await adapter.createDataset!({ name, examples: [examples[0]!] });
        const appended = await adapter.createDataset!({ name, examples: [examples[1]!], action: 'append' });
        expect(appended.id).toBe(created.id);
        expect(appended.exampleCount).toBe(2);
        expect(await adapter.listDatasetExamples!(created.id)).toHaveLength(2);
        expect((await adapter.listDatasets!()).filter((dataset) => dataset.name === name)).toHaveLength(1);
      });

      it('refuses to create a dataset whose name is taken, with a conflict error', async () => {
        const name = unique('support-taken');
        await adapter.createDataset!({ name, examples });
        const error = await rejection(adapter.createDataset!({ name, examples }));
        expect(error).toBeInstanceOf(AnnokitError);
        expect((error as AnnokitError).code).toBe('conflict');
        expect((await adapter.listDatasets!()).filter((dataset) => dataset.name === name)).toHaveLength(1);
      });

      it('rejects a dataset without a name with a ValidationError, and creates nothing', async () => {
        const before = (await adapter.listDatasets!()).length;
        const error = await rejection(adapter.createDataset!({ name: '', examples }));
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).field).toMatch(/(^|\.)name$/);
        expect(await adapter.listDatasets!()).toHaveLength(before);
      });
    });

    const needsSeed = NEEDS_DATA.filter((capability) => capabilities[capability]);
    if (needsSeed.length > 0 && !seed) {
      it(`is given a seed for its ${needsSeed.join(', ')} capabilities`, () => {
        throw new Error(
          `${name} has ${needsSeed.map((c) => `${c} (${capabilityMethods(c).join(', ')})`).join('; ')} but ` +
            'describeAdapterConformance got no `seed`: pass seed(data) that loads the data into the backend and returns an adapter serving it.',
        );
      });
    }

    describe.runIf(Boolean(seed) && needsSeed.length > 0)('with seeded data', () => {
      let seeded: AnnotationAdapter;
      beforeAll(async () => {
        await reset?.();
        seeded = await seed!(data);
      });

      const traceIds = [...new Set(data.spans.map((span) => span.traceId))];

      describe.runIf(capabilities.spans)('listSpans', () => {
        const llm = data.spans.find((span) => span.kind === 'LLM');
        const model = llm ? read(llm.attributes, 'llm.model_name') : undefined;
        const times = data.spans.map((span) => span.startTime ?? 0).sort((a, b) => a - b);
        const middle = times[Math.floor(times.length / 2)]!;
        const queries: Array<[string, SpanQuery]> = [
          ['no filter', {}],
          ['traceIds', { traceIds: traceIds.slice(0, 2) }],
          ['spanIds', { spanIds: [firstSpan.spanId, secondSpan.spanId] }],
          ['spanKinds', { spanKinds: ['LLM', 'RETRIEVER'] }],
          ['statusCodes', { statusCodes: ['ERROR'] }],
          ['names', { names: [firstSpan.name] }],
          ['startTime (inclusive)', { startTime: middle }],
          ['endTime (exclusive)', { endTime: middle }],
          ['rootsOnly', { rootsOnly: true }],
          ['attributes by dotted path', { attributes: typeof model === 'string' ? { 'llm.model_name': model } : {} }],
          ['sessionId', { sessionId: sessionId ?? 'none' }],
          ['several filters at once', { spanKinds: ['LLM'], startTime: middle, rootsOnly: false }],
        ];

        it.each(queries)('filters by %s, across all pages', async (_title, query) => {
          const expected = data.spans.filter((span) => matches(span, query, data.spans)).map((span) => span.spanId);
          const found = await allPages(seeded, query, 3);
          expect(found.map((span) => span.spanId).sort()).toEqual(expected.sort());
        });

        it('pages through every span exactly once with opaque cursors', async () => {
          const all = await allPages(seeded, {}, 4);
          expect(all).toHaveLength(data.spans.length);
          expect(new Set(all.map((span) => span.spanId)).size).toBe(data.spans.length);
          const first = await seeded.listSpans!({ limit: 4 });
          expect(first.data.length).toBeLessThanOrEqual(4);
          expect(typeof first.nextCursor).toBe('string');
        });

        it('ends with a null cursor on the last page', async () => {
          const page = await seeded.listSpans!({ limit: data.spans.length + 10 });
          expect(page.data).toHaveLength(data.spans.length);
          expect(page.nextCursor).toBeNull();
        });

        it('returns spans with their nested attributes', async () => {
          const [span] = (await seeded.listSpans!({ spanIds: [firstSpan.spanId] })).data;
          expect(span).toMatchObject({ spanId: firstSpan.spanId, traceId: firstSpan.traceId, kind: firstSpan.kind, name: firstSpan.name });
          expect(read(span!.attributes, 'input.value')).toEqual(read(firstSpan.attributes, 'input.value'));
        });
      });

      describe.runIf(capabilities.traces)('getTrace', () => {
        it('returns every span of the trace and no other', async () => {
          for (const traceId of traceIds.slice(0, 3)) {
            const spans = await seeded.getTrace!(traceId);
            const expected = data.spans.filter((span) => span.traceId === traceId).map((span) => span.spanId);
            expect(spans.map((span) => span.spanId).sort()).toEqual(expected.sort());
            const ids = new Set(spans.map((span) => span.spanId));
            expect(spans.filter((span) => span.parentId === null)).toHaveLength(1);
            expect(spans.every((span) => span.parentId === null || ids.has(span.parentId))).toBe(true);
          }
        });

        it('answers an unknown trace with no spans or a not_found error', async () => {
          const result = await seeded.getTrace!('0000000000000000000000000000dead').then(
            (spans) => spans,
            (error: unknown) => error,
          );
          if (Array.isArray(result)) expect(result).toEqual([]);
          else expect((result as AnnokitError).code).toBe('not_found');
        });
      });

      describe.runIf(capabilities.sessions)('listSessions', () => {
        it('lists every session with its trace count, across all pages', async () => {
          const expected = new Map<string, Set<string>>();
          for (const span of data.spans) {
            const id = read(span.attributes, 'session.id');
            if (typeof id !== 'string') continue;
            if (!expected.has(id)) expected.set(id, new Set());
            expected.get(id)!.add(span.traceId);
          }
          const found = [];
          let cursor: string | null = null;
          for (let page = 0; page <= expected.size + 1; page++) {
            const result = await seeded.listSessions!({ cursor, limit: 2 });
            found.push(...result.data);
            cursor = result.nextCursor;
            if (cursor === null) break;
          }
          expect(cursor).toBeNull();
          expect(found.map((session) => session.sessionId).sort()).toEqual([...expected.keys()].sort());
          for (const session of found) expect(session.traceCount).toBe(expected.get(session.sessionId)!.size);
        });
      });

      describe.runIf(capabilities.experiments)('experiments', () => {
        it('lists the experiments of a dataset with their runs and evaluations', async () => {
          for (const source of data.datasets) {
            const datasetId = capabilities.datasets
              ? (await seeded.listDatasets!()).find((dataset) => dataset.name === source.name)?.id
              : source.id;
            expect(datasetId, `dataset "${source.name}" is served`).toBeDefined();
            const experiments = await seeded.listExperiments!(datasetId!);
            const wanted = data.experiments.filter((experiment) => experiment.datasetId === source.id);
            expect(experiments.map((experiment) => experiment.name).sort()).toEqual(wanted.map((experiment) => experiment.name).sort());
            const exampleIds = capabilities.datasets
              ? new Set((await seeded.listDatasetExamples!(datasetId!)).map((example) => example.id))
              : null;
            for (const experiment of experiments) {
              const original = wanted.find((entry) => entry.name === experiment.name)!;
              expect(experiment.runCount).toBe(original.runs.length);
              const runs = await seeded.listExperimentRuns!(experiment.id);
              expect(runs).toHaveLength(original.runs.length);
              if (exampleIds) expect(runs.every((run) => exampleIds.has(run.exampleId))).toBe(true);
              const evaluations = (list: typeof runs) =>
                list.flatMap((run) => run.evaluations.map((evaluation) => `${evaluation.name}=${evaluation.label}/${evaluation.score}`)).sort();
              expect(evaluations(runs)).toEqual(evaluations(original.runs));
            }
          }
        });
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Reference behaviour the adapters are checked against

function read(attributes: Attributes, path: string): AttributeValue | undefined {
  let value: AttributeValue | undefined = attributes;
  for (const segment of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Array.isArray(value) ? value[Number(segment)] : value[segment];
  }
  return value;
}

function matches(span: Span, query: SpanQuery, all: Span[]): boolean {
  const sessionOf = (traceId: string) =>
    all.filter((s) => s.traceId === traceId).map((s) => read(s.attributes, 'session.id')).find((v) => typeof v === 'string');
  const start = span.startTime ?? -Infinity;
  return (
    (!query.traceIds || query.traceIds.includes(span.traceId)) &&
    (!query.spanIds || query.spanIds.includes(span.spanId)) &&
    (!query.spanKinds || query.spanKinds.includes(span.kind)) &&
    (!query.statusCodes || query.statusCodes.includes(span.status.code)) &&
    (!query.names || query.names.includes(span.name)) &&
    (query.startTime === undefined || start >= query.startTime) &&
    (query.endTime === undefined || start < query.endTime) &&
    (!query.rootsOnly || span.parentId === null) &&
    (query.sessionId === undefined || sessionOf(span.traceId) === query.sessionId) &&
    Object.entries(query.attributes ?? {}).every(([path, value]) => read(span.attributes, path) === value)
  );
}

/** Follows cursors to the end; fails on a repeated span or a cursor that never ends. */
async function allPages(adapter: AnnotationAdapter, query: SpanQuery, limit: number): Promise<Span[]> {
  const found: Span[] = [];
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (let page = 0; page < 10_000; page++) {
    const result = await adapter.listSpans!({ ...query, cursor, limit });
    expect(result.data.length).toBeLessThanOrEqual(limit);
    for (const span of result.data) {
      expect(seen.has(span.spanId), `span ${span.spanId} returned twice`).toBe(false);
      seen.add(span.spanId);
      found.push(span);
    }
    cursor = result.nextCursor;
    if (cursor === null) return found;
  }
  throw new Error('listSpans kept returning a next cursor');
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to be rejected');
}

function byIdentifier(annotations: Annotation[]): Record<string, string | null> {
  return Object.fromEntries(annotations.map((annotation) => [annotation.identifier, annotation.label]));
}

function byTargetId(a: AnnotationTarget, b: AnnotationTarget): number {
  return JSON.stringify(a) < JSON.stringify(b) ? -1 : 1;
}

function byJson(a: unknown, b: unknown): number {
  return JSON.stringify(a) < JSON.stringify(b) ? -1 : 1;
}
