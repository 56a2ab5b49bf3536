import { ANNOTATOR_KINDS, SPAN_KINDS, type AnnotatorKind, type SpanKind, type SpanStatusCode } from '../model';
import type { CompareNode, ConditionAst, Expression, SourceRange } from './ast';
import { formatCondition, pythonString } from './format';
import { parseCondition } from './parser';

/**
 * The chips of a filter bar: each top-level `and` term of the condition is one chip. Terms of a
 * common shape get a structured chip a form can edit; any other term is a `custom` chip holding
 * its text, so chips and text mode always edit the same condition and nothing is lost.
 */
export type FilterChipSpec =
  | { kind: 'annotation-label'; name: string; labels: string[] }
  | { kind: 'annotation-score'; name: string; min: number | null; max: number | null }
  | { kind: 'annotation-present'; name: string }
  | { kind: 'annotation-absent'; name: string }
  | { kind: 'annotator-kind'; name: string; annotatorKinds: AnnotatorKind[] }
  | { kind: 'span-kind'; spanKinds: SpanKind[] }
  | { kind: 'status'; statusCodes: SpanStatusCode[] }
  | { kind: 'latency'; min: number | null; max: number | null }
  | { kind: 'model'; models: string[] }
  | { kind: 'text'; text: string }
  | { kind: 'custom'; text: string };

export type FilterChipKind = FilterChipSpec['kind'];

/** A chip read from a condition: its spec, its condition text and where that text sits in the condition. */
export type FilterChip = FilterChipSpec & {
  /** The chip's term as canonical condition text. */
  condition: string;
  /** The term's range in the condition the chip was read from. */
  range: SourceRange;
};

const STATUS_CODES: readonly SpanStatusCode[] = ['OK', 'ERROR', 'UNSET'];

/** The chips of a condition (one per top-level `and` term); none for an empty condition. */
export function chipsFromCondition(condition: string | ConditionAst): FilterChip[] {
  const ast = typeof condition === 'string' ? parseCondition(condition) : condition;
  return topLevelTerms(ast.body).map((term) => ({ ...specOf(term), condition: formatCondition(term), range: term.range }));
}

/** Top-level `and` terms; unlike `conjuncts`, a chained comparison stays one term (`0.5 < score < 1` is one chip). */
function topLevelTerms(body: Expression | null): Expression[] {
  if (body === null) return [];
  if (body.type === 'logical' && body.operator === 'and' && !body.chained) return body.operands.flatMap(topLevelTerms);
  return [body];
}

/** The condition text of one chip. */
export function chipToCondition(chip: FilterChipSpec): string {
  const list = (values: readonly string[]) =>
    values.length === 1 ? ` == ${pythonString(values[0]!)}` : ` in [${values.map(pythonString).join(', ')}]`;
  const range = (subject: string, min: number | null, max: number | null) => {
    if (min !== null && max !== null) return `${min} <= ${subject} <= ${max}`;
    if (min !== null) return `${subject} >= ${min}`;
    if (max !== null) return `${subject} <= ${max}`;
    return `${subject} is not None`;
  };
  switch (chip.kind) {
    case 'annotation-label':
      return `annotations[${pythonString(chip.name)}].label${list(chip.labels)}`;
    case 'annotation-score':
      return range(`annotations[${pythonString(chip.name)}].score`, chip.min, chip.max);
    case 'annotation-present':
      return `annotations[${pythonString(chip.name)}]`;
    case 'annotation-absent':
      return `not annotations[${pythonString(chip.name)}]`;
    case 'annotator-kind':
      return `annotations[${pythonString(chip.name)}].annotator_kind${list(chip.annotatorKinds)}`;
    case 'span-kind':
      return `span_kind${list(chip.spanKinds)}`;
    case 'status':
      return `status_code${list(chip.statusCodes)}`;
    case 'latency':
      return range('latency_ms', chip.min, chip.max);
    case 'model':
      return `llm.model_name${list(chip.models)}`;
    case 'text':
      return `(${pythonString(chip.text)} in input.value or ${pythonString(chip.text)} in output.value)`;
    case 'custom':
      return chip.text;
  }
}

/** Joins chips into one condition, parenthesising a term that would otherwise bind loosely. */
export function conditionFromChips(chips: readonly FilterChipSpec[]): string {
  return chips
    .map((chip) => {
      const text = chipToCondition(chip).trim();
      if (text === '') return '';
      const body = parseCondition(text).body;
      const loose = body?.type === 'logical' && body.operator === 'or';
      return loose && !(text.startsWith('(') && text.endsWith(')')) ? `(${text})` : text;
    })
    .filter((text) => text !== '')
    .join(' and ');
}

/** A short human label for a chip, e.g. `correctness: incorrect` or `latency ≥ 1000 ms`. */
export function describeChip(chip: FilterChipSpec): string {
  const range = (min: number | null, max: number | null, unit = '') => {
    if (min !== null && max !== null) return `${min}–${max}${unit}`;
    if (min !== null) return `≥ ${min}${unit}`;
    if (max !== null) return `≤ ${max}${unit}`;
    return 'any';
  };
  switch (chip.kind) {
    case 'annotation-label':
      return `${chip.name}: ${chip.labels.join(' or ')}`;
    case 'annotation-score':
      return `${chip.name} score ${range(chip.min, chip.max)}`;
    case 'annotation-present':
      return `has ${chip.name}`;
    case 'annotation-absent':
      return `no ${chip.name}`;
    case 'annotator-kind':
      return `${chip.name} by ${chip.annotatorKinds.map((k) => k.toLowerCase()).join(' or ')}`;
    case 'span-kind':
      return `kind: ${chip.spanKinds.join(' or ')}`;
    case 'status':
      return `status: ${chip.statusCodes.join(' or ')}`;
    case 'latency':
      return `latency ${range(chip.min, chip.max, ' ms')}`;
    case 'model':
      return `model: ${chip.models.join(' or ')}`;
    case 'text':
      return `contains “${chip.text}”`;
    case 'custom':
      return chip.text;
  }
}

function specOf(term: Expression): FilterChipSpec {
  const custom: FilterChipSpec = { kind: 'custom', text: formatCondition(term) };
  if (term.type === 'annotation' && term.member === null) return { kind: 'annotation-present', name: term.name };
  if (term.type === 'not' && term.operand.type === 'annotation' && term.operand.member === null) {
    return { kind: 'annotation-absent', name: term.operand.name };
  }
  if (term.type === 'logical' && term.operator === 'or' && term.operands.length === 2) {
    const [a, b] = term.operands as [Expression, Expression];
    const needle = (n: Expression, path: string) =>
      n.type === 'compare' && n.operator === 'in' && n.left.type === 'literal' && typeof n.left.value === 'string' &&
      n.right.type === 'attribute' && n.right.path.join('.') === path
        ? n.left.value
        : null;
    const text = needle(a, 'input.value');
    if (text !== null && needle(b, 'output.value') === text) return { kind: 'text', text };
    return custom;
  }
  if (term.type === 'logical' && term.chained && term.operands.length === 2) {
    const [low, high] = term.operands as [CompareNode, CompareNode];
    const subject = low.right;
    const min = low.left.type === 'literal' && typeof low.left.value === 'number' && low.operator === '<=' ? low.left.value : null;
    const max = high.right.type === 'literal' && typeof high.right.value === 'number' && high.operator === '<=' ? high.right.value : null;
    if (min === null || max === null) return custom;
    if (subject.type === 'field' && subject.name === 'latency_ms') return { kind: 'latency', min, max };
    if (subject.type === 'annotation' && subject.member === 'score') return { kind: 'annotation-score', name: subject.name, min, max };
    return custom;
  }
  if (term.type !== 'compare') return custom;
  const { left, right, operator } = term;
  const strings = (n: Expression): string[] | null => {
    if (operator === '==' && n.type === 'literal' && typeof n.value === 'string') return [n.value];
    if (operator === 'in' && n.type === 'list' && n.elements.length > 0 && n.elements.every((e) => e.type === 'literal' && typeof e.value === 'string')) {
      return n.elements.map((e) => (e as { value: string }).value);
    }
    return null;
  };
  const bound = (): { min: number | null; max: number | null } | null => {
    if (right.type !== 'literal' || typeof right.value !== 'number') return null;
    if (operator === '>=') return { min: right.value, max: null };
    if (operator === '<=') return { min: null, max: right.value };
    return null;
  };
  if (left.type === 'annotation' && left.member === 'label') {
    const labels = strings(right);
    return labels ? { kind: 'annotation-label', name: left.name, labels } : custom;
  }
  if (left.type === 'annotation' && left.member === 'annotator_kind') {
    const kinds = strings(right)?.map((k) => k.toUpperCase());
    return kinds && kinds.every((k) => ANNOTATOR_KINDS.includes(k as AnnotatorKind))
      ? { kind: 'annotator-kind', name: left.name, annotatorKinds: kinds as AnnotatorKind[] }
      : custom;
  }
  if (left.type === 'annotation' && left.member === 'score') {
    const b = bound();
    return b ? { kind: 'annotation-score', name: left.name, ...b } : custom;
  }
  if (left.type === 'field' && left.name === 'span_kind') {
    const kinds = strings(right)?.map((k) => k.toUpperCase());
    return kinds && kinds.every((k) => SPAN_KINDS.includes(k as SpanKind)) ? { kind: 'span-kind', spanKinds: kinds as SpanKind[] } : custom;
  }
  if (left.type === 'field' && left.name === 'status_code') {
    const codes = strings(right)?.map((k) => k.toUpperCase());
    return codes && codes.every((c) => STATUS_CODES.includes(c as SpanStatusCode))
      ? { kind: 'status', statusCodes: codes as SpanStatusCode[] }
      : custom;
  }
  if (left.type === 'field' && left.name === 'latency_ms') {
    const b = bound();
    return b ? { kind: 'latency', ...b } : custom;
  }
  if (left.type === 'attribute' && left.path.join('.') === 'llm.model_name') {
    const models = strings(right);
    return models ? { kind: 'model', models } : custom;
  }
  return custom;
}

