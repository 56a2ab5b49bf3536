import { describe, expect, it } from 'vitest';
import {
  detectSpanFormat,
  loadLangfuseExport,
  loadLangfuseScores,
  loadOtelSdkSpans,
  loadOtlpSpans,
  loadPhoenixSpans,
  loadSpans,
  type Span,
} from '../../../src/core';
import { fixture, phoenixBody, pythonToJson } from './fixtures';
import { rejection } from '../../support/validationError';

function byName(spans: Span[], name: string): Span[] {
  return spans.filter((span) => span.name === name);
}

describe('loadSpans on the agent-prism OTLP fixture (3 batches, base64 ids)', () => {
  const json = fixture('agent-prism');
  const spans = loadSpans(json);

  it('reads all 29 spans of the single trace from the array of export requests', () => {
    expect(detectSpanFormat(json)).toBe('otlp');
    expect(spans).toHaveLength(29);
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set(['3c72f582dd45872020700dfae35aef9d']));
  });

  it('decodes base64 trace and span ids to lower-case hex', () => {
    // The quotient marker span records the trace id in hex itself, which pins the decoding.
    const marker = byName(spans, 'quotient.end_of_trace')[0]!;
    expect(marker.attributes.quotient).toMatchObject({ trace: { id: marker.traceId } });
    const main = byName(spans, 'main')[0]!;
    expect(main.spanId).toBe('eedf08ee18ae3bfe'); // 7t8I7hiuO/4=
    expect(byName(spans, 'tavily_search')[0]!.spanId).toBe('eef8f593f81669e3'); // 7vj1k/gWaeM=
    for (const span of spans) {
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(span.parentId === null || /^[0-9a-f]{16}$/.test(span.parentId)).toBe(true);
    }
  });

  it('has exactly one root, main, and links the openai ChatCompletion spans to it', () => {
    const roots = spans.filter((span) => span.parentId === null);
    expect(roots.map((span) => span.name)).toEqual(['main']);
    const completions = byName(spans, 'ChatCompletion');
    expect(completions).toHaveLength(3);
    for (const span of completions) expect(span.parentId).toBe(roots[0]!.spanId);
  });

  it('reads STATUS_CODE_OK as OK and an empty status object as UNSET', () => {
    expect(spans.filter((span) => span.status.code === 'OK')).toHaveLength(27);
    expect(spans.filter((span) => span.status.code === 'UNSET').map((span) => span.name).sort()).toEqual([
      'main',
      'quotient.end_of_trace',
    ]);
  });

  it('takes the kind from openinference.span.kind and leaves spans without one UNKNOWN silently', () => {
    const counts: Record<string, number> = {};
    for (const span of spans) counts[span.kind] = (counts[span.kind] ?? 0) + 1;
    expect(counts).toEqual({ AGENT: 10, CHAIN: 6, LLM: 6, UNKNOWN: 5, TOOL: 2 });
    expect(spans.some((span) => span.rawKind !== undefined)).toBe(false);
    expect(spans.flatMap((span) => span.problems ?? [])).toEqual([]);
  });

  it('keeps the int given as a string past 2^53 as its exact digits, and booleans as booleans', () => {
    const marker = byName(spans, 'quotient.end_of_trace')[0]!;
    expect(marker.attributes.quotient).toMatchObject({
      marker: { timestamp: '1751473916637844000' },
      trace: { complete: true, marker: true },
    });
  });

  it('converts nanosecond text to epoch milliseconds with sub-millisecond precision', () => {
    const lambda = spans.find((span) => span.spanId === '4d67fad501889fd2')!;
    expect(lambda.startTime).toBeCloseTo(1751473879643.8848, 3);
    const main = byName(spans, 'main')[0]!;
    for (const span of spans) {
      expect(span.startTime!).toBeGreaterThanOrEqual(main.startTime!);
      expect(span.endTime!).toBeGreaterThanOrEqual(span.startTime!);
    }
  });

  it('reads the "First Token Stream Event" events with their time', () => {
    const events = byName(spans, 'ChatCompletion').flatMap((span) => span.events);
    expect(events.map((event) => event.name)).toEqual(Array(3).fill('First Token Stream Event'));
    expect(events[0]!.time).toBe(1751473881038.003);
  });
});

describe('loadSpans on the OTLP spec example', () => {
  const spans = loadSpans(fixture('otlp-example'));

  it('lower-cases upper-case hex ids and keeps the parent that is not in the file', () => {
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({
      spanId: 'eee19b7ec3c1b174',
      traceId: '5b8efff798038103d269b633813fc60c',
      parentId: 'eee19b7ec3c1b173',
      name: "I'm a server span",
      kind: 'UNKNOWN',
      startTime: 1544712660000,
      endTime: 1544712661000,
      status: { code: 'UNSET', message: null },
      attributes: { my: { span: { attr: 'some value' } } },
    });
    expect(spans[0]!.problems).toBeUndefined();
  });
});

describe('loadSpans on the Vercel AI SDK fixture (JS SDK span objects)', () => {
  const json = fixture('vercel');
  const spans = loadSpans(json);

  it('reads 10 unlinked spans, each a root of its own trace', () => {
    expect(detectSpanFormat(json)).toBe('otel-sdk');
    expect(spans).toHaveLength(10);
    expect(spans.every((span) => span.parentId === null)).toBe(true);
    expect(new Set(spans.map((span) => span.traceId)).size).toBe(10);
  });

  it('converts HrTime tuples to epoch milliseconds', () => {
    const first = spans[0]!;
    expect(first.spanId).toBe('39d6e9b3ddec9996');
    expect(first.startTime).toBe(1770131992242);
    expect(first.endTime).toBeCloseTo(1770131994021.4158, 5);
  });

  it('reads the numeric status 0 as UNSET and no kind as UNKNOWN without a problem', () => {
    expect(spans.every((span) => span.status.code === 'UNSET' && span.kind === 'UNKNOWN')).toBe(true);
    expect(spans.flatMap((span) => span.problems ?? [])).toEqual([]);
  });

  it('keeps native numbers and arrays and reads event HrTimes', () => {
    const stream = byName(spans, 'ai.streamText.doStream')[0]!;
    expect(stream.attributes.ai).toMatchObject({ usage: { inputTokens: 15, outputTokens: 112 } });
    expect(stream.attributes.gen_ai).toMatchObject({ response: { finish_reasons: ['stop'] } });
    expect(stream.events.map((event) => event.name)).toEqual(['ai.stream.firstChunk', 'ai.stream.finish']);
    expect(stream.events[0]!.time).toBeCloseTo(1770132001025.0564, 5);
    expect(stream.events[0]!.attributes).toEqual({ ai: { response: { msToFirstChunk: 426.8535000000011 } } });
  });
});

describe('loadSpans on the Langfuse export', () => {
  const json = fixture('langfuse');
  const spans = loadSpans(json);

  it('turns the 5 observations into spans linked by parentObservationId', () => {
    expect(detectSpanFormat(json)).toBe('langfuse');
    expect(spans).toHaveLength(5);
    const root = spans.find((span) => span.parentId === null)!;
    expect(root).toMatchObject({ spanId: '86cd4912944ddc41', name: 'invocation [hello_app]', kind: 'CHAIN' });
    expect(spans.every((span) => span.traceId === 'b82a0bdc1994fc5d1c8576ca032543f7')).toBe(true);
  });

  it('takes kinds from openinference.span.kind in metadata.attributes (GENERATION → LLM)', () => {
    expect(spans.map((span) => [span.name, span.kind])).toEqual([
      ['call_llm', 'LLM'],
      ['call_llm', 'LLM'],
      ['invocation [hello_app]', 'CHAIN'],
      ['agent_run [hello_agent]', 'AGENT'],
      ['execute_tool say_hello', 'TOOL'],
    ]);
  });

  it('reads ISO times and level DEFAULT as UNSET', () => {
    const tool = byName(spans, 'execute_tool say_hello')[0]!;
    expect(tool.startTime).toBe(Date.parse('2025-08-28T07:32:31.216Z'));
    expect(tool.endTime).toBe(Date.parse('2025-08-28T07:32:31.217Z'));
    expect(spans.every((span) => span.status.code === 'UNSET')).toBe(true);
  });

  it('maps GENERATION to LLM and level ERROR to an ERROR status when no OpenInference kind is given', () => {
    const [span] = loadLangfuseExport({
      trace: { id: 't1' },
      observations: [
        { id: 'o1', type: 'GENERATION', name: 'gen', level: 'ERROR', statusMessage: 'boom', startTime: '2025-01-01T00:00:00Z', input: { q: 1 }, model: 'm', usageDetails: { input: 3, output: 4, total: 7 } },
      ],
    });
    expect(span).toMatchObject({
      traceId: 't1',
      kind: 'LLM',
      status: { code: 'ERROR', message: 'boom' },
      endTime: null,
      attributes: { input: { value: { q: 1 }, mime_type: 'application/json' }, llm: { model_name: 'm', token_count: { prompt: 3, completion: 4, total: 7 } } },
    });
  });

  it('keeps a generic SPAN observation as UNKNOWN with its Langfuse type as rawKind', () => {
    const [span] = loadLangfuseExport({ observations: [{ id: 'o1', traceId: 't', type: 'SPAN', name: 's' }] });
    expect(span).toMatchObject({ kind: 'UNKNOWN', rawKind: 'SPAN' });
    expect(span!.problems).toBeUndefined();
  });

  it('reads the two trace-level scores with loadLangfuseScores', () => {
    const scores = loadLangfuseScores(json);
    expect(scores.map((score) => [score.name, score.value, score.dataType, score.source, score.observationId])).toEqual([
      ['toxicity', 0, 'NUMERIC', 'EVAL', null],
      ['hallucination', 0, 'NUMERIC', 'EVAL', null],
    ]);
    expect(scores[0]!.traceId).toBe('b82a0bdc1994fc5d1c8576ca032543f7');
    expect(scores[0]!.comment).toContain('toxicity');
  });
});

describe('loadSpans on Phoenix REST output', () => {
  it('reads the { data, next_cursor } body of GET /v1/projects/{id}/spans', () => {
    expect(detectSpanFormat(phoenixBody)).toBe('phoenix');
    const [llm, agent] = loadSpans(phoenixBody);
    expect(llm).toMatchObject({
      spanId: '2b3c4d5e6f7a8b9c',
      traceId: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4',
      parentId: '1a2b3c4d5e6f7a8b',
      name: 'ChatCompletion',
      kind: 'LLM',
      status: { code: 'ERROR', message: 'Rate limit exceeded' },
    });
    expect(llm!.startTime).toBeCloseTo(Date.UTC(2024, 0, 1, 12, 0, 0) + 250.125, 6);
    expect(llm!.endTime).toBe(Date.UTC(2024, 0, 1, 12, 0, 1, 500));
    expect(llm!.events[0]).toMatchObject({ name: 'exception', time: Date.UTC(2024, 0, 1, 12, 0, 1, 400) });
    expect(agent).toMatchObject({ parentId: null, kind: 'AGENT', status: { code: 'OK', message: null } });
  });

  it('accepts a bare array of Phoenix spans', () => {
    expect(loadPhoenixSpans(phoenixBody.data).map((span) => span.spanId)).toEqual(['2b3c4d5e6f7a8b9c', '1a2b3c4d5e6f7a8b']);
  });

  it('nests the flattened attributes and parses metadata with literal keys', () => {
    const [llm] = loadSpans(phoenixBody);
    expect(llm!.attributes).toHaveProperty(
      ['llm', 'input_messages', 1, 'message', 'contents', 1, 'message_content', 'image', 'image', 'url'],
      'https://example.com/cat.png',
    );
    expect(llm!.attributes.metadata).toEqual({ tenant: 'acme', 'release.channel': 'beta' });
    expect(llm!.problems).toBeUndefined();
  });

  it('keeps a span without span_id under a generated id and names the field in a problem', () => {
    const broken = { ...phoenixBody.data[1], context: { trace_id: 'abc' } };
    const spans = loadSpans({ data: [phoenixBody.data[0], broken] });
    expect(spans).toHaveLength(2);
    expect(spans[1]!.spanId).toBe('missing-span-id:data[1]');
    expect(spans[1]!.problems).toEqual(['data[1].context.span_id: missing span id (got undefined); generated missing-span-id:data[1]']);
  });

  it('reads an unknown span_kind as UNKNOWN, keeps it as rawKind and records it', () => {
    const [span] = loadSpans([{ ...phoenixBody.data[1], span_kind: 'PLANNER' }]);
    expect(span).toMatchObject({ kind: 'UNKNOWN', rawKind: 'PLANNER' });
    expect(span!.problems).toEqual(['[0].span_kind: "PLANNER" is not an OpenInference span kind; shown as UNKNOWN']);
  });

  it('records invalid metadata JSON and keeps the text', () => {
    const [span] = loadSpans([{ ...phoenixBody.data[1], attributes: { metadata: '{"a": 1' } }]);
    expect(span!.attributes.metadata).toBe('{"a": 1');
    expect(span!.problems).toHaveLength(1);
    expect(span!.problems![0]).toMatch(/^metadata: invalid JSON .*kept as text: "\{\\"a\\": 1"$/);
  });

  it('records an unreadable time instead of failing', () => {
    const [span] = loadSpans([{ ...phoenixBody.data[1], start_time: 'yesterday' }]);
    expect(span!.startTime).toBeNull();
    expect(span!.problems).toEqual(['[0].start_time: unreadable time "yesterday"; treated as missing']);
  });
});

describe('loadSpans on Python span.to_json() output', () => {
  it('strips the 0x prefixes and reads the status object and ISO times', () => {
    expect(detectSpanFormat(pythonToJson)).toBe('otel-sdk');
    const [retrieve, query] = loadSpans(pythonToJson);
    expect(retrieve).toMatchObject({
      spanId: '051581bf3cb55c13',
      traceId: '5b8efff798038103d269b633813fc60c',
      parentId: 'eee19b7ec3c1b174',
      kind: 'RETRIEVER',
      status: { code: 'ERROR', message: 'index offline' },
    });
    expect(retrieve!.startTime).toBeCloseTo(Date.UTC(2024, 4, 1, 10, 0, 0) + 0.1, 6);
    expect(retrieve!.events[0]!.time).toBe(Date.UTC(2024, 4, 1, 10, 0, 0, 150));
    expect(query).toMatchObject({ parentId: null, kind: 'CHAIN', status: { code: 'UNSET', message: null } });
  });

  it('loads a single to_json() object', () => {
    expect(loadOtelSdkSpans(pythonToJson[1]).map((span) => span.spanId)).toEqual(['eee19b7ec3c1b174']);
    expect(loadSpans(pythonToJson[1])).toHaveLength(1);
  });

  it('reads children listed before their parents (JS SDK parentSpanContext)', () => {
    const spans = loadSpans([
      { name: 'child', spanContext: { traceId: 'AB'.repeat(16), spanId: '1'.repeat(16) }, parentSpanContext: { spanId: '2'.repeat(16) }, startTime: [1, 0], endTime: [2, 0], status: { code: 2, message: 'x' }, attributes: {}, events: [] },
      { name: 'parent', spanContext: { traceId: 'AB'.repeat(16), spanId: '2'.repeat(16) }, startTime: [0, 5e8], endTime: [3, 0], status: { code: 1 }, attributes: {}, events: [] },
    ]);
    expect(spans.map((span) => [span.name, span.parentId, span.status.code, span.traceId])).toEqual([
      ['child', '2'.repeat(16), 'ERROR', 'ab'.repeat(16)],
      ['parent', null, 'OK', 'ab'.repeat(16)],
    ]);
    expect(spans[1]!.startTime).toBe(500);
  });
});

describe('loadOtelSdkSpans variants', () => {
  it('reads JSON.stringify of a live JS SDK span (_spanContext, parentSpanId, epoch-ms numbers)', () => {
    const [span] = loadSpans([
      { name: 'live', _spanContext: { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8) }, parentSpanId: 'ef'.repeat(8), kind: 0, startTime: [1700000000, 5e8], endTime: 1700000001000, status: { code: 0 }, attributes: { 'openinference.span.kind': 'LLM' }, events: [] },
    ]);
    expect(span).toMatchObject({ spanId: 'cd'.repeat(8), parentId: 'ef'.repeat(8), kind: 'LLM', startTime: 1700000000500, endTime: 1700000001000 });
  });

  it('names the field of a JS SDK span without an id', () => {
    const [span] = loadOtelSdkSpans([{ name: 'x', spanContext: { traceId: 'ab'.repeat(16) }, startTime: [0, 0], endTime: [0, 1] }]);
    expect(span!.spanId).toBe('missing-span-id:[0]');
    expect(span!.problems).toEqual(['[0].spanContext.spanId: missing span id (got undefined); generated missing-span-id:[0]']);
  });
});

describe('loadOtlpSpans variants', () => {
  const span = {
    traceId: 'PHL1gt1FhyAgcA3641rvnQ==',
    spanId: 'TWf61QGIn9I=',
    parentSpanId: '',
    name: 'x',
    kind: 'SPAN_KIND_CLIENT',
    startTimeUnixNano: '1000000',
    endTimeUnixNano: 3000000,
    status: { code: 'STATUS_CODE_ERROR', message: 'bad' },
    attributes: [
      { key: 'openinference.span.kind', value: { stringValue: 'TOOL' } },
      { key: 'n', value: { intValue: 7 } },
      { key: 'd', value: { doubleValue: 0.5 } },
      { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '2' }] } } },
      { key: 'kv', value: { kvlistValue: { values: [{ key: 'x.y', value: { boolValue: false } }] } } },
      { key: 'empty', value: {} },
    ],
  };

  it('reads status objects with enum strings, an empty parent id as a root, and every AnyValue kind', () => {
    const [loaded] = loadOtlpSpans({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });
    expect(loaded).toMatchObject({
      spanId: '4d67fad501889fd2',
      traceId: '3c72f582dd45872020700dfae35aef9d',
      parentId: null,
      kind: 'TOOL',
      startTime: 1,
      endTime: 3,
      status: { code: 'ERROR', message: 'bad' },
      attributes: { n: 7, d: 0.5, list: ['a', 2], kv: { 'x.y': false }, empty: null },
    });
  });

  it('reads integer status codes and a status given as a bare code string', () => {
    const spans = loadOtlpSpans([
      { ...span, status: { code: 2 } },
      { ...span, status: 'STATUS_CODE_OK' },
      { ...span, status: {} },
      { ...span, status: undefined },
    ]);
    expect(spans.map((s) => s.status.code)).toEqual(['ERROR', 'OK', 'UNSET', 'UNSET']);
  });

  it('reads snake_case OTLP spans as Phoenix /spans/otlpv1 returns them', () => {
    const spans = loadSpans({
      data: [{ trace_id: 'PHL1gt1FhyAgcA3641rvnQ==', span_id: 'TWf61QGIn9I=', name: 'y', start_time_unix_nano: '2000000', status: { code: 1 }, attributes: [{ key: 'a', value: { string_value: 'b' } }] }],
      next_cursor: null,
    });
    expect(spans[0]).toMatchObject({ spanId: '4d67fad501889fd2', startTime: 2, status: { code: 'OK' }, attributes: { a: 'b' } });
  });

  it('keeps an id that is neither hex nor base64 and says so', () => {
    const [loaded] = loadOtlpSpans([{ ...span, spanId: 'not an id!' }]);
    expect(loaded!.spanId).toBe('not an id!');
    expect(loaded!.problems).toEqual(['[0].spanId: "not an id!" is neither 16-digit hex nor base64 for 8 bytes; kept as given']);
  });
});

describe('loadSpans rejects documents it does not know', () => {
  it('names the expected shapes and the keys it found', () => {
    const error = rejection(() => loadSpans({ foo: 1, bar: 2 }));
    expect(error.field).toBe('spans');
    expect(error.message).toContain('expected Phoenix REST spans ({ data: [...] } or an array of spans), OTLP/JSON ({ resourceSpans: [...] }');
    expect(error.message).toContain('or a Langfuse export ({ trace, observations: [...] }); got an object with keys foo, bar');
  });

  it.each([
    ['text that is not JSON', 'hello', 'got text that is neither JSON nor JSON Lines'],
    ['JSON text of a string', '"hello"', 'got a string ("hello")'],
    ['null', null, 'got null'],
    ['an array of numbers', [1, 2], 'got an array of 2 whose first item is 1'],
  ])('refuses %s', (_label, value, expected) => {
    expect(rejection(() => loadSpans(value)).message).toContain(expected);
  });

  it('reads JSON text and JSON Lines (one OTLP export request per line)', () => {
    const request = JSON.stringify(fixture('otlp-example'));
    expect(loadSpans(request).map((s) => s.spanId)).toEqual(['eee19b7ec3c1b174']);
    const lines = (fixture('agent-prism') as unknown[]).map((batch) => JSON.stringify(batch)).join('\n');
    expect(loadSpans(`${lines}\n`)).toHaveLength(29);
  });

  it('returns no spans for an empty array or an empty page', () => {
    expect(loadSpans([])).toEqual([]);
    expect(loadSpans({ data: [], next_cursor: null })).toEqual([]);
  });

  it('per-format loaders refuse other shapes with their own message', () => {
    expect(rejection(() => loadLangfuseExport({ data: [] })).message).toBe(
      'spans: loadLangfuseExport: expected a Langfuse export ({ trace, observations: [...] }); got an object with keys data',
    );
    expect(rejection(() => loadPhoenixSpans({ spans: [] })).message).toContain('loadPhoenixSpans: expected Phoenix REST spans');
    expect(rejection(() => loadOtlpSpans(42)).message).toContain('loadOtlpSpans: expected OTLP/JSON');
  });

  it('keeps a non-object item of a span list as an empty span with a problem', () => {
    const spans = loadPhoenixSpans([phoenixBody.data[1], 42]);
    expect(spans[1]).toMatchObject({ spanId: 'missing-span-id:[1]', problems: ['[1]: expected a span object, got 42; kept as an empty span missing-span-id:[1]'] });
  });
});
