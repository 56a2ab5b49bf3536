import type { SourceRange } from './ast';
import { FilterConditionError } from './errors';

export type TokenKind = 'name' | 'number' | 'string' | 'op' | 'keyword' | 'end';

export interface Token {
  kind: TokenKind;
  /** Source text of the token (for strings and numbers, as written). */
  text: string;
  /** Decoded value of a string or number literal. */
  value?: string | number;
  range: SourceRange;
}

/** Words with a meaning in the language. */
const OPERATOR_WORDS = new Set(['and', 'or', 'not', 'in', 'is', 'None', 'True', 'False']);
/** Python's other keywords: they read as expressions to a Python user, so they get a clear refusal. */
const PYTHON_KEYWORDS = new Set([
  'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'lambda', 'nonlocal', 'pass', 'raise', 'return',
  'try', 'while', 'with', 'yield',
]);

// Longest first, so `**` wins over `*` and `not in` is assembled by the parser from two words.
const OPERATORS = [
  '**', '//', '==', '!=', '<=', '>=', '<<', '>>', ':=', '->',
  '(', ')', '[', ']', '{', '}', ',', '.', ':', ';', '<', '>', '+', '-', '*', '/', '%', '~', '&', '|', '^', '@', '=',
];

/** The numeric-string grammar Phoenix accepts inside `float()` / `int()`, and for attribute text read as a number. */
export const NUMERIC_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

const DECIMAL = /^(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?/;
const PREFIXED = /^0(?:[xX](?:_?[0-9a-fA-F])+|[oO](?:_?[0-7])+|[bB](?:_?[01])+)/;

function isIdentifierStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}
function isIdentifierPart(code: number): boolean {
  return isIdentifierStart(code) || (code >= 48 && code <= 57);
}
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Splits a condition into tokens, decoding Python string and number literals. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const fail = (message: string, start: number, end: number): never => {
    throw new FilterConditionError(message, { start, end }, text);
  };
  let i = 0;
  const n = text.length;
  while (i < n) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 10 || code === 13 || code === 12) {
      i++;
      continue;
    }
    if (code === 0) fail('condition cannot contain a NUL character', i, i + 1);
    if (code === 92 && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
      i += 2; // explicit line continuation
      continue;
    }
    if (code === 35) fail('comments are not supported in a condition', i, n);

    // string literal, with an optional prefix
    const prefixMatch = /^([rRbBuUfF]{1,2})?(['"])/.exec(text.slice(i, i + 3));
    if (prefixMatch && (prefixMatch[1] === undefined || isIdentifierStart(code))) {
      const prefix = (prefixMatch[1] ?? '').toLowerCase();
      if (prefix === '' || /^(r|u|b|br|rb|f|fr|rf)$/.test(prefix)) {
        const token = readString(text, i, prefix, fail);
        tokens.push(token);
        i = token.range.end;
        continue;
      }
    }

    if (isIdentifierStart(code)) {
      let j = i + 1;
      while (j < n && isIdentifierPart(text.charCodeAt(j))) j++;
      if (j < n && text.charCodeAt(j) > 127 && /[\p{L}\p{N}]/u.test(text[j]!)) {
        j = readUnicodeWord(text, i);
        refuseUnicodeIdentifier(text, i, j, fail);
      }
      const word = text.slice(i, j);
      const kind: TokenKind = OPERATOR_WORDS.has(word) || PYTHON_KEYWORDS.has(word) ? 'keyword' : 'name';
      tokens.push({ kind, text: word, range: { start: i, end: j } });
      i = j;
      continue;
    }
    if (code > 127 && /[\p{L}\p{N}_]/u.test(String.fromCodePoint(text.codePointAt(i)!))) {
      const j = readUnicodeWord(text, i);
      refuseUnicodeIdentifier(text, i, j, fail);
    }

    if (isDigit(code) || (code === 46 && isDigit(text.charCodeAt(i + 1)))) {
      const token = readNumber(text, i, fail);
      tokens.push(token);
      i = token.range.end;
      continue;
    }

    const op = OPERATORS.find((candidate) => text.startsWith(candidate, i));
    if (op === undefined) {
      const char = String.fromCodePoint(text.codePointAt(i)!);
      fail(`unexpected character ${JSON.stringify(char)}`, i, i + char.length);
    }
    tokens.push({ kind: 'op', text: op!, range: { start: i, end: i + op!.length } });
    i += op!.length;
  }
  tokens.push({ kind: 'end', text: '', range: { start: n, end: n } });
  return tokens;
}

function readUnicodeWord(text: string, start: number): number {
  let j = start;
  while (j < text.length) {
    const char = String.fromCodePoint(text.codePointAt(j)!);
    if (!/[\p{L}\p{N}_]/u.test(char)) break;
    j += char.length;
  }
  return j;
}

// Python folds identifiers with NFKC, so `ｎａｍｅ` silently means `name`; we refuse instead of guessing.
function refuseUnicodeIdentifier(
  text: string,
  start: number,
  end: number,
  fail: (message: string, start: number, end: number) => never,
): never {
  const word = text.slice(start, end);
  const folded = word.normalize('NFKC');
  if (folded !== word && /^[A-Za-z_][A-Za-z0-9_]*$/.test(folded)) {
    fail(`\`${word}\` is interpreted as \`${folded}\`, use unaccented ASCII for field names`, start, end);
  }
  return fail(
    `\`${word}\` is not a valid name: use ASCII letters, digits and _ (for other keys write attributes['${word}'])`,
    start,
    end,
  );
}

function readNumber(text: string, start: number, fail: (m: string, s: number, e: number) => never): Token {
  const rest = text.slice(start);
  const prefixed = PREFIXED.exec(rest);
  const match = prefixed ?? DECIMAL.exec(rest);
  let end = start + (match ? match[0].length : 1);
  // a trailing identifier character (`1j`, `12abc`, `1_`) makes the whole run one bad literal
  let tail = end;
  while (tail < text.length && isIdentifierPart(text.charCodeAt(tail))) tail++;
  if (tail > end) {
    const raw = text.slice(start, tail);
    if (/^[\d._]+[jJ]$/.test(raw)) fail(`unsupported literal: ${raw}`, start, tail);
    fail(`invalid numeric literal: ${raw}`, start, tail);
  }
  const raw = text.slice(start, end);
  const digits = raw.replace(/_/g, '');
  let value: number;
  if (prefixed) {
    const base = { x: 16, o: 8, b: 2 }[digits[1]!.toLowerCase() as 'x' | 'o' | 'b'];
    value = parseInt(digits.slice(2), base);
  } else {
    if (/^0\d/.test(digits) && /^\d+$/.test(digits) && /[1-9]/.test(digits)) {
      fail(`invalid numeric literal: ${raw} (leading zeros are not allowed)`, start, end);
    }
    value = Number(digits);
  }
  if (!Number.isFinite(value)) fail(`invalid numeric literal: ${raw}`, start, end);
  end = start + raw.length;
  return { kind: 'number', text: raw, value, range: { start, end } };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

function readString(
  text: string,
  start: number,
  prefix: string,
  fail: (message: string, start: number, end: number) => never,
): Token {
  let i = start + prefix.length;
  const quote = text[i]!;
  const triple = text.startsWith(quote.repeat(3), i);
  const delimiter = triple ? quote.repeat(3) : quote;
  i += delimiter.length;
  const raw = prefix.includes('r');
  let value = '';
  for (;;) {
    if (i >= text.length) fail('unterminated string literal', start, text.length);
    if (text.startsWith(delimiter, i)) {
      i += delimiter.length;
      break;
    }
    const char = text[i]!;
    if (!triple && (char === '\n' || char === '\r')) fail('unterminated string literal', start, i);
    if (char === '\\') {
      const next = text[i + 1];
      if (next === undefined) fail('unterminated string literal', start, text.length);
      if (raw) {
        value += char + next;
        i += 2;
        continue;
      }
      const escapeStart = i;
      i += 2;
      if (next! in SIMPLE_ESCAPES) value += SIMPLE_ESCAPES[next!];
      else if (next === '\n') { /* line continuation inside a string */ }
      else if (next === 'x' || next === 'u' || next === 'U') {
        const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = text.slice(i, i + width);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) {
          fail(`invalid escape \\${next}${hex} in string literal`, escapeStart, i + hex.length);
        }
        const codePoint = parseInt(hex, 16);
        if (codePoint > 0x10ffff) fail(`invalid escape \\${next}${hex} in string literal`, escapeStart, i + width);
        value += String.fromCodePoint(codePoint);
        i += width;
      } else if (next! >= '0' && next! <= '7') {
        const octal = /^[0-7]{1,3}/.exec(text.slice(i - 1))![0];
        value += String.fromCharCode(parseInt(octal, 8));
        i += octal.length - 1;
      } else {
        value += char + next; // Python keeps unknown escapes as written
      }
      continue;
    }
    value += char;
    i++;
  }
  const range = { start, end: i };
  const written = text.slice(start, i);
  if (prefix.includes('b')) fail(`unsupported literal: ${written}`, start, i);
  if (prefix.includes('f')) fail(`invalid expression: ${written} (f-strings are not supported)`, start, i);
  if (value.includes('\0')) fail('string literals cannot contain a NUL character', start, i);
  return { kind: 'string', text: written, value, range };
}
