import { describe, expect, it } from 'vitest';
import {
  USER_ID_METADATA_KEY,
  attributeFilter,
  decodeIdentifier,
  encodeIdentifier,
  fromPhoenixAnnotation,
  fromPhoenixConfig,
  fromPhoenixExample,
  fromPhoenixNote,
  fromPhoenixSession,
  toPhoenixAnnotation,
  toPhoenixConfig,
  toPhoenixSpanQuery,
  toPhoenixUpload,
  type PhoenixAnnotationRow,
  type PhoenixAnnotationWrite,
} from '../../../src/adapters/phoenix';
import { errorFromResponse, parseRetryAfter } from '../../../src/adapters/phoenix/http';
import { noteAuthor, noteIdentifier } from '../../../src/adapters/phoenix/identifiers';
import type { WireAnnotationConfig } from '../../../src/adapters/phoenix/wire';
import type { AnnotationConfigInput, AnnotationInput, AnnotationTarget } from '../../../src/core';

/** What Phoenix stores for a write: the write's fields plus the columns the server fills in. */
function storedRow(write: PhoenixAnnotationWrite, id = 'U3BhbkFubm90YXRpb246MQ=='): PhoenixAnnotationRow {
  const server = { id, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:01.000Z', source: 'API' as const, user_id: 'VXNlcjox' };
  const { data } = write;
  const common = {
    ...server,
    name: data.name,
    annotator_kind: data.annotator_kind,
    result: data.result ?? null,
    metadata: data.metadata ?? null,
    identifier: data.identifier ?? '',
  };
  switch (write.kind) {
    case 'span':
      return { kind: 'span', row: { ...common, span_id: write.data.span_id } };
    case 'trace':
      return { kind: 'trace', row: { ...common, trace_id: write.data.trace_id } };
    case 'session':
      return { kind: 'session', row: { ...common, session_id: write.data.session_id } };
    case 'document':
      throw new Error('Phoenix serves no reads of native document annotations');
  }
}

const targets: AnnotationTarget[] = [
  { kind: 'span', spanId: 'a1b2c3d4e5f6a7b8' },
  { kind: 'trace', traceId: '0af7651916cd43dd8448eb211c80319c' },
  { kind: 'session', sessionId: 'sess:with:colons/and%percent' },
  { kind: 'document', spanId: 'a1b2c3d4e5f6a7b8', position: 3 },
];

describe('annotations, model → Phoenix → model', () => {
  it.each(targets)('round-trips an annotation on %o', (target) => {
    const input: AnnotationInput = {
      target,
      name: 'correctness',
      annotatorKind: 'LLM',
      label: 'correct',
      score: 0.9,
      explanation: 'Matches the docs',
      identifier: 'judge:v2',
      metadata: { model: 'gpt-4o', nested: { a: [1, 2] } },
      userId: 'reviewer-7',
    };
    const write = toPhoenixAnnotation(input);
    expect(write.data.result).toEqual({ label: 'correct', score: 0.9, explanation: 'Matches the docs' });
    expect(write.data.metadata).toEqual({ model: 'gpt-4o', nested: { a: [1, 2] }, [USER_ID_METADATA_KEY]: 'reviewer-7' });
    const annotation = fromPhoenixAnnotation(storedRow(write));
    expect(annotation).toEqual({
      id: 'U3BhbkFubm90YXRpb246MQ==',
      target,
      name: 'correctness',
      annotatorKind: 'LLM',
      label: 'correct',
      score: 0.9,
      explanation: 'Matches the docs',
      identifier: 'judge:v2',
      metadata: { model: 'gpt-4o', nested: { a: [1, 2] } },
      source: 'API',
      userId: 'reviewer-7',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:01.000Z',
    });
  });

  it('writes missing values as null and the empty identifier as a non-empty, target-bound one', () => {
    const write = toPhoenixAnnotation({ target: targets[0]!, name: 'thumbs', annotatorKind: 'HUMAN', score: 1 });
    expect(write).toEqual({
      kind: 'span',
      data: {
        span_id: 'a1b2c3d4e5f6a7b8',
        name: 'thumbs',
        annotator_kind: 'HUMAN',
        result: { label: null, score: 1, explanation: null },
        metadata: {},
        identifier: 'annokit:span:a1b2c3d4e5f6a7b8:',
      },
    });
    expect(fromPhoenixAnnotation(storedRow(write))).toMatchObject({ identifier: '', label: null, explanation: null, userId: 'VXNlcjox' });
  });

  it("writes Phoenix's own document annotation in native mode, position included", () => {
    const write = toPhoenixAnnotation(
      { target: targets[3]!, name: 'relevance', annotatorKind: 'LLM', label: 'relevant', identifier: 'x' },
      { documentAnnotations: 'native' },
    );
    expect(write).toMatchObject({ kind: 'document', data: { span_id: 'a1b2c3d4e5f6a7b8', document_position: 3, identifier: 'x' } });
  });

  it('reads a row without result or metadata (as Phoenix may store them) as nulls and {}', () => {
    const annotation = fromPhoenixAnnotation({
      kind: 'trace',
      row: {
        id: 'x',
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-01T00:00:00Z',
        source: 'APP',
        user_id: null,
        name: 'quality',
        annotator_kind: 'HUMAN',
        identifier: '',
        trace_id: 't1',
      },
    });
    expect(annotation).toMatchObject({ target: { kind: 'trace', traceId: 't1' }, label: null, score: null, metadata: {}, userId: null });
  });
});

describe('identifiers', () => {
  it.each(targets)('decodes what it encoded for %o, and marks it owned', (target) => {
    for (const identifier of ['', 'user-1', 'a:b:c', 'ü%20 spaced']) {
      const wire = encodeIdentifier(target, identifier);
      const row = target.kind === 'document' ? ({ kind: 'span', spanId: target.spanId } as const) : target;
      expect(decodeIdentifier(wire, row)).toEqual({ target, identifier, owned: true });
    }
  });

  it('treats an identifier encoded for another target as foreign, so it is never deleted as ours', () => {
    const wire = encodeIdentifier({ kind: 'span', spanId: 'aaaa' }, 'user-1');
    expect(decodeIdentifier(wire, { kind: 'span', spanId: 'bbbb' })).toEqual({
      target: { kind: 'span', spanId: 'bbbb' },
      identifier: wire,
      owned: false,
    });
    expect(decodeIdentifier(wire, { kind: 'trace', traceId: 'aaaa' }).owned).toBe(false);
  });

  it('leaves identifiers written by Phoenix or its SDKs as they are', () => {
    for (const wire of ['', 'review_v1', 'px-span-note:0b1c', 'annokit:bogus']) {
      expect(decodeIdentifier(wire, { kind: 'span', spanId: 's' })).toEqual({ target: { kind: 'span', spanId: 's' }, identifier: wire, owned: false });
    }
  });

  it('keeps a note author in the note identifier and makes every note identifier new', () => {
    const first = noteIdentifier('rev:1');
    expect(first).not.toBe(noteIdentifier('rev:1'));
    expect(noteAuthor(first)).toBe('rev:1');
    expect(noteAuthor(noteIdentifier(null))).toBeNull();
    expect(noteAuthor('px-span-note:1234')).toBeNull();
    expect(noteIdentifier('rev:1', 'outbox/7')).toBe('annokit-note:outbox%2F7:rev%3A1');
    expect(noteAuthor(noteIdentifier('rev:1', 'outbox/7'))).toBe('rev:1');
  });

  it('reads a note: the text is the explanation, the author the annokit identifier or Phoenix user', () => {
    const row = {
      id: 'n1',
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
      source: 'API' as const,
      user_id: 'VXNlcjox',
      name: 'note',
      annotator_kind: 'HUMAN' as const,
      result: { label: null, score: null, explanation: 'Escalated' },
      metadata: {},
      identifier: noteIdentifier('rev-2'),
      session_id: 's1',
    };
    expect(fromPhoenixNote({ kind: 'session', row })).toEqual({
      id: 'n1',
      target: { kind: 'session', sessionId: 's1' },
      text: 'Escalated',
      userId: 'rev-2',
      createdAt: '2026-01-01T00:00:00Z',
    });
    expect(fromPhoenixNote({ kind: 'session', row: { ...row, identifier: 'px-session-note:1' } }).userId).toBe('VXNlcjox');
  });
});

describe('annotation configs, both directions', () => {
  const inputs: AnnotationConfigInput[] = [
    { type: 'categorical', name: 'correctness', description: 'Is it right?', values: [{ label: 'correct', score: 1 }, { label: 'incorrect' }] },
    { type: 'continuous', name: 'helpfulness', optimizationDirection: 'MAXIMIZE', lowerBound: 0, upperBound: 10 },
    { type: 'freeform', name: 'comment' },
  ];

  it.each(inputs)('round-trips a $type config', (input) => {
    const wire = { ...toPhoenixConfig(input), id: 'Q29uZmlnOjE=' } as WireAnnotationConfig;
    const config = fromPhoenixConfig(wire);
    expect(config).toMatchObject({ id: 'Q29uZmlnOjE=', type: input.type, name: input.name });
    expect(toPhoenixConfig(config)).toEqual(toPhoenixConfig(input));
  });

  it('spells types and defaults as Phoenix does', () => {
    expect(toPhoenixConfig(inputs[0]!)).toEqual({
      type: 'CATEGORICAL',
      name: 'correctness',
      description: 'Is it right?',
      optimization_direction: 'MAXIMIZE',
      values: [
        { label: 'correct', score: 1 },
        { label: 'incorrect', score: null },
      ],
    });
    expect(toPhoenixConfig(inputs[2]!)).toEqual({ type: 'FREEFORM', name: 'comment', description: null, optimization_direction: 'NONE' });
  });

  it('reads a freeform config without a direction as NONE', () => {
    expect(fromPhoenixConfig({ type: 'FREEFORM', name: 'c', id: '1', optimization_direction: null })).toMatchObject({
      optimizationDirection: 'NONE',
      description: null,
    });
  });
});

describe('spans and sessions', () => {
  it('maps every span filter to the query Phoenix serves', () => {
    expect(
      toPhoenixSpanQuery({
        traceIds: ['t1', 't2'],
        spanIds: ['s1'],
        spanKinds: ['LLM'],
        statusCodes: ['ERROR'],
        names: ['generate'],
        startTime: Date.UTC(2026, 0, 1),
        endTime: Date.UTC(2026, 0, 2),
        rootsOnly: true,
        attributes: { 'llm.model_name': 'gpt-4o' },
      }),
    ).toEqual({
      trace_id: ['t1', 't2'],
      span_id: ['s1'],
      span_kind: ['LLM'],
      status_code: ['ERROR'],
      name: ['generate'],
      start_time: '2026-01-01T00:00:00.000Z',
      end_time: '2026-01-02T00:00:00.000Z',
      parent_id: 'null',
      attribute: ['llm.model_name:gpt-4o'],
    });
    expect(toPhoenixSpanQuery({ rootsOnly: false })).toEqual({});
  });

  it.each([
    ['user-42', 'user.id:user-42'],
    ['12345', 'user.id:"12345"'],
    ['true', 'user.id:"true"'],
    ['"quoted"', 'user.id:"\\"quoted\\""'],
    ['sess:abc:1', 'user.id:sess:abc:1'],
    [12345, 'user.id:12345'],
    [false, 'user.id:false'],
  ] as const)('writes the attribute value %j so Phoenix reads back the same value', (value, expected) => {
    const filter = attributeFilter('user.id', value);
    expect(filter).toBe(expected);
    // how Phoenix reads it: split on the first colon, JSON-parse the value when it parses
    const raw = filter.slice(filter.indexOf(':') + 1);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = raw;
    }
    expect(parsed).toBe(value);
  });

  it('reads a session with its trace count and epoch times', () => {
    expect(
      fromPhoenixSession({
        id: 'UHJvamVjdFNlc3Npb246MQ==',
        session_id: 'sess-1',
        project_id: 'UHJvamVjdDox',
        start_time: '2026-01-01T00:00:00.000Z',
        end_time: '2026-01-01T00:01:00.000Z',
        traces: [
          { id: 'a', trace_id: 't1', start_time: '2026-01-01T00:00:00.000Z', end_time: '2026-01-01T00:00:30.000Z' },
          { id: 'b', trace_id: 't2', start_time: '2026-01-01T00:00:30.000Z', end_time: '2026-01-01T00:01:00.000Z' },
        ],
        token_count_prompt: 0,
        token_count_completion: 0,
        token_count_total: 0,
      }),
    ).toEqual({ sessionId: 'sess-1', traceCount: 2, startTime: Date.UTC(2026, 0, 1), endTime: Date.UTC(2026, 0, 1, 0, 1) });
  });
});

describe('datasets, both directions', () => {
  it('uploads examples as parallel arrays and reads each back with its span', () => {
    const examples = [
      { input: { q: 'a' }, output: { a: 1 }, metadata: { m: 1 }, spanId: 's1' },
      { input: { q: 'b' }, output: { a: 2 }, metadata: {}, spanId: null },
    ];
    const body = toPhoenixUpload({ name: 'golden', description: 'G', examples, action: 'append' });
    expect(body).toEqual({
      action: 'append',
      name: 'golden',
      description: 'G',
      inputs: [{ q: 'a' }, { q: 'b' }],
      outputs: [{ a: 1 }, { a: 2 }],
      metadata: [{ m: 1 }, {}],
      span_ids: ['s1', null],
    });
    const readBack = body.inputs.map((input, index) =>
      fromPhoenixExample({
        id: `e${index}`,
        node_id: `e${index}`,
        input,
        output: body.outputs![index]!,
        metadata: body.metadata![index]!,
        updated_at: '2026-01-01T00:00:00Z',
        source: body.span_ids![index] ? { span_id: body.span_ids![index]!, span_node_id: 'U3Bhbjox' } : null,
      }),
    );
    expect(readBack.map(({ id: _id, ...example }) => example)).toEqual(examples);
  });

  it('leaves span_ids out when no example came from a span', () => {
    expect(toPhoenixUpload({ name: 'n', examples: [{ input: {}, output: {}, metadata: {} }] })).not.toHaveProperty('span_ids');
  });
});

describe('HTTP errors', () => {
  const where = { method: 'POST', path: '/v1/span_annotations' };

  it('names the missing thing on a 404', () => {
    const error = errorFromResponse(404, 'Span not found', null, { ...where, subject: 'span "abc"' });
    expect(error).toMatchObject({ code: 'not_found', retryable: false, message: 'Phoenix has no span "abc": Span not found' });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
