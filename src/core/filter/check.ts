import {
  FIELD_TYPES,
  NUMERIC_ATTRIBUTES,
  type CallNode,
  type CompareNode,
  type Expression,
  type LiteralNode,
  type SourceRange,
  type ValueType,
} from './ast';
import { FilterConditionError, quoteFragment } from './errors';
import { NUMERIC_TEXT } from './tokenizer';
import { parseDatetimeLiteral } from './values';

/** The static type of a value node (conditions are `boolean`; attributes are `unknown` until read). */
export function typeOf(node: Expression): ValueType {
  switch (node.type) {
    case 'literal':
      return node.value === null ? 'null' : (typeof node.value as 'string' | 'number' | 'boolean');
    case 'list':
      return 'list';
    case 'field':
      return FIELD_TYPES[node.name];
    case 'attribute':
      return NUMERIC_ATTRIBUTES.includes(node.path.join('.')) ? 'number' : 'unknown';
    case 'annotation':
      if (node.member === null) return 'boolean';
      return node.member === 'score' ? 'number' : 'string';
    case 'parent_span':
      return 'unknown';
    case 'call':
      return node.callee === 'str' ? 'string' : 'number';
    case 'unary':
      return 'number';
    case 'binary': {
      if (node.operator !== '+') return 'number';
      const left = typeOf(node.left);
      const right = typeOf(node.right);
      return left === 'number' || right === 'number' ? 'number' : 'string';
    }
    case 'compare':
    case 'logical':
    case 'not':
      return 'boolean';
  }
}

/** Whether a node can stand where a condition is expected (operands of and/or/not). */
export function isConditionNode(node: Expression): boolean {
  return (
    node.type === 'compare' ||
    node.type === 'logical' ||
    node.type === 'not' ||
    (node.type === 'annotation' && node.member === null) ||
    (node.type === 'literal' && typeof node.value === 'boolean')
  );
}

const ORDERED = new Set(['<', '<=', '>', '>=']);
const TYPE_WORDS: Record<ValueType, string> = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  datetime: 'datetime',
  null: 'None',
  unknown: 'attribute',
  list: 'collection',
};

/** Validates a parsed condition the way Phoenix does before it runs; throws a {@link FilterConditionError}. */
export function checkCondition(body: Expression, text: string): void {
  new Checker(text).checkTop(body);
}

class Checker {
  constructor(private readonly text: string) {}

  private fail(message: string, range: SourceRange): never {
    throw new FilterConditionError(message, range, this.text);
  }

  private fragment(node: Expression | SourceRange): string {
    const range = 'range' in node ? node.range : node;
    return quoteFragment(this.text.slice(range.start, range.end));
  }

  checkTop(body: Expression): void {
    if (body.type === 'literal' && typeof body.value === 'boolean') {
      this.fail(
        `${this.fragment(body)} can only be used as an operand of \`and\` / \`or\` / \`not\`; an empty condition already matches every span`,
        body.range,
      );
    }
    this.requireCondition(body);
  }

  private requireCondition(node: Expression): void {
    if (!isConditionNode(node)) {
      if (node.type === 'parent_span') this.parentSpanMisuse(node.range);
      const shown = this.text.slice(node.range.start, node.range.end).replace(/\s+/g, ' ');
      const example = shown.length > 40 ? 'x' : shown;
      this.fail(`${this.fragment(node)} is not a condition, expected a comparison such as \`${example} == ...\``, node.range);
    }
    this.checkNode(node);
  }

  private checkNode(node: Expression): void {
    switch (node.type) {
      case 'logical':
        for (const operand of node.operands) this.requireCondition(operand);
        return;
      case 'not':
        this.requireCondition(node.operand);
        return;
      case 'compare':
        this.checkCompare(node);
        return;
      default:
        this.checkValue(node);
    }
  }

  private parentSpanMisuse(range: SourceRange): never {
    return this.fail('`parent_span` can only be compared to None: `parent_span is None` or `parent_span is not None`', range);
  }

  private checkValue(node: Expression): void {
    switch (node.type) {
      case 'literal':
      case 'field':
      case 'attribute':
      case 'annotation':
        return;
      case 'parent_span':
        this.parentSpanMisuse(node.range);
        return;
      case 'list':
        this.fail(
          `${this.fragment(node)} is a collection, which is only supported on the right of \`in\` / \`not in\``,
          node.range,
        );
        return;
      case 'call':
        this.checkCall(node);
        return;
      case 'unary': {
        this.checkValue(node.operand);
        const type = typeOf(node.operand);
        if (type !== 'number' && type !== 'unknown') {
          this.fail(`cannot negate ${TYPE_WORDS[type]} ${this.fragment(node.operand)}`, node.range);
        }
        return;
      }
      case 'binary': {
        this.checkValue(node.left);
        this.checkValue(node.right);
        const left = typeOf(node.left);
        const right = typeOf(node.right);
        for (const [type, side] of [[left, node.left], [right, node.right]] as const) {
          if (type === 'boolean' || type === 'datetime' || type === 'null' || type === 'list') {
            this.fail(`cannot do arithmetic with ${TYPE_WORDS[type]} ${this.fragment(side)}`, side.range);
          }
        }
        if (node.operator === '+') {
          if ((left === 'string' && right === 'number') || (left === 'number' && right === 'string')) {
            this.fail(`cannot add string and number in ${this.fragment(node)}`, node.range);
          }
        } else {
          for (const [type, side] of [[left, node.left], [right, node.right]] as const) {
            if (type === 'string') {
              this.fail(`cannot do arithmetic with string ${this.fragment(side)}, wrap it in float() to read a number`, side.range);
            }
          }
        }
        return;
      }
      case 'compare':
      case 'logical':
      case 'not':
        this.checkNode(node);
    }
  }

  private checkCall(node: CallNode): void {
    const argument = node.argument;
    this.checkValue(argument);
    const type = typeOf(argument);
    if (node.callee === 'str') {
      if (argument.type === 'literal' && argument.value === null) this.fail('cannot cast the literal None to text', node.range);
      if (type === 'boolean' || type === 'number' || type === 'datetime') {
        this.fail(`cannot cast ${type} to text: ${this.fragment(node)}`, node.range);
      }
      return;
    }
    if (argument.type === 'literal') {
      if (argument.value === null) this.fail('cannot cast the literal None to number', node.range);
      if (typeof argument.value === 'string') {
        if (!NUMERIC_TEXT.test(argument.value)) {
          this.fail(`cannot cast string to number: ${this.fragment(argument)}`, argument.range);
        }
        if (!Number.isFinite(Number(argument.value))) {
          this.fail(`invalid numeric literal: ${argument.value}`, argument.range);
        }
      }
    }
    if (type === 'boolean' || type === 'datetime') this.fail(`cannot cast ${type} to number: ${this.fragment(node)}`, node.range);
  }

  private checkCompare(node: CompareNode): void {
    const { operator, left, right } = node;
    if (left.type === 'parent_span' || right.type === 'parent_span') {
      const other = left.type === 'parent_span' ? right : left;
      const ok =
        other.type === 'literal' &&
        other.value === null &&
        (operator === 'is' || operator === 'is not' || operator === '==' || operator === '!=');
      if (!ok) this.parentSpanMisuse(node.range);
      return;
    }
    if (left.type === 'list') {
      this.fail(`${this.fragment(node)} compares against a collection, which is only supported on the right of \`in\` / \`not in\``, left.range);
    }
    if (operator === 'in' || operator === 'not in') {
      this.checkMembership(node);
      return;
    }
    if (right.type === 'list') {
      this.fail(`${this.fragment(node)} compares against a collection, which is only supported with \`in\` / \`not in\``, right.range);
    }
    this.checkValue(left);
    this.checkValue(right);
    const isSingleton = (n: Expression) => n.type === 'literal' && (n.value === null || typeof n.value === 'boolean');
    if (operator === 'is' || operator === 'is not') {
      if (!isSingleton(right) && !isSingleton(left)) {
        this.fail(
          `${this.fragment(node)} uses \`is\` with a value, which SQL cannot express; use \`==\`, or \`is\` with None/True/False`,
          node.range,
        );
      }
    }
    const leftType = typeOf(left);
    const rightType = typeOf(right);
    if (ORDERED.has(operator) && (leftType === 'null' || rightType === 'null')) {
      this.fail(`\`${operator}\` cannot compare against None, use \`is None\` / \`is not None\`: ${this.fragment(node)}`, node.range);
    }
    if (leftType === 'null' || rightType === 'null') return;
    if (ORDERED.has(operator) && (leftType === 'boolean' || rightType === 'boolean')) {
      this.fail(`${this.fragment(node)} orders a boolean, use \`==\`, \`!=\`, or \`is\` instead of \`<\` / \`>\``, node.range);
    }
    this.checkComparable(node, left, right, leftType, rightType);
  }

  private checkComparable(node: Expression, left: Expression, right: Expression, leftType: ValueType, rightType: ValueType): void {
    if (leftType === 'datetime' || rightType === 'datetime') {
      const other = leftType === 'datetime' ? right : left;
      const otherType = leftType === 'datetime' ? rightType : leftType;
      if (otherType === 'datetime') return;
      if (other.type === 'literal' && typeof other.value === 'string') {
        const parsed = parseDatetimeLiteral(other.value);
        if (!parsed.ok) this.fail(parsed.message, other.range);
        return;
      }
      if (otherType === 'unknown') {
        this.fail(
          `cannot compare a datetime field and an attribute, use an ISO 8601 string literal such as '2024-01-01T00:00:00Z': ${this.fragment(node)}`,
          node.range,
        );
      }
      this.fail(`cannot compare datetime and ${TYPE_WORDS[otherType]}: ${this.fragment(node)}`, node.range);
    }
    if (leftType === 'unknown' || rightType === 'unknown' || leftType === rightType) return;
    this.fail(this.mismatch(node, left, right, leftType, rightType), node.range);
  }

  private mismatch(node: Expression, left: Expression, right: Expression, leftType: ValueType, rightType: ValueType): string {
    let message = `cannot compare ${TYPE_WORDS[leftType]} and ${TYPE_WORDS[rightType]}: ${this.fragment(node)}`;
    const quoted = [left, right].find(
      (n): n is LiteralNode => n.type === 'literal' && typeof n.value === 'string' && NUMERIC_TEXT.test(n.value),
    );
    if (quoted && (leftType === 'number' || rightType === 'number')) {
      message += `, write ${quoted.value as string} instead of ${this.text.slice(quoted.range.start, quoted.range.end)}`;
    }
    return message;
  }

  private checkMembership(node: CompareNode): void {
    const { left, right } = node;
    if (right.type === 'list') {
      if (left.type === 'literal') {
        this.fail(`${this.fragment(node)} compares two literals, expected a span field on the left`, node.range);
      }
      this.checkValue(left);
      const leftType = typeOf(left);
      let elementType: ValueType | null = null;
      for (const element of right.elements) {
        if (element.type === 'list') {
          this.fail(`${this.fragment(element)} is not a value, collections cannot be nested`, element.range);
        }
        if (element.type !== 'literal') {
          this.fail(`${this.fragment(element)} is not a literal: a collection holds literals only`, element.range);
        }
        if (element.value === null) {
          this.fail(
            `${this.fragment(node)} includes None, which never matches; test for missing values with \`is None\` / \`is not None\``,
            element.range,
          );
        }
        const type = typeOf(element);
        if (elementType !== null && type !== elementType) {
          this.fail(`${this.fragment(right)} mixes types: a list is all text, all numbers or all booleans`, right.range);
        }
        elementType = type;
        if (leftType === 'boolean' && type === 'boolean') continue;
        this.checkComparable(node, left, element, leftType, type);
      }
      return;
    }
    if (right.type === 'literal') {
      if (left.type === 'literal') {
        this.fail(`${this.fragment(node)} compares two literals, expected a span field on the left`, node.range);
      }
      this.fail(`\`in\` expects a collection or a text field on the right, got ${this.fragment(right)}`, right.range);
    }
    this.checkValue(left);
    this.checkValue(right);
    const rightType = typeOf(right);
    if (rightType !== 'string' && rightType !== 'unknown') {
      this.fail(`\`in\` expects a collection or a text field on the right, got ${TYPE_WORDS[rightType]} ${this.fragment(right)}`, right.range);
    }
    const leftType = typeOf(left);
    if (leftType !== 'string' && leftType !== 'unknown') {
      this.fail(`${this.fragment(node)} looks for ${TYPE_WORDS[leftType]} in text, expected a string such as 'refund'`, left.range);
    }
  }
}
