import { ValidationError, describeValue, type ValidationIssue } from '../errors';
import type { Annotation, AnnotationConfig, AnnotationTarget } from '../model';
import * as s from '../schema';
import { targetKey } from '../targets';
import {
  cohensKappa,
  defined,
  mean,
  meanAbsoluteError,
  pearson,
  spearman,
  undefinedBecause,
  type Statistic,
} from './statistics';

/**
 * How several human annotations of one name on one target become the ground truth:
 * - `majority` (default): the most frequent human label (a tie leaves the label unresolved and
 *   the pair out of the label metrics) and the mean human score — a consensus of reviewers is
 *   the best truth a judge can be calibrated against, and it does not depend on who clicked last.
 * - `latest`: the most recently updated human annotation — for teams whose reviewers correct each
 *   other, where the last word is the adjudicated one.
 * - `each`: one pair per human annotation — inter-rater style; a target with three reviewers
 *   weighs three times.
 */
export type HumanAggregation = 'majority' | 'latest' | 'each';

export interface ComputeAgreementOptions {
  /** The annotation name whose human and LLM annotations are compared (e.g. `correctness`). */
  name: string;
  /** How several human annotations on one target are combined. Default `majority`. */
  humans?: HumanAggregation;
  /** Only LLM annotations with this identifier are the judge. Default: every LLM annotation, the latest per target. */
  judgeIdentifier?: string;
  /** The config of `name`; its categorical values order the confusion matrix. Default none. */
  config?: AnnotationConfig | null;
  /** Labels of the confusion matrix in order; labels seen but not listed are appended. Default: config values, then seen labels sorted. */
  labels?: string[];
  /** Scores further apart than this make a disagreement (pairs without labels on both sides). Default `0`. */
  scoreTolerance?: number;
}

/** The ground truth humans gave one target (or, with `humans: 'each'`, one human annotation). */
export interface HumanVerdict {
  label: string | null;
  score: number | null;
  /** The explanation of the latest human annotation that carries the verdict's label (or any, without labels). */
  explanation: string | null;
  /** The human annotations the verdict was made from. */
  annotations: Annotation[];
  /** Why `label` is null although humans gave labels (a tie under `majority`); null otherwise. */
  unresolved: string | null;
}

/** One human verdict against the judge's annotation on the same target. */
export interface AgreementPair {
  target: AnnotationTarget;
  human: HumanVerdict;
  judge: Annotation;
  /** Whether the labels match; null when either side has no label. */
  labelsAgree: boolean | null;
  /** `|judge.score - human.score|`; null when either side has no score. */
  scoreError: number | null;
  /** The labels' verdict when both have labels, else whether the score error is within tolerance; null when neither can be compared. */
  agrees: boolean | null;
}

/** Precision and recall of one label, the human label taken as ground truth. */
export interface LabelStatistics {
  label: string;
  /** Pairs humans gave this label. */
  support: number;
  /** Pairs the judge gave this label. */
  predicted: number;
  truePositives: number;
  precision: Statistic;
  recall: Statistic;
  f1: Statistic;
}

export interface LabelAgreement {
  /** Pairs with a label on both sides. */
  pairCount: number;
  /** Share of those pairs whose labels match. */
  rawAgreement: Statistic;
  kappa: Statistic;
  /** Row and column order of `confusion`. */
  labels: string[];
  /** `confusion[i][j]`: pairs humans labelled `labels[i]` and the judge labelled `labels[j]`. */
  confusion: number[][];
  perLabel: LabelStatistics[];
}

export interface ScoreAgreement {
  /** Pairs with a score on both sides. */
  pairCount: number;
  pearson: Statistic;
  spearman: Statistic;
  meanAbsoluteError: Statistic;
}

export interface AgreementResult {
  name: string;
  humans: HumanAggregation;
  /** Human verdicts that have a judge annotation on the same target. */
  pairCount: number;
  pairs: AgreementPair[];
  labels: LabelAgreement;
  scores: ScoreAgreement;
  /** Pairs whose `agrees` is false, in input order: the ones to review. */
  disagreements: AgreementPair[];
  /** Targets humans annotated that the judge did not. */
  humanOnly: AnnotationTarget[];
  /** Targets the judge annotated that no human did. */
  judgeOnly: AnnotationTarget[];
}

const optionsSchema = s.object({
  name: s.string({ nonEmpty: true }),
  humans: s.optional(s.oneOf(['majority', 'latest', 'each'] as const)),
  judgeIdentifier: s.optional(s.string()),
  config: s.optional(s.nullable(s.object({ name: s.string() }, { passthrough: true }))),
  labels: s.optional(s.array(s.string())),
  scoreTolerance: s.optional(s.number({ min: 0 })),
});

/** Ordinal comparison: ISO 8601 times of one format sort as text, without the cost of `localeCompare`. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Newest first by `updatedAt`, then `createdAt`, then id, so ties resolve the same way every time. */
function newerFirst(a: Annotation, b: Annotation): number {
  return compareText(b.updatedAt, a.updatedAt) || compareText(b.createdAt, a.createdAt) || compareText(b.id, a.id);
}

function checkAnnotations(annotations: unknown, name: string): Annotation[] {
  if (!Array.isArray(annotations)) {
    throw new ValidationError([
      { field: 'annotations', value: annotations, message: `expected an array of annotations, got ${describeValue(annotations)}` },
    ]);
  }
  const issues: ValidationIssue[] = [];
  const relevant: Annotation[] = [];
  annotations.forEach((annotation: unknown, index) => {
    const path = `annotations[${index}]`;
    if (!s.isPlainObject(annotation) || !s.isPlainObject(annotation.target)) {
      issues.push({ field: path, value: annotation, message: `expected an annotation, got ${describeValue(annotation)}` });
      return;
    }
    if (annotation.name !== name) return;
    const { label, score } = annotation;
    if (label !== null && label !== undefined && typeof label !== 'string') {
      issues.push({ field: `${path}.label`, value: label, message: `expected a string or null, got ${describeValue(label)}` });
    }
    if (score !== null && score !== undefined && (typeof score !== 'number' || !Number.isFinite(score))) {
      issues.push({ field: `${path}.score`, value: score, message: `expected a finite number or null, got ${describeValue(score)}` });
    }
    relevant.push(annotation as unknown as Annotation);
  });
  if (issues.length) throw new ValidationError(issues);
  return relevant.map((a) => ({ ...a, label: a.label ?? null, score: a.score ?? null, explanation: a.explanation ?? null }));
}

function verdictOf(annotations: Annotation[], humans: HumanAggregation): HumanVerdict {
  const sorted = [...annotations].sort(newerFirst);
  if (humans !== 'majority' || sorted.length === 1) {
    const only = sorted[0]!;
    return { label: only.label, score: only.score, explanation: only.explanation, annotations: sorted, unresolved: null };
  }
  const counts = new Map<string, number>();
  for (const a of sorted) if (a.label !== null) counts.set(a.label, (counts.get(a.label) ?? 0) + 1);
  const top = Math.max(0, ...counts.values());
  const leaders = [...counts].filter(([, count]) => count === top).map(([label]) => label);
  const label = leaders.length === 1 ? leaders[0]! : null;
  const unresolved =
    leaders.length > 1
      ? `the human labels are tied: ${leaders.sort().map((l) => `"${l}" (${top})`).join(', ')}`
      : null;
  const score = mean(sorted.flatMap((a) => (a.score === null ? [] : [a.score])));
  const explained = sorted.find((a) => a.explanation !== null && (label === null || a.label === label));
  return { label, score, explanation: explained?.explanation ?? null, annotations: sorted, unresolved };
}

/**
 * Pairs the HUMAN and LLM annotations of one name on the same targets and measures how well the
 * judge agrees with the humans: raw agreement, Cohen's kappa, per-label precision and recall and
 * the confusion matrix over labels; Pearson, Spearman and mean absolute error over scores; and the
 * disagreements to review. CODE annotations and other names are ignored.
 * @throws ValidationError for bad options or annotations carrying a non-string label or non-finite score.
 */
export function computeAgreement(annotations: readonly Annotation[], options: ComputeAgreementOptions): AgreementResult {
  const parsed = s.parse(optionsSchema, options, 'options');
  const humans = parsed.humans ?? 'majority';
  const tolerance = parsed.scoreTolerance ?? 0;
  const relevant = checkAnnotations(annotations, parsed.name);

  const targets = new Map<string, AnnotationTarget>();
  const humanBy = new Map<string, Annotation[]>();
  const judgeBy = new Map<string, Annotation>();
  for (const annotation of relevant) {
    const key = targetKey(annotation.target);
    if (annotation.annotatorKind === 'HUMAN') {
      if (!targets.has(key)) targets.set(key, annotation.target);
      humanBy.set(key, [...(humanBy.get(key) ?? []), annotation]);
    } else if (
      annotation.annotatorKind === 'LLM' &&
      (parsed.judgeIdentifier === undefined || annotation.identifier === parsed.judgeIdentifier)
    ) {
      if (!targets.has(key)) targets.set(key, annotation.target);
      const current = judgeBy.get(key);
      if (!current || newerFirst(annotation, current) < 0) judgeBy.set(key, annotation);
    }
  }

  const pairs: AgreementPair[] = [];
  const humanOnly: AnnotationTarget[] = [];
  const judgeOnly: AnnotationTarget[] = [];
  for (const [key, target] of targets) {
    const human = humanBy.get(key);
    const judge = judgeBy.get(key);
    if (!human) judgeOnly.push(target);
    else if (!judge) humanOnly.push(target);
    else {
      const verdicts = humans === 'each' ? human.map((a) => verdictOf([a], humans)) : [verdictOf(human, humans)];
      for (const verdict of verdicts) pairs.push(pairOf(target, verdict, judge, tolerance));
    }
  }

  const configLabels =
    parsed.config && (options.config as AnnotationConfig).type === 'categorical'
      ? (options.config as Extract<AnnotationConfig, { type: 'categorical' }>).values.map((v) => v.label)
      : [];
  return {
    name: parsed.name,
    humans,
    pairCount: pairs.length,
    pairs,
    labels: labelAgreement(pairs, parsed.labels ?? configLabels),
    scores: scoreAgreement(pairs),
    disagreements: pairs.filter((pair) => pair.agrees === false),
    humanOnly,
    judgeOnly,
  };
}

function pairOf(target: AnnotationTarget, human: HumanVerdict, judge: Annotation, tolerance: number): AgreementPair {
  const labelsAgree = human.label !== null && judge.label !== null ? human.label === judge.label : null;
  const scoreError = human.score !== null && judge.score !== null ? Math.abs(judge.score - human.score) : null;
  const agrees = labelsAgree ?? (scoreError === null ? null : scoreError <= tolerance);
  return { target, human, judge, labelsAgree, scoreError, agrees };
}

function labelAgreement(pairs: AgreementPair[], preferred: readonly string[]): LabelAgreement {
  const labelled = pairs.filter((pair) => pair.labelsAgree !== null);
  const seen = new Set<string>();
  for (const pair of labelled) {
    seen.add(pair.human.label!);
    seen.add(pair.judge.label!);
  }
  const labels = [...new Set(preferred)];
  for (const label of [...seen].sort()) if (!labels.includes(label)) labels.push(label);
  const index = new Map(labels.map((label, i) => [label, i]));
  const confusion = labels.map(() => labels.map(() => 0));
  for (const pair of labelled) confusion[index.get(pair.human.label!)!]![index.get(pair.judge.label!)!]! += 1;

  const agreed = labelled.filter((pair) => pair.labelsAgree).length;
  const perLabel = labels.map((label, i): LabelStatistics => {
    const truePositives = confusion[i]![i]!;
    const support = confusion[i]!.reduce((sum, n) => sum + n, 0);
    const predicted = confusion.reduce((sum, row) => sum + row[i]!, 0);
    const precision =
      predicted === 0 ? undefinedBecause(`the judge never gave "${label}"`) : defined(truePositives / predicted);
    const recall = support === 0 ? undefinedBecause(`no human gave "${label}"`) : defined(truePositives / support);
    const f1 =
      precision.value === null || recall.value === null
        ? undefinedBecause(precision.reason ?? recall.reason ?? '')
        : precision.value + recall.value === 0
          ? defined(0)
          : defined((2 * precision.value * recall.value) / (precision.value + recall.value));
    return { label, support, predicted, truePositives, precision, recall, f1 };
  });
  return {
    pairCount: labelled.length,
    rawAgreement:
      labelled.length === 0
        ? undefinedBecause('no pairs with a label on both sides')
        : defined(agreed / labelled.length),
    kappa: cohensKappa(confusion, labels),
    labels,
    confusion,
    perLabel,
  };
}

function scoreAgreement(pairs: AgreementPair[]): ScoreAgreement {
  const scored = pairs.filter((pair) => pair.scoreError !== null);
  const human = scored.map((pair) => pair.human.score!);
  const judge = scored.map((pair) => pair.judge.score!);
  const sides = { x: 'the human scores', y: 'the judge scores' };
  const none = 'no pairs with a score on both sides';
  return {
    pairCount: scored.length,
    pearson: scored.length === 0 ? undefinedBecause(none) : pearson(human, judge, sides),
    spearman: scored.length === 0 ? undefinedBecause(none) : spearman(human, judge, sides),
    meanAbsoluteError: meanAbsoluteError(human, judge),
  };
}
