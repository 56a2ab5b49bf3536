import {
  ValidationError,
  type Annotation,
  type AnnotationConfig,
  type AnnotationTarget,
  type AnnotatorKind,
  type DatasetExample,
  type ExperimentEvaluation,
  type ExperimentRun,
  type Note,
  type Span,
} from '../../../core';
import type { MemoryDataset, MemoryExperiment } from '../records';
import { FIRST_NAMES, JUDGE_EXPLANATIONS, NOTES, REVIEWER_COMMENTS, SCENARIOS } from './content';
import { Random } from './random';
import { DEMO_BASE_TIME, SpanFactory, buildTrace, conversationVars, fill, makeTurn, type BuiltTrace } from './traces';

export interface DemoProjectOptions {
  /** Seed of the generator: the same seed always gives the same project. Default `1`. */
  seed?: number;
  /** How many traces (conversation turns). Default: `spans / 9` when `spans` is given, else `24`. */
  traces?: number;
  /** Exact total number of spans, from 1 to 100,000 (more works, slower). Default: whatever the traces need (4-12 each). */
  spans?: number;
  /** How many chat sessions the traces belong to (1-6 turns each where possible). Default: `traces / 2.6`. */
  sessions?: number;
}

/** A whole demo project: the shape `createMemoryAdapter({ seed })` takes. */
export interface DemoProject {
  spans: Span[];
  annotations: Annotation[];
  notes: Note[];
  configs: AnnotationConfig[];
  datasets: MemoryDataset[];
  experiments: MemoryExperiment[];
}

export interface DemoTraceOptions {
  /** Seed of the generator. Default `1`. */
  seed?: number;
  /** Exact number of spans in the trace (1 to 100,000 and beyond). */
  spans: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const REVIEWERS = ['maya.chen', 'jonas.weber', 'priya.raman'];

/** The annotation configs of the demo project: what the review inputs are generated from. */
export function demoAnnotationConfigs(): AnnotationConfig[] {
  return [
    {
      id: 'config-correctness',
      name: 'correctness',
      type: 'categorical',
      description: 'Does the answer resolve the question correctly, given the order data and policies?',
      optimizationDirection: 'MAXIMIZE',
      values: [
        { label: 'correct', score: 1 },
        { label: 'incorrect', score: 0 },
      ],
    },
    {
      id: 'config-hallucination',
      name: 'hallucination',
      type: 'categorical',
      description: 'Does the answer state facts that are not in the tool output or the retrieved articles?',
      optimizationDirection: 'MINIMIZE',
      values: [
        { label: 'factual', score: 0 },
        { label: 'hallucinated', score: 1 },
      ],
    },
    {
      id: 'config-helpfulness',
      name: 'helpfulness',
      type: 'continuous',
      description: 'How helpful the answer is to the customer, from 0 (not at all) to 1 (fully).',
      optimizationDirection: 'MAXIMIZE',
      lowerBound: 0,
      upperBound: 1,
    },
    {
      id: 'config-user-feedback',
      name: 'user_feedback',
      type: 'categorical',
      description: 'Thumbs up or down from the customer in the chat.',
      optimizationDirection: 'MAXIMIZE',
      values: [
        { label: 'positive', score: 1 },
        { label: 'negative', score: 0 },
      ],
    },
    {
      id: 'config-reviewer-comment',
      name: 'reviewer_comment',
      type: 'freeform',
      description: 'Anything a reviewer wants to say about the answer.',
      optimizationDirection: 'NONE',
    },
  ];
}

function positiveInteger(value: unknown, field: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ValidationError([{ field, value, message: `expected an integer of at least ${min}` }]);
  }
  return value;
}

/** Splits `total` into `parts` positive integers around a random shape; always sums to `total`. */
function split(rand: Random, total: number, parts: number, weight: () => number): number[] {
  const sizes = new Array<number>(parts).fill(1);
  let left = total - parts;
  if (left <= 0) return sizes;
  const weights = sizes.map(weight);
  const sum = weights.reduce((a, b) => a + b, 0);
  for (let index = 0; index < parts; index++) {
    const share = Math.floor((left * weights[index]!) / sum);
    sizes[index]! += share;
  }
  left = total - sizes.reduce((a, b) => a + b, 0);
  for (let index = 0; left > 0; index = (index + 1) % parts, left--) sizes[rand.int(0, parts - 1)]! += 1;
  return sizes;
}

/**
 * A realistic, deterministic demo project for a customer-support assistant: agent traces with
 * OpenInference attributes grouped in chat sessions, LLM-judge, reviewer and end-user annotations,
 * notes, the five annotation configs, a golden dataset and two experiments on it.
 * @throws ValidationError for counts that are not positive integers or do not fit together.
 */
export function generateDemoProject(options: DemoProjectOptions = {}): DemoProject {
  const seed = options.seed ?? 1;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new ValidationError([{ field: 'seed', value: seed, message: 'expected a finite number' }]);
  }
  const spanTotal = options.spans === undefined ? undefined : positiveInteger(options.spans, 'spans', 1);
  const traceCount =
    options.traces !== undefined
      ? positiveInteger(options.traces, 'traces', 1)
      : spanTotal !== undefined
        ? Math.max(1, Math.round(spanTotal / 9))
        : 24;
  if (spanTotal !== undefined && traceCount > spanTotal) {
    throw new ValidationError([{ field: 'traces', value: traceCount, message: `cannot exceed spans (${spanTotal}): every trace has a root span` }]);
  }
  const sessionCount =
    options.sessions !== undefined ? positiveInteger(options.sessions, 'sessions', 1) : Math.max(1, Math.round(traceCount / 2.6));
  if (sessionCount > traceCount) {
    throw new ValidationError([{ field: 'sessions', value: sessionCount, message: `cannot exceed traces (${traceCount}): every session has a turn` }]);
  }

  const rand = new Random(seed);
  const factory = new SpanFactory(rand);
  const budgets = spanTotal !== undefined ? split(rand, spanTotal, traceCount, () => rand.between(0.5, 1.5)) : Array.from({ length: traceCount }, () => rand.int(4, 12));
  const turnsPerSession = split(rand, traceCount, sessionCount, () => rand.between(0.3, 1.7));

  // Sessions spread over a week; a customer may come back in a later session.
  const users = Array.from({ length: Math.max(1, Math.ceil(sessionCount / 1.4)) }, (_, index) => `user-${FIRST_NAMES[index % FIRST_NAMES.length]}-${100 + index}`);
  const traces: BuiltTrace[] = [];
  const spacing = (7 * DAY) / sessionCount;
  let traceIndex = 0;
  turnsPerSession.forEach((turns, sessionIndex) => {
    const sessionId = `session-${rand.hex8()}${sessionIndex.toString(16).padStart(4, '0')}`;
    const userId = rand.pick(users);
    const scenario = rand.pick(SCENARIOS);
    const vars = conversationVars(rand, userId);
    let start = DEMO_BASE_TIME + sessionIndex * spacing + rand.between(0, spacing / 2);
    for (let turn = 0; turn < turns; turn++) {
      const traceId = factory.traceId(traceIndex);
      const built = buildTrace(
        rand,
        factory,
        makeTurn(rand, { traceId, sessionId, userId, startTime: Math.round(start), scenario, vars, turn }),
        budgets[traceIndex]!,
      );
      traces.push(built);
      traceIndex++;
      start = built.endTime + rand.between(0.5, 4) * MINUTE;
    }
  });

  const configs = demoAnnotationConfigs();
  const { annotations, notes } = annotate(rand, traces);
  const { dataset, experiments } = datasetAndExperiments(rand, traces, annotations);
  return { spans: factory.spans, annotations, notes, configs, datasets: [dataset], experiments };
}

/** One trace of exactly `spans` spans — wide and deep when large — for trace-viewer benchmarks. */
export function generateTrace(options: DemoTraceOptions): Span[] {
  const total = positiveInteger(options.spans, 'spans', 1);
  const rand = new Random(options.seed ?? 1);
  const factory = new SpanFactory(rand);
  const userId = 'user-bench-1';
  buildTrace(rand, factory, makeTurn(rand, { traceId: factory.traceId(0), sessionId: 'session-bench-1', userId, startTime: DEMO_BASE_TIME }), total);
  return factory.spans;
}

// ---------------------------------------------------------------------------------------------
// Annotations: what an LLM judge, three reviewers and the customers said

function annotate(rand: Random, traces: BuiltTrace[]): { annotations: Annotation[]; notes: Note[] } {
  const annotations: Annotation[] = [];
  const notes: Note[] = [];
  let counter = 0;
  const iso = (time: number) => new Date(Math.round(time)).toISOString();
  const add = (
    target: AnnotationTarget,
    name: string,
    annotatorKind: AnnotatorKind,
    fields: { label?: string | null; score?: number | null; explanation?: string | null; identifier?: string; userId?: string | null; metadata?: Record<string, unknown> },
    time: number,
  ) => {
    const stamp = iso(time);
    annotations.push({
      id: `annotation-${rand.hex8()}${(counter++).toString(16).padStart(6, '0')}`,
      target,
      name,
      annotatorKind,
      label: fields.label ?? null,
      score: fields.score ?? null,
      explanation: fields.explanation ?? null,
      identifier: fields.identifier ?? '',
      metadata: fields.metadata ?? {},
      source: annotatorKind === 'HUMAN' ? 'APP' : 'API',
      userId: fields.userId ?? null,
      createdAt: stamp,
      updatedAt: stamp,
    });
  };
  const judgeMetadata = { judge_model: 'gpt-4o', prompt_version: 'judge-v3' };

  for (const trace of traces) {
    if (trace.failed) continue;
    const { turn, root } = trace;
    const rootTarget: AnnotationTarget = { kind: 'span', spanId: root.spanId };
    const correct = turn.isCorrect && !trace.toolFailed;
    const hallucinated = !turn.isCorrect && rand.chance(0.7);
    const helpfulness = trace.toolFailed ? rand.between(0.1, 0.35) : correct ? rand.between(0.7, 1) : rand.between(0.05, 0.45);
    const judgedAt = trace.endTime + rand.between(1, 5) * MINUTE;

    // The LLM judge agrees with the truth most of the time, which is what calibration measures.
    const judged = rand.chance(0.85);
    if (judged) {
      const judgeCorrect = rand.chance(correct ? 0.9 : 0.22);
      const label = judgeCorrect ? 'correct' : 'incorrect';
      add(rootTarget, 'correctness', 'LLM', { label, score: judgeCorrect ? 1 : 0, explanation: rand.pick(JUDGE_EXPLANATIONS[label]), metadata: judgeMetadata }, judgedAt);
      const judgeHallucinated = rand.chance(hallucinated ? 0.8 : 0.06);
      const hLabel = judgeHallucinated ? 'hallucinated' : 'factual';
      add(rootTarget, 'hallucination', 'LLM', { label: hLabel, score: judgeHallucinated ? 1 : 0, explanation: rand.pick(JUDGE_EXPLANATIONS[hLabel]), metadata: judgeMetadata }, judgedAt);
      const judgedHelpfulness = Math.min(1, Math.max(0, helpfulness + rand.between(-0.15, 0.15)));
      add(rootTarget, 'helpfulness', 'LLM', { score: round2(judgedHelpfulness), explanation: judgedHelpfulness > 0.6 ? 'Addresses the request with clear next steps.' : 'Leaves the customer without a usable next step.', metadata: judgeMetadata }, judgedAt);
      if (trace.answerSpan && rand.chance(0.5)) {
        add({ kind: 'span', spanId: trace.answerSpan.spanId }, 'correctness', 'LLM', { label, score: judgeCorrect ? 1 : 0, explanation: rand.pick(JUDGE_EXPLANATIONS[label]), metadata: judgeMetadata }, judgedAt);
      }
    }

    // Document relevance on some retrievals: the last document is usually the distractor.
    if (trace.retrieverSpan && trace.retrieverSpan.status.code === 'OK' && rand.chance(0.3)) {
      const documents = ((trace.retrieverSpan.attributes.retrieval as { documents?: unknown[] } | undefined)?.documents ?? []).length;
      for (let position = 0; position < documents; position++) {
        const relevant = position < documents - 1 ? rand.chance(0.9) : rand.chance(0.15);
        add({ kind: 'document', spanId: trace.retrieverSpan.spanId, position }, 'relevance', 'LLM', { label: relevant ? 'relevant' : 'irrelevant', score: relevant ? 1 : 0, explanation: relevant ? 'The article answers part of the question.' : 'The article is about a different topic.', metadata: judgeMetadata }, judgedAt);
      }
    }

    // Reviewers look at a subset, mostly what the judge saw; sometimes two of them, sometimes disagreeing.
    if (rand.chance(judged ? 0.32 : 0.1)) {
      const first = rand.int(0, REVIEWERS.length - 1);
      const reviewers = rand.chance(0.25) ? [REVIEWERS[first]!, REVIEWERS[(first + 1) % REVIEWERS.length]!] : [REVIEWERS[first]!];
      for (const reviewer of reviewers) {
        const reviewedAt = trace.endTime + rand.between(0.5, 3) * DAY;
        const humanCorrect = rand.chance(correct ? 0.95 : 0.07);
        const person = { identifier: reviewer, userId: reviewer };
        add(rootTarget, 'correctness', 'HUMAN', { ...person, label: humanCorrect ? 'correct' : 'incorrect', score: humanCorrect ? 1 : 0 }, reviewedAt);
        if (rand.chance(0.6)) {
          const humanHallucinated = rand.chance(hallucinated ? 0.9 : 0.03);
          add(rootTarget, 'hallucination', 'HUMAN', { ...person, label: humanHallucinated ? 'hallucinated' : 'factual', score: humanHallucinated ? 1 : 0 }, reviewedAt);
        }
        if (rand.chance(0.5)) add(rootTarget, 'helpfulness', 'HUMAN', { ...person, score: round2(helpfulness) }, reviewedAt);
        if (rand.chance(0.3)) add(rootTarget, 'reviewer_comment', 'HUMAN', { ...person, explanation: rand.pick(REVIEWER_COMMENTS) }, reviewedAt);
        if (rand.chance(0.2)) {
          notes.push({ id: `note-${rand.hex8()}${notes.length.toString(16).padStart(4, '0')}`, target: rootTarget, text: rand.pick(NOTES), userId: reviewer, createdAt: iso(reviewedAt + MINUTE) });
        }
      }
    }

    // Customers vote in the chat; one vote per customer and target, on the answer or the whole turn.
    if (rand.chance(0.35)) {
      const positive = rand.chance(correct ? 0.85 : 0.25);
      const target: AnnotationTarget = rand.chance(0.75) ? rootTarget : { kind: 'trace', traceId: root.traceId };
      const explanation = rand.chance(0.3) ? (positive ? 'Thanks, that sorted it.' : "That didn't answer my question.") : null;
      add(target, 'user_feedback', 'HUMAN', { label: positive ? 'positive' : 'negative', score: positive ? 1 : 0, explanation, identifier: turn.userId, userId: turn.userId, metadata: { channel: 'chat-widget' } }, trace.endTime + rand.between(5, 90) * 1000);
    }
  }
  return { annotations, notes };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

// ---------------------------------------------------------------------------------------------
// A golden dataset from reviewed answers, and two experiments run on it

function datasetAndExperiments(rand: Random, traces: BuiltTrace[], annotations: Annotation[]): { dataset: MemoryDataset; experiments: MemoryExperiment[] } {
  const byRoot = new Map<string, Annotation[]>();
  for (const annotation of annotations) {
    if (annotation.target.kind !== 'span') continue;
    const list = byRoot.get(annotation.target.spanId);
    if (list) list.push(annotation);
    else byRoot.set(annotation.target.spanId, [annotation]);
  }
  const reviewed = (trace: BuiltTrace) => (byRoot.get(trace.root.spanId) ?? []).some((a) => a.annotatorKind === 'HUMAN' && a.name === 'correctness');
  const answered = traces.filter((trace) => !trace.failed);
  const chosen = [...answered.filter(reviewed), ...answered.filter((trace) => !reviewed(trace))].slice(0, 25);
  const createdAt = new Date(DEMO_BASE_TIME + 8 * DAY).toISOString();

  const examples: DatasetExample[] = chosen.map((trace, index) => {
    const snapshot: Record<string, unknown[]> = {};
    for (const annotation of byRoot.get(trace.root.spanId) ?? []) {
      (snapshot[annotation.name] ??= []).push({
        label: annotation.label,
        score: annotation.score,
        explanation: annotation.explanation,
        annotator_kind: annotation.annotatorKind,
        identifier: annotation.identifier,
      });
    }
    return {
      id: `example-${(index + 1).toString().padStart(3, '0')}`,
      input: { input: trace.turn.question },
      output: { output: (trace.root.attributes.output as { value?: string } | undefined)?.value ?? '' },
      metadata: {
        span_kind: trace.root.kind,
        topic: trace.turn.scenario.topic,
        intent: trace.turn.scenario.intent,
        annotations: snapshot,
      },
      spanId: trace.root.spanId,
    };
  });
  const dataset: MemoryDataset = {
    id: 'dataset-support-golden',
    name: 'support-golden-set',
    description: 'Reviewed customer-support answers, used to test prompt and model changes.',
    exampleCount: examples.length,
    metadata: { owner: 'support-ai', source: 'production traces' },
    createdAt,
    updatedAt: createdAt,
    examples,
  };

  const experiment = (id: string, name: string, model: string, accuracy: number, hours: number): MemoryExperiment => {
    const start = DEMO_BASE_TIME + 8 * DAY + hours * 3_600_000;
    const runs: ExperimentRun[] = examples.map((example, index) => {
      const trace = chosen[index]!;
      const runStart = start + index * 4_000;
      const runEnd = runStart + rand.int(900, 3800);
      if (rand.chance(0.03)) {
        return { id: `${id}-run-${index + 1}`, experimentId: id, exampleId: example.id!, output: null, error: 'APITimeoutError: Request timed out after 60 s', startTime: new Date(runStart).toISOString(), endTime: new Date(runEnd).toISOString(), evaluations: [] };
      }
      const correct = rand.chance(accuracy);
      const evaluations: ExperimentEvaluation[] = [
        { name: 'correctness', annotatorKind: 'LLM', label: correct ? 'correct' : 'incorrect', score: correct ? 1 : 0, explanation: rand.pick(JUDGE_EXPLANATIONS[correct ? 'correct' : 'incorrect']), error: null },
        { name: 'helpfulness', annotatorKind: 'LLM', label: null, score: round2(correct ? rand.between(0.65, 1) : rand.between(0.1, 0.5)), explanation: null, error: null },
      ];
      const text = correct ? trace.turn.rightAnswer : fill(trace.turn.scenario.wrongAnswer, trace.turn.vars);
      return {
        id: `${id}-run-${index + 1}`,
        experimentId: id,
        exampleId: example.id!,
        output: { output: text },
        error: null,
        startTime: new Date(runStart).toISOString(),
        endTime: new Date(runEnd).toISOString(),
        evaluations,
      };
    });
    return { id, datasetId: dataset.id, name, createdAt: new Date(start).toISOString(), metadata: { model, prompt_version: name.split(' ')[0] }, runCount: runs.length, runs };
  };
  return {
    dataset,
    experiments: [
      experiment('experiment-baseline', 'support-v7 baseline (gpt-4o-mini)', 'gpt-4o-mini', 0.78, 0),
      experiment('experiment-candidate', 'support-v8 candidate (gpt-4.1)', 'gpt-4.1', 0.88, 5),
    ],
  };
}
