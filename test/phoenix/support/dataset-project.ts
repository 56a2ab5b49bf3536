/**
 * A Phoenix project whose spans cover what "add spans to dataset" reads: the demo generator's
 * OpenInference spans (LLM messages with tool calls, tools, retrieved documents with metadata,
 * JSON and text inputs of every kind), the LLM spans of two real exports among the trace
 * fixtures (multi-part message contents, tool-call ids, a prompt template), and hand-made spans
 * for the edges (prompt template variables, JSON-typed text that is no object, text that looks
 * like JSON). Annotations come from every source: the demo's HUMAN and LLM ones through the kit's
 * adapter, LLM and CODE ones over REST as Phoenix's Python client writes them, several of one name
 * on a span, and notes. Ids are fresh on every call (Phoenix keeps span ids unique server-wide).
 * Node only (reads the fixtures).
 */
import { createPhoenixAdapter } from '../../../src/adapters/phoenix';
import { generateDemoProject } from '../../../src/adapters/memory';
import type { AnnotationInput, Attributes, Span } from '../../../src/core';
import { fixtureTraces } from './data';
import { phoenixRest, randomHex, uniqueName } from './rest';
import type { RestAnnotation } from './annotated-project';
import { seedSpans } from './seed';
import { freshSpanIds } from './conformance-data';

export interface DatasetProject {
  project: string;
  spans: Span[];
  kitAnnotations: AnnotationInput[];
  restAnnotations: RestAnnotation[];
  notes: { spanId: string; text: string; userId: string }[];
}

const T0 = Date.parse('2026-02-01T09:00:00Z');

function edgeSpans(traceId: string): Span[] {
  const span = (spanId: string, kind: Span['kind'], attributes: Attributes, offset: number): Span => ({
    spanId,
    traceId,
    parentId: null,
    name: `edge-${kind.toLowerCase()}`,
    kind,
    startTime: T0 + offset,
    endTime: T0 + offset + 250,
    status: { code: 'OK', message: null },
    attributes,
    events: [],
  });
  return [
    // a templated prompt: Phoenix hoists the variables into the example's input
    span(randomHex(8), 'LLM', {
      llm: {
        prompt_template: { template: 'Answer {question} for {customer}', variables: JSON.stringify({ question: 'Where is my order?', customer: 'ACME' }) },
        input_messages: [{ message: { role: 'user', content: 'Answer Where is my order? for ACME' } }],
        output_messages: [{ message: { role: 'assistant', content: 'It ships tomorrow.' } }],
        model_name: 'gpt-4o-mini',
      },
      input: { value: 'Answer Where is my order? for ACME', mime_type: 'text/plain' },
      output: { value: 'It ships tomorrow.', mime_type: 'text/plain' },
    }, 0),
    // a message with an image: Phoenix keeps the text only
    span(randomHex(8), 'LLM', {
      llm: {
        input_messages: [
          {
            message: {
              role: 'user',
              contents: [
                { message_content: { type: 'text', text: 'What is in this picture?' } },
                { message_content: { type: 'image', image: { image: { url: 'https://example.com/receipt.png' } } } },
              ],
            },
          },
        ],
        output_messages: [{ message: { role: 'assistant', content: 'A receipt.' } }],
      },
    }, 500),
    // an LLM span with no messages: the generic input and output
    span(randomHex(8), 'LLM', {
      input: { value: '{"prompt": "Say hi", "temperature": 0}', mime_type: 'application/json' },
      output: { value: 'hi', mime_type: 'text/plain' },
      metadata: { experiment: 'baseline', tags: ['a', 'b'] },
    }, 1000),
    // JSON-typed text that is a list, and text that only looks like JSON
    span(randomHex(8), 'CHAIN', {
      input: { value: '["first", "second"]', mime_type: 'application/json' },
      output: { value: '{"answer": 42}', mime_type: 'text/plain' },
    }, 2000),
    // JSON-typed text that does not parse
    span(randomHex(8), 'TOOL', {
      input: { value: '{not json', mime_type: 'application/json' },
      output: { value: '{"status": "ok", "items": [1, 2]}', mime_type: 'application/json' },
      tool: { name: 'lookup_order' },
    }, 3000),
    // a retriever without documents, and a span with no input or output at all
    span(randomHex(8), 'RETRIEVER', { input: { value: 'refund policy' }, output: { value: 'nothing found' } }, 4000),
    span(randomHex(8), 'CHAIN', {}, 5000),
  ];
}

/** The project's spans and annotations, with fresh ids. */
export function datasetProject(): DatasetProject {
  const demo = generateDemoProject({ spans: 160, seed: 41 });
  const fixtureLlm = fixtureTraces()
    .filter((fixture) => /agent-prism|langfuse/.test(fixture.file))
    .flatMap((fixture) => fixture.spans.filter((span) => span.kind === 'LLM'));
  // What a loader repaired on a fixture span is the kit's note, not span data sent to Phoenix.
  const { spans: demoSpans, spanId } = freshSpanIds(demo.spans.map((span) => ({ ...span, problems: undefined })));
  const { spans: fixtureSpans } = freshSpanIds(fixtureLlm.map((span) => ({ ...span, problems: undefined })));
  const spans = [...demoSpans, ...fixtureSpans, ...edgeSpans(randomHex(16))];

  const kitAnnotations: AnnotationInput[] = [];
  for (const annotation of demo.annotations) {
    const target = annotation.target;
    const mapped =
      target.kind === 'span' || target.kind === 'document'
        ? { ...target, spanId: spanId(target.spanId) }
        : null;
    if (!mapped) continue; // trace and session annotations are not a span's
    const { id: _id, createdAt: _c, updatedAt: _u, source: _s, ...input } = annotation;
    kitAnnotations.push({ ...input, target: mapped });
  }
  const llm = spans.filter((span) => span.kind === 'LLM');
  const restAnnotations: RestAnnotation[] = [];
  llm.forEach((span, index) => {
    // what an evaluation script logs (identifier ''), on spans the kit's reviewers labelled too
    restAnnotations.push({
      span_id: span.spanId,
      name: 'correctness',
      annotator_kind: 'LLM',
      result: { label: index % 3 ? 'correct' : 'incorrect', score: index % 3 ? 1 : 0, explanation: index % 2 ? 'matches the policy' : null },
      metadata: { model: 'gpt-4o', run: 'nightly' },
    });
    if (index % 2 === 0) {
      restAnnotations.push({ span_id: span.spanId, name: 'format', annotator_kind: 'CODE', result: { label: index % 4 ? 'valid' : 'invalid', score: null, explanation: null } });
    }
    if (index < 8) {
      for (const [user, up] of [['alice', true], ['bob', index % 2 === 0]] as const) {
        kitAnnotations.push({
          target: { kind: 'span', spanId: span.spanId },
          name: 'thumbs',
          annotatorKind: 'HUMAN',
          label: up ? 'up' : 'down',
          score: up ? 1 : 0,
          identifier: user,
          userId: user,
          metadata: { source: 'chat' },
        });
      }
    }
  });
  const notes = llm.slice(0, 3).map((span, index) => ({ spanId: span.spanId, text: `Reviewed (${index})`, userId: 'maya.chen' }));
  return { project: uniqueName('datasets'), spans, kitAnnotations, restAnnotations, notes };
}

/** Stores the project: spans, the adapter's annotations and notes, then the REST annotations (`sync=true`). */
export async function seedDatasetProject(baseUrl: string, data: DatasetProject): Promise<void> {
  const rest = phoenixRest(baseUrl);
  await seedSpans(baseUrl, data.project, data.spans);
  const adapter = createPhoenixAdapter({ baseUrl, projectName: data.project });
  await adapter.upsertAnnotations(data.kitAnnotations);
  await rest.call('annotateSpans', 'POST', '/v1/span_annotations?sync=true', {
    data: data.restAnnotations.map((row) => ({ identifier: '', metadata: {}, ...row })),
  });
  for (const note of data.notes) await adapter.addNote({ target: { kind: 'span', spanId: note.spanId }, text: note.text, userId: note.userId });
}
