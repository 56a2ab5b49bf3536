import type { Annotation, Span } from '../model';
import type { CompareNode, ConditionAst, Expression, FieldName, ValueType } from './ast';
import { typeOf } from './check';
import { parseCondition } from './parser';
import { latencyOf, leaf, parseDatetimeLiteral, readAttribute, toBoolean, toNumber, toText } from './values';

/** What a condition may need to know about the spans around the one it tests. */
export interface FilterScope {
  /** Whether a span with this id is in the set; `parent_span is None` holds when the parent is not. */
  hasSpan(spanId: string): boolean;
  /** The span's own token count of this kind plus its descendants' (Phoenix's `cumulative_llm_token_count_*`). */
  cumulativeTokenCount(span: Span, kind: TokenCountKind): number;
}

export type TokenCountKind = 'prompt' | 'completion' | 'total';

/**
 * A condition compiled to a predicate. Call it with a span and that span's annotations (only
 * those whose target is the span); pass a {@link FilterScope} when the condition reads
 * `parent_span` or cumulative token counts (without one, every parent counts as present and a
 * cumulative count is the span's own).
 */
export interface CompiledCondition {
  (span: Span, annotations?: readonly Annotation[] | null, scope?: FilterScope): boolean;
  /** The parsed condition. */
  readonly condition: ConditionAst;
  /** Annotation names the condition reads, in order of first use. */
  readonly annotationNames: readonly string[];
  /** Whether the condition reads `parent_span` (it then wants a scope). */
  readonly usesParentSpan: boolean;
  /** Whether the condition reads cumulative token counts (it then wants a scope). */
  readonly usesCumulativeTokenCounts: boolean;
}

/** SQL's three-valued logic: `null` is unknown (a missing value), and only `true` selects a span. */
type Test = (span: Span) => boolean | null;
type Getter = (span: Span) => unknown;

interface Runtime {
  slots: (Annotation | null)[];
  scope: FilterScope | undefined;
}

const ENUM_FIELDS: ReadonlySet<FieldName> = new Set(['span_kind', 'status_code']);
const CUMULATIVE: Partial<Record<FieldName, TokenCountKind>> = {
  cumulative_llm_token_count_prompt: 'prompt',
  cumulative_llm_token_count_completion: 'completion',
  cumulative_llm_token_count_total: 'total',
};

/**
 * Compiles a condition once into a tree of closures, each specialised for its operator and operand
 * types, so testing a span does no parsing and no dispatch on node types (and no `eval`, so it is
 * CSP-safe). Throws a `FilterConditionError` for a condition that does not parse.
 *
 * Several annotations of one name on a span: the condition holds when it holds for some choice of
 * one annotation per referenced name — every member access of that name in one choice reads the
 * same annotation, exactly as Phoenix's join of `span_annotations` behaves.
 */
export function compileCondition(condition: string | ConditionAst): CompiledCondition {
  const ast = typeof condition === 'string' ? parseCondition(condition) : condition;
  const compiler = new Compiler();
  const test: Test = ast.body === null ? () => true : compiler.test(ast.body, true);
  const runtime = compiler.runtime;
  const names = compiler.names;
  const slotCount = names.length;

  let predicate: (span: Span, annotations?: readonly Annotation[] | null, scope?: FilterScope) => boolean;
  if (slotCount === 0) {
    predicate = (span, _annotations, scope) => {
      runtime.scope = scope;
      return test(span) === true;
    };
  } else {
    const slots = runtime.slots;
    predicate = (span, annotations, scope) => {
      runtime.scope = scope;
      for (let k = 0; k < slotCount; k++) slots[k] = null;
      let several = false;
      if (annotations) {
        for (let i = 0; i < annotations.length; i++) {
          const annotation = annotations[i]!;
          const k = slotCount === 1 ? (annotation.name === names[0] ? 0 : -1) : names.indexOf(annotation.name);
          if (k < 0) continue;
          if (slots[k] === null) slots[k] = annotation;
          else several = true;
        }
      }
      if (!several) return test(span) === true;
      return anyChoice(span, annotations!, names, slots, test);
    };
  }
  return Object.assign(predicate, {
    condition: ast,
    annotationNames: names,
    usesParentSpan: compiler.usesParentSpan,
    usesCumulativeTokenCounts: compiler.usesCumulative,
  });
}

// The rare case (two annotations of one name on a span): try every combination, stopping at the first match.
function anyChoice(
  span: Span,
  annotations: readonly Annotation[],
  names: readonly string[],
  slots: (Annotation | null)[],
  test: Test,
): boolean {
  const choices: (Annotation | null)[][] = names.map((name) => {
    const found = annotations.filter((annotation) => annotation.name === name);
    return found.length === 0 ? [null] : found;
  });
  const position = new Array<number>(names.length).fill(0);
  for (;;) {
    for (let k = 0; k < names.length; k++) slots[k] = choices[k]![position[k]!]!;
    if (test(span) === true) return true;
    let k = 0;
    while (k < names.length && ++position[k]! === choices[k]!.length) position[k++] = 0;
    if (k === names.length) return false;
  }
}

type Mode = 'number' | 'text' | 'boolean';

class Compiler {
  readonly runtime: Runtime = { slots: [], scope: undefined };
  readonly names: string[] = [];
  usesParentSpan = false;
  usesCumulative = false;

  private slot(name: string): number {
    let index = this.names.indexOf(name);
    if (index < 0) {
      index = this.names.push(name) - 1;
      this.runtime.slots.push(null);
    }
    return index;
  }

  // ---- conditions

  /**
   * `positive`: only whether the result is true matters (the top level, and and/or beneath it), so
   * unknown and false are one answer and `and` can stop at the first operand that is not true —
   * the short-circuit a hand-written predicate gets, which three-valued logic otherwise forbids.
   * Under `not` the distinction matters again and the operand is compiled three-valued.
   */
  test(node: Expression, positive = false): Test {
    switch (node.type) {
      case 'logical': {
        const operands = node.operands.map((n) => this.test(n, positive));
        if (positive) return node.operator === 'and' ? allTrue(operands) : anyTrue(operands);
        return node.operator === 'and' ? and(operands) : or(operands);
      }
      case 'not': {
        const operand = this.test(node.operand);
        if (positive) return (span) => operand(span) === false;
        return (span) => {
          const value = operand(span);
          return value === null ? null : !value;
        };
      }
      case 'compare':
        return this.compare(node);
      case 'annotation': {
        const slots = this.runtime.slots;
        const k = this.slot(node.name);
        return () => slots[k] !== null;
      }
      case 'literal': {
        const value = node.value === true;
        return () => value;
      }
      default: {
        const value = this.value(node, 'boolean');
        return value as Test;
      }
    }
  }

  private compare(node: CompareNode): Test {
    const { operator } = node;
    let { left, right } = node;

    if (left.type === 'parent_span' || right.type === 'parent_span') {
      this.usesParentSpan = true;
      const runtime = this.runtime;
      const wantsNone = operator === 'is' || operator === '==';
      return (span) => {
        const parentId = span.parentId;
        const scope = runtime.scope;
        const isNone = parentId === null || parentId === undefined || (scope !== undefined && !scope.hasSpan(parentId));
        return wantsNone ? isNone : !isNone;
      };
    }

    const isNoneLiteral = (n: Expression) => n.type === 'literal' && n.value === null;
    if (isNoneLiteral(left) && !isNoneLiteral(right)) [left, right] = [right, left];
    if (isNoneLiteral(right)) {
      if (isNoneLiteral(left)) return constant(operator === 'is' || operator === '==' ? true : operator === 'is not' || operator === '!=' ? false : null);
      if (operator === 'is' || operator === '==' || operator === 'is not' || operator === '!=') {
        const raw = this.raw(left);
        return operator === 'is' || operator === '==' ? (span) => raw(span) === null : (span) => raw(span) !== null;
      }
      return constant(null); // unreachable: the checker refuses ordering against None
    }

    const isBoolLiteral = (n: Expression) => n.type === 'literal' && typeof n.value === 'boolean';
    if (operator === 'is' || operator === 'is not') {
      if (isBoolLiteral(left)) [left, right] = [right, left];
      const wanted = (right as { value: boolean }).value;
      const value = this.value(left, 'boolean');
      // a missing value, or one that is no boolean, is neither (Phoenix's SQL NULL)
      return operator === 'is'
        ? (span) => {
            const v = value(span);
            return v === null ? null : v === wanted;
          }
        : (span) => {
            const v = value(span);
            return v === null ? null : v !== wanted;
          };
    }

    if (operator === 'in' || operator === 'not in') {
      return right.type === 'list' ? this.membership(node) : this.contains(node);
    }

    const leftType = typeOf(left);
    const rightType = typeOf(right);
    const mode = comparisonMode(operator, leftType, rightType);
    const fold = enumFold(left, right);
    const leftConstant = this.constantOf(left, mode, rightType, fold);
    const rightConstant = this.constantOf(right, mode, leftType, fold);
    if (leftConstant !== undefined && rightConstant !== undefined) {
      return constant(leftConstant === null || rightConstant === null ? null : applyOperator(operator, leftConstant, rightConstant));
    }
    if (rightConstant !== undefined) return compareConstant(operator, this.value(left, mode), rightConstant);
    if (leftConstant !== undefined) return compareConstant(flip(operator), this.value(right, mode), leftConstant);
    return compareValues(operator, this.value(left, mode), this.value(right, mode));
  }

  /** The literal operand as the comparison reads it (a datetime literal as epoch ms, an enum literal upper-cased). */
  private constantOf(node: Expression, mode: Mode, otherType: ValueType, fold: boolean): string | number | boolean | null | undefined {
    if (node.type !== 'literal') return undefined;
    const value = node.value;
    if (otherType === 'datetime' && typeof value === 'string') {
      const parsed = parseDatetimeLiteral(value);
      return parsed.ok ? parsed.value : null;
    }
    if (fold && typeof value === 'string') return value.toUpperCase();
    if (mode === 'number') return toNumber(value);
    if (mode === 'boolean') return toBoolean(value);
    return toText(value);
  }

  private membership(node: CompareNode): Test {
    const left = node.left;
    const list = node.right as Extract<Expression, { type: 'list' }>;
    const leftType = typeOf(left);
    const values = list.elements.map((element) => (element as Extract<Expression, { type: 'literal' }>).value);
    let mode: Mode;
    let items: unknown[];
    if (leftType === 'datetime') {
      mode = 'number';
      items = values.map((value) => {
        const parsed = parseDatetimeLiteral(String(value));
        return parsed.ok ? parsed.value : null;
      });
    } else if (leftType === 'number' || values.some((value) => typeof value === 'number')) {
      mode = 'number';
      items = values.map(toNumber);
    } else if (values.some((value) => typeof value === 'boolean')) {
      mode = 'boolean';
      items = values.map(toBoolean);
    } else {
      mode = 'text';
      const fold = isEnum(left);
      items = values.map((value) => (fold ? String(value).toUpperCase() : toText(value)));
    }
    const set = new Set(items);
    const value = this.value(left, mode);
    return node.operator === 'in'
      ? (span) => {
          const v = value(span);
          return v === null ? null : set.has(v);
        }
      : (span) => {
          const v = value(span);
          return v === null ? null : !set.has(v);
        };
  }

  // Substring tests are case-insensitive, as in Phoenix since its session filter shipped.
  private contains(node: CompareNode): Test {
    const haystack = this.value(node.right, 'text') as (span: Span) => string | null;
    const negate = node.operator === 'not in';
    if (node.left.type === 'literal') {
      const needle = String(node.left.value).toLowerCase();
      return negate
        ? (span) => {
            const text = haystack(span);
            return text === null ? null : !text.toLowerCase().includes(needle);
          }
        : (span) => {
            const text = haystack(span);
            return text === null ? null : text.toLowerCase().includes(needle);
          };
    }
    const needle = this.value(node.left, 'text') as (span: Span) => string | null;
    return (span) => {
      const text = haystack(span);
      if (text === null) return null;
      const part = needle(span);
      if (part === null) return null;
      const found = text.toLowerCase().includes(part.toLowerCase());
      return negate ? !found : found;
    };
  }

  // ---- values

  /** A getter for the node's value converted for a comparison in `mode`; null when missing or not convertible. */
  value(node: Expression, mode: Mode): Getter {
    const type = typeOf(node);
    switch (node.type) {
      case 'literal': {
        const value = mode === 'number' ? toNumber(node.value) : mode === 'boolean' ? toBoolean(node.value) : toText(node.value);
        return () => value;
      }
      case 'compare':
      case 'logical':
      case 'not':
        return this.test(node);
      case 'annotation':
        if (node.member === null) return this.test(node);
        break;
      case 'call': {
        const inner = this.value(node.argument, node.callee === 'str' ? 'text' : 'number');
        return this.convert(inner, node.callee === 'str' ? 'string' : 'number', mode);
      }
      case 'unary': {
        const operand = this.value(node.operand, 'number');
        if (node.operator === '+') return operand;
        return (span) => {
          const v = operand(span) as number | null;
          return v === null ? null : -v;
        };
      }
      case 'binary':
        return this.convert(this.arithmetic(node), type, mode);
    }
    return this.convert(this.raw(node), type, mode);
  }

  private convert(getter: Getter, type: ValueType, mode: Mode): Getter {
    if (mode === 'number') {
      if (type === 'number' || type === 'datetime') return getter;
      return (span) => toNumber(getter(span));
    }
    if (mode === 'text') {
      if (type === 'string') return getter;
      return (span) => toText(getter(span));
    }
    if (type === 'boolean') return getter;
    return (span) => toBoolean(getter(span));
  }

  private arithmetic(node: Extract<Expression, { type: 'binary' }>): Getter {
    if (typeOf(node) === 'string') {
      const left = this.value(node.left, 'text') as (span: Span) => string | null;
      const right = this.value(node.right, 'text') as (span: Span) => string | null;
      return (span) => {
        const a = left(span);
        if (a === null) return null;
        const b = right(span);
        return b === null ? null : a + b;
      };
    }
    const left = this.value(node.left, 'number') as (span: Span) => number | null;
    const right = this.value(node.right, 'number') as (span: Span) => number | null;
    const apply = ARITHMETIC[node.operator]!;
    return (span) => {
      const a = left(span);
      if (a === null) return null;
      const b = right(span);
      return b === null ? null : apply(a, b);
    };
  }

  /** The value as stored, with `undefined` read as null (missing). */
  raw(node: Expression): Getter {
    switch (node.type) {
      case 'field':
        return this.field(node.name);
      case 'attribute':
        return attributeGetter(node.path);
      case 'annotation': {
        const slots = this.runtime.slots;
        const k = this.slot(node.name);
        switch (node.member) {
          case 'label':
            return () => slots[k]?.label ?? null;
          case 'score':
            return () => {
              const score = slots[k]?.score;
              return typeof score === 'number' ? score : null;
            };
          case 'explanation':
            return () => slots[k]?.explanation ?? null;
          case 'annotator_kind':
            return () => slots[k]?.annotatorKind ?? null;
          case null:
            return () => slots[k] !== null;
        }
        break;
      }
      case 'literal': {
        const value = node.value;
        return () => value;
      }
      default:
        return this.value(node, typeOf(node) === 'number' ? 'number' : typeOf(node) === 'boolean' ? 'boolean' : 'text');
    }
  }

  private field(name: FieldName): Getter {
    switch (name) {
      case 'span_id':
        return (span) => span.spanId ?? null;
      case 'trace_id':
        return (span) => span.traceId ?? null;
      case 'parent_id':
        return (span) => span.parentId ?? null;
      case 'span_kind':
        return (span) => span.kind ?? null;
      case 'name':
        return (span) => span.name ?? null;
      case 'status_code':
        return (span) => span.status?.code ?? null;
      case 'status_message':
        // Phoenix's column is never NULL: a span without a message has ''
        return (span) => span.status?.message ?? '';
      case 'latency_ms':
        return latencyOf;
      case 'start_time':
        return (span) => span.startTime ?? null;
      case 'end_time':
        return (span) => span.endTime ?? null;
      default: {
        const kind = CUMULATIVE[name]!;
        this.usesCumulative = true;
        const runtime = this.runtime;
        const own = attributeGetter(['llm', 'token_count', kind]);
        return (span) => (runtime.scope ? runtime.scope.cumulativeTokenCount(span, kind) : (toNumber(own(span)) ?? 0));
      }
    }
  }
}

/**
 * A fast reader for plain string paths (the common `input.value`), the general one otherwise.
 * Inherited properties of a plain object are all functions (`constructor`, `toString`), so reading
 * `obj[key]` and refusing functions is an own-property read without a `hasOwnProperty` call per step.
 */
export function attributeGetter(path: readonly (string | number)[]): Getter {
  const plain = path[0] !== 'metadata' && path.every((key) => typeof key === 'string' && key !== '__proto__' && key !== '');
  if (!plain) return (span) => readAttribute(span.attributes, path);
  const keys = path as readonly string[];
  const finish = (v: unknown): unknown => {
    if (v === undefined || typeof v === 'function') return null;
    return v !== null && typeof v === 'object' && !Array.isArray(v) && (v as Record<string, unknown>)[''] !== undefined ? leaf(v) : v;
  };
  if (keys.length === 1) {
    const [a] = keys as [string];
    return (span) => finish(span.attributes[a]);
  }
  if (keys.length === 2) {
    const [a, b] = keys as [string, string];
    return (span) => {
      const outer = span.attributes[a];
      if (outer === null || typeof outer !== 'object' || Array.isArray(outer)) return null;
      return finish(outer[b]);
    };
  }
  return (span) => {
    let value: unknown = span.attributes;
    for (let i = 0; i < keys.length; i++) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
      value = (value as Record<string, unknown>)[keys[i]!];
      if (value === undefined || typeof value === 'function') return null;
    }
    return finish(value);
  };
}

/** `span_kind`, `status_code` (and annokit's `annotator_kind`) hold upper-case enum values; literals compared with them are upper-cased. */
function isEnum(node: Expression): boolean {
  return (node.type === 'field' && ENUM_FIELDS.has(node.name)) || (node.type === 'annotation' && node.member === 'annotator_kind');
}

function enumFold(left: Expression, right: Expression): boolean {
  const isText = (n: Expression) => n.type === 'literal' && typeof n.value === 'string';
  return (isEnum(left) && isText(right)) || (isEnum(right) && isText(left));
}

function comparisonMode(operator: string, left: ValueType, right: ValueType): Mode {
  if (left === 'datetime' || right === 'datetime' || left === 'number' || right === 'number') return 'number';
  if (left === 'boolean' || right === 'boolean') return 'boolean';
  if (left === 'string' || right === 'string') return 'text';
  // two attributes: ordered numerically (text order would put '9' after '10'), equality as text
  return operator === '==' || operator === '!=' ? 'text' : 'number';
}

const ARITHMETIC: Record<string, (a: number, b: number) => number | null> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => (b === 0 ? null : a / b),
  '%': (a, b) => (b === 0 ? null : a % b),
};

function flip(operator: string): string {
  return operator === '<' ? '>' : operator === '>' ? '<' : operator === '<=' ? '>=' : operator === '>=' ? '<=' : operator;
}

function applyOperator(operator: string, a: unknown, b: unknown): boolean {
  switch (operator) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return (a as number) < (b as number);
    case '<=':
      return (a as number) <= (b as number);
    case '>':
      return (a as number) > (b as number);
    default:
      return (a as number) >= (b as number);
  }
}

function constant(value: boolean | null): Test {
  return () => value;
}

function compareConstant(operator: string, get: Getter, c: unknown): Test {
  if (c === null) return constant(null);
  switch (operator) {
    case '==':
      return (span) => {
        const v = get(span);
        return v === null ? null : v === c;
      };
    case '!=':
      return (span) => {
        const v = get(span);
        return v === null ? null : v !== c;
      };
    case '<':
      return (span) => {
        const v = get(span);
        return v === null ? null : (v as number) < (c as number);
      };
    case '<=':
      return (span) => {
        const v = get(span);
        return v === null ? null : (v as number) <= (c as number);
      };
    case '>':
      return (span) => {
        const v = get(span);
        return v === null ? null : (v as number) > (c as number);
      };
    default:
      return (span) => {
        const v = get(span);
        return v === null ? null : (v as number) >= (c as number);
      };
  }
}

function compareValues(operator: string, left: Getter, right: Getter): Test {
  return (span) => {
    const a = left(span);
    if (a === null) return null;
    const b = right(span);
    return b === null ? null : applyOperator(operator, a, b);
  };
}

function allTrue(tests: Test[]): Test {
  if (tests.length === 2) {
    const [a, b] = tests as [Test, Test];
    return (span) => a(span) === true && b(span) === true;
  }
  if (tests.length === 3) {
    const [a, b, c] = tests as [Test, Test, Test];
    return (span) => a(span) === true && b(span) === true && c(span) === true;
  }
  return (span) => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(span) !== true) return false;
    return true;
  };
}

function anyTrue(tests: Test[]): Test {
  if (tests.length === 2) {
    const [a, b] = tests as [Test, Test];
    return (span) => a(span) === true || b(span) === true;
  }
  return (span) => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(span) === true) return true;
    return false;
  };
}

function and(tests: Test[]): Test {
  if (tests.length === 2) {
    const [a, b] = tests as [Test, Test];
    return (span) => {
      const x = a(span);
      if (x === false) return false;
      const y = b(span);
      if (y === false) return false;
      return x === null || y === null ? null : true;
    };
  }
  return (span) => {
    let unknown = false;
    for (let i = 0; i < tests.length; i++) {
      const x = tests[i]!(span);
      if (x === false) return false;
      if (x === null) unknown = true;
    }
    return unknown ? null : true;
  };
}

function or(tests: Test[]): Test {
  if (tests.length === 2) {
    const [a, b] = tests as [Test, Test];
    return (span) => {
      const x = a(span);
      if (x === true) return true;
      const y = b(span);
      if (y === true) return true;
      return x === null || y === null ? null : false;
    };
  }
  return (span) => {
    let unknown = false;
    for (let i = 0; i < tests.length; i++) {
      const x = tests[i]!(span);
      if (x === true) return true;
      if (x === null) unknown = true;
    }
    return unknown ? null : false;
  };
}
