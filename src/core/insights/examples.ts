import { ValidationError, describeValue } from '../errors';
import type { Annotation, AnnotatorKind, DatasetExample, Span } from '../model';
import { isPlainObject } from '../schema';
import { compareText } from './agreement';
import {
  getInput,
  getInputMessages,
  getLlmTools,
  getMetadata,
  getOutput,
  getOutputMessages,
  getRetrievedDocuments,
  type LlmMessage,
  type SpanIOValue,
} from '../spans';

/** One annotation as stored in an example's `metadata.annotations.<name>` (Phoenix's field names). */
export interface ExampleAnnotation {
  label: string | null;
  score: number | null;
  explanation: string | null;
  metadata: Record<string, unknown>;
  annotator_kind: AnnotatorKind;
  user_id: string | null;
  identifier: string;
  updated_at: string;
}

export interface SpanToExampleOptions {
  /** Only annotations with these names go into the metadata. Default: every name. */
  names?: readonly string[];
}

const KIND_ORDER: Record<AnnotatorKind, number> = { HUMAN: 0, LLM: 1, CODE: 2 };

/** `{ input: value }` for text, the object itself for a JSON object, `{ input: value }` for other JSON; `{}` when absent. */
function generic(io: SpanIOValue | undefined, kind: 'input' | 'output'): Record<string, unknown> {
  if (!io) return {};
  if (io.isJson && isPlainObject(io.value)) return { ...io.value };
  return { [kind]: io.value };
}

/** A message in the OpenAI-style shape evaluators and Phoenix's dataset view expect. */
function message(m: LlmMessage): Record<string, unknown> {
  const out: Record<string, unknown> = { role: m.role ?? null };
  if (m.content !== undefined) out.content = m.content;
  if (m.contents.length > 0) {
    out.contents = m.contents.map((part) => ({
      type: part.type,
      ...(part.text !== undefined ? { text: part.text } : {}),
      ...(part.imageUrl !== undefined ? { image_url: part.imageUrl } : {}),
    }));
  }
  if (m.name !== undefined) out.name = m.name;
  if (m.toolCalls.length > 0) {
    out.tool_calls = m.toolCalls.map((call) => ({
      ...(call.id !== undefined ? { id: call.id } : {}),
      function: { name: call.name ?? null, arguments: call.argumentsText ?? null },
    }));
  }
  if (m.toolCallId !== undefined) out.tool_call_id = m.toolCallId;
  return out;
}

function exampleInput(span: Span): Record<string, unknown> {
  if (span.kind === 'LLM') {
    const messages = getInputMessages(span);
    const input = messages.length > 0 ? { messages: messages.map(message) } : generic(getInput(span), 'input');
    const tools = getLlmTools(span);
    return tools.length > 0 ? { ...input, tools } : input;
  }
  return generic(getInput(span), 'input');
}

function exampleOutput(span: Span): Record<string, unknown> {
  if (span.kind === 'LLM') {
    const messages = getOutputMessages(span);
    if (messages.length > 0) return { messages: messages.map(message) };
  }
  if (span.kind === 'RETRIEVER') {
    const documents = getRetrievedDocuments(span);
    if (documents.length > 0) {
      return {
        documents: documents.map((doc) => ({
          ...(doc.id !== undefined ? { id: doc.id } : {}),
          ...(doc.content !== undefined ? { content: doc.content } : {}),
          ...(doc.score !== undefined ? { score: doc.score } : {}),
          ...(doc.metadata !== undefined ? { metadata: doc.metadata } : {}),
        })),
      };
    }
  }
  return generic(getOutput(span), 'output');
}

/** Newest first, so `[0]` within a kind is the latest word. */
function byKindThenNewest(a: Annotation, b: Annotation): number {
  return KIND_ORDER[a.annotatorKind] - KIND_ORDER[b.annotatorKind] || compareText(b.updatedAt, a.updatedAt);
}

/** The span's annotations grouped by name, humans first, each group newest first. */
export function groupAnnotations(annotations: readonly Annotation[], names?: readonly string[]): Record<string, ExampleAnnotation[]> {
  const groups: Record<string, ExampleAnnotation[]> = {};
  for (const annotation of [...annotations].sort(byKindThenNewest)) {
    if (names && !names.includes(annotation.name)) continue;
    (groups[annotation.name] ??= []).push({
      label: annotation.label,
      score: annotation.score,
      explanation: annotation.explanation,
      metadata: annotation.metadata,
      annotator_kind: annotation.annotatorKind,
      user_id: annotation.userId,
      identifier: annotation.identifier,
      updated_at: annotation.updatedAt,
    });
  }
  return groups;
}

function checkSpan(span: unknown, path: string): asserts span is Span {
  if (!isPlainObject(span) || typeof span.spanId !== 'string' || span.spanId === '') {
    throw new ValidationError([{ field: `${path}.spanId`, value: isPlainObject(span) ? span.spanId : span, message: `expected a span with a non-empty spanId, got ${describeValue(isPlainObject(span) ? span.spanId : span)}` }]);
  }
  if (!isPlainObject(span.attributes)) {
    throw new ValidationError([{ field: `${path}.attributes`, value: span.attributes, message: `expected an object, got ${describeValue(span.attributes)}` }]);
  }
}

/**
 * A dataset example made from a span, in the shape Phoenix gives examples it makes from spans:
 * input and output by span kind (LLM: the messages, plus `tools`; retriever: the `documents`;
 * otherwise the value, a JSON object spread, other values under `input` / `output`), and
 * metadata = the span's `metadata` attribute + `span_kind` + `annotations` grouped by name, so an
 * evaluator can read `metadata.annotations.correctness[0].label` as ground truth. In each group
 * human annotations come first, then LLM, then CODE, each newest first. Only annotations whose
 * target is this span are kept (annotations of its documents or trace are not the span's verdict).
 * @throws ValidationError when the span has no spanId or no attributes object.
 */
export function spanToExample(span: Span, annotations: readonly Annotation[], options: SpanToExampleOptions = {}): DatasetExample {
  checkSpan(span, 'span');
  const own = annotations.filter((a) => a.target.kind === 'span' && a.target.spanId === span.spanId);
  return {
    input: exampleInput(span),
    output: exampleOutput(span),
    metadata: {
      ...(getMetadata(span) ?? {}),
      span_kind: span.kind,
      annotations: groupAnnotations(own, options.names),
    },
    spanId: span.spanId,
  };
}

/** {@link spanToExample} for many spans, pairing each with its own annotations in one pass. */
export function spansToExamples(spans: readonly Span[], annotations: readonly Annotation[], options: SpanToExampleOptions = {}): DatasetExample[] {
  const bySpan = new Map<string, Annotation[]>();
  for (const annotation of annotations) {
    if (annotation.target.kind !== 'span') continue;
    const list = bySpan.get(annotation.target.spanId);
    if (list) list.push(annotation);
    else bySpan.set(annotation.target.spanId, [annotation]);
  }
  return spans.map((span, index) => {
    checkSpan(span, `spans[${index}]`);
    return spanToExample(span, bySpan.get(span.spanId) ?? [], options);
  });
}

/**
 * A `getExample` for {@link exportCalibrationSet}: a span or document target reads its span, a
 * trace target its root span, each through {@link spanToExample}'s input and output rules.
 */
export function exampleResolver(spans: readonly Span[]): (target: Annotation['target']) => { input: unknown; output: unknown } | null {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const roots = new Map(spans.filter((s) => s.parentId === null).map((s) => [s.traceId, s]));
  return (target) => {
    const found =
      target.kind === 'span' || target.kind === 'document'
        ? byId.get(target.spanId)
        : target.kind === 'trace'
          ? roots.get(target.traceId)
          : undefined;
    return found ? { input: exampleInput(found), output: exampleOutput(found) } : null;
  };
}
