import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryAdapter, demoAnnotationConfigs, generateDemoProject, generateTrace, type DemoProject } from '../../src/adapters/memory';
import {
  ValidationError,
  checkAgainstConfig,
  flattenAttributes,
  getExceptions,
  getInput,
  getInputMessages,
  getMetadata,
  getModelName,
  getOutputMessages,
  getProvider,
  getRetrievedDocuments,
  getSessionId,
  getTokenCounts,
  getTool,
  getUserId,
  nestAttributes,
  type Attributes,
  type Span,
} from '../../src/core';
import { describeAdapterConformance } from './conformance';

// The conformance suite again, over generated data: the generator's output is what stories use.
describeAdapterConformance({
  name: 'memory over demo data',
  create: () => createMemoryAdapter(),
  seed: (data) => createMemoryAdapter({ seed: data }),
  data: generateDemoProject({ seed: 3, traces: 10 }),
});

function get(attributes: Attributes, path: string): unknown {
  let value: unknown = attributes;
  for (const segment of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function checkTree(spans: Span[]): void {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  expect(byId.size).toBe(spans.length);
  const roots = new Map<string, number>();
  for (const span of spans) {
    if (span.parentId === null) roots.set(span.traceId, (roots.get(span.traceId) ?? 0) + 1);
    else {
      const parent = byId.get(span.parentId);
      expect(parent, `parent of ${span.spanId}`).toBeDefined();
      expect(parent!.traceId).toBe(span.traceId);
      expect(span.startTime!).toBeGreaterThanOrEqual(parent!.startTime!);
      expect(span.endTime!).toBeLessThanOrEqual(parent!.endTime!);
    }
    expect(span.endTime!).toBeGreaterThanOrEqual(span.startTime!);
  }
  const traces = new Set(spans.map((span) => span.traceId));
  for (const traceId of traces) expect(roots.get(traceId), `roots of ${traceId}`).toBe(1);
}

describe('generateDemoProject', () => {
  const project: DemoProject = generateDemoProject();

  afterEach(() => vi.restoreAllMocks());

  it('gives the same project for the same seed, and another for another seed', () => {
    expect(generateDemoProject({ seed: 1 })).toEqual(project);
    const other = generateDemoProject({ seed: 2 });
    expect(other.spans.map((span) => span.spanId)).not.toEqual(project.spans.map((span) => span.spanId));
    expect(other.annotations).not.toEqual(project.annotations);
  });

  it('never reads the wall clock or Math.random', () => {
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random called');
    });
    vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('Date.now called');
    });
    expect(() => generateDemoProject({ seed: 5, spans: 300 })).not.toThrow();
    expect(() => generateTrace({ seed: 5, spans: 300 })).not.toThrow();
  });

  it.each([1, 2, 3, 8, 9, 10, 137, 2_000])('makes exactly %i spans when asked, in well-formed trees', (spans) => {
    const generated = generateDemoProject({ spans, seed: spans });
    expect(generated.spans).toHaveLength(spans);
    checkTree(generated.spans);
  });

  it('makes exactly the traces and sessions asked for', () => {
    const generated = generateDemoProject({ traces: 17, sessions: 5, spans: 200 });
    expect(generated.spans.filter((span) => span.parentId === null)).toHaveLength(17);
    expect(new Set(generated.spans.map((span) => get(span.attributes, 'session.id')).filter(Boolean)).size).toBe(5);
    expect(generated.spans).toHaveLength(200);
  });

  it('rejects counts that do not fit, naming the option', () => {
    const field = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).field;
      }
      throw new Error('expected a ValidationError');
    };
    expect(field(() => generateDemoProject({ spans: 0 }))).toBe('spans');
    expect(field(() => generateDemoProject({ spans: 1.5 }))).toBe('spans');
    expect(field(() => generateDemoProject({ spans: 3, traces: 4 }))).toBe('traces');
    expect(field(() => generateDemoProject({ traces: 2, sessions: 3 }))).toBe('sessions');
    expect(field(() => generateTrace({ spans: -1 }))).toBe('spans');
  });

  it('builds agent traces with every OpenInference kind and the attributes the viewer reads', () => {
    checkTree(project.spans);
    const kinds = new Set(project.spans.map((span) => span.kind));
    for (const kind of ['AGENT', 'CHAIN', 'LLM', 'TOOL', 'RETRIEVER', 'EMBEDDING', 'RERANKER', 'GUARDRAIL']) expect(kinds).toContain(kind);
    for (const span of project.spans) {
      expect(get(span.attributes, 'openinference.span.kind')).toBe(span.kind);
      if (span.kind === 'LLM' && span.status.code === 'OK') {
        expect(typeof get(span.attributes, 'llm.model_name')).toBe('string');
        expect(typeof get(span.attributes, 'llm.provider')).toBe('string');
        const { prompt, completion, total } = get(span.attributes, 'llm.token_count') as Record<string, number>;
        expect(total).toBe(prompt! + completion!);
        const messages = get(span.attributes, 'llm.input_messages') as Array<{ message: { role: string; content: string } }>;
        expect(messages.length).toBeGreaterThan(0);
        expect(messages.every((entry) => ['system', 'user', 'assistant', 'tool'].includes(entry.message.role))).toBe(true);
        expect(get(span.attributes, 'llm.output_messages')).toBeDefined();
      }
      if (span.kind === 'TOOL') {
        expect(typeof get(span.attributes, 'tool.name')).toBe('string');
        expect(() => JSON.parse(get(span.attributes, 'tool.parameters') as string)).not.toThrow();
        expect(get(span.attributes, 'input.mime_type')).toBe('application/json');
      }
      if (span.kind === 'RETRIEVER' && span.status.code === 'OK') {
        const documents = get(span.attributes, 'retrieval.documents') as Array<{ document: { id: string; content: string; score: number } }>;
        expect(documents.length).toBeGreaterThan(0);
        for (const { document } of documents) {
          expect(document.content.length).toBeGreaterThan(20);
          expect(typeof document.score).toBe('number');
        }
      }
      if (span.parentId === null) {
        expect(typeof get(span.attributes, 'input.value')).toBe('string');
        expect(typeof get(span.attributes, 'user.id')).toBe('string');
        expect(get(span.attributes, 'metadata')).toMatchObject({ topic: expect.any(String) });
      }
    }
    const toolCalls = project.spans.filter((span) => get(span.attributes, 'llm.output_messages.0.message.tool_calls.0.tool_call.function.name'));
    expect(toolCalls.length).toBeGreaterThan(0);
  });

  it('nests attributes exactly as core does for flat OpenInference keys', () => {
    for (const span of project.spans) expect(nestAttributes(flattenAttributes(span.attributes))).toEqual(span.attributes);
  });

  it("reads back through core's span readers, as the trace viewer shows it", () => {
    const llm = project.spans.find((span) => span.kind === 'LLM' && span.status.code === 'OK' && span.name === 'compose-answer')!;
    expect(getModelName(llm)).toBeTruthy();
    expect(getProvider(llm)).toBeTruthy();
    const tokens = getTokenCounts(llm)!;
    expect(tokens.total).toBe(tokens.prompt! + tokens.completion!);
    expect(getInputMessages(llm).map((message) => message.role)).toContain('user');
    expect(getOutputMessages(llm)[0]).toMatchObject({ role: 'assistant', content: expect.any(String) });
    const planner = project.spans.find((span) => span.name === 'plan-next-step' && span.status.code === 'OK')!;
    expect(getOutputMessages(planner)[0]!.toolCalls[0]).toMatchObject({ name: expect.any(String) });
    const retriever = project.spans.find((span) => span.kind === 'RETRIEVER' && span.status.code === 'OK')!;
    expect(getRetrievedDocuments(retriever)[0]).toMatchObject({ position: 0, id: expect.any(String), content: expect.any(String), score: expect.any(Number) });
    const tool = project.spans.find((span) => span.kind === 'TOOL')!;
    expect(getTool(tool)).toMatchObject({ name: expect.any(String) });
    const root = project.spans.find((span) => span.parentId === null)!;
    expect(getInput(root)).toMatchObject({ value: expect.any(String) });
    expect(getSessionId(root)).toBeTruthy();
    expect(getUserId(root)).toBeTruthy();
    expect(getMetadata(root)).toMatchObject({ topic: expect.any(String) });
    const failed = generateDemoProject({ spans: 3_000 }).spans.find((span) => span.status.code === 'ERROR')!;
    expect(getExceptions(failed)[0]).toMatchObject({ type: expect.any(String), message: expect.any(String) });
  });

  it('marks a few percent of spans as errors, each with an exception event', () => {
    const large = generateDemoProject({ spans: 3_000 });
    const errors = large.spans.filter((span) => span.status.code === 'ERROR');
    expect(errors.length / large.spans.length).toBeGreaterThan(0.005);
    expect(errors.length / large.spans.length).toBeLessThan(0.06);
    for (const span of errors) {
      expect(span.status.message).toBeTruthy();
      expect(span.events.some((event) => event.name === 'exception')).toBe(true);
    }
  });

  it('groups traces into sessions of 1 to 6 turns, each with one user', () => {
    const turns = new Map<string, { traces: number; users: Set<unknown> }>();
    for (const span of project.spans.filter((s) => s.parentId === null)) {
      const sessionId = get(span.attributes, 'session.id') as string;
      expect(sessionId).toBeTruthy();
      const entry = turns.get(sessionId) ?? { traces: 0, users: new Set() };
      entry.traces++;
      entry.users.add(get(span.attributes, 'user.id'));
      turns.set(sessionId, entry);
    }
    expect(turns.size).toBeGreaterThan(3);
    for (const { traces, users } of turns.values()) {
      expect(traces).toBeGreaterThanOrEqual(1);
      expect(traces).toBeLessThanOrEqual(6);
      expect(users.size).toBe(1);
    }
    expect([...turns.values()].some(({ traces }) => traces > 1)).toBe(true);
  });

  it('annotates only spans, traces and documents that exist, with values their configs accept', () => {
    const spans = new Map(project.spans.map((span) => [span.spanId, span]));
    const traces = new Set(project.spans.map((span) => span.traceId));
    const configs = new Map(project.configs.map((config) => [config.name, config]));
    for (const annotation of project.annotations) {
      const { target } = annotation;
      if (target.kind === 'span') expect(spans.has(target.spanId)).toBe(true);
      else if (target.kind === 'trace') expect(traces.has(target.traceId)).toBe(true);
      else if (target.kind === 'document') {
        const documents = get(spans.get(target.spanId)!.attributes, 'retrieval.documents') as unknown[];
        expect(target.position).toBeLessThan(documents.length);
      } else throw new Error(`unexpected target ${target.kind}`);
      const config = configs.get(annotation.name);
      if (config) expect(() => checkAgainstConfig(annotation, config)).not.toThrow();
    }
    for (const note of project.notes) expect(spans.has((note.target as { spanId: string }).spanId)).toBe(true);
    const keys = project.annotations.map((a) => JSON.stringify([a.target, a.name, a.identifier]));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has judge, reviewer and end-user annotations, with reviewers sometimes disagreeing with the judge', () => {
    const large = generateDemoProject({ spans: 2_000 });
    const byKind = (kind: string, name: string) => large.annotations.filter((a) => a.annotatorKind === kind && a.name === name);
    const judge = byKind('LLM', 'correctness');
    const human = byKind('HUMAN', 'correctness');
    expect(judge.length).toBeGreaterThan(50);
    expect(judge.every((a) => a.explanation)).toBe(true);
    expect(new Set(human.map((a) => a.identifier)).size).toBeGreaterThan(1);
    const judgeLabel = new Map(judge.map((a) => [JSON.stringify(a.target), a.label]));
    const compared = human.filter((a) => judgeLabel.has(JSON.stringify(a.target)));
    const disagreements = compared.filter((a) => judgeLabel.get(JSON.stringify(a.target)) !== a.label);
    expect(compared.length).toBeGreaterThan(20);
    expect(disagreements.length).toBeGreaterThan(0);
    expect(disagreements.length).toBeLessThan(compared.length / 2);
    const feedback = byKind('HUMAN', 'user_feedback');
    expect(feedback.length).toBeGreaterThan(20);
    expect(feedback.every((a) => a.identifier === a.userId && a.identifier.startsWith('user-'))).toBe(true);
    expect(feedback.some((a) => a.target.kind === 'trace')).toBe(true);
    expect(large.annotations.some((a) => a.target.kind === 'document')).toBe(true);
    expect(byKind('HUMAN', 'reviewer_comment').every((a) => a.explanation && a.label === null)).toBe(true);
    expect(large.notes.length).toBeGreaterThan(0);
  });

  it('makes a dataset of root spans with annotation snapshots, and two experiments on it', () => {
    const [dataset] = project.datasets;
    expect(project.datasets).toHaveLength(1);
    expect(dataset!.examples.length).toBe(dataset!.exampleCount);
    expect(dataset!.examples.length).toBeGreaterThan(0);
    const roots = new Map(project.spans.filter((span) => span.parentId === null).map((span) => [span.spanId, span]));
    for (const example of dataset!.examples) {
      const root = roots.get(example.spanId!);
      expect(root).toBeDefined();
      expect(example.input).toEqual({ input: get(root!.attributes, 'input.value') });
      expect(example.metadata).toMatchObject({ span_kind: 'AGENT', annotations: expect.any(Object) });
    }
    expect(dataset!.examples.some((example) => (example.metadata.annotations as Record<string, unknown[]>).correctness?.length)).toBe(true);
    expect(project.experiments).toHaveLength(2);
    const exampleIds = new Set(dataset!.examples.map((example) => example.id));
    for (const experiment of project.experiments) {
      expect(experiment.datasetId).toBe(dataset!.id);
      expect(experiment.runs).toHaveLength(dataset!.examples.length);
      for (const run of experiment.runs) {
        expect(exampleIds.has(run.exampleId)).toBe(true);
        if (run.error === null) expect(run.evaluations.map((e) => e.name)).toEqual(['correctness', 'helpfulness']);
      }
    }
  });

  it('loads into the memory adapter as it is', async () => {
    const adapter = createMemoryAdapter({ seed: project });
    const sessionIds = new Set(project.spans.map((span) => get(span.attributes, 'session.id')).filter(Boolean));
    expect((await adapter.listSessions({ limit: 1000 })).data).toHaveLength(sessionIds.size);
    expect(await adapter.listAnnotationConfigs()).toEqual(demoAnnotationConfigs());
    const [root] = (await adapter.listSpans({ rootsOnly: true, limit: 1 })).data;
    expect((await adapter.getTrace(root!.traceId))[0]!.spanId).toBe(root!.spanId);
  });
});

describe('generateTrace', () => {
  it.each([1, 2, 9, 50, 5_000])('makes one trace of exactly %i spans', (spans) => {
    const trace = generateTrace({ spans, seed: 4 });
    expect(trace).toHaveLength(spans);
    expect(new Set(trace.map((span) => span.traceId)).size).toBe(1);
    checkTree(trace);
  });

  it('is wide and deep when large', () => {
    const trace = generateTrace({ spans: 5_000 });
    const byId = new Map(trace.map((span) => [span.spanId, span]));
    const children = new Map<string, number>();
    let deepest = 0;
    for (const span of trace) {
      if (span.parentId) children.set(span.parentId, (children.get(span.parentId) ?? 0) + 1);
      let depth = 0;
      for (let at = span; at.parentId; at = byId.get(at.parentId)!) depth++;
      deepest = Math.max(deepest, depth);
    }
    expect(deepest).toBeGreaterThanOrEqual(5);
    expect(Math.max(...children.values())).toBeGreaterThanOrEqual(20);
    expect(new Set(trace.map((span) => span.kind)).size).toBeGreaterThanOrEqual(5);
  });

  it('gives the same trace for the same seed', () => {
    expect(generateTrace({ spans: 300, seed: 9 })).toEqual(generateTrace({ spans: 300, seed: 9 }));
  });
});
