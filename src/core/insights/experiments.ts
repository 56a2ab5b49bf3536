import { ValidationError, describeValue } from '../errors';
import type {
  AnnotationConfig,
  AnnotatorKind,
  DatasetExample,
  ExperimentRun,
  OptimizationDirection,
} from '../model';
import { isPlainObject } from '../schema';
import { mean } from './statistics';

/**
 * How one evaluation of one example moved against the annotation preserved in its metadata:
 * `improved` / `regressed` follow the config's optimisation direction; `changed` is a move with
 * no direction (direction `NONE`, or labels without scores); `no_baseline` and `no_evaluation`
 * say which side is missing.
 */
export type ComparisonStatus = 'improved' | 'regressed' | 'unchanged' | 'changed' | 'no_baseline' | 'no_evaluation';

/** An example's status over all its names: `mixed` when one name improved and another regressed. */
export type ExampleStatus = ComparisonStatus | 'mixed';

export const COMPARISON_STATUSES: readonly ComparisonStatus[] = [
  'improved',
  'regressed',
  'unchanged',
  'changed',
  'no_baseline',
  'no_evaluation',
];
export const EXAMPLE_STATUSES: readonly ExampleStatus[] = ['improved', 'regressed', 'mixed', 'unchanged', 'changed', 'no_baseline', 'no_evaluation'];

/** Which of an example's preserved annotations form the baseline. */
export type BaselineSelection = 'prefer-human' | 'any' | readonly AnnotatorKind[];

export interface CompareExperimentInput {
  /** The dataset's examples, their annotations in `metadata.annotations.<name>`. */
  examples: readonly DatasetExample[];
  /** The experiment's runs with their evaluations (several runs per example are averaged). */
  runs: readonly ExperimentRun[];
  /** Annotation configs: the optimisation direction and the scores of categorical values. Default none (direction `NONE`). */
  configs?: readonly AnnotationConfig[];
  /** Names to compare. Default: every evaluation name of the runs that some example also carries. */
  names?: readonly string[];
  /** Baseline annotations: `prefer-human` (default) uses the human ones when an example has any, else all; or list the kinds. */
  baseline?: BaselineSelection;
  /** Score differences up to this are `unchanged` (float noise). Default `1e-9`. */
  tolerance?: number;
}

/** One side of a comparison: the combined label and score, and how many values went into it. */
export interface ComparedValue {
  label: string | null;
  score: number | null;
  count: number;
}

export interface NameComparison {
  name: string;
  status: ComparisonStatus;
  direction: OptimizationDirection;
  baseline: ComparedValue;
  current: ComparedValue;
  /** `current.score - baseline.score` when both are scores. */
  delta: number | null;
  /** Why the comparison could not be made or is directionless; null otherwise. */
  reason: string | null;
}

export interface ExampleComparison {
  example: DatasetExample;
  exampleId: string | null;
  runs: ExperimentRun[];
  status: ExampleStatus;
  /** One entry per compared name, in `names` order. */
  comparisons: NameComparison[];
}

export interface NameSummary {
  name: string;
  direction: OptimizationDirection;
  counts: Record<ComparisonStatus, number>;
  /** Mean score of the baseline over examples with both scores. */
  meanBaseline: number | null;
  meanCurrent: number | null;
  meanDelta: number | null;
}

export interface ExperimentComparisonResult {
  names: string[];
  examples: ExampleComparison[];
  /** Examples per overall status. */
  totals: Record<ExampleStatus, number>;
  byName: NameSummary[];
  /** Runs whose `exampleId` matches no example (e.g. a dataset version mismatch). */
  unmatchedRuns: ExperimentRun[];
}

interface Entry {
  label: string | null;
  score: number | null;
  kind: string | null;
}

function checkArray(value: unknown, field: string): void {
  if (!Array.isArray(value)) {
    throw new ValidationError([{ field, value, message: `expected an array, got ${describeValue(value)}` }]);
  }
}

/** Reads `metadata.annotations[name]` (an array, or Phoenix's single object when examples were added by hand). */
function baselineEntries(example: DatasetExample, name: string, path: string): { entries: Entry[]; problem: string | null } {
  const annotations = isPlainObject(example.metadata) ? example.metadata.annotations : undefined;
  const raw = isPlainObject(annotations) ? annotations[name] : undefined;
  if (raw === undefined || raw === null) return { entries: [], problem: null };
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  const entries: Entry[] = [];
  for (const [i, item] of list.entries()) {
    const at = `${path}.metadata.annotations.${name}${Array.isArray(raw) ? `[${i}]` : ''}`;
    if (!isPlainObject(item)) return { entries: [], problem: `${at}: expected an object, got ${describeValue(item)}` };
    const label = item.label ?? null;
    const score = item.score ?? null;
    if (label !== null && typeof label !== 'string') return { entries: [], problem: `${at}.label: expected a string, got ${describeValue(label)}` };
    if (score !== null && (typeof score !== 'number' || !Number.isFinite(score))) {
      return { entries: [], problem: `${at}.score: expected a finite number, got ${describeValue(score)}` };
    }
    const kind = item.annotator_kind ?? item.annotatorKind ?? null;
    entries.push({ label, score, kind: typeof kind === 'string' ? kind : null });
  }
  return { entries, problem: null };
}

function selectBaseline(entries: Entry[], selection: BaselineSelection): Entry[] {
  if (selection === 'any') return entries;
  if (selection === 'prefer-human') {
    const human = entries.filter((entry) => entry.kind === 'HUMAN');
    return human.length ? human : entries;
  }
  return entries.filter((entry) => entry.kind !== null && (selection as readonly string[]).includes(entry.kind));
}

/** The number a value compares by: a categorical config's score for the label when it has one, else the score. */
function numericValue(entry: Entry, config: AnnotationConfig | undefined): number | null {
  if (config?.type === 'categorical' && entry.label !== null) {
    const configured = config.values.find((value) => value.label === entry.label)?.score;
    if (typeof configured === 'number') return configured;
  }
  return entry.score;
}

function combine(entries: Entry[], config: AnnotationConfig | undefined): ComparedValue & { tie: string | null } {
  const numbers = entries.map((entry) => numericValue(entry, config));
  const score = entries.length > 0 && numbers.every((n) => n !== null) ? mean(numbers as number[]) : null;
  const counts = new Map<string, number>();
  for (const entry of entries) if (entry.label !== null) counts.set(entry.label, (counts.get(entry.label) ?? 0) + 1);
  const top = Math.max(0, ...counts.values());
  const leaders = [...counts].filter(([, n]) => n === top).map(([label]) => label);
  return {
    label: leaders.length === 1 ? leaders[0]! : null,
    score,
    count: entries.length,
    tie: leaders.length > 1 ? `labels tied: ${leaders.sort().map((l) => `"${l}"`).join(', ')}` : null,
  };
}

function compareOne(
  name: string,
  baselineEntriesList: Entry[],
  currentEntries: Entry[],
  config: AnnotationConfig | undefined,
  tolerance: number,
  problem: string | null,
): NameComparison {
  const direction = config?.optimizationDirection ?? 'NONE';
  const { tie: baselineTie, ...baseline } = combine(baselineEntriesList, config);
  const { tie: currentTie, ...current } = combine(currentEntries, config);
  const base = { name, direction, baseline, current, delta: null };
  if (problem) return { ...base, status: 'no_baseline', reason: problem };
  if (baseline.count === 0) return { ...base, status: 'no_baseline', reason: `the example has no "${name}" annotation` };
  if (current.count === 0) return { ...base, status: 'no_evaluation', reason: `no run evaluated "${name}"` };
  if (baseline.score !== null && current.score !== null) {
    const delta = current.score - baseline.score;
    const moved = Math.abs(delta) > tolerance;
    const status: ComparisonStatus = !moved
      ? 'unchanged'
      : direction === 'NONE'
        ? 'changed'
        : (direction === 'MAXIMIZE') === delta > 0
          ? 'improved'
          : 'regressed';
    const reason = moved && direction === 'NONE' ? `"${name}" has no optimisation direction` : null;
    return { ...base, delta, status, reason };
  }
  if (baseline.label !== null && current.label !== null) {
    if (baseline.label === current.label) return { ...base, status: 'unchanged', reason: null };
    return { ...base, status: 'changed', reason: 'labels without scores have no direction' };
  }
  const tie = baselineTie ?? currentTie;
  if (tie) return { ...base, status: baselineTie ? 'no_baseline' : 'no_evaluation', reason: tie };
  return {
    ...base,
    status: baseline.score === null && baseline.label === null ? 'no_baseline' : 'no_evaluation',
    reason: 'one side has only a label and the other only a score',
  };
}

function overall(comparisons: NameComparison[]): ExampleStatus {
  const has = (status: ComparisonStatus) => comparisons.some((c) => c.status === status);
  if (has('improved') && has('regressed')) return 'mixed';
  for (const status of ['regressed', 'improved', 'changed', 'unchanged', 'no_evaluation'] as const) if (has(status)) return status;
  return 'no_baseline';
}

const zero = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * Compares an experiment's evaluations with the annotations preserved in each dataset example's
 * metadata: per example and name, whether the new run improved, regressed or left the result
 * unchanged, the direction taken from the annotation config (`MAXIMIZE` / `MINIMIZE`; `NONE`
 * gives changed / unchanged only); categorical values compare by their configured scores.
 * @throws ValidationError when examples, runs or configs are not arrays.
 */
export function compareExperiment(input: CompareExperimentInput): ExperimentComparisonResult {
  checkArray(input?.examples, 'examples');
  checkArray(input.runs, 'runs');
  if (input.configs !== undefined) checkArray(input.configs, 'configs');
  const tolerance = input.tolerance ?? 1e-9;
  if (typeof tolerance !== 'number' || !(tolerance >= 0)) {
    throw new ValidationError([{ field: 'tolerance', value: tolerance, message: `expected a number ≥ 0, got ${describeValue(tolerance)}` }]);
  }
  const selection = input.baseline ?? 'prefer-human';
  const configs = new Map((input.configs ?? []).map((config) => [config.name, config]));

  const exampleIds = new Set(input.examples.flatMap((example) => (example.id ? [example.id] : [])));
  const runsByExample = new Map<string, ExperimentRun[]>();
  const unmatchedRuns: ExperimentRun[] = [];
  for (const run of input.runs) {
    if (!exampleIds.has(run.exampleId)) unmatchedRuns.push(run);
    else runsByExample.set(run.exampleId, [...(runsByExample.get(run.exampleId) ?? []), run]);
  }

  const names = input.names ? [...input.names] : defaultNames(input.examples, input.runs);
  const examples = input.examples.map((example, index): ExampleComparison => {
    const runs = example.id ? (runsByExample.get(example.id) ?? []) : [];
    const comparisons = names.map((name) => {
      const { entries, problem } = baselineEntries(example, name, `examples[${index}]`);
      const current: Entry[] = runs.flatMap((run) =>
        (run.evaluations ?? [])
          .filter((evaluation) => evaluation.name === name && !evaluation.error)
          .map((evaluation) => ({ label: evaluation.label ?? null, score: evaluation.score ?? null, kind: evaluation.annotatorKind })),
      );
      return compareOne(name, selectBaseline(entries, selection), current, configs.get(name), tolerance, problem);
    });
    return { example, exampleId: example.id ?? null, runs, status: overall(comparisons), comparisons };
  });

  const totals = zero(EXAMPLE_STATUSES);
  for (const example of examples) totals[example.status] += 1;
  const byName = names.map((name, i): NameSummary => {
    const rows = examples.map((example) => example.comparisons[i]!);
    const counts = zero(COMPARISON_STATUSES);
    for (const row of rows) counts[row.status] += 1;
    const scored = rows.filter((row) => row.delta !== null);
    return {
      name,
      direction: configs.get(name)?.optimizationDirection ?? 'NONE',
      counts,
      meanBaseline: mean(scored.map((row) => row.baseline.score!)),
      meanCurrent: mean(scored.map((row) => row.current.score!)),
      meanDelta: mean(scored.map((row) => row.delta!)),
    };
  });
  return { names, examples, totals, byName, unmatchedRuns };
}

function defaultNames(examples: readonly DatasetExample[], runs: readonly ExperimentRun[]): string[] {
  const annotated = new Set<string>();
  for (const example of examples) {
    const annotations = isPlainObject(example.metadata) ? example.metadata.annotations : undefined;
    if (isPlainObject(annotations)) for (const name of Object.keys(annotations)) annotated.add(name);
  }
  const names: string[] = [];
  for (const run of runs) {
    for (const evaluation of run.evaluations ?? []) {
      if (annotated.has(evaluation.name) && !names.includes(evaluation.name)) names.push(evaluation.name);
    }
  }
  return names;
}
