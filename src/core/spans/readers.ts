import { MimeType } from '@arizeai/openinference-semantic-conventions';
import * as SC from './conventions';
import type { AttributeValue, Attributes, Span } from '../model';
import { getAttribute, isPlainRecord, parseMetadataValue } from './attributes';

/**
 * Readers for OpenInference attributes. Every reader takes a span (anything with `attributes`, and
 * `events` / times where it needs them), never throws, and returns `undefined` (or `[]` for lists)
 * when the attribute is absent or has a type it cannot use.
 *
 * Keys come from `@arizeai/openinference-semantic-conventions`. A few readers fall back to the
 * OpenTelemetry GenAI keys (`gen_ai.*`) when the OpenInference key is absent, so spans from
 * instrumentations that only write those (Vercel AI SDK, Google ADK) still show a model and tokens.
 */

/** What a reader needs from a span: its attributes (a {@link Span} fits). */
export type SpanAttributesSource = Pick<Span, 'attributes'>;

// OpenTelemetry semantic conventions (not OpenInference, so not in the package): exception events and GenAI fallbacks.
const EXCEPTION_EVENT = 'exception';
const EXCEPTION_TYPE = 'exception.type';
const EXCEPTION_MESSAGE = 'exception.message';
const EXCEPTION_STACKTRACE = 'exception.stacktrace';
const EXCEPTION_ESCAPED = 'exception.escaped';
const GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
const GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
const GEN_AI_SYSTEM = 'gen_ai.system';
const GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
const GEN_AI_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
const GEN_AI_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';

function attr(span: SpanAttributesSource | null | undefined, key: string): AttributeValue | undefined {
  if (!span || typeof span !== 'object') return undefined;
  return getAttribute((span as SpanAttributesSource).attributes, key);
}

/** A string, or a number/boolean written as one; undefined for the rest. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A finite number, or a numeric string such as `"39"` (Langfuse, OTLP int64 text); undefined for the rest. */
function num(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** Text shown for any value: strings as they are, the rest as JSON. */
function display(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Parses JSON text (other values pass through), or says why the text is not JSON. */
export function tryJson(value: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  if (typeof value !== 'string') return { ok: true, value };
  try {
    return { ok: true, value: JSON.parse(value) as unknown };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** JSON text parsed, or the value itself when it is not JSON text (for arguments, parameters, schemas). */
function jsonOrSelf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const parsed = tryJson(value);
  return parsed.ok ? parsed.value : value;
}

/**
 * The entries of a list attribute: an array, or an object keyed `0..n` (what `nestAttributes` keeps
 * when indices have gaps), in index order.
 */
export function entries(value: unknown): Array<{ index: number; value: unknown }> {
  if (Array.isArray(value)) return value.map((entry, index) => ({ index, value: entry }));
  if (isPlainRecord(value)) {
    return Object.keys(value)
      .filter((key) => /^(0|[1-9][0-9]*)$/.test(key))
      .map((key) => ({ index: Number(key), value: value[key] }))
      .sort((a, b) => a.index - b.index);
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// Input and output

/** An input or output value with its mime type. */
export interface SpanIOValue {
  /** Text to show: the raw text, or JSON for a value a source stored as an object. */
  text: string;
  /** Parsed JSON when the mime type is JSON and it parsed (or the source stored an object); otherwise the text. */
  value: unknown;
  /** `input.mime_type` / `output.mime_type`; undefined when absent. */
  mimeType: string | undefined;
  /** Whether `value` is parsed JSON. */
  isJson: boolean;
  /** Why JSON-typed text did not parse; `value` is then the text. */
  parseError?: string;
}

function isJsonMime(mime: string | undefined): boolean {
  if (!mime) return false;
  const base = mime.split(';')[0]!.trim().toLowerCase();
  return base === MimeType.JSON || base.endsWith('+json');
}

function readIO(span: SpanAttributesSource, valueKey: string, mimeKey: string): SpanIOValue | undefined {
  const raw = attr(span, valueKey);
  if (raw === undefined || raw === null) return undefined;
  const mimeType = text(attr(span, mimeKey));
  if (typeof raw !== 'string') {
    // Langfuse and hand-made spans store the parsed object; it is JSON whatever the mime type says.
    const isJson = typeof raw === 'object';
    return { text: display(raw), value: raw, mimeType, isJson };
  }
  if (!isJsonMime(mimeType)) return { text: raw, value: raw, mimeType, isJson: false };
  const parsed = tryJson(raw);
  if (parsed.ok) return { text: raw, value: parsed.value, mimeType, isJson: true };
  return { text: raw, value: raw, mimeType, isJson: false, parseError: parsed.error };
}

/** The span's `input.value` with `input.mime_type`; JSON parsed when the mime type says JSON (bad JSON is kept as text). */
export function getInput(span: SpanAttributesSource): SpanIOValue | undefined {
  return readIO(span, SC.INPUT_VALUE, SC.INPUT_MIME_TYPE);
}

/** The span's `output.value` with `output.mime_type`; JSON parsed when the mime type says JSON (bad JSON is kept as text). */
export function getOutput(span: SpanAttributesSource): SpanIOValue | undefined {
  return readIO(span, SC.OUTPUT_VALUE, SC.OUTPUT_MIME_TYPE);
}

// ---------------------------------------------------------------------------------------------
// LLM messages

/** One part of a multi-part message (`message.contents`). */
export interface MessageContentPart {
  /** `text`, `image`, `audio`, … as the source wrote it; inferred from the fields when absent. */
  type: string;
  text?: string;
  /** The image URL (http or data:) for image parts. */
  imageUrl?: string;
}

/** A tool call an LLM message made. */
export interface ToolCall {
  id?: string;
  /** Function name. */
  name?: string;
  /** Arguments parsed from JSON when they parse; otherwise the text as given. */
  arguments?: unknown;
  /** The arguments as the span recorded them. */
  argumentsText?: string;
}

/** One LLM input or output message. */
export interface LlmMessage {
  /** Position in the span's list. */
  index: number;
  role?: string;
  /** Plain `message.content`; a non-text content value is shown as JSON. */
  content?: string;
  /** Multi-part `message.contents`; [] when the message has plain content only. */
  contents: MessageContentPart[];
  toolCalls: ToolCall[];
  /** On a `tool` message: which call it answers. */
  toolCallId?: string;
  /** `message.name` (function name on legacy `function` messages, tool name on some providers). */
  name?: string;
}

function readToolCall(raw: unknown): ToolCall | undefined {
  if (!isPlainRecord(raw)) return undefined;
  const call: ToolCall = {};
  const id = text(getAttribute(raw, SC.TOOL_CALL_ID));
  const name = text(getAttribute(raw, SC.TOOL_CALL_FUNCTION_NAME));
  const args = getAttribute(raw, SC.TOOL_CALL_FUNCTION_ARGUMENTS_JSON);
  if (id !== undefined) call.id = id;
  if (name !== undefined) call.name = name;
  if (args !== undefined && args !== null) {
    call.argumentsText = display(args);
    call.arguments = jsonOrSelf(args);
  }
  return call;
}

function readContentPart(raw: unknown): MessageContentPart | undefined {
  if (!isPlainRecord(raw)) return undefined;
  const partText = text(getAttribute(raw, SC.MESSAGE_CONTENT_TEXT));
  const imageUrl = text(getAttribute(raw, `${SC.MESSAGE_CONTENT_IMAGE}.${SC.IMAGE_URL}`));
  const type = text(getAttribute(raw, SC.MESSAGE_CONTENT_TYPE)) ?? (imageUrl !== undefined ? 'image' : partText !== undefined ? 'text' : 'unknown');
  const part: MessageContentPart = { type };
  if (partText !== undefined) part.text = partText;
  if (imageUrl !== undefined) part.imageUrl = imageUrl;
  return part;
}

function readMessage(raw: unknown, index: number): LlmMessage | undefined {
  if (!isPlainRecord(raw)) return undefined;
  const message: LlmMessage = { index, contents: [], toolCalls: [] };
  const role = text(getAttribute(raw, SC.MESSAGE_ROLE));
  const content = getAttribute(raw, SC.MESSAGE_CONTENT);
  const name = text(getAttribute(raw, SC.MESSAGE_NAME));
  const toolCallId = text(getAttribute(raw, SC.MESSAGE_TOOL_CALL_ID));
  if (role !== undefined) message.role = role;
  if (content !== undefined && content !== null) message.content = display(content);
  if (name !== undefined) message.name = name;
  if (toolCallId !== undefined) message.toolCallId = toolCallId;
  for (const { value } of entries(getAttribute(raw, SC.MESSAGE_CONTENTS))) {
    const part = readContentPart(value);
    if (part) message.contents.push(part);
  }
  for (const { value } of entries(getAttribute(raw, SC.MESSAGE_TOOL_CALLS))) {
    const call = readToolCall(value);
    if (call) message.toolCalls.push(call);
  }
  // Legacy OpenAI function calling: one call on the message itself.
  const functionName = text(getAttribute(raw, SC.MESSAGE_FUNCTION_CALL_NAME));
  if (functionName !== undefined && message.toolCalls.length === 0) {
    const args = getAttribute(raw, SC.MESSAGE_FUNCTION_CALL_ARGUMENTS_JSON);
    const call: ToolCall = { name: functionName };
    if (args !== undefined && args !== null) {
      call.argumentsText = display(args);
      call.arguments = jsonOrSelf(args);
    }
    message.toolCalls.push(call);
  }
  return message;
}

function readMessages(span: SpanAttributesSource, key: string): LlmMessage[] {
  const out: LlmMessage[] = [];
  // Each list item is `{ message: { role, ... } }`, so the package's full `message.*` keys apply to it.
  for (const { index, value } of entries(attr(span, key))) {
    const message = readMessage(value, index);
    if (message) out.push(message);
  }
  return out;
}

/** The LLM input messages (`llm.input_messages`): role, content or parts, tool calls, tool call id, name. */
export function getInputMessages(span: SpanAttributesSource): LlmMessage[] {
  return readMessages(span, SC.LLM_INPUT_MESSAGES);
}

/** The LLM output messages (`llm.output_messages`). */
export function getOutputMessages(span: SpanAttributesSource): LlmMessage[] {
  return readMessages(span, SC.LLM_OUTPUT_MESSAGES);
}

/** A message's text: plain content, else its text parts joined. */
function messageText(message: LlmMessage): string {
  if (message.content) return message.content;
  return message.contents
    .map((part) => part.text ?? '')
    .filter(Boolean)
    .join(' ');
}

/**
 * What a person reads as the span's input, for previews: the last user message of an LLM span,
 * else `input.value` as text. Undefined when the span has neither.
 */
export function getInputText(span: SpanAttributesSource): string | undefined {
  const user = getInputMessages(span)
    .filter((message) => message.role === 'user')
    .map(messageText)
    .filter(Boolean);
  return user.at(-1) ?? getInput(span)?.text;
}

/**
 * What a person reads as the span's output, for previews: the text of an LLM span's output
 * messages, else `output.value` as text (a tool-call-only answer keeps its JSON there).
 */
export function getOutputText(span: SpanAttributesSource): string | undefined {
  const text = getOutputMessages(span).map(messageText).filter(Boolean).join('\n');
  return text || getOutput(span)?.text;
}

// ---------------------------------------------------------------------------------------------
// Model, provider, tokens, invocation parameters

/** The model name: `llm.model_name`, then the embedding/reranker model, then `gen_ai.response.model` / `gen_ai.request.model`. */
export function getModelName(span: SpanAttributesSource): string | undefined {
  for (const key of [SC.LLM_MODEL_NAME, SC.EMBEDDING_MODEL_NAME, SC.RERANKER_MODEL_NAME, GEN_AI_RESPONSE_MODEL, GEN_AI_REQUEST_MODEL]) {
    const value = text(attr(span, key));
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** The hosting provider (`llm.provider`, e.g. `openai`, `azure`), falling back to `gen_ai.provider.name`. */
export function getProvider(span: SpanAttributesSource): string | undefined {
  return text(attr(span, SC.LLM_PROVIDER)) ?? text(attr(span, GEN_AI_PROVIDER_NAME));
}

/** The model family / API (`llm.system`, e.g. `openai`, `anthropic`), falling back to `gen_ai.system`. */
export function getSystem(span: SpanAttributesSource): string | undefined {
  return text(attr(span, SC.LLM_SYSTEM)) ?? text(attr(span, GEN_AI_SYSTEM));
}

/** Token counts of an LLM span; each field is absent when the span does not record it. */
export interface TokenCounts {
  prompt?: number;
  completion?: number;
  /** `llm.token_count.total`, or prompt + completion when only those are recorded. */
  total?: number;
  cacheRead?: number;
  cacheWrite?: number;
  reasoning?: number;
}

/** Token counts (`llm.token_count.*`, numbers given as strings accepted; `gen_ai.usage.*` as fallback); undefined when none. */
export function getTokenCounts(span: SpanAttributesSource): TokenCounts | undefined {
  const counts: TokenCounts = {};
  const prompt = num(attr(span, SC.LLM_TOKEN_COUNT_PROMPT)) ?? num(attr(span, GEN_AI_INPUT_TOKENS));
  const completion = num(attr(span, SC.LLM_TOKEN_COUNT_COMPLETION)) ?? num(attr(span, GEN_AI_OUTPUT_TOKENS));
  let total = num(attr(span, SC.LLM_TOKEN_COUNT_TOTAL));
  if (total === undefined && prompt !== undefined && completion !== undefined) total = prompt + completion;
  const cacheRead = num(attr(span, SC.LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_READ));
  const cacheWrite = num(attr(span, SC.LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_WRITE));
  const reasoning = num(attr(span, SC.LLM_TOKEN_COUNT_COMPLETION_DETAILS_REASONING));
  if (prompt !== undefined) counts.prompt = prompt;
  if (completion !== undefined) counts.completion = completion;
  if (total !== undefined) counts.total = total;
  if (cacheRead !== undefined) counts.cacheRead = cacheRead;
  if (cacheWrite !== undefined) counts.cacheWrite = cacheWrite;
  if (reasoning !== undefined) counts.reasoning = reasoning;
  return Object.keys(counts).length > 0 ? counts : undefined;
}

/** `llm.invocation_parameters` parsed from JSON (the text itself when it is not JSON). */
export function getInvocationParameters(span: SpanAttributesSource): unknown {
  const value = attr(span, SC.LLM_INVOCATION_PARAMETERS);
  return value === undefined || value === null ? undefined : jsonOrSelf(value);
}

// ---------------------------------------------------------------------------------------------
// Documents

/** A retrieved or reranked document. */
export interface SpanDocument {
  /** Position in the span's list; the `position` of a document annotation target. */
  position: number;
  id?: string;
  content?: string;
  score?: number;
  /** `document.metadata` parsed from JSON (the text itself when it is not JSON). */
  metadata?: unknown;
}

function readDocuments(value: unknown): SpanDocument[] {
  const out: SpanDocument[] = [];
  for (const { index, value: item } of entries(value)) {
    if (!isPlainRecord(item)) continue;
    // Each list item is `{ document: { id, ... } }`, so the package's full `document.*` keys apply to it.
    const doc: SpanDocument = { position: index };
    const id = text(getAttribute(item, SC.DOCUMENT_ID));
    const content = getAttribute(item, SC.DOCUMENT_CONTENT);
    const score = num(getAttribute(item, SC.DOCUMENT_SCORE));
    const metadata = getAttribute(item, SC.DOCUMENT_METADATA);
    if (id !== undefined) doc.id = id;
    if (content !== undefined && content !== null) doc.content = display(content);
    if (score !== undefined) doc.score = score;
    if (metadata !== undefined && metadata !== null) doc.metadata = jsonOrSelf(metadata);
    out.push(doc);
  }
  return out;
}

/** The retriever's documents (`retrieval.documents`): id, content, score, metadata. */
export function getRetrievedDocuments(span: SpanAttributesSource): SpanDocument[] {
  return readDocuments(attr(span, SC.RETRIEVAL_DOCUMENTS));
}

/** What a reranker span recorded. */
export interface RerankerInfo {
  query?: string;
  modelName?: string;
  topK?: number;
  inputDocuments: SpanDocument[];
  outputDocuments: SpanDocument[];
}

/** The reranker's query, model, top-k and input/output documents (`reranker.*`). */
export function getRerankerDocuments(span: SpanAttributesSource): RerankerInfo {
  const info: RerankerInfo = {
    inputDocuments: readDocuments(attr(span, SC.RERANKER_INPUT_DOCUMENTS)),
    outputDocuments: readDocuments(attr(span, SC.RERANKER_OUTPUT_DOCUMENTS)),
  };
  const query = text(attr(span, SC.RERANKER_QUERY));
  const modelName = text(attr(span, SC.RERANKER_MODEL_NAME));
  const topK = num(attr(span, SC.RERANKER_TOP_K));
  if (query !== undefined) info.query = query;
  if (modelName !== undefined) info.modelName = modelName;
  if (topK !== undefined) info.topK = topK;
  return info;
}

// ---------------------------------------------------------------------------------------------
// Tools

/** A TOOL span's tool. */
export interface ToolInfo {
  name?: string;
  description?: string;
  /** `tool.parameters` parsed from JSON (the text itself when it is not JSON). */
  parameters?: unknown;
  id?: string;
}

/** The tool a TOOL span ran (`tool.name`, `tool.description`, `tool.parameters`, `tool.id`); undefined when none is recorded. */
export function getTool(span: SpanAttributesSource): ToolInfo | undefined {
  const tool: ToolInfo = {};
  const name = text(attr(span, SC.TOOL_NAME));
  const description = text(attr(span, SC.TOOL_DESCRIPTION));
  const parameters = attr(span, SC.TOOL_PARAMETERS);
  const id = text(attr(span, SC.TOOL_ID));
  if (name !== undefined) tool.name = name;
  if (description !== undefined) tool.description = description;
  if (parameters !== undefined && parameters !== null) tool.parameters = jsonOrSelf(parameters);
  if (id !== undefined) tool.id = id;
  return Object.keys(tool).length > 0 ? tool : undefined;
}

/** The tools offered to an LLM (`llm.tools.N.tool.json_schema`), each schema parsed from JSON. */
export function getLlmTools(span: SpanAttributesSource): unknown[] {
  const out: unknown[] = [];
  for (const { value } of entries(attr(span, SC.LLM_TOOLS))) {
    const schema = isPlainRecord(value) ? getAttribute(value, SC.TOOL_JSON_SCHEMA) : undefined;
    if (schema !== undefined && schema !== null) out.push(jsonOrSelf(schema));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Exceptions, metadata, session, user, tags, latency

/** An `exception` event. */
export interface SpanException {
  type?: string;
  message?: string;
  stacktrace?: string;
  escaped?: boolean;
  /** Epoch milliseconds, or null when the event has no time. */
  time: number | null;
}

/** The span's `exception` events (OpenTelemetry `exception.type/message/stacktrace`), in event order. */
export function getExceptions(span: Pick<Span, 'events'>): SpanException[] {
  const events = span && Array.isArray(span.events) ? span.events : [];
  const out: SpanException[] = [];
  for (const event of events) {
    if (!event || event.name !== EXCEPTION_EVENT) continue;
    const attributes: Attributes = isPlainRecord(event.attributes) ? event.attributes : {};
    const exception: SpanException = { time: typeof event.time === 'number' ? event.time : null };
    const type = text(getAttribute(attributes, EXCEPTION_TYPE));
    const message = text(getAttribute(attributes, EXCEPTION_MESSAGE));
    const stacktrace = text(getAttribute(attributes, EXCEPTION_STACKTRACE));
    const escaped = getAttribute(attributes, EXCEPTION_ESCAPED);
    if (type !== undefined) exception.type = type;
    if (message !== undefined) exception.message = message;
    if (stacktrace !== undefined) exception.stacktrace = stacktrace;
    if (typeof escaped === 'boolean') exception.escaped = escaped;
    // Python writes the flag as `True`/`False` text when it is stringified.
    else if (typeof escaped === 'string' && /^(true|false)$/i.test(escaped)) exception.escaped = escaped.toLowerCase() === 'true';
    out.push(exception);
  }
  return out;
}

/** The `metadata` attribute as an object with literal keys (JSON text is parsed); undefined when absent or not an object. */
export function getMetadata(span: SpanAttributesSource): Record<string, unknown> | undefined {
  const attributes = span && isPlainRecord(span.attributes) ? span.attributes : undefined;
  if (!attributes) return undefined;
  const value = parseMetadataValue(attributes[SC.METADATA]);
  return isPlainRecord(value) ? value : undefined;
}

/** `session.id`. */
export function getSessionId(span: SpanAttributesSource): string | undefined {
  return text(attr(span, SC.SESSION_ID));
}

/** `user.id`. */
export function getUserId(span: SpanAttributesSource): string | undefined {
  return text(attr(span, SC.USER_ID));
}

/** `tag.tags` as strings (a JSON list in text, or one tag as a plain string, accepted); [] when none. */
export function getTags(span: SpanAttributesSource): string[] {
  let value: unknown = attr(span, SC.TAG_TAGS);
  if (typeof value === 'string') {
    const parsed = tryJson(value);
    value = parsed.ok && Array.isArray(parsed.value) ? parsed.value : value.trim() === '' ? [] : [value];
  }
  if (isPlainRecord(value)) value = entries(value).map((entry) => entry.value);
  if (!Array.isArray(value)) return [];
  return value.map(text).filter((tag): tag is string => tag !== undefined);
}

/** End minus start in milliseconds; undefined when a time is missing or the end is before the start. */
export function getLatencyMs(span: Pick<Span, 'startTime' | 'endTime'>): number | undefined {
  if (!span) return undefined;
  const { startTime, endTime } = span;
  if (typeof startTime !== 'number' || typeof endTime !== 'number') return undefined;
  if (!Number.isFinite(startTime) || !Number.isFinite(endTime) || endTime < startTime) return undefined;
  return endTime - startTime;
}
