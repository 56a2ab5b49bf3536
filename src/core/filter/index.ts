export type {
  AnnotationMember,
  AnnotationNode,
  ArithmeticOperator,
  AttributeNode,
  BinaryNode,
  CallNode,
  CompareNode,
  CompareOperator,
  ConditionAst,
  Expression,
  FieldName,
  FieldNode,
  ListNode,
  LiteralNode,
  LogicalNode,
  NotNode,
  ParentSpanNode,
  SourceRange,
  UnaryNode,
  ValueType,
} from './ast';
export { ANNOTATION_MEMBERS, FIELD_ALIASES, FIELD_TYPES, NUMERIC_ATTRIBUTES } from './ast';
export { FilterConditionError, isFilterConditionError } from './errors';
export { parseCondition, safeParseCondition, type SafeParseConditionResult } from './parser';
export { typeOf } from './check';
export { formatCondition } from './format';
export { compileCondition, type CompiledCondition, type FilterScope, type TokenCountKind } from './compile';
export {
  createFilterScope,
  filterSpans,
  indexAnnotationsBySpan,
  type FilterSpansOptions,
  type SpanAnnotationsInput,
} from './filter-spans';
export {
  SERVER_SPAN_FILTER_FIELDS,
  conjuncts,
  isPhoenixCondition,
  splitCondition,
  type ConditionSplit,
  type ServerSpanFilter,
  type ServerSpanFilterField,
  type SplitConditionOptions,
} from './split';
export {
  chipToCondition,
  chipsFromCondition,
  conditionFromChips,
  describeChip,
  type FilterChip,
  type FilterChipKind,
  type FilterChipSpec,
} from './chips';
export {
  completeCondition,
  completionSourceFromAnnotations,
  type CompletionItem,
  type CompletionSource,
  type CompletionSourceOptions,
  type Completions,
} from './complete';
