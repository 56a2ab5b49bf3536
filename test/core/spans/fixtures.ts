import { readFileSync } from 'node:fs';
import { repoPath } from '../../support/repoPath';

/** Reads one of the unmodified trace fixtures in `test/fixtures/traces/` (see SOURCES.md there). */
export function fixture(name: 'agent-prism' | 'langfuse' | 'vercel' | 'otlp-example'): unknown {
  const file = {
    'agent-prism': 'agent-prism-quo-tav-agent.json',
    langfuse: 'langfuse-google-adk-scores.json',
    vercel: 'openinference-vercel-v6-all-spans.json',
    'otlp-example': 'opentelemetry-proto-example-trace.json',
  }[name];
  return JSON.parse(readFileSync(repoPath('test/fixtures/traces', file), 'utf8')) as unknown;
}

/** A body shaped exactly like Phoenix's `GET /v1/projects/{id}/spans` response (see the OpenAPI Span schema). */
export const phoenixBody = {
  data: [
    {
      id: 'U3BhbjoxMjM=',
      name: 'ChatCompletion',
      context: { trace_id: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4', span_id: '2b3c4d5e6f7a8b9c' },
      span_kind: 'LLM',
      parent_id: '1a2b3c4d5e6f7a8b',
      start_time: '2024-01-01T12:00:00.250125+00:00',
      end_time: '2024-01-01T12:00:01.5+00:00',
      status_code: 'ERROR',
      status_message: 'Rate limit exceeded',
      attributes: {
        'openinference.span.kind': 'LLM',
        'llm.model_name': 'gpt-4o-mini',
        'llm.provider': 'openai',
        'llm.system': 'openai',
        'llm.token_count.prompt': 100,
        'llm.token_count.completion': 50,
        'llm.token_count.total': 150,
        'llm.token_count.prompt_details.cache_read': 64,
        'llm.token_count.completion_details.reasoning': 12,
        'llm.input_messages.0.message.role': 'system',
        'llm.input_messages.0.message.content': 'You are terse.',
        'llm.input_messages.1.message.role': 'user',
        'llm.input_messages.1.message.contents.0.message_content.type': 'text',
        'llm.input_messages.1.message.contents.0.message_content.text': 'What is in this picture?',
        'llm.input_messages.1.message.contents.1.message_content.type': 'image',
        'llm.input_messages.1.message.contents.1.message_content.image.image.url': 'https://example.com/cat.png',
        'llm.output_messages.0.message.role': 'assistant',
        'llm.output_messages.0.message.tool_calls.0.tool_call.id': 'call_1',
        'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'lookup',
        'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"q": "cat"}',
        'input.value': '{"messages": [{"role": "user"}]}',
        'input.mime_type': 'application/json',
        'output.value': 'not json at all',
        'output.mime_type': 'application/json',
        metadata: '{"tenant": "acme", "release.channel": "beta"}',
        'session.id': 'session-7',
        'user.id': 'user-42',
        'tag.tags': ['prod', 'vip'],
      },
      events: [
        {
          name: 'exception',
          timestamp: '2024-01-01T12:00:01.4Z',
          attributes: {
            'exception.type': 'RateLimitError',
            'exception.message': 'Rate limit exceeded',
            'exception.stacktrace': 'Traceback (most recent call last): ...',
            'exception.escaped': 'False',
          },
        },
      ],
    },
    {
      id: 'U3BhbjoxMjI=',
      name: 'agent',
      context: { trace_id: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4', span_id: '1a2b3c4d5e6f7a8b' },
      span_kind: 'AGENT',
      parent_id: null,
      start_time: '2024-01-01T12:00:00Z',
      end_time: '2024-01-01T12:00:02Z',
      status_code: 'OK',
      status_message: '',
      attributes: { 'openinference.span.kind': 'AGENT', 'input.value': 'hello', 'input.mime_type': 'text/plain' },
      events: [],
    },
  ],
  next_cursor: null,
};

/** What Python's `ReadableSpan.to_json()` prints (opentelemetry-sdk 1.x), parsed. */
export const pythonToJson = [
  {
    name: 'retrieve',
    context: { trace_id: '0x5b8efff798038103d269b633813fc60c', span_id: '0x051581bf3cb55c13', trace_state: '[]' },
    kind: 'SpanKind.INTERNAL',
    parent_id: '0xeee19b7ec3c1b174',
    start_time: '2024-05-01T10:00:00.000100Z',
    end_time: '2024-05-01T10:00:00.200100Z',
    status: { status_code: 'ERROR', description: 'index offline' },
    attributes: {
      'openinference.span.kind': 'RETRIEVER',
      'input.value': 'cats',
      'retrieval.documents.0.document.id': 'doc-1',
      'retrieval.documents.0.document.content': 'Cats purr.',
      'retrieval.documents.0.document.score': 0.92,
      'retrieval.documents.0.document.metadata': '{"source": "wiki"}',
      'retrieval.documents.1.document.id': 'doc-2',
      'retrieval.documents.1.document.content': 'Cats sleep.',
      'retrieval.documents.1.document.score': '0.5',
    },
    events: [
      {
        name: 'exception',
        timestamp: '2024-05-01T10:00:00.150000Z',
        attributes: { 'exception.type': 'ConnectionError', 'exception.message': 'index offline', 'exception.escaped': false },
      },
    ],
    links: [],
    resource: { attributes: { 'service.name': 'rag' }, schema_url: '' },
  },
  {
    name: 'query',
    context: { trace_id: '0x5b8efff798038103d269b633813fc60c', span_id: '0xeee19b7ec3c1b174', trace_state: '[]' },
    kind: 'SpanKind.SERVER',
    parent_id: null,
    start_time: '2024-05-01T09:59:59.900000Z',
    end_time: '2024-05-01T10:00:00.300000Z',
    status: { status_code: 'UNSET' },
    attributes: { 'openinference.span.kind': 'chain' },
    events: [],
    links: [],
    resource: { attributes: { 'service.name': 'rag' }, schema_url: '' },
  },
];
