/**
 * What the real Phoenix does where the kit once assumed otherwise (each test failed before the fix
 * it names): reads and writes of targets Phoenix has not stored yet (ingestion is asynchronous),
 * and timestamps to the second.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createPhoenixAdapter } from '../../src/adapters/phoenix';
import { AnnokitError, ValidationError, createOutbox, type AnnotationTarget } from '../../src/core';
import { THUMBS } from '../../src/hooks/useFeedback';
import { conformanceFixture } from '../adapters/conformance';
import { withFreshIds } from './support/conformance-data';
import { randomHex, uniqueName } from './support/rest';
import { seedSpans } from './support/seed';
import { rejectionOf } from '../support/rejection';

const url = inject('phoenixUrl');
const project = uniqueName('adapter');
const data = withFreshIds(conformanceFixture());
const adapter = createPhoenixAdapter({ baseUrl: url, projectName: project });
const root = data.spans.find((span) => span.parentId === null)!;

beforeAll(async () => {
  await seedSpans(url, project, data.spans);
});

/** A span in the project's shape that Phoenix has not stored (yet). */
function unstoredSpan(name = 'late-span') {
  return { ...root, spanId: randomHex(8), traceId: randomHex(16), parentId: null, name, attributes: { input: { value: 'late' } } };
}

describe('targets Phoenix has not stored yet', () => {
  const unknown: AnnotationTarget[] = [
    { kind: 'span', spanId: randomHex(8) },
    { kind: 'trace', traceId: randomHex(16) },
    { kind: 'session', sessionId: uniqueName('no-session') },
  ];

  // Phoenix answers 404 "None of the supplied span_ids exist in this project" when no id is known
  it.each(unknown.map((target) => [target.kind, target] as const))(
    'reads no annotations and no notes for a %s it does not know, instead of failing',
    async (_kind, target) => {
      expect(await adapter.listAnnotations({ targets: [target] })).toEqual([]);
      expect(await adapter.listNotes({ targets: [target] })).toEqual([]);
    },
  );

  it('still answers not_found naming the project when the project itself is unknown', async () => {
    const missing = createPhoenixAdapter({ baseUrl: url, projectName: uniqueName('no-such-project') });
    const error = await rejectionOf(missing.listAnnotations({ targets: [{ kind: 'span', spanId: root.spanId }] }));
    expect(error).toBeInstanceOf(AnnokitError);
    expect(error.code).toBe('not_found');
    expect(error.message).toContain(missing.project);
  });

  // Phoenix answers 404 to a write on a span its bulk inserter has not stored: spans arrive later
  // than the app that made them knows their ids (the OTel exporter batches, the POST answers 202)
  it('fails a write to a span not stored yet retryably, so the outbox tries again, and lands it once the span arrives', async () => {
    const late = unstoredSpan();
    const vote = { target: { kind: 'span', spanId: late.spanId } as const, name: 'user_feedback', annotatorKind: 'HUMAN' as const, label: 'positive', score: 1, identifier: 'u-1' };
    const error = await rejectionOf(adapter.upsertAnnotations([vote]));
    expect(error).toBeInstanceOf(AnnokitError);
    expect(error.code).toBe('not_found');
    expect(error.retryable).toBe(true);
    const noteError = await rejectionOf(adapter.addNote({ target: vote.target, text: 'early note' }));
    expect(noteError.retryable).toBe(true);

    await seedSpans(url, project, [late]);
    const [stored] = await adapter.upsertAnnotations([vote]);
    expect(stored).toMatchObject({ target: vote.target, label: 'positive', identifier: 'u-1' });
  });

  it('delivers a vote queued in the outbox before its span was stored, once Phoenix has it', async () => {
    const late = unstoredSpan('voted-before-ingestion');
    const outbox = createOutbox({ adapter, baseDelayMs: 300, maxDelayMs: 1000, environment: null, channel: null }).start();
    try {
      const target = { kind: 'span', spanId: late.spanId } as const;
      outbox.upsert({ target, name: 'user_feedback', annotatorKind: 'HUMAN', label: 'negative', score: 0, identifier: 'u-2' });
      const stored = seedSpans(url, project, [late]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await stored;
      await outbox.whenIdle();
      expect([...outbox.getSnapshot().keys.values()].filter((state) => state.status === 'failed')).toEqual([]);
      expect(await adapter.listAnnotations({ targets: [target] })).toMatchObject([{ label: 'negative', identifier: 'u-2' }]);
    } finally {
      outbox.stop();
    }
  });
});

describe('timestamps to the second (Phoenix on SQLite)', () => {
  it('lists notes oldest first, also when Phoenix stamped them within the same second', async () => {
    const target = { kind: 'span', spanId: data.spans[1]!.spanId } as const;
    const texts = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth'];
    const notes = [];
    for (const text of texts) notes.push(await adapter.addNote({ target, text, userId: 'reviewer' }));
    // the premise: Phoenix gave at least two of them the same created_at
    expect(new Set(notes.map((note) => note.createdAt)).size).toBeLessThan(texts.length);
    expect((await adapter.listNotes({ targets: [target] })).map((note) => note.text)).toEqual(texts);
  });
});

describe('annotation configs', () => {
  it('finds Phoenix’s own user_feedback config (made at start-up, in no project) taking exactly what FeedbackButtons writes', async () => {
    const everywhere = createPhoenixAdapter({ baseUrl: url, projectName: project, annotationConfigs: 'all' });
    const builtIn = (await everywhere.listAnnotationConfigs()).find((config) => config.name === 'user_feedback');
    expect(builtIn).toMatchObject({ type: 'categorical', optimizationDirection: 'MAXIMIZE' });
    expect(builtIn?.type === 'categorical' && builtIn.values).toEqual(THUMBS.map(({ label, score }) => ({ label, score })));
    expect((await adapter.listAnnotationConfigs()).map((config) => config.name)).not.toContain('user_feedback');
  });

  // Phoenix answers 409 (its contract declares 422) when the name is taken anywhere on the server
  it('refuses a config name Phoenix already has as a validation error naming config.name', async () => {
    const error = await rejectionOf(adapter.upsertAnnotationConfig({ type: 'freeform', name: 'user_feedback' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'validation', field: 'config.name', value: 'user_feedback' });
    expect(error.message).toContain('already taken');
  });
});

// What the fake-server tests (test/adapters/phoenix) claim about Phoenix, checked against the real one
describe('the fake’s claims, on the real server', () => {
  it('compares a numeric-looking string attribute as a string, and a number as a number', async () => {
    const tagged = [
      { ...unstoredSpan('tagged-string'), attributes: { user: { id: '12345' }, rank: 7 } },
      { ...unstoredSpan('tagged-number'), attributes: { user: { id: 12345 }, rank: '7' } },
    ];
    await seedSpans(url, project, tagged);
    const byString = await adapter.listSpans({ attributes: { 'user.id': '12345' } });
    expect(byString.data.map((span) => span.name)).toEqual(['tagged-string']);
    const byNumber = await adapter.listSpans({ attributes: { rank: 7 } });
    expect(byNumber.data.map((span) => span.name)).toEqual(['tagged-string']);
  });

  it('links an uploaded example to its span with span_ids, and leaves one without unlinked', async () => {
    const dataset = await adapter.createDataset({
      name: uniqueName('linked'),
      examples: [
        { input: { q: 'a' }, output: { a: 1 }, metadata: {}, spanId: root.spanId },
        { input: { q: 'b' }, output: { a: 2 }, metadata: {} },
      ],
    });
    const examples = await adapter.listDatasetExamples(dataset.id);
    expect(examples.map((example) => example.spanId)).toEqual([root.spanId, null]);
  });

  // Phoenix lists no runs (200) for an experiment it does not have, and no experiments for an unknown dataset
  it('answers an unknown experiment and an unknown dataset’s experiments with not_found, and an unknown trace with no spans', async () => {
    const error = await rejectionOf(adapter.listExperimentRuns('RXhwZXJpbWVudDo5OTk5OQ=='));
    expect(error).toMatchObject({ code: 'not_found' });
    expect(error.message).toContain('experiment "RXhwZXJpbWVudDo5OTk5OQ=="');
    const missing = await rejectionOf(adapter.listExperiments('RGF0YXNldDo5OTk5OQ=='));
    expect(missing).toMatchObject({ code: 'not_found' });
    expect(missing.message).toContain('dataset "RGF0YXNldDo5OTk5OQ=="');
    expect(await adapter.getTrace(randomHex(16))).toEqual([]);
  });

  it('returns an unknown project’s spans as not_found naming the project', async () => {
    const error = await rejectionOf(createPhoenixAdapter({ baseUrl: url, projectName: 'no-such-project-here' }).listSpans({}));
    expect(error).toMatchObject({ code: 'not_found' });
    expect(error.message).toMatch(/project "no-such-project-here"/);
  });
});
