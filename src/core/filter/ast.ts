/**
 * The typed syntax tree of a span-filter condition (Phoenix's language). Every node carries the
 * character range it was parsed from, so an error or an editor can point at the exact fragment.
 */

/** Half-open range of UTF-16 code-unit offsets into the condition text: `text.slice(start, end)`. */
export interface SourceRange {
  start: number;
  end: number;
}

interface NodeBase {
  range: SourceRange;
}

/** The span columns the language names directly, by their Phoenix spelling. */
export type FieldName =
  | 'span_id'
  | 'trace_id'
  | 'parent_id'
  | 'span_kind'
  | 'name'
  | 'status_code'
  | 'status_message'
  | 'latency_ms'
  | 'start_time'
  | 'end_time'
  | 'cumulative_llm_token_count_prompt'
  | 'cumulative_llm_token_count_completion'
  | 'cumulative_llm_token_count_total';

/** The static type of a value in a condition; `unknown` is a schemaless attribute read. */
export type ValueType = 'string' | 'number' | 'boolean' | 'datetime' | 'null' | 'unknown' | 'list';

export const FIELD_TYPES: Readonly<Record<FieldName, ValueType>> = {
  span_id: 'string',
  trace_id: 'string',
  parent_id: 'string',
  span_kind: 'string',
  name: 'string',
  status_code: 'string',
  status_message: 'string',
  latency_ms: 'number',
  start_time: 'datetime',
  end_time: 'datetime',
  cumulative_llm_token_count_prompt: 'number',
  cumulative_llm_token_count_completion: 'number',
  cumulative_llm_token_count_total: 'number',
};

/** Older spellings Phoenix still accepts, rewritten to the field they name. */
export const FIELD_ALIASES: Readonly<Record<string, FieldName>> = {
  'context.span_id': 'span_id',
  'context.trace_id': 'trace_id',
  'cumulative_token_count.prompt': 'cumulative_llm_token_count_prompt',
  'cumulative_token_count.completion': 'cumulative_llm_token_count_completion',
  'cumulative_token_count.total': 'cumulative_llm_token_count_total',
};

/** Attribute paths known to hold numbers, so they compare numerically (as in Phoenix). */
export const NUMERIC_ATTRIBUTES: readonly string[] = [
  'llm.token_count.prompt',
  'llm.token_count.completion',
  'llm.token_count.total',
];

/** Members of `annotations['name']`; `annotator_kind` is annokit's addition (browser-only). */
export type AnnotationMember = 'label' | 'score' | 'explanation' | 'annotator_kind';
export const ANNOTATION_MEMBERS: readonly AnnotationMember[] = ['label', 'score', 'explanation', 'annotator_kind'];

export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in' | 'is' | 'is not';
export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';

export interface LiteralNode extends NodeBase {
  type: 'literal';
  value: string | number | boolean | null;
  /** The literal as written (`1_000`, `"a\n"`), kept so formatting can reproduce it. */
  raw: string;
}

export interface ListNode extends NodeBase {
  type: 'list';
  /** `('a', 'b')` rather than `['a', 'b']`. */
  tuple: boolean;
  elements: Expression[];
}

export interface FieldNode extends NodeBase {
  type: 'field';
  name: FieldName;
  /** How it was written when that differs from `name` (`context.span_id`). */
  spelling: string;
}

export interface AttributeNode extends NodeBase {
  type: 'attribute';
  /** Keys into the nested `span.attributes`; numbers index lists. */
  path: (string | number)[];
  /** `llm.model_name`, `attributes['llm']['model_name']` or `metadata['k']` (path starts with `metadata`). */
  spelling: 'dotted' | 'attributes' | 'metadata';
}

export interface AnnotationNode extends NodeBase {
  type: 'annotation';
  /** The annotation name inside the brackets. */
  name: string;
  /** `null` for the bare form, an existence test. */
  member: AnnotationMember | null;
  /** `evals` is Phoenix's older alias. */
  accessor: 'annotations' | 'evals';
}

/** The reserved `parent_span`, usable only as `parent_span is None` / `is not None`. */
export interface ParentSpanNode extends NodeBase {
  type: 'parent_span';
}

export interface CallNode extends NodeBase {
  type: 'call';
  callee: 'str' | 'float' | 'int';
  argument: Expression;
}

export interface UnaryNode extends NodeBase {
  type: 'unary';
  operator: '-' | '+';
  operand: Expression;
}

export interface NotNode extends NodeBase {
  type: 'not';
  operand: Expression;
}

export interface BinaryNode extends NodeBase {
  type: 'binary';
  operator: ArithmeticOperator;
  left: Expression;
  right: Expression;
}

export interface CompareNode extends NodeBase {
  type: 'compare';
  operator: CompareOperator;
  left: Expression;
  right: Expression;
}

export interface LogicalNode extends NodeBase {
  type: 'logical';
  operator: 'and' | 'or';
  operands: Expression[];
  /** A chained comparison (`0 < x < 5`): the `and` of its pairs, which share their middle operands. */
  chained?: boolean;
}

export type Expression =
  | LiteralNode
  | ListNode
  | FieldNode
  | AttributeNode
  | AnnotationNode
  | ParentSpanNode
  | CallNode
  | UnaryNode
  | NotNode
  | BinaryNode
  | CompareNode
  | LogicalNode;

/** A parsed condition. `body` is null for an empty condition, which matches every span. */
export interface ConditionAst {
  type: 'condition';
  /** The text it was parsed from (surrounding whitespace kept; ranges index into it). */
  text: string;
  body: Expression | null;
  range: SourceRange;
}
