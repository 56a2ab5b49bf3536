import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPhoenixAdapter, type PhoenixAdapter, type PhoenixAdapterOptions } from '../../../src/adapters/phoenix';
import { collectPages } from '../../../src/adapters/phoenix/adapter';
import { MAX_URL_LENGTH } from '../../../src/adapters/phoenix/http';
import { ValidationError, type AnnotationInput, type AnnotationTarget } from '../../../src/core';
import { conformanceFixture } from '../conformance';
import { startFakePhoenix } from './fake-phoenix';
import { seedFakePhoenix, toWireSpan } from './seed';
import { rejectionOf } from '../../support/rejection';

const fake = await startFakePhoenix();
afterAll(() => fake.close());
beforeEach(() => fake.reset());
afterEach(() => {
  expect(fake.violations).toEqual([]);
});

const data = conformanceFixture();
const [spanA, spanB] = data.spans;
const span = (id: string): AnnotationTarget => ({ kind: 'span', spanId: id });
const spanTarget = span(spanA!.spanId);
const otherSpan = span(spanB!.spanId);
const trace: AnnotationTarget = { kind: 'trace', traceId: spanA!.traceId };

function adapter(options: Partial<PhoenixAdapterOptions> = {}): PhoenixAdapter {
  return createPhoenixAdapter({ baseUrl: fake.url, projectName: 'default', ...options } as PhoenixAdapterOptions);
}

function seedSpans() {
  fake.seedSpans('default', data.spans.map(toWireSpan));
}

const vote = (overrides: Partial<AnnotationInput> = {}): AnnotationInput => ({
  target: spanTarget,
  name: 'user_feedback',
  annotatorKind: 'HUMAN',
  label: 'up',
  score: 1,
  identifier: 'user-1',
  ...overrides,
});

const requestsTo = (operationId: string) => fake.requests.filter((request) => request.operationId === operationId);

describe('createPhoenixAdapter options', () => {
  it('needs exactly one of projectName and projectId', () => {
    expect(() => createPhoenixAdapter({ baseUrl: fake.url } as PhoenixAdapterOptions)).toThrow(ValidationError);
    expect(() =>
      createPhoenixAdapter({ baseUrl: fake.url, projectName: 'a', projectId: 'b' } as unknown as PhoenixAdapterOptions),
    ).toThrow(/exactly one of projectName or projectId/);
  });

  it('refuses a project name that cannot go in a URL, naming the field', () => {
    try {
      createPhoenixAdapter({ baseUrl: fake.url, projectName: 'team/chat' });
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('options.projectName');
      expect((error as ValidationError).value).toBe('team/chat');
    }
  });

  it('addresses the project by id when given projectId', async () => {
    seedSpans();
    const byId = adapter({ projectName: undefined, projectId: fake.projectId('default') });
    await byId.upsertAnnotations([vote()]);
    expect(await byId.listAnnotations({ targets: [spanTarget] })).toHaveLength(1);
    expect(fake.requests.at(-1)!.path).toBe(`/v1/projects/${encodeURIComponent(fake.projectId('default'))}/span_annotations`);
  });
});

describe('annotations', () => {
  beforeEach(seedSpans);

  it('writes with sync=true so Phoenix answers with the ids, and returns the stored rows', async () => {
    const [stored] = await adapter().upsertAnnotations([vote({ metadata: { via: 'test' }, userId: 'end-user-7' })]);
    const writes = requestsTo('annotateSpans');
    expect(writes).toHaveLength(1);
    expect(writes[0]!.query.get('sync')).toBe('true');
    const row = fake.annotationRows('span')[0]!;
    expect(stored).toMatchObject({ id: row.id, createdAt: row.created_at, source: 'API', userId: 'end-user-7', metadata: { via: 'test' } });
  });

  it('embeds the target in the identifier Phoenix stores and hides it again when reading', async () => {
    await adapter().upsertAnnotations([vote({ identifier: 'user-1' })]);
    expect(fake.annotationRows('span')[0]!.identifier).toBe(`annokit:span:${spanA!.spanId}:user-1`);
    const [listed] = await adapter().listAnnotations({ targets: [spanTarget] });
    expect(listed!.identifier).toBe('user-1');
  });

  it('refuses the reserved name "note" before sending anything', async () => {
    const error = await rejectionOf(adapter().upsertAnnotations([vote({ name: 'note' })]));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('annotations[0].name');
    expect(fake.requests).toHaveLength(0);
  });

  it('reads annotations of many targets in batches whose URLs stay under the limit', async () => {
    const targets = Array.from({ length: 600 }, (_, index) => span(index.toString(16).padStart(16, '0')));
    const lenient = await startFakePhoenix({ requireKnownTargets: false });
    try {
      const wide = createPhoenixAdapter({ baseUrl: lenient.url, projectName: 'default' });
      await wide.upsertAnnotations(targets.map((target) => vote({ target })));
      lenient.requests.length = 0;
      const listed = await wide.listAnnotations({ targets });
      expect(listed).toHaveLength(600);
      const reads = lenient.requests.filter((request) => request.operationId === 'listSpanAnnotationsBySpanIds');
      expect(reads.length).toBeGreaterThan(1);
      expect(reads.flatMap((request) => request.query.getAll('span_ids')).sort()).toEqual(targets.map((t) => (t as { spanId: string }).spanId).sort());
      for (const request of reads) {
        expect(`${lenient.url}${request.path}?${request.query}`.length).toBeLessThanOrEqual(MAX_URL_LENGTH);
      }
      expect(lenient.violations).toEqual([]);
    } finally {
      await lenient.close();
    }
  });

  it('follows next_cursor until Phoenix has no more pages', async () => {
    // 1200 reviewers on one span: more than one page of 1000
    await adapter().upsertAnnotations(Array.from({ length: 1200 }, (_, index) => vote({ identifier: `reviewer-${index}` })));
    fake.requests.length = 0;
    const listed = await adapter().listAnnotations({ targets: [spanTarget] });
    expect(new Set(listed.map((annotation) => annotation.identifier)).size).toBe(1200);
    const reads = requestsTo('listSpanAnnotationsBySpanIds');
    expect(reads).toHaveLength(2);
    // Phoenix lists the newest row first: the second page starts at the 1001st newest
    expect(reads[1]!.query.get('cursor')).toBe(fake.annotationRows().at(-1001)!.id);
  });

  it('splits a keepalive flush into requests under the 64 KiB browsers allow, keeping input order', async () => {
    const inputs = Array.from({ length: 300 }, (_, index) =>
      vote({ identifier: `user-${index}`, explanation: `${index} ${'x'.repeat(500)}` }),
    );
    const stored = await adapter().upsertAnnotations(inputs, { keepalive: true });
    const writes = requestsTo('annotateSpans');
    expect(writes.length).toBeGreaterThan(2);
    for (const write of writes) expect(JSON.stringify(write.body).length).toBeLessThan(64 * 1024);
    expect(stored.map((annotation) => annotation.identifier)).toEqual(inputs.map((input) => input.identifier));
  });

  it('never lists notes as annotations', async () => {
    const phoenix = adapter();
    await phoenix.addNote({ target: spanTarget, text: 'looks off' });
    await phoenix.upsertAnnotations([vote()]);
    expect((await phoenix.listAnnotations({ targets: [spanTarget] })).map((a) => a.name)).toEqual(['user_feedback']);
    expect(await phoenix.listAnnotations({ targets: [spanTarget], names: ['note'] })).toEqual([]);
  });

  it('shows annotations written in Phoenix itself with their own identifier and Phoenix user', async () => {
    fake.seedAnnotation('span', spanA!.spanId, { name: 'quality', label: 'good', userId: 'VXNlcjox' });
    const [listed] = await adapter().listAnnotations({ targets: [spanTarget] });
    expect(listed).toMatchObject({ name: 'quality', identifier: '', label: 'good', userId: 'VXNlcjox', source: 'APP' });
  });

  it('answers a write to a span Phoenix has not seen with not_found, naming the kind', async () => {
    const error = await rejectionOf(adapter().upsertAnnotations([vote({ target: span('ffffffffffffffff') })]));
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/^Phoenix has no span "ffffffffffffffff"/);
  });

  // Phoenix stores spans asynchronously: an app knows a span's id before Phoenix has the span
  it('makes that not_found retryable (annotations and notes), so the outbox tries again until the span arrives', async () => {
    const late = span('eeeeeeeeeeeeeeee');
    const error = await rejectionOf(adapter().upsertAnnotations([vote({ target: late })]));
    expect(error).toMatchObject({ code: 'not_found', retryable: true });
    expect(error.message).toContain('may not have it yet');
    expect(await rejectionOf(adapter().addNote({ target: late, text: 'early' }))).toMatchObject({ code: 'not_found', retryable: true });
  });

  // Phoenix's Python client logs without sync by default: Phoenix queues what it cannot store yet
  it('reads an LLM evaluation logged (without sync) before Phoenix stored its span, once the span arrives', async () => {
    const late = { ...spanA!, spanId: 'cccccccccccccccc' };
    const target = span(late.spanId);
    const evaluation = { span_id: late.spanId, name: 'correctness', annotator_kind: 'LLM', result: { label: 'correct', score: 1, explanation: 'cites the policy' } };
    const response = await fetch(`${fake.url}/v1/span_annotations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: [evaluation] }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: [] });
    expect(await adapter().listAnnotations({ targets: [target] })).toEqual([]);
    fake.seedSpans('default', [toWireSpan(late)]);
    expect(await adapter().listAnnotations({ targets: [target] })).toMatchObject([
      { name: 'correctness', annotatorKind: 'LLM', label: 'correct', score: 1, explanation: 'cites the policy', identifier: '' },
    ]);
  });

  it('reads no annotations or notes for spans, traces and sessions Phoenix does not know (it answers 404 for them)', async () => {
    seedSpans();
    const unknown: AnnotationTarget[] = [span('dddddddddddddddd'), { kind: 'trace', traceId: 'd'.repeat(32) }, { kind: 'session', sessionId: 'no-such-session' }];
    for (const target of unknown) {
      expect(await adapter().listAnnotations({ targets: [target] })).toEqual([]);
      expect(await adapter().listNotes({ targets: [target] })).toEqual([]);
    }
    const error = await rejectionOf(adapter({ projectName: 'no-such-project' }).listAnnotations({ targets: [spanTarget] }));
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/^Phoenix has no project "no-such-project"/);
  });
});

describe('retract removes exactly one annotation', () => {
  beforeEach(seedSpans);

  it('deletes by name + identifier, which Phoenix applies project-wide, yet touches only the one target', async () => {
    const phoenix = adapter();
    // the same (name, identifier) on two spans, a trace and a session: one Phoenix delete could hit them all
    await phoenix.upsertAnnotations([
      vote({ target: spanTarget }),
      vote({ target: otherSpan }),
      vote({ target: trace }),
      vote({ target: { kind: 'session', sessionId: 'sess-refund-1' } }),
      vote({ target: { kind: 'document', spanId: spanA!.spanId, position: 0 } }),
    ]);
    expect(fake.annotationRows()).toHaveLength(5);
    await phoenix.deleteAnnotations([{ target: spanTarget, name: 'user_feedback', identifier: 'user-1' }]);
    const deletes = requestsTo('deleteSpanAnnotations');
    expect(deletes).toHaveLength(1);
    expect(Object.fromEntries(deletes[0]!.query)).toEqual({
      name: 'user_feedback',
      identifier: `annokit:span:${spanA!.spanId}:user-1`,
      delete_all: 'true',
    });
    expect(fake.annotationRows()).toHaveLength(4);
    expect(fake.annotationRows().some((row) => row.kind === 'span' && row.targetId === spanA!.spanId && !row.identifier.startsWith('annokit:document'))).toBe(false);
  });

  it('deletes a document annotation without touching the annotation on its span', async () => {
    const phoenix = adapter();
    const document: AnnotationTarget = { kind: 'document', spanId: spanA!.spanId, position: 2 };
    await phoenix.upsertAnnotations([vote({ target: spanTarget }), vote({ target: document })]);
    await phoenix.deleteAnnotations([{ target: document, name: 'user_feedback', identifier: 'user-1' }]);
    expect((await phoenix.listAnnotations({ targets: [spanTarget, document] })).map((a) => a.target)).toEqual([spanTarget]);
  });

  it('deletes an annotation written elsewhere when its identifier is unique in the project', async () => {
    fake.seedAnnotation('span', spanA!.spanId, { name: 'quality', identifier: 'review-42' });
    fake.seedAnnotation('span', spanB!.spanId, { name: 'quality', identifier: 'review-43' });
    await adapter().deleteAnnotations([{ target: spanTarget, name: 'quality', identifier: 'review-42' }]);
    expect(fake.annotationRows().map((row) => row.identifier)).toEqual(['review-43']);
  });

  it('refuses, deleting nothing, when an annotation written elsewhere shares its identifier with another target', async () => {
    fake.seedAnnotation('span', spanA!.spanId, { name: 'quality', identifier: 'shared' });
    fake.seedAnnotation('span', spanB!.spanId, { name: 'quality', identifier: 'shared' });
    const error = await rejectionOf(adapter().deleteAnnotations([{ target: spanTarget, name: 'quality', identifier: 'shared' }]));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/across the whole project/);
    expect(fake.annotationRows()).toHaveLength(2);
    expect(requestsTo('deleteSpanAnnotations')).toHaveLength(0);
  });

  it('refuses, deleting nothing, to retract an annotation Phoenix stored without an identifier', async () => {
    fake.seedAnnotation('span', spanA!.spanId, { name: 'quality' });
    const error = await rejectionOf(adapter().deleteAnnotations([{ target: spanTarget, name: 'quality', identifier: '' }]));
    expect(error.code).toBe('conflict');
    expect(fake.annotationRows()).toHaveLength(1);
  });
});

describe('document annotations', () => {
  beforeEach(seedSpans);
  const document: AnnotationTarget = { kind: 'document', spanId: spanB!.spanId, position: 1 };

  it("stores them on their span by default, so they read back and don't show on the span itself", async () => {
    const phoenix = adapter();
    const [stored] = await phoenix.upsertAnnotations([vote({ target: document, name: 'relevance', label: 'relevant' })]);
    expect(stored).toMatchObject({ target: document, identifier: 'user-1', label: 'relevant' });
    expect(fake.annotationRows('span')[0]!.identifier).toBe(`annokit:document:${spanB!.spanId}:1:user-1`);
    expect(await phoenix.listAnnotations({ targets: [otherSpan] })).toEqual([]);
  });

  it("with documentAnnotations: 'native' writes Phoenix's document annotations and says reading them is unsupported", async () => {
    const phoenix = adapter({ documentAnnotations: 'native' });
    // the retriever span holds one document: position 0
    const retrieved: AnnotationTarget = { kind: 'document', spanId: spanB!.spanId, position: 0 };
    const [stored] = await phoenix.upsertAnnotations([vote({ target: retrieved, name: 'relevance', label: 'relevant' })]);
    expect(fake.documentRows()).toHaveLength(1);
    expect(fake.documentRows()[0]).toMatchObject({ spanId: spanB!.spanId, position: 0, name: 'relevance', identifier: 'user-1' });
    expect(stored).toMatchObject({ id: fake.documentRows()[0]!.id, target: retrieved });
    expect((await rejectionOf(phoenix.listAnnotations({ targets: [retrieved] }))).code).toBe('unsupported');
    expect((await rejectionOf(phoenix.deleteAnnotations([{ target: retrieved, name: 'relevance', identifier: 'user-1' }]))).code).toBe(
      'unsupported',
    );
  });

  it("with documentAnnotations: 'native' passes Phoenix's refusal of a position the span has no document at as a validation error", async () => {
    const error = await rejectionOf(adapter({ documentAnnotations: 'native' }).upsertAnnotations([vote({ target: document, name: 'relevance' })]));
    expect(error).toMatchObject({ code: 'validation', retryable: false });
    expect(error.message).toContain('Document position 1 is out of bounds');
    expect(fake.documentRows()).toEqual([]);
  });
});

describe('notes', () => {
  beforeEach(seedSpans);

  it('appends notes on spans, traces and sessions and keeps their authors', async () => {
    const phoenix = adapter();
    const note = await phoenix.addNote({ target: spanTarget, text: 'Double charged', userId: 'rev:1' });
    await phoenix.addNote({ target: trace, text: 'Trace note' });
    await phoenix.addNote({ target: { kind: 'session', sessionId: 'sess-refund-1' }, text: 'Session note' });
    expect(note).toMatchObject({ target: spanTarget, text: 'Double charged', userId: 'rev:1' });
    expect(fake.annotationRows().every((row) => row.name === 'note')).toBe(true);
    expect(await phoenix.listNotes({ targets: [spanTarget] })).toEqual([note]);
    expect((await phoenix.listNotes({ targets: [trace] })).map((n) => n.text)).toEqual(['Trace note']);
  });

  it('lands a retried note once when the retry carries the same idempotency key', async () => {
    const phoenix = adapter();
    const first = await phoenix.addNote({ target: spanTarget, text: 'Escalated', userId: 'rev-1' }, { idempotencyKey: 'outbox/42' });
    const retry = await phoenix.addNote({ target: spanTarget, text: 'Escalated', userId: 'rev-1' }, { idempotencyKey: 'outbox/42' });
    expect(retry.id).toBe(first.id);
    expect(await phoenix.listNotes({ targets: [spanTarget] })).toHaveLength(1);
    await phoenix.addNote({ target: spanTarget, text: 'Escalated' }, { idempotencyKey: 'outbox/43' });
    expect(await phoenix.listNotes({ targets: [spanTarget] })).toHaveLength(2);
  });

  it('lists notes oldest first although Phoenix stamps notes made in the same second alike', async () => {
    const phoenix = adapter();
    for (const text of ['one', 'two', 'three']) await phoenix.addNote({ target: spanTarget, text });
    const notes = await phoenix.listNotes({ targets: [spanTarget] });
    expect(new Set(notes.map((note) => note.createdAt)).size).toBe(1);
    expect(notes.map((note) => note.text)).toEqual(['one', 'two', 'three']);
  });

  it('sends no Idempotency-Key header, which Phoenix does not declare and its CORS rules would refuse', async () => {
    await adapter().upsertAnnotations([vote()], { idempotencyKey: 'outbox/1' });
    expect(fake.requests.every((request) => request.headers['idempotency-key'] === undefined)).toBe(true);
  });

  it('reads notes written in Phoenix (identifier px-span-note:…) with the Phoenix user', async () => {
    fake.seedAnnotation('span', spanA!.spanId, { name: 'note', identifier: 'px-span-note:1', userId: 'VXNlcjoy' });
    const [note] = await adapter().listNotes({ targets: [spanTarget] });
    expect(note).toMatchObject({ userId: 'VXNlcjoy' });
  });

  it('refuses notes on documents, which Phoenix has no endpoint for', async () => {
    const error = await rejectionOf(adapter().addNote({ target: { kind: 'document', spanId: spanA!.spanId, position: 0 }, text: 'x' }));
    expect(error.code).toBe('unsupported');
  });
});

describe('annotation configs', () => {
  it('lists the project’s configs by default and every config with annotationConfigs: "all"', async () => {
    const phoenix = adapter();
    const created = await phoenix.upsertAnnotationConfig({ type: 'freeform', name: 'comment' });
    expect(requestsTo('assignAnnotationConfigToProject')).toHaveLength(1);
    expect((await phoenix.listAnnotationConfigs()).map((config) => config.id)).toEqual([created.id]);
    // a config created elsewhere and not assigned to the project
    const other = createPhoenixAdapter({ baseUrl: fake.url, projectName: 'default' });
    fake.requests.length = 0;
    await other.listAllAnnotationConfigs();
    expect(requestsTo('listAnnotationConfigs')).toHaveLength(1);
    expect(await adapter({ annotationConfigs: 'all' }).listAnnotationConfigs()).toEqual(await phoenix.listAllAnnotationConfigs());
  });

  it('refuses a name Phoenix already has (409) as a validation error naming config.name, with Phoenix’s message', async () => {
    const phoenix = adapter();
    await phoenix.upsertAnnotationConfig({ type: 'freeform', name: 'comment' });
    for (const name of ['comment', 'user_feedback']) {
      const error = await rejectionOf(phoenix.upsertAnnotationConfig({ type: 'freeform', name }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ code: 'validation', field: 'config.name', value: name });
      expect(error.message).toContain('already taken');
    }
  });
});

describe('spans, traces and sessions', () => {
  beforeEach(seedSpans);

  it('sends a numeric-looking string attribute JSON-quoted so Phoenix compares it as a string', async () => {
    await adapter().listSpans({ attributes: { 'user.id': '12345', 'llm.token_count.total': 480 } });
    const request = requestsTo('getSpans')[0]!;
    expect(request.query.getAll('attribute')).toEqual(['user.id:"12345"', 'llm.token_count.total:480']);
  });

  it('resolves a session to its traces, since only root spans carry session.id', async () => {
    const page = await adapter().listSpans({ sessionId: 'sess-refund-1', limit: 1000 });
    const traceIds = new Set(data.spans.filter((s) => s.attributes.session && (s.attributes.session as { id: string }).id === 'sess-refund-1').map((s) => s.traceId));
    expect(page.data.length).toBe(data.spans.filter((s) => traceIds.has(s.traceId)).length);
    expect(requestsTo('listProjectTraces')[0]!.query.getAll('session_identifier')).toEqual(['sess-refund-1']);
  });

  it('returns an empty page without asking for spans when the session has no traces', async () => {
    expect(await adapter().listSpans({ sessionId: 'no-such-session' })).toEqual({ data: [], nextCursor: null });
    expect(requestsTo('getSpans')).toHaveLength(0);
  });

  it('gives the viewer nested attributes from Phoenix’s flat ones', async () => {
    const spans = await adapter().getTrace(spanA!.traceId);
    const llm = spans.find((s) => s.kind === 'LLM')!;
    expect(llm.attributes).toMatchObject({ llm: { model_name: 'gpt-4o', token_count: { prompt: 420 } } });
  });

  it('answers 404 for an unknown project with not_found naming the project', async () => {
    const error = await rejectionOf(adapter({ projectName: 'nope' }).listSpans({}));
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/project "nope"/);
  });
});

describe('datasets and experiments', () => {
  beforeEach(seedSpans);

  it('links each uploaded example to its span with span_ids', async () => {
    const phoenix = adapter();
    const dataset = await phoenix.createDataset({
      name: 'golden',
      examples: [
        { input: { q: 'a' }, output: { a: 1 }, metadata: {}, spanId: spanA!.spanId },
        { input: { q: 'b' }, output: { a: 2 }, metadata: {} },
      ],
    });
    expect(requestsTo('uploadDataset')[0]!.body).toMatchObject({ span_ids: [spanA!.spanId, null], action: 'create' });
    const examples = await phoenix.listDatasetExamples(dataset.id);
    expect(examples.map((example) => example.spanId)).toEqual([spanA!.spanId, null]);
  });

  it('joins an experiment’s runs with their evaluations from the export', async () => {
    const phoenix = adapter();
    await seedFakePhoenix(fake, phoenix, data);
    const [dataset] = await phoenix.listDatasets();
    const experiments = await phoenix.listExperiments(dataset!.id);
    expect(experiments.map((experiment) => experiment.name).sort()).toEqual(['gpt-4o baseline', 'gpt-4o-mini candidate']);
    const runs = await phoenix.listExperimentRuns(experiments.find((e) => e.name === 'gpt-4o baseline')!.id);
    expect(runs.map((run) => run.evaluations.map((e) => e.label))).toEqual([['correct'], ['correct'], ['incorrect'], ['correct']]);
  });

  it('lists no runs for an experiment without runs, without asking for the export Phoenix would 404', async () => {
    const phoenix = adapter();
    const dataset = await phoenix.createDataset({ name: 'empty-runs', examples: [{ input: {}, output: {}, metadata: {} }] });
    const experiment = fake.seedExperiment({ datasetId: dataset.id, name: 'pending', runs: [] });
    expect(await phoenix.listExperimentRuns(experiment.id)).toEqual([]);
    expect(requestsTo('getExperimentJSON')).toHaveLength(0);
  });

  // Phoenix lists none (200) for both; the kit's other adapters answer not_found
  it('answers an unknown experiment and an unknown dataset’s experiments with not_found naming them', async () => {
    const error = await rejectionOf(adapter().listExperimentRuns('RXhwZXJpbWVudDo5OTk='));
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/experiment "RXhwZXJpbWVudDo5OTk="/);
    const missing = await rejectionOf(adapter().listExperiments('RGF0YXNldDo5OTk='));
    expect(missing.code).toBe('not_found');
    expect(missing.message).toMatch(/dataset "RGF0YXNldDo5OTk="/);
  });
});

describe('errors', () => {
  beforeEach(seedSpans);

  it.each([
    [401, 'authentication', false],
    [403, 'authentication', false],
    [409, 'conflict', false],
    [422, 'validation', false],
    [500, 'server', true],
    [503, 'server', true],
  ] as const)('maps %i to %s (retryable: %s) and keeps the server’s message', async (status, code, retryable) => {
    fake.failNext({ status, body: `the server says ${status}` });
    const error = await rejectionOf(adapter().upsertAnnotations([vote()]));
    expect(error).toMatchObject({ code, status, retryable });
    expect(error.message).toContain(`the server says ${status}`);
  });

  it('reads FastAPI’s {"detail": [...]} bodies into a readable message', async () => {
    fake.failNext({ status: 422, body: JSON.stringify({ detail: [{ loc: ['body', 'data', 0, 'name'], msg: 'Field required' }] }) });
    const error = await rejectionOf(adapter().upsertAnnotations([vote()]));
    expect(error.message).toBe('body.data.0.name: Field required');
  });

  it('maps 429 to a retryable rate_limited error carrying Retry-After', async () => {
    fake.failNext({ status: 429, headers: { 'retry-after': '7' } });
    const error = await rejectionOf(adapter().listAnnotations({ targets: [spanTarget] }));
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterSeconds: 7 });
  });

  it('maps a dropped connection to a retryable network error', async () => {
    fake.failNext({ status: 0, destroy: true });
    const error = await rejectionOf(adapter().upsertAnnotations([vote()]));
    expect(error).toMatchObject({ code: 'network', retryable: true });
  });

  it('gives up after timeoutMs with a retryable timeout error', async () => {
    fake.failNext({ status: 200, delayMs: 400 });
    const error = await rejectionOf(adapter({ timeoutMs: 50 }).listAnnotations({ targets: [spanTarget] }));
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
  });

  it('lets a caller’s abort through as an abort, not as a failure to retry', async () => {
    fake.failNext({ status: 200, delayMs: 400 });
    const controller = new AbortController();
    const pending = adapter().upsertAnnotations([vote()], { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('stops when Phoenix hands back a cursor it already gave (instead of looping forever)', async () => {
    const page = vi.fn(async (cursor: string | null) => ({ data: [cursor], next_cursor: 'string' }));
    const error = await rejectionOf(collectPages(page));
    expect(error.message).toMatch(/cursor "string" twice/);
    expect(page).toHaveBeenCalledTimes(2);
  });
});

describe('credentials', () => {
  it('calls a headers function before every request, so a refreshed token is used', async () => {
    const keyed = await startFakePhoenix({ apiKey: 'fresh', requireKnownTargets: false });
    try {
      let token = 'stale';
      const headers = vi.fn(async () => ({ authorization: `Bearer ${token}` }));
      const phoenix = createPhoenixAdapter({ baseUrl: keyed.url, projectName: 'default', headers });
      const error = await rejectionOf(phoenix.listAnnotations({ targets: [spanTarget] }));
      expect(error.code).toBe('authentication');
      expect(error.message).toMatch(/401/);
      token = 'fresh';
      await expect(phoenix.listAnnotations({ targets: [spanTarget] })).resolves.toEqual([]);
      expect(headers).toHaveBeenCalledTimes(2);
      expect(keyed.violations).toEqual([]);
    } finally {
      await keyed.close();
    }
  });

  it('sends static headers as given', async () => {
    await adapter({ headers: { 'x-team': 'support' } }).listAnnotations({ targets: [spanTarget] });
    expect(fake.requests[0]!.headers['x-team']).toBe('support');
  });
});
