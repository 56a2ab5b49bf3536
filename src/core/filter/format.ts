import { FIELD_ALIASES, FIELD_TYPES, type ConditionAst, type Expression } from './ast';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WORDS = new Set([
  'and', 'or', 'not', 'in', 'is', 'None', 'True', 'False', 'as', 'assert', 'async', 'await', 'break', 'class',
  'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'lambda',
  'nonlocal', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

const OR = 1;
const AND = 2;
const NOT = 3;
const COMPARE = 4;
const SUM = 6;
const PRODUCT = 7;
const UNARY = 8;
const ATOM = 10;

/**
 * Prints a condition (or one expression of it) as canonical text: single-quoted strings, one
 * space around operators, parentheses only where precedence needs them. Parsing the output gives
 * the same tree.
 */
export function formatCondition(node: ConditionAst | Expression | null): string {
  if (node === null) return '';
  if (node.type === 'condition') return node.body === null ? '' : format(node.body, 0);
  return format(node, 0);
}

function precedence(node: Expression): number {
  switch (node.type) {
    case 'logical':
      return node.chained ? COMPARE : node.operator === 'or' ? OR : AND;
    case 'not':
      return NOT;
    case 'compare':
      return COMPARE;
    case 'binary':
      return node.operator === '+' || node.operator === '-' ? SUM : PRODUCT;
    case 'unary':
      return UNARY;
    case 'literal':
      return typeof node.value === 'number' && node.value < 0 ? UNARY : ATOM;
    default:
      return ATOM;
  }
}

function format(node: Expression, min: number): string {
  const text = formatBare(node);
  return precedence(node) < min ? `(${text})` : text;
}

function formatBare(node: Expression): string {
  switch (node.type) {
    case 'literal':
      if (node.value === null) return 'None';
      if (typeof node.value === 'boolean') return node.value ? 'True' : 'False';
      if (typeof node.value === 'string') return pythonString(node.value);
      return /^[-+]?[\d.]/.test(node.raw) ? node.raw.replace(/^([-+])\s+/, '$1') : String(node.value);
    case 'list': {
      const items = node.elements.map((element) => format(element, OR));
      if (!node.tuple) return `[${items.join(', ')}]`;
      return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    }
    case 'field':
      return node.name;
    case 'attribute':
      return formatAttribute(node.path, node.spelling);
    case 'annotation': {
      const base = `${node.accessor}[${pythonString(node.name)}]`;
      return node.member === null ? base : `${base}.${node.member}`;
    }
    case 'parent_span':
      return 'parent_span';
    case 'call':
      return `${node.callee}(${format(node.argument, 0)})`;
    case 'unary':
      return `${node.operator}${format(node.operand, UNARY)}`;
    case 'not':
      return `not ${format(node.operand, NOT)}`;
    case 'binary': {
      const level = precedence(node);
      return `${format(node.left, level)} ${node.operator} ${format(node.right, level + 1)}`;
    }
    case 'compare':
      return `${format(node.left, COMPARE + 1)} ${node.operator} ${format(node.right, COMPARE + 1)}`;
    case 'logical': {
      if (node.chained) {
        const pairs = node.operands as Extract<Expression, { type: 'compare' }>[];
        let text = format(pairs[0]!.left, COMPARE + 1);
        for (const pair of pairs) text += ` ${pair.operator} ${format(pair.right, COMPARE + 1)}`;
        return text;
      }
      const level = precedence(node);
      return node.operands.map((operand) => format(operand, level + 1)).join(` ${node.operator} `);
    }
  }
}

function formatAttribute(path: readonly (string | number)[], spelling: 'dotted' | 'attributes' | 'metadata'): string {
  if (spelling === 'metadata' && path[0] === 'metadata' && path.length > 1) {
    return `metadata${path.slice(1).map((key) => `[${formatKey(key)}]`).join('')}`;
  }
  if (spelling === 'dotted' && canBeDotted(path)) return path.join('.');
  return `attributes${path.map((key) => `[${formatKey(key)}]`).join('')}`;
}

function canBeDotted(path: readonly (string | number)[]): boolean {
  if (!path.every((key) => typeof key === 'string' && IDENTIFIER.test(key) && !WORDS.has(key))) return false;
  const first = path[0] as string;
  if (first === 'parent_span' || first === 'attributes') return false;
  if (path.length === 1) return !Object.hasOwn(FIELD_TYPES, first);
  return !Object.hasOwn(FIELD_ALIASES, path.join('.'));
}

function formatKey(key: string | number): string {
  return typeof key === 'number' ? String(key) : pythonString(key);
}

/** A string as Python's `repr` writes it: single quotes unless the text holds one and no double quote. */
export function pythonString(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (char === quote) out += `\\${quote}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return out + quote;
}
