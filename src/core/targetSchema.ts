import type { AnnotationTarget, AnnotationTargetKind } from './model';
import { INVALID, got, isPlainObject, issue, number, parse, string, type Schema } from './schema';

/*
 * The annotation target check, on its own so that code which only checks targets (the feedback
 * buttons, when they read back a vote) pays for two leaf checks instead of the toolkit's
 * `discriminated` and `object` combinators. It reports exactly what
 * `discriminated('kind', { span: object({ kind: literal('span'), spanId: id }), ... })` did.
 */

const id = /* @__PURE__ */ string({ nonEmpty: true });

/** Each kind's fields after `kind`, in the order their problems are reported. */
const FIELDS: Record<AnnotationTargetKind, Record<string, Schema<unknown>>> = {
  span: { spanId: id },
  trace: { traceId: id },
  session: { sessionId: id },
  document: { spanId: id, position: /* @__PURE__ */ number({ integer: true, min: 0 }) },
};

const KINDS = 'one of "span", "trace", "session", "document"';

/** A span, trace, session or document target; unknown fields are dropped. */
export const annotationTargetSchema: Schema<AnnotationTarget> = {
  expected: `an object whose "kind" is ${KINDS}`,
  check(value, path, issues) {
    if (!isPlainObject(value)) return issue(issues, path, value, got('an object', value));
    const at = (key: string) => (path ? `${path}.${key}` : key);
    const kind = value.kind;
    if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(FIELDS, kind)) {
      return issue(issues, at('kind'), kind, got(KINDS, kind));
    }
    const out: Record<string, unknown> = { kind };
    let ok = true;
    for (const [key, schema] of Object.entries(FIELDS[kind as AnnotationTargetKind])) {
      const parsed = schema.check(value[key], at(key), issues);
      if (parsed === INVALID) ok = false;
      else out[key] = parsed;
    }
    return ok ? (out as AnnotationTarget) : INVALID;
  },
};

/** @throws ValidationError naming the field and the value, e.g. `target.spanId: expected a non-empty string, got ""`. */
export function validateAnnotationTarget(input: unknown, path = 'target'): AnnotationTarget {
  return parse(annotationTargetSchema, input, path);
}
