/**
 * Collects filter conditions from where the kit states them — its filter tests, the README and
 * the filter bar's suggestions — so the differential suite checks every one of them against
 * Phoenix, new ones included, without copying them by hand. Pure functions over source text and
 * data; runs in Node and in a browser.
 */
import {
  chipToCondition,
  completeCondition,
  safeParseCondition,
  FIELD_TYPES,
  type CompletionSource,
  type FilterChipKind,
  type FilterChipSpec,
  type Span,
  type ValueType,
} from '../../../src/core';

/** A condition and where it was found (the first place, when several state it). */
export interface CollectedCondition {
  condition: string;
  source: string;
}

/** A string literal of TypeScript source: its value and the syntax around it. */
export interface SourceLiteral {
  value: string;
  /** The callee of the innermost open `(` around it (`select`, `it.each`, …), or null. */
  call: string | null;
  /** The brackets open around it, innermost last, each with the element index the literal (or its row) sits at. */
  path: { bracket: '(' | '[' | '{'; callee: string | null; index: number }[];
  /** Whether an operator joins it to a neighbour (`'a' + b`): its value alone is not what the code uses. */
  concatenated: boolean;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', 0: '\0' };

/**
 * The string literals of TypeScript source with their syntactic context: quotes and templates
 * without substitutions; comments and regular expression literals are skipped. Enough for test
 * files and README examples, not a full parser.
 */
export function stringLiterals(source: string): SourceLiteral[] {
  const out: SourceLiteral[] = [];
  const stack: { bracket: '(' | '[' | '{'; callee: string | null; index: number }[] = [];
  let lastToken = '';
  let i = 0;
  const isIdent = (char: string | undefined) => char !== undefined && /[\w$.]/.test(char);
  while (i < source.length) {
    const char = source[i]!;
    const next = source[i + 1];
    if (char === '/' && next === '/') {
      i = source.indexOf('\n', i);
      if (i < 0) break;
      continue;
    }
    if (char === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 2;
      continue;
    }
    if (char === '/' && /^$|[=(,:;!&|?{}[\n]$|return$|typeof$/.test(lastToken)) {
      // a regular expression literal: skip to its closing slash (classes may hold slashes)
      let inClass = false;
      i++;
      while (i < source.length && (source[i] !== '/' || inClass)) {
        if (source[i] === '\\') i++;
        else if (source[i] === '[') inClass = true;
        else if (source[i] === ']') inClass = false;
        i++;
      }
      i++;
      while (isIdent(source[i])) i++;
      lastToken = 'regex';
      continue;
    }
    if (char === "'" || char === '"' || char === '`') {
      const start = i;
      let value = '';
      let substitution = false;
      i++;
      while (i < source.length && source[i] !== char) {
        const c = source[i]!;
        if (c === '\\') {
          const e = source[i + 1]!;
          if (e === 'x') {
            value += String.fromCharCode(parseInt(source.slice(i + 2, i + 4), 16));
            i += 4;
          } else if (e === 'u' && source[i + 2] === '{') {
            const close = source.indexOf('}', i);
            value += String.fromCodePoint(parseInt(source.slice(i + 3, close), 16));
            i = close + 1;
          } else if (e === 'u') {
            value += String.fromCharCode(parseInt(source.slice(i + 2, i + 6), 16));
            i += 6;
          } else if (e === '\n') {
            i += 2;
          } else {
            value += ESCAPES[e] ?? e;
            i += 2;
          }
          continue;
        }
        if (char === '`' && c === '$' && source[i + 1] === '{') {
          substitution = true;
          // skip the substitution, nested braces included
          let depth = 0;
          for (; i < source.length; i++) {
            if (source[i] === '{') depth++;
            else if (source[i] === '}' && --depth === 0) break;
          }
          i++;
          continue;
        }
        value += c;
        i++;
      }
      i++;
      const before = source.slice(0, start).trimEnd();
      const after = source.slice(i).trimStart();
      if (!substitution) {
        out.push({
          value,
          call: stack.at(-1)?.bracket === '(' ? stack.at(-1)!.callee : null,
          path: stack.map((entry) => ({ ...entry })),
          concatenated: /[+]$/.test(before) || /^[+.[]/.test(after),
        });
      }
      lastToken = 'string';
      continue;
    }
    if (char === '(' || char === '[' || char === '{') {
      const callee = /([\w$.]+)\s*$/.exec(source.slice(Math.max(0, i - 80), i))?.[1] ?? null;
      stack.push({ bracket: char, callee, index: 0 });
      lastToken = char;
      i++;
      continue;
    }
    if (char === ')' || char === ']' || char === '}') {
      stack.pop();
      lastToken = char;
      i++;
      continue;
    }
    if (char === ',') {
      const top = stack.at(-1);
      if (top) top.index++;
      lastToken = ',';
      i++;
      continue;
    }
    if (/\s/.test(char)) {
      if (char === '\n' && lastToken === '') lastToken = '\n';
      i++;
      continue;
    }
    if (isIdent(char)) {
      const start = i;
      while (isIdent(source[i])) i++;
      lastToken = source.slice(start, i);
      continue;
    }
    lastToken = char;
    i++;
  }
  return out;
}

/** Calls whose first argument is a condition in the filter tests. */
const CONDITION_CALLS = new Set([
  'select',
  'parseCondition',
  'safeParseCondition',
  'compileCondition',
  'splitCondition',
  'chipsFromCondition',
  'isPhoenixCondition',
  'error',
  'fragment',
  'roundTrip',
]);

function accepted(text: string): boolean {
  const parsed = safeParseCondition(text);
  return parsed.ok && parsed.condition.body !== null;
}

/**
 * The conditions of a filter test file: every string literal the kit parses as a condition, and
 * the ones it refuses where the test states a condition — the first argument of a parsing or
 * filtering call (`select`, `parseCondition`, `error`, …; the second of `filterSpans`), an entry
 * of an `it.each` table (a string, or the first of a row), an element of a `for … of [...]` list.
 */
export function conditionsInTestSource(source: string): string[] {
  const found: string[] = [];
  for (const literal of stringLiterals(source)) {
    if (literal.concatenated || literal.value.trim() === '') continue;
    if (accepted(literal.value)) {
      found.push(literal.value);
      continue;
    }
    const path = literal.path;
    const top = path.at(-1);
    const parent = path.at(-2);
    const grand = path.at(-3);
    const inCall = top?.bracket === '(' && ((CONDITION_CALLS.has(top.callee ?? '') && top.index === 0) || (top.callee === 'filterSpans' && top.index === 1));
    const eachEntry = top?.bracket === '[' && parent?.bracket === '(' && parent.callee === 'it.each';
    const eachRow = top?.bracket === '[' && top.index === 0 && parent?.bracket === '[' && grand?.bracket === '(' && grand.callee === 'it.each';
    const forOf = top?.bracket === '[' && top.callee === 'of';
    if (inCall || eachEntry || eachRow || forOf) found.push(literal.value);
  }
  return found;
}

/**
 * The conditions of a README: string literals in its TypeScript examples that the kit parses, and
 * inline code of the filtering section (`## Filtering traces` up to the next `## `) that reads as
 * a condition — a comparison, membership or identity test, or an annotation test — whether the kit
 * accepts it or (as in the examples of refused conditions) not.
 */
export function conditionsInReadme(readme: string): string[] {
  const found: string[] = [];
  const blocks = [...readme.matchAll(/```(?:ts|tsx|js|jsx|typescript)\n([\s\S]*?)```/g)];
  for (const block of blocks) for (const literal of stringLiterals(block[1]!)) if (!literal.concatenated && accepted(literal.value)) found.push(literal.value);
  const prose = readme.replace(/```[\s\S]*?```/g, '');
  const section = /^## Filtering traces\n([\s\S]*?)(?=^## )/m.exec(prose)?.[1] ?? '';
  for (const match of prose.matchAll(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g)) {
    const code = match[2]!.trim();
    if (accepted(code)) {
      found.push(code);
      continue;
    }
    const inSection = section.includes(match[0]);
    const looksLikeCondition =
      /^(?:[A-Za-z_'"(]|not\b)/.test(code) &&
      !/^(?:is|in|not in)\b/.test(code) &&
      /==|!=|<=?|>=?|\bin\b|\bis\b|^annotations\[|^evals\[/.test(code) &&
      !/\.\.|\\\||…|\n/.test(code);
    if (inSection && looksLikeCondition) found.push(code);
  }
  return found;
}

/** How the suite turns a suggested field into conditions, by the field's type. */
function fieldConditions(field: string, type: ValueType, sample: { text: string; time: string }): string[] {
  switch (type) {
    case 'string':
      return [`${field} is not None`, `${field} is None`, `${pythonQuote(sample.text)} in ${field}`];
    case 'number':
      return [`${field} is not None`, `${field} > 0`, `${field} >= 100`, `${field} < 1000`];
    case 'datetime':
      return [`${field} is not None`, `${field} > ${pythonQuote(sample.time)}`];
    default:
      throw new Error(`the filter bar suggests ${field} of type ${type}: teach the differential suite which conditions to build for it`);
  }
}

function pythonQuote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Conditions built from each suggested keyword, joined with `base` conditions. */
const KEYWORD_CONDITIONS: Record<string, (a: string, b: string) => string[]> = {
  and: (a, b) => [`${a} and ${b}`],
  or: (a, b) => [`${a} or ${b}`],
  not: (a) => [`not (${a})`, `not ${a}`],
  in: () => ["'refund' in input.value", "span_kind in ['LLM', 'TOOL']", 'latency_ms in [1500, 200]'],
  'not in': () => ["'refund' not in input.value", "name not in ['search', 'agent']"],
  'is None': () => ['latency_ms is None', 'llm.model_name is None', 'parent_id is None'],
  'is not None': () => ['llm.model_name is not None', 'parent_id is not None', "annotations['correctness'].score is not None"],
};

/** What the suite needs from the data to turn suggestions into conditions. */
export interface SuggestionData {
  source: CompletionSource;
  spans: readonly Span[];
}

/**
 * The conditions the filter bar leads a user to: for every item `completeCondition` offers at the
 * start of a condition (fields, attributes, annotations), after an annotation (its members and,
 * after `.label ==`, its labels), inside `span_kind` / `status_code` / `annotator_kind` literals,
 * and after a value (the keywords) — plus one chip of every kind the chip form makes. A suggested
 * field of a type, or a keyword, the suite has no rule for fails loudly, so new suggestions are
 * never silently skipped.
 */
export function conditionsFromSuggestions({ source, spans }: SuggestionData, chips: Record<Exclude<FilterChipKind, 'custom'>, FilterChipSpec[]>): CollectedCondition[] {
  const out: CollectedCondition[] = [];
  const add = (condition: string, where: string) => out.push({ condition, source: where });
  const items = (text: string) => completeCondition(text, text.length, source, 10_000).items;
  const sample = {
    text: 're',
    time: new Date(Math.min(...spans.map((span) => span.startTime ?? Infinity)) + 30 * 60_000).toISOString(),
  };
  for (const item of items('')) {
    switch (item.detail) {
      case 'field':
        for (const condition of fieldConditions(item.insert, FIELD_TYPES[item.insert as keyof typeof FIELD_TYPES], sample)) add(condition, `suggestion: field ${item.label}`);
        break;
      case 'attribute': {
        if (item.insert.endsWith("['")) {
          // `metadata['`: the user goes on with a key; take the keys the data has
          const root = item.insert.slice(0, -2);
          const keys = new Set(spans.flatMap((span) => {
            const value = span.attributes[root];
            return value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
          }));
          for (const key of keys) add(`${root}[${pythonQuote(key)}] is not None`, `suggestion: attribute ${item.label}`);
          break;
        }
        const numeric = /token_count/.test(item.insert);
        for (const condition of numeric ? [`${item.insert} > 500`, `${item.insert} is None`] : [`${item.insert} is not None`, `'re' in ${item.insert}`]) {
          add(condition, `suggestion: attribute ${item.label}`);
        }
        break;
      }
      case 'annotation': {
        const annotation = item.insert;
        add(annotation, `suggestion: ${item.label}`);
        add(`not ${annotation}`, `suggestion: ${item.label}`);
        for (const member of items(`${annotation}.`)) {
          const subject = `${annotation}.${member.insert}`;
          add(`${subject} is not None`, `suggestion: ${subject}`);
          add(`${subject} is None`, `suggestion: ${subject}`);
          if (member.insert === 'score') add(`${subject} >= 0.5`, `suggestion: ${subject}`);
          if (member.insert === 'explanation') add(`'refund' in ${subject}`, `suggestion: ${subject}`);
          if (member.insert === 'label' || member.insert === 'annotator_kind') {
            for (const value of items(`${subject} == '`)) {
              const literal = pythonQuote(value.label);
              add(`${subject} == ${literal}`, `suggestion: ${subject} value`);
              add(`${subject} != ${literal}`, `suggestion: ${subject} value`);
            }
          }
        }
        break;
      }
      default:
        throw new Error(`the filter bar suggests ${item.label} (${item.detail}) at the start of a condition: teach the differential suite about it`);
    }
  }
  for (const field of ['span_kind', 'status_code']) {
    for (const value of items(`${field} == '`)) add(`${field} == ${pythonQuote(value.label)}`, `suggestion: ${field} value`);
  }
  for (const keyword of items('latency_ms > 1000 ')) {
    const build = KEYWORD_CONDITIONS[keyword.label];
    if (!build) throw new Error(`the filter bar suggests the keyword ${keyword.label}: teach the differential suite a condition for it`);
    for (const condition of build('latency_ms > 1000', "span_kind == 'LLM'")) add(condition, `suggestion: keyword ${keyword.label}`);
  }
  for (const [kind, specs] of Object.entries(chips)) {
    for (const spec of specs) add(chipToCondition(spec), `chip: ${kind}`);
  }
  return out;
}

/** Unique conditions, in the order first found, each with its first source. */
export function uniqueConditions(lists: readonly CollectedCondition[]): CollectedCondition[] {
  const seen = new Map<string, CollectedCondition>();
  for (const entry of lists) if (!seen.has(entry.condition)) seen.set(entry.condition, entry);
  return [...seen.values()];
}
