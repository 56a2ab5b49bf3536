import { ValidationError, describeValue } from '../errors';
import type { Annotation, Span } from '../model';
import type { ConditionAst } from './ast';
import { attributeGetter, compileCondition, type CompiledCondition, type FilterScope, type TokenCountKind } from './compile';
import { toNumber } from './values';

/** Annotations for a filter: a list (only those whose target is a span are read) or a map from span id to that span's annotations. */
export type SpanAnnotationsInput = readonly Annotation[] | ReadonlyMap<string, readonly Annotation[]>;

export interface FilterSpansOptions {
  /** The annotations `annotations['name']` reads. Default: none (every annotation test sees a missing annotation). */
  annotations?: SpanAnnotationsInput;
  /** Decides `parent_span is None` and cumulative token counts. Default: built from `spans` themselves. */
  scope?: FilterScope;
}

/**
 * The spans a condition selects, in their original order. `condition` is text, a parsed
 * condition or a compiled one (compile once when you filter the same condition repeatedly).
 */
export function filterSpans(
  spans: readonly Span[],
  condition: string | ConditionAst | CompiledCondition,
  options: FilterSpansOptions = {},
): Span[] {
  if (!Array.isArray(spans)) {
    throw new ValidationError([{ field: 'spans', value: spans, message: `expected an array of spans, got ${describeValue(spans)}` }]);
  }
  const matches = typeof condition === 'function' ? condition : compileCondition(condition);
  if (matches.condition.body === null) return spans.slice();
  const byspan = matches.annotationNames.length > 0 ? annotationsBySpan(options.annotations) : null;
  const scope =
    options.scope ?? (matches.usesParentSpan || matches.usesCumulativeTokenCounts ? createFilterScope(spans) : undefined);
  const out: Span[] = [];
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    if (matches(span, byspan === null ? null : byspan.get(span.spanId), scope)) out.push(span);
  }
  return out;
}

function annotationsBySpan(input: SpanAnnotationsInput | undefined): ReadonlyMap<string, readonly Annotation[]> {
  if (input === undefined) return new Map();
  if (input instanceof Map) return input;
  if (!Array.isArray(input)) {
    throw new ValidationError([
      { field: 'options.annotations', value: input, message: `expected an array of annotations or a Map by span id, got ${describeValue(input)}` },
    ]);
  }
  return indexAnnotationsBySpan(input);
}

/** Groups span annotations by span id (annotations on traces, sessions and documents are left out). */
export function indexAnnotationsBySpan(annotations: readonly Annotation[]): Map<string, Annotation[]> {
  const index = new Map<string, Annotation[]>();
  for (const annotation of annotations) {
    const target = annotation?.target;
    if (target?.kind !== 'span') continue;
    const list = index.get(target.spanId);
    if (list) list.push(annotation);
    else index.set(target.spanId, [annotation]);
  }
  return index;
}

/**
 * The scope of a set of spans: a parent missing from it makes a span an orphan (`parent_span is None`),
 * and cumulative token counts sum a span's subtree within it. Built lazily on first use.
 */
export function createFilterScope(spans: readonly Span[]): FilterScope {
  let ids: Set<string> | null = null;
  const cumulative = new Map<string, Record<TokenCountKind, number>>();
  let children: Map<string, Span[]> | null = null;
  const own = {
    prompt: attributeGetter(['llm', 'token_count', 'prompt']),
    completion: attributeGetter(['llm', 'token_count', 'completion']),
    total: attributeGetter(['llm', 'token_count', 'total']),
  };

  const totals = (root: Span): Record<TokenCountKind, number> => {
    if (children === null) {
      children = new Map();
      for (const span of spans) {
        if (span.parentId == null) continue;
        const list = children.get(span.parentId);
        if (list) list.push(span);
        else children.set(span.parentId, [span]);
      }
    }
    // iterative post-order: traces can be deep enough to overflow the stack with recursion
    const stack: { span: Span; expanded: boolean }[] = [{ span: root, expanded: false }];
    const onPath = new Set<string>();
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (cumulative.has(top.span.spanId)) {
        stack.pop();
        continue;
      }
      const kids = children.get(top.span.spanId) ?? [];
      if (!top.expanded) {
        top.expanded = true;
        onPath.add(top.span.spanId);
        for (const kid of kids) if (!cumulative.has(kid.spanId) && !onPath.has(kid.spanId)) stack.push({ span: kid, expanded: false });
        continue;
      }
      const sum: Record<TokenCountKind, number> = {
        prompt: toNumber(own.prompt(top.span)) ?? 0,
        completion: toNumber(own.completion(top.span)) ?? 0,
        total: toNumber(own.total(top.span)) ?? 0,
      };
      for (const kid of kids) {
        const counts = cumulative.get(kid.spanId);
        if (!counts) continue; // a cycle in bad data: the back edge is not counted twice
        sum.prompt += counts.prompt;
        sum.completion += counts.completion;
        sum.total += counts.total;
      }
      cumulative.set(top.span.spanId, sum);
      onPath.delete(top.span.spanId);
      stack.pop();
    }
    return cumulative.get(root.spanId)!;
  };

  return {
    hasSpan(spanId) {
      if (ids === null) ids = new Set(spans.map((span) => span.spanId));
      return ids.has(spanId);
    },
    cumulativeTokenCount(span, kind) {
      return (cumulative.get(span.spanId) ?? totals(span))[kind];
    },
  };
}
