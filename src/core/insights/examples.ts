import { ValidationError, describeValue } from '../errors';
import type { Annotation, AnnotatorKind, DatasetExample, Span } from '../model';
import { isPlainObject } from '../schema';
import { compareText } from './agreement';
import { getAttribute, getInputMessages, getMetadata, getOutputMessages, type LlmMessage } from '../spans';
import * as SC from '../spans/conventions';
import { entries, tryJson } from '../spans/readers';

const JSON_MIME = 'application/json';

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

// Input and output follow Phoenix's own "add spans to dataset" (its server's
// `helpers/dataset_helpers.py`), so an example the kit makes equals the one Phoenix makes of the
// same span (test/phoenix/datasets.test.ts compares the two on a running Phoenix). On top of it the
// kit keeps tool-call ids and non-text message parts, which Phoenix drops.

/** JSON text parsed, an object as it is; undefined for anything else (Phoenix's `_safely_json_decode`). */
function decodeJson(value: unknown): unknown {
  if (isPlainObject(value)) return value;
  if (typeof value !== 'string') return undefined;
  const parsed = tryJson(value);
  return parsed.ok ? parsed.value : undefined;
}

/** A value under exactly `application/json` decoded (an object spread, other JSON under `kind`), text under `kind`, else `{}`. */
function generic(value: unknown, mimeType: unknown, kind: 'input' | 'output'): Record<string, unknown> {
  if (mimeType === JSON_MIME) {
    const decoded = decodeJson(value);
    if (decoded !== undefined && decoded !== null) return isPlainObject(decoded) ? { ...decoded } : { [kind]: decoded };
  }
  return typeof value === 'string' ? { [kind]: value } : {};
}

function genericOf(span: Span, kind: 'input' | 'output'): Record<string, unknown> {
  const attributes = span.attributes;
  return kind === 'input'
    ? generic(getAttribute(attributes, SC.INPUT_VALUE), getAttribute(attributes, SC.INPUT_MIME_TYPE), 'input')
    : generic(getAttribute(attributes, SC.OUTPUT_VALUE), getAttribute(attributes, SC.OUTPUT_MIME_TYPE), 'output');
}

/** The raw list entry a reader's message came from, for the values the reader turns into text. */
function rawEntry(span: Span, key: string, index: number): unknown {
  return entries(getAttribute(span.attributes, key)).find((entry) => entry.index === index)?.value;
}

/** A message as Phoenix writes it into an example (role defaulting to `assistant`, text parts joined, arguments decoded), plus the tool-call ids. */
function message(m: LlmMessage, raw: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { role: m.role || 'assistant' };
  const content = isPlainObject(raw) ? getAttribute(raw, SC.MESSAGE_CONTENT) : undefined;
  const textParts = m.contents.filter((part) => typeof part.text === 'string').map((part) => part.text!);
  if (content !== undefined && content !== null) out.content = content;
  else if (textParts.length > 0) out.content = textParts.join('\n\n');
  if (m.name !== undefined) out.name = m.name;
  const calls = m.toolCalls.filter((call) => call.name !== undefined || call.argumentsText !== undefined);
  if (calls.length > 0) {
    out.tool_calls = calls.map((call) => {
      const decoded = decodeJson(call.argumentsText);
      return {
        ...(call.id !== undefined ? { id: call.id } : {}),
        function: { name: call.name ?? '', arguments: decoded === undefined || decoded === null ? (call.argumentsText ?? null) : decoded },
      };
    });
  }
  if (m.toolCallId !== undefined) out.tool_call_id = m.toolCallId;
  if (m.contents.some((part) => part.type !== 'text')) {
    out.contents = m.contents.map((part) => ({
      type: part.type,
      ...(part.text !== undefined ? { text: part.text } : {}),
      ...(part.imageUrl !== undefined ? { image_url: part.imageUrl } : {}),
    }));
  }
  return out;
}

function messages(span: Span, list: LlmMessage[], key: string): Record<string, unknown>[] {
  return list.map((m) => message(m, rawEntry(span, key, m.index)));
}

/**
 * Each run of consecutive assistant messages as one `{ role, content, tool_calls }` (one turn's text
 * and tool calls arrive as separate items from some instrumentations): the first content, every
 * tool call, and the kit's non-text parts.
 */
function mergeAssistantRuns(list: Record<string, unknown>[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let run: Record<string, unknown> | null = null;
  for (const entry of list) {
    if (entry.role !== 'assistant') {
      out.push(entry);
      run = null;
      continue;
    }
    if (run === null) {
      run = { role: 'assistant' };
      out.push(run);
    }
    if (run.content === undefined && entry.content !== undefined) run.content = entry.content;
    if (Array.isArray(entry.tool_calls)) run.tool_calls = [...((run.tool_calls as unknown[] | undefined) ?? []), ...entry.tool_calls];
    if (Array.isArray(entry.contents)) run.contents = [...((run.contents as unknown[] | undefined) ?? []), ...entry.contents];
  }
  return out;
}

/**
 * `llm.tools[].tool.json_schema`, each decoded (null when it is not JSON). Not `getLlmTools`: as
 * Phoenix does, this skips '' and stores null for what is not JSON, where that keeps the raw value.
 */
function toolDefinitions(span: Span): unknown[] {
  const out: unknown[] = [];
  for (const { value } of entries(getAttribute(span.attributes, SC.LLM_TOOLS))) {
    const definition = isPlainObject(value) ? getAttribute(value, SC.TOOL_JSON_SCHEMA) : undefined;
    if (definition === undefined || definition === null || definition === '') continue;
    out.push(decodeJson(definition) ?? null);
  }
  return out;
}

function exampleInput(span: Span): Record<string, unknown> {
  if (span.kind !== 'LLM') return genericOf(span, 'input');
  const list = messages(span, getInputMessages(span), SC.LLM_INPUT_MESSAGES);
  const input: Record<string, unknown> = list.length > 0 ? { messages: list } : genericOf(span, 'input');
  const variables = decodeJson(getAttribute(span.attributes, SC.PROMPT_TEMPLATE_VARIABLES));
  if (isPlainObject(variables)) Object.assign(input, variables);
  const tools = toolDefinitions(span);
  if (tools.length > 0) input.tools = tools;
  return input;
}

/** A retriever's documents as stored (every field; `metadata` JSON text parsed, as Phoenix stores it); null when any entry is not a document. */
function documents(span: Span): Record<string, unknown>[] | null {
  const list = getAttribute(span.attributes, SC.RETRIEVAL_DOCUMENTS);
  if (!Array.isArray(list) && !isPlainObject(list)) return null;
  const out: Record<string, unknown>[] = [];
  for (const { value } of entries(list)) {
    const document = isPlainObject(value) ? value.document : undefined;
    if (!isPlainObject(document) || Object.keys(document).length === 0) return null;
    const metadata = typeof document.metadata === 'string' ? decodeJson(document.metadata) : undefined;
    out.push(metadata === undefined ? { ...document } : { ...document, metadata });
  }
  return out;
}

function exampleOutput(span: Span): Record<string, unknown> {
  if (span.kind === 'LLM') {
    const list = messages(span, getOutputMessages(span), SC.LLM_OUTPUT_MESSAGES);
    return list.length > 0 ? { messages: mergeAssistantRuns(list) } : genericOf(span, 'output');
  }
  if (span.kind === 'RETRIEVER') {
    const found = documents(span);
    if (found !== null) return { documents: found };
  }
  return genericOf(span, 'output');
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
