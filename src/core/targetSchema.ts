import type { AnnotationTarget, AnnotationTargetKind } from './model';
import { got } from './errors';
import { INVALID, isPlainObject, issue, parse, type Schema } from './schemaBase';

/*
 * The annotation target check, written out by hand so that code which only checks targets (the
 * feedback buttons, when they read back a vote) does not pull in the schema toolkit. It reports
 * exactly what `discriminated('kind', { span: object({ kind: literal('span'), spanId:
 * string({ nonEmpty: true }) }), ..., document: object({ ..., position: number({ integer: true,
 * min: 0 }) }) })` reports; test/core/targetSchema.test.ts holds it to that.
 */

/** Each kind's id field; a document target also has a `position`. */
const ID_FIELD: Record<AnnotationTargetKind, string> = { span: 'spanId', trace: 'traceId', session: 'sessionId', document: 'spanId' };

const KINDS = 'one of "span", "trace", "session", "document"';

/** A span, trace, session or document target; unknown fields are dropped. */
export const annotationTargetSchema: Schema<AnnotationTarget> = {
  expected: `an object whose "kind" is ${KINDS}`,
  check(value, path, issues) {
    if (!isPlainObject(value)) return issue(issues, path, value, got('an object', value));
    const at = (key: string) => (path ? `${path}.${key}` : key);
    const { kind } = value;
    if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(ID_FIELD, kind)) {
      return issue(issues, at('kind'), kind, got(KINDS, kind));
    }
    const idField = ID_FIELD[kind as AnnotationTargetKind];
    const id = value[idField];
    const out: Record<string, unknown> = { kind, [idField]: id };
    let ok = typeof id === 'string' && id.trim() !== '';
    if (!ok) issue(issues, at(idField), id, got('a non-empty string', id));
    if (kind === 'document') {
      const { position } = value;
      const problem =
        typeof position !== 'number' || !Number.isInteger(position)
          ? got('a finite integer', position)
          : position < 0
            ? `must be at least 0, got ${position}`
            : null;
      if (problem) {
        issue(issues, at('position'), position, problem);
        ok = false;
      }
      out.position = position;
    }
    return ok ? (out as AnnotationTarget) : INVALID;
  },
};

/** @throws ValidationError naming the field and the value, e.g. `target.spanId: expected a non-empty string, got ""`. */
export function validateAnnotationTarget(input: unknown, path = 'target'): AnnotationTarget {
  return parse(annotationTargetSchema, input, path);
}
