/**
 * The seed's two sources of feedback, as the suites put them into a real Phoenix: a chat turn
 * (a fresh trace, stamped now so Phoenix's UI lists it under its default "last 7 days"), LLM
 * evaluations logged by Phoenix's Python client the way its users log them, and the reads that
 * check what landed. Runs in Node and in a browser (fetch only; Python goes through the caller's
 * `runPython`, the Node helper or the browser command).
 */
import type { Span } from '../../../src/core';
import { PhoenixRestError, phoenixRest, projectPath, randomHex } from './rest';
import { seedSpans } from './seed';

export interface ChatTurn {
  traceId: string;
  /** The agent's root span: the assistant message end users vote on. */
  root: Span;
  retriever: Span;
  llm: Span;
  spans: Span[];
}

/** A support-chat turn (agent → retriever, LLM) with fresh ids, stamped now. */
export function makeChatTurn(turn = { question: 'Can I return shoes I wore once?', answer: 'Yes, within 30 days.' }): ChatTurn {
  const traceId = randomHex(16);
  const start = Date.now() - 5_000;
  const span = (name: string, kind: Span['kind'], parentId: string | null, offset: number, duration: number, attributes: Span['attributes']): Span => ({
    spanId: randomHex(8),
    traceId,
    parentId,
    name,
    kind,
    startTime: start + offset,
    endTime: start + offset + duration,
    status: { code: 'OK', message: null },
    attributes,
    events: [],
  });
  const root = span('support-agent', 'AGENT', null, 0, 2_400, {
    input: { value: turn.question, mime_type: 'text/plain' },
    output: { value: turn.answer, mime_type: 'text/plain' },
  });
  const retriever = span('search-help-center', 'RETRIEVER', root.spanId, 20, 180, {
    input: { value: turn.question },
    retrieval: { documents: [{ document: { id: 'kb-returns', content: 'Unworn items can be returned within 30 days.', score: 0.71 } }] },
  });
  const llm = span('generate-answer', 'LLM', root.spanId, 300, 1_900, {
    llm: {
      model_name: 'gpt-4o',
      input_messages: [{ message: { role: 'user', content: turn.question } }],
      output_messages: [{ message: { role: 'assistant', content: turn.answer } }],
    },
  });
  return { traceId, root, retriever, llm, spans: [root, retriever, llm] };
}

/** {@link makeChatTurn}, stored in `project` before it resolves. */
export async function seedChatTurn(baseUrl: string, project: string): Promise<ChatTurn> {
  const turn = makeChatTurn();
  await seedSpans(baseUrl, project, turn.spans);
  return turn;
}

/** One LLM evaluation: what a Phoenix user's eval run (for example `phoenix.evals.llm_classify`) returns per span. */
export interface LlmEvaluation {
  spanId: string;
  label: string;
  score: number;
  explanation: string;
}

/**
 * The snippet that logs LLM evaluations as Phoenix's users do: a pandas DataFrame indexed by
 * `context.span_id` with `label`, `score` and `explanation` columns, one
 * `spans.log_span_annotations_dataframe(annotation_name=…, annotator_kind="LLM")` per evaluation
 * name, with the client's default `sync=False` (Phoenix queues them: see {@link waitForAnnotations}).
 * `data`: `{ evaluations: { [name]: LlmEvaluation[] } }`.
 */
export const LOG_LLM_EVALUATIONS = `
import pandas as pd
px = client()
for name, rows in data["evaluations"].items():
    frame = pd.DataFrame(
        {
            "label": [row["label"] for row in rows],
            "score": [row["score"] for row in rows],
            "explanation": [row["explanation"] for row in rows],
        },
        index=pd.Index([row["spanId"] for row in rows], name="context.span_id"),
    )
    px.spans.log_span_annotations_dataframe(dataframe=frame, annotation_name=name, annotator_kind="LLM")
result = True
`;

/** A span annotation as Phoenix's Python client returns it (`spans.get_span_annotations`). */
export interface PythonSpanAnnotation {
  id: string;
  span_id: string;
  name: string;
  annotator_kind: string;
  identifier: string;
  source: string;
  user_id: string | null;
  result: { label: string | null; score: number | null; explanation: string | null };
  metadata: Record<string, unknown>;
}

/** A row of `spans.get_span_annotations_dataframe`, its `span_id` index made a column. */
export type PythonAnnotationRow = Record<string, unknown>;

/**
 * The snippet that reads a span's annotations back with Phoenix's Python client, both ways its
 * users do: `get_span_annotations` (dicts) and `get_span_annotations_dataframe` (pandas).
 * `data`: `{ project, spanIds }`; result: `{ annotations, frame }`.
 */
export const READ_SPAN_ANNOTATIONS = `
import json
px = client()
annotations = px.spans.get_span_annotations(span_ids=data["spanIds"], project_identifier=data["project"])
frame = px.spans.get_span_annotations_dataframe(span_ids=data["spanIds"], project_identifier=data["project"])
result = {
    "annotations": annotations,
    "frame": json.loads(frame.reset_index().to_json(orient="records")),
}
`;

/** Phoenix's REST view of one span's annotations (notes excluded), newest first. */
export async function restSpanAnnotations(baseUrl: string, project: string, spanIds: readonly string[]): Promise<PythonSpanAnnotation[]> {
  const query = new URLSearchParams(spanIds.map((id) => ['span_ids', id]));
  query.append('exclude_annotation_names', 'note');
  query.set('limit', '1000');
  try {
    const page = await phoenixRest(baseUrl).json<{ data: PythonSpanAnnotation[] }>('GET', `${projectPath(project)}/span_annotations?${query}`);
    return page.data;
  } catch (error) {
    if (error instanceof PhoenixRestError && error.status === 404) return [];
    throw error;
  }
}

/**
 * Resolves once `ready` holds for the spans' annotations in Phoenix: the Python client logs with
 * `sync=False`, so Phoenix answers before it stores them.
 */
export async function waitForAnnotations(
  baseUrl: string,
  project: string,
  spanIds: readonly string[],
  ready: (annotations: PythonSpanAnnotation[]) => boolean,
  timeoutMs = 30_000,
): Promise<PythonSpanAnnotation[]> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 50; ; wait = Math.min(wait * 2, 500)) {
    const annotations = await restSpanAnnotations(baseUrl, project, spanIds);
    if (ready(annotations)) return annotations;
    if (Date.now() > deadline) {
      throw new Error(`Phoenix did not hold the expected annotations on ${spanIds.join(', ')} in ${timeoutMs} ms; it has: ${JSON.stringify(annotations.map(summarize))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** `name kind label score identifier`: a line to compare sets of annotations by. */
export function summarize(annotation: PythonSpanAnnotation): string {
  return [annotation.name, annotation.annotator_kind, annotation.result?.label ?? '-', annotation.result?.score ?? '-', JSON.stringify(annotation.identifier)].join(' ');
}
