import { SPAN_KINDS, type SpanKind, type SpanQuery, type SpanStatusCode } from '../model';
import type { CompareNode, ConditionAst, Expression } from './ast';
import { formatCondition } from './format';
import { parseCondition } from './parser';
import { parseDatetimeLiteral } from './values';

/** The `SpanQuery` fields a condition can hand to a backend. */
export type ServerSpanFilter = Pick<
  SpanQuery,
  'traceIds' | 'spanIds' | 'spanKinds' | 'statusCodes' | 'names' | 'startTime' | 'endTime' | 'rootsOnly' | 'attributes'
>;
export type ServerSpanFilterField = keyof ServerSpanFilter;

export const SERVER_SPAN_FILTER_FIELDS: readonly ServerSpanFilterField[] = [
  'traceIds', 'spanIds', 'spanKinds', 'statusCodes', 'names', 'startTime', 'endTime', 'rootsOnly', 'attributes',
];

export interface SplitConditionOptions {
  /** The `SpanQuery` fields the backend serves. Default: all of them. */
  serves?: readonly ServerSpanFilterField[];
}

export interface ConditionSplit {
  /** Filters for the backend's `listSpans`; empty when it can serve no part. */
  query: ServerSpanFilter;
  /** What the browser still evaluates over what the backend returns (`body` null when nothing). Ranges index the original text. */
  remaining: ConditionAst;
  /** `remaining` as canonical text ('' when nothing remains). */
  remainingText: string;
  /** Whether `remainingText` uses only Phoenix's language (no annokit extension such as `.annotator_kind`), so Phoenix could evaluate it. */
  remainingIsPhoenix: boolean;
}

const STATUS_CODES: readonly SpanStatusCode[] = ['OK', 'ERROR', 'UNSET'];

/**
 * Splits a condition into the top-level `and` terms a backend can serve as `SpanQuery` fields
 * (span kinds, status codes, names, trace and span ids, start-time range, roots only, string
 * attribute equality) and the rest, which the browser evaluates on what comes back. A term the
 * backend can only narrow (`start_time > t`) is sent and kept, so the result is always exact.
 */
export function splitCondition(condition: string | ConditionAst, options: SplitConditionOptions = {}): ConditionSplit {
  const ast = typeof condition === 'string' ? parseCondition(condition) : condition;
  const serves = new Set(options.serves ?? SERVER_SPAN_FILTER_FIELDS);
  const query: ServerSpanFilter = {};
  const kept: Expression[] = [];
  for (const term of conjuncts(ast.body)) {
    const served = serve(term, query, serves);
    if (served !== 'exact') kept.push(term);
  }
  const body: Expression | null =
    kept.length === 0
      ? null
      : kept.length === 1
        ? kept[0]!
        : { type: 'logical', operator: 'and', operands: kept, range: { start: kept[0]!.range.start, end: kept.at(-1)!.range.end } };
  const remaining: ConditionAst = { type: 'condition', text: ast.text, body, range: ast.range };
  return { query, remaining, remainingText: formatCondition(remaining), remainingIsPhoenix: isPhoenixCondition(remaining) };
}

/** Whether a condition uses only Phoenix's own language (annokit adds `annotations[...].annotator_kind`). */
export function isPhoenixCondition(condition: ConditionAst | Expression | null): boolean {
  if (condition === null) return true;
  if (condition.type === 'condition') return isPhoenixCondition(condition.body);
  switch (condition.type) {
    case 'annotation':
      return condition.member !== 'annotator_kind';
    case 'logical':
      return condition.operands.every(isPhoenixCondition);
    case 'not':
      return isPhoenixCondition(condition.operand);
    case 'compare':
    case 'binary':
      return isPhoenixCondition(condition.left) && isPhoenixCondition(condition.right);
    case 'unary':
      return isPhoenixCondition(condition.operand);
    case 'call':
      return isPhoenixCondition(condition.argument);
    case 'list':
      return condition.elements.every(isPhoenixCondition);
    default:
      return true;
  }
}

/** The top-level `and` terms (a chained comparison counts as its pairs). */
export function conjuncts(body: Expression | null): Expression[] {
  if (body === null) return [];
  if (body.type === 'logical' && body.operator === 'and') return body.operands.flatMap(conjuncts);
  return [body];
}

type Served = 'exact' | 'narrowed' | 'no';

function serve(term: Expression, query: ServerSpanFilter, serves: ReadonlySet<ServerSpanFilterField>): Served {
  if (term.type !== 'compare') return 'no';
  const compare = orient(term);
  if (compare === null) return 'no';
  const { field, operator, values } = compare;

  if (field === 'parent_id' && values.length === 1 && values[0] === null && (operator === 'is' || operator === '==')) {
    if (!serves.has('rootsOnly')) return 'no';
    query.rootsOnly = true;
    return 'exact';
  }
  if (values.some((value) => typeof value !== 'string')) return 'no';
  const texts = values as string[];
  if (operator !== '==' && operator !== 'in') {
    return field === 'start_time' ? serveTime(operator, texts[0]!, query, serves) : 'no';
  }
  switch (field) {
    case 'span_kind': {
      const kinds = texts.map((text) => text.toUpperCase());
      if (!serves.has('spanKinds') || query.spanKinds || !kinds.every((kind) => SPAN_KINDS.includes(kind as SpanKind))) return 'no';
      if (kinds.length === 0) return 'no'; // an empty list would read as "no filter" to a backend
      query.spanKinds = kinds as SpanKind[];
      return 'exact';
    }
    case 'status_code': {
      const codes = texts.map((text) => text.toUpperCase());
      if (!serves.has('statusCodes') || query.statusCodes || !codes.every((code) => STATUS_CODES.includes(code as SpanStatusCode))) return 'no';
      if (codes.length === 0) return 'no';
      query.statusCodes = codes as SpanStatusCode[];
      return 'exact';
    }
    case 'name':
      return assign('names', texts, query, serves);
    case 'trace_id':
      return assign('traceIds', texts, query, serves);
    case 'span_id':
      return assign('spanIds', texts, query, serves);
    case 'start_time':
      return operator === '==' ? serveTime('==', texts[0]!, query, serves) : 'no';
    default:
      // Only text no JSON reader would take for a number, boolean or object: the condition compares an
      // attribute with text as text (a stored 5 matches '5'), which a backend's typed equality would miss.
      if (field.startsWith('attribute:') && operator === '==' && serves.has('attributes') && readsAsText(texts[0]!)) {
        const key = field.slice('attribute:'.length);
        if (query.attributes && Object.hasOwn(query.attributes, key)) return 'no';
        query.attributes = { ...query.attributes, [key]: texts[0]! };
        return 'exact';
      }
      return 'no';
  }
}

function assign(
  key: 'names' | 'traceIds' | 'spanIds',
  values: string[],
  query: ServerSpanFilter,
  serves: ReadonlySet<ServerSpanFilterField>,
): Served {
  if (!serves.has(key) || query[key] || values.length === 0) return 'no';
  query[key] = values;
  return 'exact';
}

function serveTime(operator: string, text: string, query: ServerSpanFilter, serves: ReadonlySet<ServerSpanFilterField>): Served {
  const parsed = parseDatetimeLiteral(text);
  if (!parsed.ok) return 'no';
  const t = parsed.value;
  const lower = (value: number) => {
    query.startTime = query.startTime === undefined ? value : Math.max(query.startTime, value);
  };
  const upper = (value: number) => {
    query.endTime = query.endTime === undefined ? value : Math.min(query.endTime, value);
  };
  switch (operator) {
    case '>=':
      if (!serves.has('startTime')) return 'no';
      lower(t);
      return 'exact';
    case '>':
      if (!serves.has('startTime')) return 'no';
      lower(t);
      return 'narrowed';
    case '<':
      if (!serves.has('endTime')) return 'no';
      upper(t);
      return 'exact';
    case '<=':
      if (!serves.has('endTime')) return 'no';
      upper(t + 1);
      return 'narrowed';
    case '==':
      if (!serves.has('startTime') || !serves.has('endTime')) return 'no';
      lower(t);
      upper(t + 1);
      return 'narrowed';
    default:
      return 'no';
  }
}

/** A comparison of a field (or a string-keyed attribute path) with literal values, field first. */
function orient(term: CompareNode): { field: string; operator: string; values: (string | number | boolean | null)[] } | null {
  const fieldOf = (node: Expression): string | null => {
    if (node.type === 'field') return node.name;
    if (node.type === 'attribute' && node.path.every((key) => typeof key === 'string')) return `attribute:${node.path.join('.')}`;
    return null;
  };
  const flipped: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=' };
  let field = fieldOf(term.left);
  let other = term.right;
  let operator: string = term.operator;
  if (field === null) {
    if (operator === 'in' || operator === 'not in' || operator === 'is' || operator === 'is not') return null;
    field = fieldOf(term.right);
    other = term.left;
    operator = flipped[operator] ?? operator;
  }
  if (field === null) return null;
  if (other.type === 'literal') return { field, operator, values: [other.value] };
  if (other.type === 'list' && other.elements.every((element) => element.type === 'literal')) {
    return { field, operator, values: other.elements.map((element) => (element as { value: string | number | boolean | null }).value) };
  }
  return null;
}

function readsAsText(text: string): boolean {
  try {
    return typeof JSON.parse(text) === 'string';
  } catch {
    return true;
  }
}
