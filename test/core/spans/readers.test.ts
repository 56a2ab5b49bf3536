import { describe, expect, it } from 'vitest';
import {
  getExceptions,
  getInput,
  getInputMessages,
  getInputText,
  getInvocationParameters,
  getLatencyMs,
  getLlmTools,
  getMetadata,
  getModelName,
  getOutput,
  getOutputMessages,
  getOutputText,
  getProvider,
  getRerankerDocuments,
  getRetrievedDocuments,
  getSessionId,
  getSystem,
  getTags,
  getTokenCounts,
  getTool,
  getUserId,
  loadSpans,
  nestAttributes,
  type Span,
} from '../../../src/core';
import { fixture, phoenixBody, pythonToJson } from './fixtures';

const prism = loadSpans(fixture('agent-prism'));
const langfuse = loadSpans(fixture('langfuse'));
const vercel = loadSpans(fixture('vercel'));
const [phoenixLlm, phoenixAgent] = loadSpans(phoenixBody);
const [pythonRetriever] = loadSpans(pythonToJson);

function spanWith(flat: Record<string, unknown>): Span {
  return {
    spanId: 's',
    traceId: 't',
    parentId: null,
    name: 'n',
    kind: 'LLM',
    startTime: null,
    endTime: null,
    status: { code: 'UNSET', message: null },
    attributes: nestAttributes(flat),
    events: [],
  };
}

describe('getInput / getOutput', () => {
  it('parses JSON input when the mime type is JSON (agent-prism ChatCompletion)', () => {
    const completion = prism.find((span) => span.name === 'ChatCompletion')!;
    const input = getInput(completion)!;
    expect(input.mimeType).toBe('application/json');
    expect(input.isJson).toBe(true);
    expect((input.value as { messages: Array<{ role: string }> }).messages[0]!.role).toBe('system');
    expect(input.text.startsWith('{"messages": [')).toBe(true);
  });

  it('keeps text without a mime type as text (the tavily tool input is a Python dict repr)', () => {
    const tool = prism.find((span) => span.name === 'tavily_search')!;
    expect(getInput(tool)).toEqual({
      text: "{'query': 'latest AI trends 2024', 'time_range': 'year', 'topic': 'general'}",
      value: "{'query': 'latest AI trends 2024', 'time_range': 'year', 'topic': 'general'}",
      mimeType: undefined,
      isJson: false,
    });
  });

  it('tolerates bad JSON under a JSON mime type: the text is kept and the parse error reported', () => {
    const output = getOutput(phoenixLlm!)!;
    expect(output.value).toBe('not json at all');
    expect(output.isJson).toBe(false);
    expect(output.parseError).toEqual(expect.any(String));
  });

  it('reads an input a source stored as an object (Langfuse) as JSON', () => {
    const root = langfuse.find((span) => span.parentId === null)!;
    const input = getInput(root)!;
    expect(input.isJson).toBe(true);
    expect(input.value).toMatchObject({ user_id: 'demo-user', new_message: { parts: [{ text: 'hi' }], role: 'user' } });
    expect(JSON.parse(input.text)).toEqual(input.value);
  });

  it('returns undefined when a span has no input', () => {
    expect(getInput(vercel[0]!)).toBeUndefined();
    expect(getInput({ attributes: { input: 5 } } as never)).toBeUndefined();
    expect(getInput(phoenixAgent!)).toMatchObject({ text: 'hello', mimeType: 'text/plain', isJson: false });
  });
});

describe('getInputText / getOutputText (what previews show)', () => {
  it('shows the last user message of an LLM span, not its input JSON (agent-prism)', () => {
    const last = prism.filter((span) => span.name === 'ChatOpenAI').find((span) => getInputMessages(span).length === 6)!;
    expect(getInput(last)?.text.startsWith('{')).toBe(true);
    expect(getInputText(last)).toBe('What are the latest AI trends in 2024?');
  });

  it('reads text parts of multi-part messages (Langfuse)', () => {
    const llm = langfuse.find((span) => span.spanId === 'bded677884f031ce')!;
    expect(getInputText(llm)).toBe('hi');
    expect(getOutputText(llm)).toBe('Hello Langfuse 👋!\n');
  });

  it('falls back to input.value / output.value when there are no messages, and to the output JSON for a tool-call-only answer', () => {
    const plain: Pick<Span, 'attributes'> = { attributes: { input: { value: 'refund please' }, output: { value: 'done' } } };
    expect(getInputText(plain)).toBe('refund please');
    expect(getOutputText(plain)).toBe('done');
    expect(getInputText({ attributes: {} })).toBeUndefined();
    const completion = prism.filter((span) => span.name === 'ChatCompletion')[1]!;
    expect(getOutputMessages(completion)[0]!.content ?? '').toBe('');
    expect(getOutputText(completion)).toBe(getOutput(completion)?.text);
  });
});

describe('getInputMessages / getOutputMessages', () => {
  it('reads roles, content, tool calls with parsed arguments and tool_call_id (agent-prism)', () => {
    const last = prism.filter((span) => span.name === 'ChatOpenAI').find((span) => getInputMessages(span).length === 6)!;
    const messages = getInputMessages(last);
    expect(messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant', 'tool']);
    expect(messages[1]!.content).toBe('What are the latest AI trends in 2024?');
    expect(messages[2]!.toolCalls).toEqual([
      {
        name: 'tavily_search',
        arguments: { query: 'latest AI trends 2024', time_range: 'year', topic: 'general' },
        argumentsText: expect.stringContaining('latest AI trends 2024'),
      },
    ]);
    const completion = prism.filter((span) => span.name === 'ChatCompletion')[1]!;
    const input = getInputMessages(completion);
    expect(input[2]!.toolCalls[0]!.id).toBe('call_kW83onhuRFzCvfhqM524IExy');
    expect(input[3]!.toolCallId).toBe('call_kW83onhuRFzCvfhqM524IExy');
    const output = getOutputMessages(completion);
    expect(output[0]!.toolCalls[0]).toMatchObject({ id: 'call_fhSEK1V9vr9BNAe9wcbyVHDt', name: 'tavily_extract' });
  });

  it('reads multi-part contents, a tool message name and non-text content (Langfuse)', () => {
    const llm = langfuse.find((span) => span.spanId === 'bded677884f031ce')!;
    const messages = getInputMessages(llm);
    expect(messages.map((message) => message.role)).toEqual(['system', 'user', 'model', 'tool']);
    expect(messages[1]!.contents).toEqual([{ type: 'text', text: 'hi' }]);
    expect(messages[2]!.toolCalls).toEqual([{ name: 'say_hello' }]);
    expect(messages[3]).toMatchObject({ name: 'say_hello', content: '{"greeting":"Hello Langfuse 👋"}' });
    expect(getOutputMessages(llm)[0]!.contents).toEqual([{ type: 'text', text: 'Hello Langfuse 👋!\n' }]);
  });

  it('reads image parts (Phoenix)', () => {
    expect(getInputMessages(phoenixLlm!)[1]!.contents).toEqual([
      { type: 'text', text: 'What is in this picture?' },
      { type: 'image', imageUrl: 'https://example.com/cat.png' },
    ]);
  });

  it('keeps tool call arguments that are not JSON as text', () => {
    const span = spanWith({
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'f',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{oops',
    });
    expect(getOutputMessages(span)[0]!.toolCalls[0]).toEqual({ name: 'f', arguments: '{oops', argumentsText: '{oops' });
  });

  it('returns [] for a span without messages or with a wrong type', () => {
    expect(getInputMessages(vercel[0]!)).toEqual([]);
    expect(getInputMessages(spanWith({ 'llm.input_messages': 'text' }))).toEqual([]);
  });
});

describe('model, provider, tokens', () => {
  it('reads the model and provider/system (agent-prism and Phoenix)', () => {
    const completion = prism.find((span) => span.name === 'ChatCompletion')!;
    expect(getModelName(completion)).toBe('gpt-4o-2024-08-06');
    expect(getProvider(completion)).toBe('openai');
    expect(getSystem(completion)).toBe('openai');
  });

  it('accepts token counts given as strings (Langfuse)', () => {
    const llm = langfuse.find((span) => span.spanId === 'bded677884f031ce')!;
    expect(getTokenCounts(llm)).toEqual({ prompt: 39, completion: 6, total: 45 });
    expect(getModelName(llm)).toBe('gemini-2.0-flash');
    expect(getProvider(llm)).toBe('google');
  });

  it('reads cache and reasoning counts (Phoenix)', () => {
    expect(getTokenCounts(phoenixLlm!)).toEqual({ prompt: 100, completion: 50, total: 150, cacheRead: 64, reasoning: 12 });
  });

  it('falls back to the gen_ai keys and derives the total (Vercel)', () => {
    const stream = vercel.find((span) => span.name === 'ai.streamText.doStream')!;
    expect(getTokenCounts(stream)).toEqual({ prompt: 15, completion: 112, total: 127 });
    expect(getModelName(stream)).toBe('gpt-4o-mini-2024-07-18');
    expect(getSystem(stream)).toBe('openai.responses');
  });

  it('returns undefined when nothing is recorded, and ignores non-numeric counts', () => {
    expect(getTokenCounts(prism.find((span) => span.name === 'main')!)).toBeUndefined();
    expect(getTokenCounts(spanWith({ 'llm.token_count.prompt': 'many', 'llm.token_count.completion': true }))).toBeUndefined();
  });

  it('parses invocation parameters and the tool schemas offered to the LLM', () => {
    const completion = prism.find((span) => span.name === 'ChatCompletion')!;
    expect(getInvocationParameters(completion)).toEqual({ model: 'gpt-4o', stream: true, temperature: 0 });
    expect(getLlmTools(completion).map((tool) => (tool as { function: { name: string } }).function.name)).toEqual(['tavily_search', 'tavily_extract']);
  });
});

describe('documents', () => {
  it('reads retrieved documents with numeric-string scores and parsed metadata', () => {
    expect(getRetrievedDocuments(pythonRetriever!)).toEqual([
      { position: 0, id: 'doc-1', content: 'Cats purr.', score: 0.92, metadata: { source: 'wiki' } },
      { position: 1, id: 'doc-2', content: 'Cats sleep.', score: 0.5 },
    ]);
  });

  it('reads reranker input and output documents', () => {
    const span = spanWith({
      'reranker.query': 'cats',
      'reranker.model_name': 'cross-encoder',
      'reranker.top_k': '1',
      'reranker.input_documents.0.document.id': 'a',
      'reranker.input_documents.1.document.id': 'b',
      'reranker.output_documents.0.document.id': 'b',
      'reranker.output_documents.0.document.score': 3.5,
    });
    expect(getRerankerDocuments(span)).toEqual({
      query: 'cats',
      modelName: 'cross-encoder',
      topK: 1,
      inputDocuments: [{ position: 0, id: 'a' }, { position: 1, id: 'b' }],
      outputDocuments: [{ position: 0, id: 'b', score: 3.5 }],
    });
  });

  it('returns [] when there are none', () => {
    expect(getRetrievedDocuments(phoenixLlm!)).toEqual([]);
  });
});

describe('tools, exceptions, metadata, session, user, tags, latency', () => {
  it('reads the tool of a TOOL span (agent-prism tavily_search, Langfuse say_hello)', () => {
    const tool = getTool(prism.find((span) => span.name === 'tavily_search')!)!;
    expect(tool.name).toBe('tavily_search');
    expect(tool.description).toMatch(/^A search engine optimized/);
    expect(getTool(langfuse.find((span) => span.kind === 'TOOL')!)).toEqual({ name: 'say_hello', description: 'Call self as a function.' });
    expect(getTool(spanWith({ 'tool.parameters': '{"type":"object"}' }))).toEqual({ parameters: { type: 'object' } });
    expect(getTool(phoenixLlm!)).toBeUndefined();
  });

  it('reads exception events with their time', () => {
    expect(getExceptions(phoenixLlm!)).toEqual([
      {
        type: 'RateLimitError',
        message: 'Rate limit exceeded',
        stacktrace: 'Traceback (most recent call last): ...',
        escaped: false,
        time: Date.UTC(2024, 0, 1, 12, 0, 1, 400),
      },
    ]);
    expect(getExceptions(pythonRetriever!)).toEqual([
      { type: 'ConnectionError', message: 'index offline', escaped: false, time: Date.UTC(2024, 4, 1, 10, 0, 0, 150) },
    ]);
    expect(getExceptions(prism.find((span) => span.name === 'ChatCompletion')!)).toEqual([]);
  });

  it('reads metadata with literal keys, session, user and tags', () => {
    expect(getMetadata(phoenixLlm!)).toEqual({ tenant: 'acme', 'release.channel': 'beta' });
    expect(getSessionId(phoenixLlm!)).toBe('session-7');
    expect(getUserId(phoenixLlm!)).toBe('user-42');
    expect(getTags(phoenixLlm!)).toEqual(['prod', 'vip']);
    expect(getSessionId(langfuse[0]!)).toBe('demo-session');
    expect(getUserId(langfuse[0]!)).toBe('demo-user');
  });

  it('tolerates odd metadata and tags', () => {
    expect(getMetadata(spanWith({ metadata: 'not json' }))).toBeUndefined();
    expect(getMetadata(phoenixAgent!)).toBeUndefined();
    expect(getTags(spanWith({ 'tag.tags': '["a","b"]' }))).toEqual(['a', 'b']);
    expect(getTags(spanWith({ 'tag.tags': 'solo' }))).toEqual(['solo']);
    expect(getTags(spanWith({ 'tag.tags': 7 }))).toEqual([]);
  });

  it('computes latency from start and end, undefined when a time is missing or reversed', () => {
    expect(getLatencyMs(phoenixLlm!)).toBeCloseTo(1249.875, 6);
    expect(getLatencyMs(langfuse.find((span) => span.kind === 'TOOL')!)).toBe(1);
    expect(getLatencyMs({ startTime: null, endTime: 5 })).toBeUndefined();
    expect(getLatencyMs({ startTime: 9, endTime: 5 })).toBeUndefined();
  });

  it('never throws on spans with odd shapes', () => {
    const odd = { attributes: null, events: null, startTime: 'x', endTime: {} } as unknown as Span;
    for (const read of [getInput, getOutput, getInputMessages, getOutputMessages, getModelName, getTokenCounts, getRetrievedDocuments, getRerankerDocuments, getTool, getExceptions, getMetadata, getSessionId, getUserId, getTags, getLatencyMs, getLlmTools, getInvocationParameters]) {
      expect(() => read(odd)).not.toThrow();
    }
  });
});
