import {
  ANNOTATION_MEMBERS,
  FIELD_ALIASES,
  FIELD_TYPES,
  type AnnotationMember,
  type CompareNode,
  type CompareOperator,
  type ConditionAst,
  type Expression,
  type FieldName,
  type LiteralNode,
  type SourceRange,
} from './ast';
import { checkCondition } from './check';
import { FilterConditionError, quoteFragment } from './errors';
import { closestMatch, disjunction } from './suggest';
import { tokenize, type Token } from './tokenizer';

/**
 * Parses a condition in Phoenix's span-filter language into a typed AST and checks it (types,
 * boolean position, literals). Throws a {@link FilterConditionError} with the range at fault.
 * An empty or blank condition parses to a `body` of null, which matches every span.
 */
export function parseCondition(text: string): ConditionAst {
  if (typeof text !== 'string') {
    throw new FilterConditionError(`condition: expected a string, got ${typeof text}`, { start: 0, end: 0 }, '');
  }
  const range = { start: 0, end: text.length };
  if (text.trim() === '') return { type: 'condition', text, body: null, range };
  const body = new Parser(text).parseAll();
  checkCondition(body, text);
  return { type: 'condition', text, body, range };
}

/** The result of {@link safeParseCondition}. */
export type SafeParseConditionResult =
  | { ok: true; condition: ConditionAst }
  | { ok: false; error: FilterConditionError };

/** Like {@link parseCondition}, returning the error instead of throwing (for editors validating as the user types). */
export function safeParseCondition(text: string): SafeParseConditionResult {
  try {
    return { ok: true, condition: parseCondition(text) };
  } catch (error) {
    if (error instanceof FilterConditionError) return { ok: false, error };
    throw error;
  }
}

const COMPARE_OPERATORS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const REJECTED_BINARY = new Set(['|', '^', '&', '<<', '>>', '**', '//', '@']);
const CASTS = new Set(['str', 'float', 'int']);

type Postfix =
  | { kind: 'member'; name: string; range: SourceRange }
  | { kind: 'subscript'; index: Expression; range: SourceRange }
  | { kind: 'call'; args: Expression[]; range: SourceRange };

/** Deeper nesting is refused rather than left to overflow the stack (here, or in the checker and compiler). */
const MAX_DEPTH = 200;

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;

  private enter(token: Token): void {
    if (++this.depth > MAX_DEPTH) this.fail('filter condition is nested too deeply', token.range);
  }

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  parseAll(): Expression {
    const expression = this.parseOr();
    const token = this.peek();
    if (token.kind !== 'end') {
      if (token.text === 'if' || token.text === 'for') {
        this.fail(`invalid expression: ${this.slice(expression.range.start, this.text.length)}`, {
          start: expression.range.start,
          end: this.text.length,
        });
      }
      if (token.text === ',') this.fail('expected one condition, found `,`: join conditions with `and` / `or`', token.range);
      if (token.text === '=') this.fail('`=` is assignment: use `==` to compare', token.range);
      this.fail(`unexpected ${describe(token)}`, token.range);
    }
    return expression;
  }

  // ---- token helpers

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private is(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return (token.kind === 'op' || token.kind === 'keyword') && token.text === text;
  }

  private expect(text: string, opener?: Token): Token {
    if (this.is(text)) return this.next();
    const token = this.peek();
    if (token.kind === 'end' && opener) {
      this.fail(`\`${opener.text}\` is never closed, expected \`${text}\``, opener.range);
    }
    return this.fail(`expected \`${text}\`, found ${describe(token)}`, token.range);
  }

  private fail(message: string, range: SourceRange): never {
    throw new FilterConditionError(message, range, this.text);
  }

  private slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }

  private span(start: number, end: number): SourceRange {
    return { start, end };
  }

  // ---- grammar, loosest binding first (Python's precedence)

  private parseOr(): Expression {
    const first = this.parseAnd();
    if (!this.is('or')) return first;
    const operands = [first];
    while (this.is('or')) {
      this.next();
      operands.push(this.parseAnd());
    }
    return { type: 'logical', operator: 'or', operands, range: this.span(first.range.start, operands.at(-1)!.range.end) };
  }

  private parseAnd(): Expression {
    const first = this.parseNot();
    if (!this.is('and')) return first;
    const operands = [first];
    while (this.is('and')) {
      this.next();
      operands.push(this.parseNot());
    }
    return { type: 'logical', operator: 'and', operands, range: this.span(first.range.start, operands.at(-1)!.range.end) };
  }

  private parseNot(): Expression {
    if (this.is('not')) {
      const token = this.next();
      this.enter(token);
      const operand = this.parseNot();
      this.depth--;
      return { type: 'not', operand, range: this.span(token.range.start, operand.range.end) };
    }
    return this.parseComparison();
  }

  private compareOperator(): { operator: CompareOperator; width: number } | null {
    const token = this.peek();
    if (token.kind === 'op' && COMPARE_OPERATORS.has(token.text)) return { operator: token.text as CompareOperator, width: 1 };
    if (this.is('in')) return { operator: 'in', width: 1 };
    if (this.is('not') && this.is('in', 1)) return { operator: 'not in', width: 2 };
    if (this.is('is')) return this.is('not', 1) ? { operator: 'is not', width: 2 } : { operator: 'is', width: 1 };
    if (token.kind === 'op' && token.text === '=') {
      this.fail('`=` is assignment: use `==` to compare', token.range);
    }
    if (token.kind === 'op' && token.text === ':=') this.fail('invalid expression: `:=` is not supported', token.range);
    return null;
  }

  private parseComparison(): Expression {
    const first = this.parseBitwise();
    let found = this.compareOperator();
    if (!found) return first;
    const pairs: CompareNode[] = [];
    let left = first;
    while (found) {
      this.index += found.width;
      const right = this.parseBitwise();
      pairs.push({
        type: 'compare',
        operator: found.operator,
        left,
        right,
        range: this.span(left.range.start, right.range.end),
      });
      left = right;
      found = this.compareOperator();
    }
    if (pairs.length === 1) return pairs[0]!;
    return { type: 'logical', operator: 'and', operands: pairs, chained: true, range: this.span(first.range.start, left.range.end) };
  }

  // Bitwise operators and shifts exist in Python but have no meaning here; parse them to refuse them precisely.
  private parseBitwise(): Expression {
    const left = this.parseArithmetic();
    const token = this.peek();
    if (token.kind === 'op' && REJECTED_BINARY.has(token.text)) {
      this.next();
      const right = this.parseArithmetic();
      this.fail(`invalid arithmetic operator: ${token.text}`, this.span(left.range.start, right.range.end));
    }
    return left;
  }

  private parseArithmetic(): Expression {
    let left = this.parseTerm();
    let chain = 0;
    while (this.is('+') || this.is('-')) {
      // a left-leaning chain is as deep as it is long
      if (++chain > MAX_DEPTH) this.fail('filter condition is nested too deeply', this.peek().range);
      const operator = this.next().text as '+' | '-';
      const right = this.parseTerm();
      left = { type: 'binary', operator, left, right, range: this.span(left.range.start, right.range.end) };
    }
    return left;
  }

  private parseTerm(): Expression {
    let left = this.parseUnary();
    let chain = 0;
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'op') return left;
      if (token.text === '*' || token.text === '/' || token.text === '%') {
        if (++chain > MAX_DEPTH) this.fail('filter condition is nested too deeply', token.range);
        this.next();
        const right = this.parseUnary();
        left = { type: 'binary', operator: token.text, left, right, range: this.span(left.range.start, right.range.end) };
      } else if (token.text === '//' || token.text === '@') {
        this.next();
        const right = this.parseUnary();
        this.fail(`invalid arithmetic operator: ${token.text}`, this.span(left.range.start, right.range.end));
      } else {
        return left;
      }
    }
  }

  private parseUnary(): Expression {
    const token = this.peek();
    if (token.kind === 'op' && (token.text === '-' || token.text === '+' || token.text === '~')) {
      this.next();
      this.enter(token);
      const operand = this.parseUnary();
      this.depth--;
      const range = this.span(token.range.start, operand.range.end);
      if (token.text === '~') this.fail(`unsupported operator: ${this.slice(range.start, range.end)}`, range);
      // fold a sign into a number literal so `-1` stays a literal (lists and `is` need literals)
      if (operand.type === 'literal' && typeof operand.value === 'number') {
        const value = token.text === '-' ? -operand.value : operand.value;
        return { type: 'literal', value, raw: `${token.text}${operand.raw}`, range };
      }
      return { type: 'unary', operator: token.text as '-' | '+', operand, range };
    }
    return this.parsePower();
  }

  private parsePower(): Expression {
    const base = this.parsePostfix();
    if (this.is('**')) {
      this.next();
      const exponent = this.parseUnary();
      this.fail('invalid arithmetic operator: **', this.span(base.range.start, exponent.range.end));
    }
    return base;
  }

  private parsePostfix(): Expression {
    const start = this.peek();
    const primary = this.parsePrimary();
    const postfixes: Postfix[] = [];
    for (;;) {
      if (this.is('.')) {
        const dot = this.next();
        const name = this.peek();
        if (name.kind !== 'name' && name.kind !== 'keyword') {
          this.fail(`expected a name after \`.\`, found ${describe(name)}`, name.kind === 'end' ? dot.range : name.range);
        }
        this.next();
        postfixes.push({ kind: 'member', name: name.text, range: this.span(primary.range.start, name.range.end) });
      } else if (this.is('[')) {
        const open = this.next();
        if (this.is(']')) this.fail('empty subscript', this.span(open.range.start, this.next().range.end));
        const index = this.parseSubscriptIndex(open);
        const close = this.expect(']', open);
        postfixes.push({ kind: 'subscript', index, range: this.span(primary.range.start, close.range.end) });
      } else if (this.is('(')) {
        const open = this.next();
        const args: Expression[] = [];
        while (!this.is(')')) {
          if (this.peek().kind === 'name' && this.is('=', 1)) {
            const keyword = this.peek();
            this.fail(`invalid expression: keyword arguments are not supported (\`${keyword.text}=\`)`, keyword.range);
          }
          if (this.is('*') || this.is('**')) this.fail('invalid expression: argument unpacking is not supported', this.peek().range);
          args.push(this.parseOr());
          if (this.is('for')) this.fail('invalid expression: comprehensions are not supported', this.peek().range);
          if (!this.is(')')) this.expect(',', open);
        }
        const close = this.next();
        postfixes.push({ kind: 'call', args, range: this.span(primary.range.start, close.range.end) });
      } else {
        break;
      }
    }
    if (start.kind === 'name') return this.resolve(primary, postfixes);
    if (postfixes.length > 0) {
      const range = postfixes.at(-1)!.range;
      this.fail(`invalid expression: ${this.slice(range.start, range.end)}`, range);
    }
    return primary;
  }

  private parseSubscriptIndex(open: Token): Expression {
    const index = this.parseOr();
    if (this.is(':')) this.fail('invalid expression: slices are not supported', this.peek().range);
    if (this.is(',')) {
      // `x['a', 'b']` is a tuple subscript in Python; Phoenix wants a list of keys
      this.fail("invalid expression: write a list of keys, e.g. attributes[['llm', 'model_name']]", this.peek().range);
    }
    void open;
    return index;
  }

  private parsePrimary(): Expression {
    const token = this.peek();
    switch (token.kind) {
      case 'number':
        this.next();
        return { type: 'literal', value: token.value as number, raw: token.text, range: token.range };
      case 'string': {
        this.next();
        // adjacent string literals concatenate, as in Python
        let value = token.value as string;
        let end = token.range.end;
        while (this.peek().kind === 'string') {
          const more = this.next();
          value += more.value as string;
          end = more.range.end;
        }
        return { type: 'literal', value, raw: this.slice(token.range.start, end), range: this.span(token.range.start, end) };
      }
      case 'name':
        this.next();
        // a provisional node; `resolve` decides what the name means once its postfixes are known
        return { type: 'field', name: token.text as FieldName, spelling: token.text, range: token.range };
      case 'keyword':
        if (token.text === 'None' || token.text === 'True' || token.text === 'False') {
          this.next();
          const value = token.text === 'None' ? null : token.text === 'True';
          return { type: 'literal', value, raw: token.text, range: token.range };
        }
        if (token.text === 'lambda') this.fail('invalid expression: lambda is not supported', token.range);
        return this.fail(`unexpected ${describe(token)}`, token.range);
      case 'op':
        if (token.text === '(' || token.text === '[') {
          this.enter(token);
          const node = token.text === '(' ? this.parseParenthesized() : this.parseList();
          this.depth--;
          return node;
        }
        if (token.text === '{') this.fail('invalid expression: sets and dicts are not supported', token.range);
        return this.fail(`unexpected ${describe(token)}`, token.range);
      case 'end':
        return this.fail('unexpected end of condition, expected a value', token.range);
    }
  }

  private parseParenthesized(): Expression {
    const open = this.next();
    if (this.is(')')) {
      const close = this.next();
      return { type: 'list', tuple: true, elements: [], range: this.span(open.range.start, close.range.end) };
    }
    const first = this.parseOr();
    if (this.is('for')) this.fail('invalid expression: comprehensions are not supported', this.peek().range);
    if (this.is(')')) {
      this.next();
      // parentheses only group: the node keeps its own range, formatting re-adds what precedence needs
      return first;
    }
    const elements = [first];
    while (this.is(',')) {
      this.next();
      if (this.is(')')) break;
      elements.push(this.parseOr());
    }
    const close = this.expect(')', open);
    return { type: 'list', tuple: true, elements, range: this.span(open.range.start, close.range.end) };
  }

  private parseList(): Expression {
    const open = this.next();
    const elements: Expression[] = [];
    while (!this.is(']')) {
      elements.push(this.parseOr());
      if (this.is('for')) this.fail('invalid expression: comprehensions are not supported', this.peek().range);
      if (!this.is(']')) this.expect(',', open);
      if (this.is(',')) this.next();
    }
    const close = this.next();
    return { type: 'list', tuple: false, elements, range: this.span(open.range.start, close.range.end) };
  }

  // ---- what a name with its postfixes means

  private resolve(primary: Expression, postfixes: Postfix[]): Expression {
    const whole = postfixes.at(-1)?.range ?? primary.range;
    const invalid = (range: SourceRange = whole): never =>
      this.fail(`invalid expression: ${this.slice(range.start, range.end)}`, range);
    if (primary.type !== 'field') return invalid();
    const name = primary.spelling;
    const first = postfixes[0];

    if (name === 'parent_span') {
      if (first) {
        this.fail(
          `${quoteFragment(this.slice(whole.start, whole.end))} is not supported: only \`parent_span is None\` and \`parent_span is not None\` are supported`,
          whole,
        );
      }
      return { type: 'parent_span', range: primary.range };
    }

    if ((name === 'annotations' || name === 'evals') && first?.kind === 'subscript') {
      return this.resolveAnnotation(name, primary.range, postfixes);
    }

    if ((name === 'attributes' || name === 'metadata') && first?.kind === 'subscript') {
      const path: (string | number)[] = name === 'metadata' ? ['metadata'] : [];
      for (const postfix of postfixes) {
        if (postfix.kind !== 'subscript') return invalid();
        const keys = subscriptKeys(postfix.index);
        if (keys === null) {
          this.fail(
            `invalid key ${quoteFragment(this.slice(postfix.index.range.start, postfix.index.range.end))} in ${quoteFragment(this.slice(whole.start, whole.end))}: keys are string or integer literals, or a list of them`,
            postfix.index.range,
          );
        }
        path.push(...keys!);
      }
      if (typeof path[0] !== 'string') {
        this.fail(`the first key of ${quoteFragment(this.slice(whole.start, whole.end))} must be a string`, whole);
      }
      return { type: 'attribute', path, spelling: name === 'metadata' ? 'metadata' : 'attributes', range: whole };
    }

    if (first?.kind === 'call') {
      if (!CASTS.has(name) || postfixes.length > 1) {
        if (postfixes.length > 1 && CASTS.has(name)) return invalid();
        this.fail(
          `invalid expression: ${this.slice(whole.start, whole.end)} (the only functions are str(), float() and int())`,
          whole,
        );
      }
      if (first.args.length !== 1) {
        this.fail(`${name}() takes exactly one argument, got ${first.args.length}`, whole);
      }
      return { type: 'call', callee: name as 'str' | 'float' | 'int', argument: first.args[0]!, range: whole };
    }

    // a dotted name: an old alias, or a path into the attributes
    const segments = [name];
    for (const postfix of postfixes) {
      if (postfix.kind !== 'member') {
        if (postfix.kind === 'call') {
          this.fail(
            `invalid expression: ${this.slice(whole.start, whole.end)} (method calls are not supported)`,
            whole,
          );
        }
        return invalid();
      }
      segments.push(postfix.name);
    }
    if (segments.length === 1) {
      if (name === 'attributes') {
        this.fail('`attributes` needs a key, e.g. attributes[\'llm\'][\'model_name\']', primary.range);
      }
      if (Object.hasOwn(FIELD_TYPES, name)) return { type: 'field', name: name as FieldName, spelling: name, range: primary.range };
      return { type: 'attribute', path: [name], spelling: 'dotted', range: primary.range };
    }
    const dotted = segments.join('.');
    const alias = Object.hasOwn(FIELD_ALIASES, dotted) ? FIELD_ALIASES[dotted] : undefined;
    if (alias) return { type: 'field', name: alias, spelling: dotted, range: whole };
    return { type: 'attribute', path: segments, spelling: 'dotted', range: whole };
  }

  private resolveAnnotation(accessor: 'annotations' | 'evals', nameRange: SourceRange, postfixes: Postfix[]): Expression {
    const subscript = postfixes[0] as Extract<Postfix, { kind: 'subscript' }>;
    const whole = postfixes.at(-1)!.range;
    const key = subscript.index;
    if (key.type !== 'literal' || typeof key.value !== 'string') {
      this.fail(
        `invalid expression: ${this.slice(subscript.range.start, subscript.range.end)} (the annotation name is a string, e.g. ${accessor}['correctness'])`,
        key.range,
      );
    }
    const name = (key as LiteralNode).value as string;
    if (name === '') this.fail(`missing eval name in ${quoteFragment(this.slice(subscript.range.start, subscript.range.end))}`, subscript.range);
    const memberPostfix = postfixes[1];
    if (!memberPostfix) return { type: 'annotation', name, member: null, accessor, range: subscript.range };
    if (memberPostfix.kind !== 'member' || postfixes.length > 2) {
      this.fail(`invalid expression: ${this.slice(whole.start, whole.end)}`, whole);
    }
    const member = (memberPostfix as Extract<Postfix, { kind: 'member' }>).name;
    if (!(ANNOTATION_MEMBERS as readonly string[]).includes(member)) {
      const fragment = quoteFragment(this.slice(memberPostfix.range.start, memberPostfix.range.end));
      const suggestion = closestMatch(member, ANNOTATION_MEMBERS);
      this.fail(
        suggestion
          ? `invalid eval attribute \`.${member}\` in ${fragment}, did you mean \`.${suggestion}\`?`
          : `invalid eval attribute \`.${member}\` in ${fragment}, expected ${disjunction(ANNOTATION_MEMBERS.map((m) => `\`.${m}\``))}`,
        memberPostfix.range,
      );
    }
    void nameRange;
    return { type: 'annotation', name, member: member as AnnotationMember, accessor, range: memberPostfix.range };
  }
}

function subscriptKeys(index: Expression): (string | number)[] | null {
  const key = (node: Expression): string | number | null =>
    node.type === 'literal' &&
    (typeof node.value === 'string' || (typeof node.value === 'number' && Number.isInteger(node.value)))
      ? node.value
      : null;
  if (index.type === 'list' && !index.tuple) {
    if (index.elements.length === 0) return null;
    const keys = index.elements.map(key);
    return keys.some((k) => k === null) ? null : (keys as (string | number)[]);
  }
  const single = key(index);
  return single === null ? null : [single];
}

function describe(token: Token): string {
  if (token.kind === 'end') return 'the end of the condition';
  return `\`${token.text}\``;
}
