import { describe, expect, it } from 'vitest';
import { ValidationError, nestAttributes, spanToExample, spansToExamples, type Span, type SpanKind } from '../../../src/core';
import { annotation } from './fixtures';

function span(spanId: string, kind: SpanKind, flat: Record<string, unknown>): Span {
  return {
    spanId,
    traceId: 't1',
    parentId: null,
    name: kind.toLowerCase(),
    kind,
    startTime: 0,
    endTime: 10,
    status: { code: 'OK', message: null },
    attributes: nestAttributes(flat),
    events: [],
  };
}

const llm = span('llm1', 'LLM', {
  'llm.input_messages.0.message.role': 'system',
  'llm.input_messages.0.message.content': 'Be brief.',
  'llm.input_messages.1.message.role': 'user',
  'llm.input_messages.1.message.content': 'Capital of France?',
  'llm.output_messages.0.message.role': 'assistant',
  'llm.output_messages.0.message.content': 'Paris',
  'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'lookup',
  'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"q":"France"}',
  'input.value': 'ignored for LLM spans with messages',
  metadata: '{"customer":"acme","span_kind":"overwritten"}',
});

describe('spanToExample', () => {
  it('takes an LLM span’s messages as input and output', () => {
    const example = spanToExample(llm, []);
    expect(example.input).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Capital of France?' },
      ],
    });
    expect(example.output).toEqual({
      messages: [{ role: 'assistant', content: 'Paris', tool_calls: [{ function: { name: 'lookup', arguments: { q: 'France' } } }] }],
    });
    expect(example.spanId).toBe('llm1');
  });

  // Phoenix's own "add spans to dataset" (server/api/helpers/dataset_helpers.py) is the reference
  // for every rule below; test/phoenix/datasets.test.ts compares with it on a running Phoenix.
  it('writes messages as Phoenix does: role defaulting to assistant, text parts joined, arguments decoded', () => {
    const example = spanToExample(
      span('m1', 'LLM', {
        'llm.input_messages.0.message.contents.0.message_content.type': 'text',
        'llm.input_messages.0.message.contents.0.message_content.text': 'Hello',
        'llm.input_messages.0.message.contents.1.message_content.type': 'text',
        'llm.input_messages.0.message.contents.1.message_content.text': 'there',
        'llm.input_messages.1.message.role': 'user',
        'llm.input_messages.1.message.content.greeting': 'hi',
        'llm.input_messages.2.message.role': 'assistant',
        'llm.input_messages.2.message.tool_calls.0.tool_call.id': 'call_1',
        'llm.input_messages.2.message.tool_calls.0.tool_call.function.arguments': 'not json',
        'llm.input_messages.3.message.role': 'tool',
        'llm.input_messages.3.message.tool_call_id': 'call_1',
        'llm.input_messages.3.message.name': 'lookup',
        'llm.input_messages.3.message.content': 'found',
        'llm.input_messages.4.message.role': 'user',
        'llm.input_messages.4.message.contents.0.message_content.type': 'image',
        'llm.input_messages.4.message.contents.0.message_content.image.image.url': 'https://example.com/a.png',
      }),
      [],
    );
    expect(example.input.messages).toEqual([
      { role: 'assistant', content: 'Hello\n\nthere' },
      { role: 'user', content: { greeting: 'hi' } },
      // annokit keeps the tool-call ids (OpenAI-style replay needs them); Phoenix drops them
      { role: 'assistant', tool_calls: [{ id: 'call_1', function: { name: '', arguments: 'not json' } }] },
      { role: 'tool', content: 'found', name: 'lookup', tool_call_id: 'call_1' },
      // and the parts of a message that has more than text
      { role: 'user', contents: [{ type: 'image', image_url: 'https://example.com/a.png' }] },
    ]);
  });

  it('merges consecutive assistant output messages into one, as Phoenix does', () => {
    const example = spanToExample(
      span('m2', 'LLM', {
        'llm.output_messages.0.message.role': 'assistant',
        'llm.output_messages.0.message.content': 'Let me check.',
        'llm.output_messages.1.message.role': 'assistant',
        'llm.output_messages.1.message.tool_calls.0.tool_call.function.name': 'lookup',
        'llm.output_messages.1.message.tool_calls.0.tool_call.function.arguments': '{"id": 7}',
        'llm.output_messages.2.message.role': 'assistant',
        'llm.output_messages.2.message.content': 'ignored: the first content wins',
      }),
      [],
    );
    expect(example.output).toEqual({
      messages: [{ role: 'assistant', content: 'Let me check.', tool_calls: [{ function: { name: 'lookup', arguments: { id: 7 } } }] }],
    });
  });

  it('hoists the prompt template variables into an LLM span’s input, beside the messages and the tools', () => {
    const example = spanToExample(
      span('m3', 'LLM', {
        'llm.input_messages.0.message.role': 'user',
        'llm.input_messages.0.message.content': 'Where is order 7?',
        'llm.prompt_template.variables': '{"order": 7, "customer": "ACME"}',
        'llm.tools.0.tool.json_schema': '{"type": "function", "function": {"name": "lookup"}}',
        'llm.tools.1.tool.json_schema': 'not json',
      }),
      [],
    );
    expect(example.input).toEqual({
      messages: [{ role: 'user', content: 'Where is order 7?' }],
      order: 7,
      customer: 'ACME',
      tools: [{ type: 'function', function: { name: 'lookup' } }, null],
    });
  });

  it('takes a retriever span’s documents as output and its query as input', () => {
    const retriever = span('r1', 'RETRIEVER', {
      'input.value': 'what is annokit',
      'retrieval.documents.0.document.id': 'd1',
      'retrieval.documents.0.document.content': 'annokit is a kit',
      'retrieval.documents.0.document.score': 0.9,
      'retrieval.documents.1.document.content': 'second',
    });
    const example = spanToExample(retriever, []);
    expect(example.input).toEqual({ input: 'what is annokit' });
    expect(example.output).toEqual({ documents: [{ id: 'd1', content: 'annokit is a kit', score: 0.9 }, { content: 'second' }] });
  });

  it('keeps every field of a retrieved document, its metadata parsed, and falls back to the output value without documents', () => {
    const retriever = span('r2', 'RETRIEVER', {
      'retrieval.documents.0.document.id': 'd1',
      'retrieval.documents.0.document.metadata': '{"source": "faq"}',
      'retrieval.documents.0.document.title': 'Refunds',
      'output.value': 'unused',
    });
    expect(spanToExample(retriever, []).output).toEqual({ documents: [{ id: 'd1', metadata: { source: 'faq' }, title: 'Refunds' }] });
    expect(spanToExample(span('r3', 'RETRIEVER', { 'output.value': 'nothing found' }), []).output).toEqual({ output: 'nothing found' });
  });

  it('parses JSON values: an object is spread, other JSON goes under input/output; text stays text', () => {
    const chain = span('c1', 'CHAIN', {
      'input.value': '{"question":"q","k":3}',
      'input.mime_type': 'application/json',
      'output.value': '["a","b"]',
      'output.mime_type': 'application/json',
    });
    expect(spanToExample(chain, [])).toMatchObject({ input: { question: 'q', k: 3 }, output: { output: ['a', 'b'] } });
    const tool = span('t1', 'TOOL', { 'input.value': '{"not":"parsed"}', 'output.value': 'plain' });
    expect(spanToExample(tool, [])).toMatchObject({ input: { input: '{"not":"parsed"}' }, output: { output: 'plain' } });
    expect(spanToExample(span('e', 'CHAIN', {}), [])).toMatchObject({ input: {}, output: {} });
  });

  it('reads JSON only under exactly application/json, as Phoenix does', () => {
    const chain = span('c2', 'CHAIN', {
      'input.value': '{"a": 1}',
      'input.mime_type': 'application/json; charset=utf-8',
      'output.value': 'null',
      'output.mime_type': 'application/json',
    });
    expect(spanToExample(chain, [])).toMatchObject({ input: { input: '{"a": 1}' }, output: { output: 'null' } });
    expect(spanToExample(span('c3', 'CHAIN', { 'input.value': 42 }), []).input).toEqual({});
  });

  it('puts the span metadata, its kind and its annotations grouped by name into the metadata, humans first', () => {
    const annotations = [
      annotation('llm1', 'LLM', { label: 'incorrect', score: 0, explanation: 'judge' }, { at: 9 }),
      annotation('llm1', 'HUMAN', { label: 'correct', score: 1 }, { at: 1, userId: 'alice', identifier: 'user:alice' }),
      annotation('llm1', 'HUMAN', { label: 'correct' }, { name: 'helpfulness', at: 2 }),
      annotation('other', 'HUMAN', { label: 'x' }),
      annotation('llm1', 'HUMAN', { label: 'doc' }, { target: { kind: 'document', spanId: 'llm1', position: 0 } }),
    ];
    const { metadata } = spanToExample(llm, annotations);
    expect(metadata.customer).toBe('acme');
    expect(metadata.span_kind).toBe('LLM');
    const grouped = metadata.annotations as Record<string, Array<Record<string, unknown>>>;
    expect(Object.keys(grouped).sort()).toEqual(['correctness', 'helpfulness']);
    expect(grouped.correctness!.map((a) => a.annotator_kind)).toEqual(['HUMAN', 'LLM']);
    expect(grouped.correctness![0]).toMatchObject({ label: 'correct', score: 1, explanation: null, user_id: 'alice', identifier: 'user:alice', annotator_kind: 'HUMAN' });
    expect(grouped.correctness![1]).toMatchObject({ label: 'incorrect', explanation: 'judge', annotator_kind: 'LLM' });
  });

  it('keeps only the requested names', () => {
    const { metadata } = spanToExample(llm, [annotation('llm1', 'HUMAN', { label: 'a' }), annotation('llm1', 'HUMAN', { label: 'b' }, { name: 'tone' })], { names: ['tone'] });
    expect(Object.keys(metadata.annotations as object)).toEqual(['tone']);
  });

  it('rejects a span without an id or attributes, naming the field', () => {
    expect(() => spanToExample({ ...llm, spanId: '' }, [])).toThrow(ValidationError);
    expect(() => spansToExamples([llm, { ...llm, attributes: null as never }], [])).toThrow('spans[1].attributes: expected an object, got null');
  });

  it('pairs many spans with their own annotations', () => {
    const other = span('c2', 'CHAIN', { 'input.value': 'hi' });
    const examples = spansToExamples([llm, other], [annotation('c2', 'HUMAN', { label: 'ok' })]);
    expect(examples.map((e) => Object.keys(e.metadata.annotations as object))).toEqual([[], ['correctness']]);
  });
});

describe('exampleResolver', () => {
  it('gives the calibration export the input and output of a span target, a document’s span and a trace’s root span', async () => {
    const { exampleResolver } = await import('../../../src/core');
    const child = { ...span('c', 'CHAIN', { 'input.value': 'child' }), parentId: 'llm1' };
    const resolve = exampleResolver([llm, child]);
    expect(resolve({ kind: 'span', spanId: 'c' })).toEqual({ input: { input: 'child' }, output: {} });
    expect(resolve({ kind: 'document', spanId: 'llm1', position: 0 })?.output).toMatchObject({ messages: [{ content: 'Paris' }] });
    expect(resolve({ kind: 'trace', traceId: 't1' })?.input).toMatchObject({ messages: [{ role: 'system' }, { role: 'user' }] });
    expect(resolve({ kind: 'session', sessionId: 's' })).toBeNull();
  });
});
