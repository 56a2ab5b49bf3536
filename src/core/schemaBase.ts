import { ValidationError, got, type ValidationIssue } from './errors';

// The core of the schema toolkit (schema.ts holds the combinators), on its own so that hand-written
// checks such as the target check do not bring the combinators with them.

/**
 * A deliberately small runtime-schema toolkit. annokit validates every value that enters from
 * outside (props, adapter responses, imported files); a full schema library would cost more bytes
 * than the feedback buttons themselves, and our error messages must name the field and the value.
 */
export interface Schema<T> {
  /** Returns the parsed value, or {@link INVALID} after pushing at least one issue. */
  readonly check: (value: unknown, path: string, issues: ValidationIssue[]) => T | typeof INVALID;
  /** Human description used in messages, e.g. `a string`. */
  readonly expected: string;
}

export const INVALID: unique symbol = Symbol('invalid');

export type Infer<S> = S extends Schema<infer T> ? T : never;

/** Records a rejected field and returns {@link INVALID}: for hand-written `check` functions. */
export function issue(issues: ValidationIssue[], field: string, value: unknown, message: string): typeof INVALID {
  issues.push({ field, value, message });
  return INVALID;
}

/** Whether a value is a plain object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses or throws a {@link ValidationError} naming every rejected field and value. */
export function parse<T>(schema: Schema<T>, value: unknown, path: string): T {
  const issues: ValidationIssue[] = [];
  const parsed = schema.check(value, path, issues);
  if (parsed === INVALID || issues.length > 0) {
    throw new ValidationError(issues.length ? issues : [{ field: path, value, message: got(schema.expected, value) }]);
  }
  return parsed;
}

export type SafeParseResult<T> = { ok: true; value: T } | { ok: false; error: ValidationError };

export function safeParse<T>(schema: Schema<T>, value: unknown, path: string): SafeParseResult<T> {
  try {
    return { ok: true, value: parse(schema, value, path) };
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, error };
    throw error;
  }
}
