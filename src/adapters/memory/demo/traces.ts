import {
  AGENT_NAME,
  DOCUMENT_CONTENT,
  DOCUMENT_ID,
  DOCUMENT_METADATA,
  DOCUMENT_SCORE,
  EMBEDDING_EMBEDDINGS,
  EMBEDDING_MODEL_NAME,
  EMBEDDING_TEXT,
  INPUT_MIME_TYPE,
  INPUT_VALUE,
  LLM_INPUT_MESSAGES,
  LLM_INVOCATION_PARAMETERS,
  LLM_MODEL_NAME,
  LLM_OUTPUT_MESSAGES,
  LLM_PROVIDER,
  LLM_SYSTEM,
  LLM_TOKEN_COUNT_COMPLETION,
  LLM_TOKEN_COUNT_PROMPT,
  LLM_TOKEN_COUNT_TOTAL,
  LLM_TOOLS,
  MESSAGE_CONTENT,
  MESSAGE_ROLE,
  MESSAGE_TOOL_CALLS,
  MESSAGE_TOOL_CALL_ID,
  METADATA,
  MimeType,
  OUTPUT_MIME_TYPE,
  OUTPUT_VALUE,
  RERANKER_INPUT_DOCUMENTS,
  RERANKER_MODEL_NAME,
  RERANKER_OUTPUT_DOCUMENTS,
  RERANKER_QUERY,
  RERANKER_TOP_K,
  RETRIEVAL_DOCUMENTS,
  SESSION_ID,
  SemanticConventions,
  TAG_TAGS,
  TOOL_CALL_FUNCTION_ARGUMENTS_JSON,
  TOOL_CALL_FUNCTION_NAME,
  TOOL_CALL_ID,
  TOOL_DESCRIPTION,
  TOOL_JSON_SCHEMA,
  TOOL_NAME,
  TOOL_PARAMETERS,
  USER_ID,
} from '@arizeai/openinference-semantic-conventions';
import type { Attributes, Span, SpanEvent, SpanKind } from '../../../core';
import { indexedKey, setAttribute } from './attributes';
import {
  CARRIERS,
  CITIES,
  CLOSING_FOLLOW_UPS,
  CODES,
  COUNTRIES,
  HELP_CENTRE,
  MONTHS,
  PLANS,
  PRODUCTS,
  SCENARIOS,
  STREETS,
  SYSTEM_PROMPT,
  type HelpArticle,
  type Scenario,
} from './content';
import type { Random } from './random';

/** Every demo timestamp counts from here (never the wall clock), so a seed always gives the same data. */
export const DEMO_BASE_TIME = Date.UTC(2026, 2, 2, 8, 0, 0);

const MODELS = [
  { name: 'gpt-4o-mini', provider: 'openai', system: 'openai' },
  { name: 'gpt-4o', provider: 'openai', system: 'openai' },
  { name: 'claude-sonnet-4-5', provider: 'anthropic', system: 'anthropic' },
] as const;

const ARTICLES = Object.values(HELP_CENTRE);

const OUTPUT_MESSAGE = `${LLM_OUTPUT_MESSAGES}.0`;
const TOOL_CALL = `${OUTPUT_MESSAGE}.${MESSAGE_TOOL_CALLS}.0`;
const KEYS = {
  outputRole: `${OUTPUT_MESSAGE}.${MESSAGE_ROLE}`,
  outputContent: `${OUTPUT_MESSAGE}.${MESSAGE_CONTENT}`,
  toolCallId: `${TOOL_CALL}.${TOOL_CALL_ID}`,
  toolCallName: `${TOOL_CALL}.${TOOL_CALL_FUNCTION_NAME}`,
  toolCallArguments: `${TOOL_CALL}.${TOOL_CALL_FUNCTION_ARGUMENTS_JSON}`,
  toolSchema: `${LLM_TOOLS}.0.${TOOL_JSON_SCHEMA}`,
  embeddingText: `${EMBEDDING_EMBEDDINGS}.0.${EMBEDDING_TEXT}`,
};

// Strings that depend only on the scenario, made once: 100,000 spans reuse a dozen scenarios.
const scenarioCache = new Map<Scenario, ReturnType<typeof makeScenarioStrings>>();
function makeScenarioStrings(scenario: Scenario) {
  const articles = scenario.articles.map((id) => HELP_CENTRE[id]!);
  return {
    articles,
    context: `Context:\n${articles.map((article) => article.content).join('\n')}`,
    argsTemplate: JSON.stringify(scenario.tool.args),
    resultTemplate: JSON.stringify(scenario.tool.result),
    toolParameters: JSON.stringify(scenario.tool.parameters),
    toolSchema: JSON.stringify({
      type: 'function',
      function: { name: scenario.tool.name, description: scenario.tool.description, parameters: scenario.tool.parameters },
    }),
  };
}
function scenarioStrings(scenario: Scenario) {
  let strings = scenarioCache.get(scenario);
  if (!strings) scenarioCache.set(scenario, (strings = makeScenarioStrings(scenario)));
  return strings;
}

// The system prompt and the retrieved context recur in most LLM inputs: serialise each once.
const messageJsonCache = new Map<string, string>();
function messageJson([role, content]: [string, string]): string {
  if (role !== 'system') return JSON.stringify({ role, content });
  let text = messageJsonCache.get(content);
  if (text === undefined) messageJsonCache.set(content, (text = JSON.stringify({ role, content })));
  return text;
}

const metadataCache = new Map<string, string>();
function documentMetadata(article: HelpArticle): string {
  let text = metadataCache.get(article.id);
  if (text === undefined) metadataCache.set(article.id, (text = JSON.stringify({ title: article.title, source: 'help-centre' })));
  return text;
}

/** One customer message and what the assistant should and did answer. */
export interface Turn {
  traceId: string;
  sessionId: string | null;
  userId: string;
  scenario: Scenario;
  question: string;
  /** What the assistant answered: the right answer, or the scenario's wrong one. */
  answer: string;
  /** The answer it should have given (what a better model answers in an experiment). */
  rightAnswer: string;
  isCorrect: boolean;
  vars: Record<string, string>;
  model: (typeof MODELS)[number];
  startTime: number;
}

/** What the annotation generator needs to know about a built trace. */
export interface BuiltTrace {
  turn: Turn;
  root: Span;
  /** The LLM span that wrote the final answer, when the budget allowed one. */
  answerSpan: Span | null;
  retrieverSpan: Span | null;
  /** The answer failed (the root span is an error): nothing to judge. */
  failed: boolean;
  /** A tool failed and the assistant apologised instead of answering. */
  toolFailed: boolean;
  endTime: number;
}

/** Fills `{placeholders}` from `vars`; unknown ones stay as they are. */
export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

/** Placeholder values for one conversation. */
export function conversationVars(rand: Random, userId: string): Record<string, string> {
  const day = rand.int(1, 28);
  const month = MONTHS[rand.int(2, 4)]!;
  return {
    order: `NW-${rand.int(100000, 999999)}`,
    product: rand.pick(PRODUCTS),
    amount: (rand.int(1800, 24000) / 100).toFixed(2),
    sku: `SKU-${rand.int(1000, 9999)}`,
    date: `${month} ${day}`,
    month: MONTHS[rand.int(0, 1)]!,
    carrier: rand.pick(CARRIERS),
    tracking: `1Z${rand.hex8().toUpperCase()}${rand.int(1000, 9999)}`,
    city: rand.pick(CITIES),
    country: rand.pick(COUNTRIES),
    email: `${userId.split('-')[1] ?? 'customer'}.${rand.pick(['m', 'r', 'k', 's', 't'])}${rand.int(10, 99)}@example.com`,
    plan: rand.pick(PLANS),
    code: rand.pick(CODES),
    address: rand.pick(STREETS),
    ticket: String(rand.int(10000, 99999)),
  };
}

/** One turn of a conversation: the question asked (or the `turn`-th follow-up) and the answer given. */
export function makeTurn(
  rand: Random,
  options: { traceId: string; sessionId: string | null; userId: string; startTime: number; scenario?: Scenario; vars?: Record<string, string>; turn?: number },
): Turn {
  const scenario = options.scenario ?? rand.pick(SCENARIOS);
  const vars = options.vars ?? conversationVars(rand, options.userId);
  const isCorrect = !rand.chance(0.16);
  // Turn 0 asks the question; later turns walk through the follow-ups in order, never repeating one.
  const turn = options.turn ?? 0;
  const followUps = [...scenario.followUps, ...CLOSING_FOLLOW_UPS];
  const [question, answer] = turn > 0 ? followUps[(turn - 1) % followUps.length]! : [rand.pick(scenario.questions), scenario.answer];
  return {
    traceId: options.traceId,
    sessionId: options.sessionId,
    userId: options.userId,
    scenario,
    question: fill(question, vars),
    answer: fill(isCorrect ? answer : scenario.wrongAnswer, vars),
    rightAnswer: fill(answer, vars),
    isCorrect,
    vars,
    model: rand.pick(MODELS),
    startTime: options.startTime,
  };
}

/** Builds spans with unique ids: a random half (so ids look like OTel's) and a counter half. */
export class SpanFactory {
  private counter = 0;
  readonly spans: Span[] = [];

  constructor(private readonly rand: Random) {}

  spanId(): string {
    return `${this.rand.hex8()}${(this.counter++ >>> 0).toString(16).padStart(8, '0')}`;
  }

  traceId(index: number): string {
    return `${this.rand.hex8()}${this.rand.hex8()}${this.rand.hex8()}${(index >>> 0).toString(16).padStart(8, '0')}`;
  }

  add(fields: { traceId: string; parentId: string | null; name: string; kind: SpanKind; start: number; end: number; attributes: Attributes; error?: { type: string; message: string } | null }): Span {
    const { error } = fields;
    const events: SpanEvent[] = error
      ? [
          {
            name: 'exception',
            time: fields.end,
            attributes: {
              exception: {
                type: error.type,
                message: error.message,
                escaped: false,
                stacktrace: `${error.type}: ${error.message}\n    at ${fields.name} (agent/tools.py:212)\n    at run_step (agent/loop.py:88)`,
              },
            },
          },
        ]
      : [];
    setAttribute(fields.attributes, SemanticConventions.OPENINFERENCE_SPAN_KIND, fields.kind);
    const span: Span = {
      spanId: this.spanId(),
      traceId: fields.traceId,
      parentId: fields.parentId,
      name: fields.name,
      kind: fields.kind,
      startTime: fields.start,
      endTime: fields.end,
      status: error ? { code: 'ERROR', message: `${error.type}: ${error.message}` } : { code: 'OK', message: null },
      attributes: fields.attributes,
      events,
    };
    this.spans.push(span);
    return span;
  }
}

type Step = 'guard' | 'chain' | 'plan' | 'tool' | 'retrieve' | 'embed' | 'rerank' | 'answer';
/** Which parts a trace of a given size keeps, most important first. */
const STEP_PRIORITY: Step[] = ['answer', 'chain', 'plan', 'tool', 'retrieve', 'embed', 'guard', 'rerank'];

const ERRORS = {
  tool: [
    { type: 'ConnectionError', message: 'order service timed out after 5000 ms' },
    { type: 'HTTPError', message: '503 Service Unavailable from orders-api' },
  ],
  llm: [
    { type: 'RateLimitError', message: '429 Too Many Requests: rate limit reached for requests' },
    { type: 'APITimeoutError', message: 'Request timed out after 60 s' },
  ],
  retriever: [{ type: 'VectorStoreError', message: 'index help-centre-v2 is not ready' }],
};

interface Clock {
  t: number;
  scale: number;
}

/**
 * One conversation turn of the support agent, in exactly `budget` spans:
 * AGENT → (GUARDRAIL) → CHAIN → LLM plan with a tool call → TOOL → RETRIEVER (→ EMBEDDING) →
 * RERANKER → LLM answer. Budgets above that add tool-calling iterations and, when large, nested
 * sub-agents, so a single trace can be both wide and deep.
 */
export function buildTrace(rand: Random, factory: SpanFactory, turn: Turn, budget: number): BuiltTrace {
  const steps = new Set(STEP_PRIORITY.slice(0, Math.max(0, Math.min(budget - 1, STEP_PRIORITY.length))));
  const extra = Math.max(0, budget - 1 - STEP_PRIORITY.length);
  const clock: Clock = { t: turn.startTime, scale: budget > 60 ? 60 / budget : 1 };
  const { scenario, vars, traceId } = turn;
  const ms = (min: number, max: number) => rand.between(min, max) * clock.scale;

  const rootAttributes: Attributes = {};
  setAttribute(rootAttributes, INPUT_VALUE, turn.question);
  setAttribute(rootAttributes, INPUT_MIME_TYPE, MimeType.TEXT);
  setAttribute(rootAttributes, AGENT_NAME, 'support-assistant');
  if (turn.sessionId) setAttribute(rootAttributes, SESSION_ID, turn.sessionId);
  setAttribute(rootAttributes, USER_ID, turn.userId);
  setAttribute(rootAttributes, TAG_TAGS, [scenario.topic, scenario.intent]);
  setAttribute(rootAttributes, METADATA, {
    channel: rand.chance(0.7) ? 'web' : 'mobile',
    locale: 'en-US',
    app_version: rand.pick(['4.12.0', '4.12.1', '4.13.0']),
    prompt_version: 'support-v7',
    topic: scenario.topic,
    intent: scenario.intent,
  });
  // The root is created last (it needs the end time); reserve its id and position now.
  const rootStart = clock.t;
  const rootIndex = factory.spans.length;
  const rootId = factory.spanId();
  factory.spans.push(null as unknown as Span);
  clock.t += ms(5, 20);

  let toolFailed = false;
  let failed = false;
  let answerSpan: Span | null = null;
  let retrieverSpan: Span | null = null;
  const { articles, toolParameters, toolSchema, context, argsTemplate, resultTemplate } = scenarioStrings(scenario);
  const toolOutput = fill(resultTemplate, vars);
  const toolArgs = fill(argsTemplate, vars);

  if (steps.has('guard')) {
    const start = clock.t;
    clock.t += ms(30, 120);
    const attributes: Attributes = {};
    setAttribute(attributes, INPUT_VALUE, turn.question);
    setAttribute(attributes, INPUT_MIME_TYPE, MimeType.TEXT);
    setAttribute(attributes, OUTPUT_VALUE, JSON.stringify({ passed: true, checks: { prompt_injection: 0.01, pii: 0.0, toxicity: 0.0 } }));
    setAttribute(attributes, OUTPUT_MIME_TYPE, MimeType.JSON);
    factory.add({ traceId, parentId: rootId, name: 'input-guardrail', kind: 'GUARDRAIL', start, end: clock.t, attributes });
  }

  let chainId = rootId;
  let chainIndex = -1;
  const chainStart = clock.t;
  if (steps.has('chain')) {
    chainIndex = factory.spans.length;
    chainId = factory.spanId();
    factory.spans.push(null as unknown as Span);
    clock.t += ms(2, 8);
  }

  const llm = (name: string, messages: Array<[role: string, content: string]>, output: string, toolCall: boolean): Span => {
    const start = clock.t;
    const error = rand.chance(0.02) ? rand.pick(ERRORS.llm) : null;
    clock.t += error ? ms(200, 800) : ms(600, 3200);
    const attributes: Attributes = {};
    const { model } = turn;
    setAttribute(attributes, LLM_MODEL_NAME, model.name);
    setAttribute(attributes, LLM_PROVIDER, model.provider);
    setAttribute(attributes, LLM_SYSTEM, model.system);
    setAttribute(attributes, LLM_INVOCATION_PARAMETERS, '{"temperature":0.2,"max_tokens":512}');
    let promptTokens = 0;
    messages.forEach(([role, content], index) => {
      setAttribute(attributes, indexedKey(LLM_INPUT_MESSAGES, index, MESSAGE_ROLE), role);
      setAttribute(attributes, indexedKey(LLM_INPUT_MESSAGES, index, MESSAGE_CONTENT), content);
      promptTokens += Math.ceil(content.length / 4) + 4;
    });
    setAttribute(attributes, INPUT_VALUE, `{"messages":[${messages.map(messageJson).join(',')}]}`);
    setAttribute(attributes, INPUT_MIME_TYPE, MimeType.JSON);
    if (toolCall) {
      setAttribute(attributes, KEYS.toolSchema, toolSchema);
    }
    if (!error) {
      setAttribute(attributes, KEYS.outputRole, 'assistant');
      if (toolCall) {
        setAttribute(attributes, KEYS.toolCallId, `call_${rand.hex8()}`);
        setAttribute(attributes, KEYS.toolCallName, scenario.tool.name);
        setAttribute(attributes, KEYS.toolCallArguments, toolArgs);
      } else {
        setAttribute(attributes, KEYS.outputContent, output);
      }
      const completionTokens = Math.ceil(output.length / 4) + 3;
      setAttribute(attributes, LLM_TOKEN_COUNT_PROMPT, promptTokens);
      setAttribute(attributes, LLM_TOKEN_COUNT_COMPLETION, completionTokens);
      setAttribute(attributes, LLM_TOKEN_COUNT_TOTAL, promptTokens + completionTokens);
      setAttribute(attributes, OUTPUT_VALUE, output);
      setAttribute(attributes, OUTPUT_MIME_TYPE, toolCall ? MimeType.JSON : MimeType.TEXT);
    }
    return factory.add({ traceId, parentId: chainId, name: name, kind: 'LLM', start, end: clock.t, attributes, error });
  };

  const tool = (parentId: string): Span => {
    const start = clock.t;
    const error = rand.chance(0.04) ? rand.pick(ERRORS.tool) : null;
    clock.t += error ? ms(1000, 5000) : ms(40, 450);
    const attributes: Attributes = {};
    setAttribute(attributes, TOOL_NAME, scenario.tool.name);
    setAttribute(attributes, TOOL_DESCRIPTION, scenario.tool.description);
    setAttribute(attributes, TOOL_PARAMETERS, toolParameters);
    setAttribute(attributes, INPUT_VALUE, toolArgs);
    setAttribute(attributes, INPUT_MIME_TYPE, MimeType.JSON);
    if (!error) {
      setAttribute(attributes, OUTPUT_VALUE, toolOutput);
      setAttribute(attributes, OUTPUT_MIME_TYPE, MimeType.JSON);
    }
    return factory.add({ traceId, parentId, name: scenario.tool.name, kind: 'TOOL', start, end: clock.t, attributes, error });
  };

  const documents = (): Array<HelpArticle & { score: number }> => {
    const distractor = rand.pick(ARTICLES);
    return [...articles, distractor].map((article, index) => ({
      ...article,
      score: Math.round((0.91 - index * 0.09 - rand.between(0, 0.05)) * 1000) / 1000,
    }));
  };

  const setDocuments = (attributes: Attributes, key: string, documents: Array<HelpArticle & { score: number }>) => {
    documents.forEach((document, index) => {
      setAttribute(attributes, indexedKey(key, index, DOCUMENT_ID), document.id);
      setAttribute(attributes, indexedKey(key, index, DOCUMENT_CONTENT), document.content);
      setAttribute(attributes, indexedKey(key, index, DOCUMENT_SCORE), document.score);
      setAttribute(attributes, indexedKey(key, index, DOCUMENT_METADATA), documentMetadata(document));
    });
  };

  const retrieve = (parentId: string, withEmbedding: boolean): Span => {
    const start = clock.t;
    const retrieverIndex = factory.spans.length;
    const retrieverId = factory.spanId();
    factory.spans.push(null as unknown as Span);
    clock.t += ms(3, 10);
    if (withEmbedding) {
      const embedStart = clock.t;
      clock.t += ms(20, 90);
      const attributes: Attributes = {};
      setAttribute(attributes, EMBEDDING_MODEL_NAME, 'text-embedding-3-small');
      setAttribute(attributes, KEYS.embeddingText, turn.question);
      setAttribute(attributes, INPUT_VALUE, turn.question);
      factory.add({ traceId, parentId: retrieverId, name: 'embed-query', kind: 'EMBEDDING', start: embedStart, end: clock.t, attributes });
    }
    const error = rand.chance(0.01) ? rand.pick(ERRORS.retriever) : null;
    clock.t += ms(30, 220);
    const attributes: Attributes = {};
    setAttribute(attributes, INPUT_VALUE, turn.question);
    setAttribute(attributes, INPUT_MIME_TYPE, MimeType.TEXT);
    if (!error) setDocuments(attributes, RETRIEVAL_DOCUMENTS, documents());
    const span: Span = {
      spanId: retrieverId,
      traceId,
      parentId,
      name: 'search-help-centre',
      kind: 'RETRIEVER',
      startTime: start,
      endTime: clock.t,
      status: error ? { code: 'ERROR', message: `${error.type}: ${error.message}` } : { code: 'OK', message: null },
      attributes,
      events: error ? [{ name: 'exception', time: clock.t, attributes: { exception: { type: error.type, message: error.message, escaped: false } } }] : [],
    };
    setAttribute(attributes, SemanticConventions.OPENINFERENCE_SPAN_KIND, 'RETRIEVER');
    factory.spans[retrieverIndex] = span;
    return span;
  };

  const rerank = (parentId: string): Span => {
    const start = clock.t;
    clock.t += ms(40, 160);
    const attributes: Attributes = {};
    const ranked = documents();
    setAttribute(attributes, RERANKER_QUERY, turn.question);
    setAttribute(attributes, RERANKER_MODEL_NAME, 'rerank-english-v3.0');
    setAttribute(attributes, RERANKER_TOP_K, 2);
    setDocuments(attributes, RERANKER_INPUT_DOCUMENTS, ranked);
    setDocuments(attributes, RERANKER_OUTPUT_DOCUMENTS, ranked.slice(0, 2));
    return factory.add({ traceId, parentId, name: 'rerank-documents', kind: 'RERANKER', start, end: clock.t, attributes });
  };

  // --- the turn itself, in time order
  const conversation: Array<[string, string]> = [
    ['system', SYSTEM_PROMPT],
    ['user', turn.question],
  ];
  if (steps.has('plan')) llm('plan-next-step', conversation, toolArgs, true);
  let toolSpan: Span | null = null;
  if (steps.has('tool')) {
    toolSpan = tool(chainId);
    toolFailed = toolSpan.status.code === 'ERROR';
  }
  if (steps.has('retrieve')) retrieverSpan = retrieve(chainId, steps.has('embed'));
  if (steps.has('rerank')) rerank(chainId);

  // Extra budget: more tool-calling iterations; large budgets nest sub-agents (deep) with many steps each (wide).
  const spend = (parentId: string, amount: number, depth: number): void => {
    let left = amount;
    while (left > 0) {
      if (left >= 40 && depth < 24 && rand.chance(0.3)) {
        const size = Math.max(2, Math.min(left, Math.floor(left * rand.between(0.3, 0.7))));
        left -= size;
        subAgent(parentId, size, depth + 1);
      } else if (left >= 2 && rand.chance(0.5)) {
        const planStart = clock.t;
        clock.t += ms(300, 1200);
        const attributes: Attributes = {};
        setAttribute(attributes, LLM_MODEL_NAME, turn.model.name);
        setAttribute(attributes, LLM_PROVIDER, turn.model.provider);
        setAttribute(attributes, indexedKey(LLM_INPUT_MESSAGES, 0, MESSAGE_ROLE), 'tool');
        setAttribute(attributes, indexedKey(LLM_INPUT_MESSAGES, 0, MESSAGE_CONTENT), toolOutput);
        setAttribute(attributes, indexedKey(LLM_INPUT_MESSAGES, 0, MESSAGE_TOOL_CALL_ID), `call_${rand.hex8()}`);
        setAttribute(attributes, KEYS.outputRole, 'assistant');
        setAttribute(attributes, KEYS.toolCallId, `call_${rand.hex8()}`);
        setAttribute(attributes, KEYS.toolCallName, scenario.tool.name);
        setAttribute(attributes, KEYS.toolCallArguments, toolArgs);
        setAttribute(attributes, OUTPUT_VALUE, toolArgs);
        setAttribute(attributes, OUTPUT_MIME_TYPE, MimeType.JSON);
        setAttribute(attributes, LLM_TOKEN_COUNT_PROMPT, 610);
        setAttribute(attributes, LLM_TOKEN_COUNT_COMPLETION, 42);
        setAttribute(attributes, LLM_TOKEN_COUNT_TOTAL, 652);
        factory.add({ traceId, parentId, name: 'plan-next-step', kind: 'LLM', start: planStart, end: clock.t, attributes });
        tool(parentId);
        left -= 2;
      } else if (rand.chance(0.3)) {
        retrieve(parentId, false);
        left -= 1;
      } else {
        tool(parentId);
        left -= 1;
      }
    }
  };
  const subAgent = (parentId: string, size: number, depth: number): void => {
    const start = clock.t;
    const index = factory.spans.length;
    const id = factory.spanId();
    factory.spans.push(null as unknown as Span);
    clock.t += ms(2, 6);
    spend(id, size - 1, depth);
    clock.t += ms(2, 6);
    const attributes: Attributes = {};
    setAttribute(attributes, AGENT_NAME, `${scenario.topic}-specialist`);
    setAttribute(attributes, INPUT_VALUE, turn.question);
    setAttribute(attributes, OUTPUT_VALUE, toolOutput);
    setAttribute(attributes, OUTPUT_MIME_TYPE, MimeType.JSON);
    setAttribute(attributes, SemanticConventions.OPENINFERENCE_SPAN_KIND, 'AGENT');
    factory.spans[index] = {
      spanId: id,
      traceId,
      parentId,
      name: `${scenario.topic}-specialist`,
      kind: 'AGENT',
      startTime: start,
      endTime: clock.t,
      status: { code: 'OK', message: null },
      attributes,
      events: [],
    };
  };
  if (extra > 0) spend(chainId, extra, 0);

  let finalAnswer = turn.answer;
  if (toolFailed) {
    finalAnswer = "I'm sorry, one of our systems isn't responding right now, so I can't finish that for you. Please try again in a few minutes, or reply here and a teammate will follow up by email.";
  }
  if (steps.has('answer')) {
    const messages: Array<[string, string]> = [...conversation];
    if (toolSpan) messages.push(['tool', toolSpan.status.code === 'ERROR' ? 'error: service unavailable' : toolOutput]);
    if (retrieverSpan) messages.push(['system', context]);
    answerSpan = llm('compose-answer', messages, finalAnswer, false);
    failed = answerSpan.status.code === 'ERROR';
  }
  const end = clock.t + ms(3, 12);

  if (chainIndex >= 0) {
    const attributes: Attributes = {};
    setAttribute(attributes, INPUT_VALUE, turn.question);
    setAttribute(attributes, INPUT_MIME_TYPE, MimeType.TEXT);
    if (!failed) setAttribute(attributes, OUTPUT_VALUE, finalAnswer);
    setAttribute(attributes, SemanticConventions.OPENINFERENCE_SPAN_KIND, 'CHAIN');
    factory.spans[chainIndex] = {
      spanId: chainId,
      traceId,
      parentId: rootId,
      name: 'answer-question',
      kind: 'CHAIN',
      startTime: chainStart,
      endTime: end - ms(1, 2),
      status: failed ? { code: 'ERROR', message: answerSpan!.status.message } : { code: 'OK', message: null },
      attributes,
      // The exception propagated up through the chain to the root.
      events: failed ? structuredClone(answerSpan!.events) : [],
    };
  }
  if (!failed) {
    setAttribute(rootAttributes, OUTPUT_VALUE, finalAnswer);
    setAttribute(rootAttributes, OUTPUT_MIME_TYPE, MimeType.TEXT);
  }
  setAttribute(rootAttributes, SemanticConventions.OPENINFERENCE_SPAN_KIND, 'AGENT');
  const root: Span = {
    spanId: rootId,
    traceId,
    parentId: null,
    name: 'support-assistant',
    kind: 'AGENT',
    startTime: rootStart,
    endTime: end,
    status: failed ? { code: 'ERROR', message: answerSpan!.status.message } : { code: 'OK', message: null },
    attributes: rootAttributes,
    events: failed ? structuredClone(answerSpan!.events) : [],
  };
  factory.spans[rootIndex] = root;
  return { turn, root, answerSpan, retrieverSpan, failed, toolFailed, endTime: end };
}
