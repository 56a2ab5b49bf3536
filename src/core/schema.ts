import { describeValue, got } from './errors';
import { INVALID, isPlainObject, issue, type Infer, type Schema } from './schemaBase';

/*
 * A deliberately small runtime-schema toolkit: the combinators here, the core (the `Schema` type,
 * `issue`, `parse`) in schemaBase.ts, which hand-written checks such as the target check import
 * without the combinators.
 */

export { got };
export { INVALID, isPlainObject, issue, parse, safeParse, type Infer, type SafeParseResult, type Schema } from './schemaBase';

function make<T>(expected: string, check: Schema<T>['check']): Schema<T> {
  return { expected, check };
}

export interface StringOptions {
  /** Rejects the empty string and strings of only whitespace. */
  nonEmpty?: boolean;
  maxLength?: number;
}

export function string(options: StringOptions = {}): Schema<string> {
  const expected = options.nonEmpty ? 'a non-empty string' : 'a string';
  return make(expected, (value, path, issues) => {
    if (typeof value !== 'string') return issue(issues, path, value, got(expected, value));
    if (options.nonEmpty && value.trim() === '') return issue(issues, path, value, got(expected, value));
    if (options.maxLength !== undefined && value.length > options.maxLength) {
      return issue(issues, path, value, `must be at most ${options.maxLength} characters, got ${value.length}`);
    }
    return value;
  });
}

export interface NumberOptions {
  integer?: boolean;
  min?: number;
  max?: number;
}

/** A finite number: NaN and ±Infinity are refused. */
export function number(options: NumberOptions = {}): Schema<number> {
  const expected = options.integer ? 'a finite integer' : 'a finite number';
  return make(expected, (value, path, issues) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return issue(issues, path, value, got(expected, value));
    if (options.integer && !Number.isInteger(value)) return issue(issues, path, value, got(expected, value));
    if (options.min !== undefined && value < options.min) {
      return issue(issues, path, value, `must be at least ${options.min}, got ${value}`);
    }
    if (options.max !== undefined && value > options.max) {
      return issue(issues, path, value, `must be at most ${options.max}, got ${value}`);
    }
    return value;
  });
}

export function boolean(): Schema<boolean> {
  return make('a boolean', (value, path, issues) =>
    typeof value === 'boolean' ? value : issue(issues, path, value, got('a boolean', value)),
  );
}

export function unknown(): Schema<unknown> {
  return make('any value', (value) => value);
}

export function literal<const T extends string | number | boolean | null>(expectedValue: T): Schema<T> {
  const expected = describeValue(expectedValue);
  return make(expected, (value, path, issues) =>
    value === expectedValue ? expectedValue : issue(issues, path, value, got(expected, value)),
  );
}

export function oneOf<const T extends string>(values: readonly T[]): Schema<T> {
  const expected = `one of ${values.map((v) => `"${v}"`).join(', ')}`;
  return make(expected, (value, path, issues) =>
    (values as readonly unknown[]).includes(value) ? (value as T) : issue(issues, path, value, got(expected, value)),
  );
}

export function optional<T>(schema: Schema<T>): Schema<T | undefined> {
  return make(`${schema.expected} or undefined`, (value, path, issues) =>
    value === undefined ? undefined : schema.check(value, path, issues),
  );
}

/** Accepts `null` and `undefined`, both read as `null`. */
export function nullable<T>(schema: Schema<T>): Schema<T | null> {
  return make(`${schema.expected} or null`, (value, path, issues) =>
    value === null || value === undefined ? null : schema.check(value, path, issues),
  );
}

export function withDefault<T>(schema: Schema<T>, fallback: T): Schema<T> {
  return make(schema.expected, (value, path, issues) =>
    value === undefined ? fallback : schema.check(value, path, issues),
  );
}

export function array<T>(item: Schema<T>, options: { minLength?: number } = {}): Schema<T[]> {
  const expected = `an array of ${item.expected}`;
  return make(expected, (value, path, issues) => {
    if (!Array.isArray(value)) return issue(issues, path, value, got(expected, value));
    if (options.minLength !== undefined && value.length < options.minLength) {
      return issue(issues, path, value, `must hold at least ${options.minLength} item(s), got ${value.length}`);
    }
    const out: T[] = [];
    let ok = true;
    value.forEach((entry, index) => {
      const parsed = item.check(entry, `${path}[${index}]`, issues);
      if (parsed === INVALID) ok = false;
      else out.push(parsed);
    });
    return ok ? out : INVALID;
  });
}

export function record<T>(item: Schema<T>): Schema<Record<string, T>> {
  const expected = `an object of ${item.expected}`;
  return make(expected, (value, path, issues) => {
    if (!isPlainObject(value)) return issue(issues, path, value, got('an object', value));
    const out: Record<string, T> = {};
    let ok = true;
    for (const [key, entry] of Object.entries(value)) {
      const parsed = item.check(entry, `${path}[${JSON.stringify(key)}]`, issues);
      if (parsed === INVALID) ok = false;
      else out[key] = parsed;
    }
    return ok ? out : INVALID;
  });
}

type Shape = Record<string, Schema<unknown>>;
type Optionals<S extends Shape> = { [K in keyof S]: undefined extends Infer<S[K]> ? K : never }[keyof S];
export type ObjectOf<S extends Shape> = { [K in Exclude<keyof S, Optionals<S>>]: Infer<S[K]> } & {
  [K in Optionals<S>]?: Infer<S[K]>;
};

/** An object with known fields; unknown fields are dropped unless `passthrough` is set. */
export function object<S extends Shape>(shape: S, options: { passthrough?: boolean } = {}): Schema<ObjectOf<S>> {
  return make('an object', (value, path, issues) => {
    if (!isPlainObject(value)) return issue(issues, path, value, got('an object', value));
    const out: Record<string, unknown> = options.passthrough ? { ...value } : {};
    let ok = true;
    for (const [key, schema] of Object.entries(shape)) {
      const parsed = schema.check(value[key], path ? `${path}.${key}` : key, issues);
      if (parsed === INVALID) ok = false;
      else if (parsed !== undefined) out[key] = parsed;
    }
    return ok ? (out as ObjectOf<S>) : INVALID;
  });
}

/** Chooses the schema by the value of a tag field, so the error speaks of the right variant. */
export function discriminated<K extends string, M extends Record<string, Schema<unknown>>>(
  tag: K,
  variants: M,
): Schema<Infer<M[keyof M]>> {
  const tags = Object.keys(variants);
  const expected = `an object whose "${tag}" is one of ${tags.map((t) => `"${t}"`).join(', ')}`;
  return make(expected, (value, path, issues) => {
    if (!isPlainObject(value)) return issue(issues, path, value, got('an object', value));
    const variant = variants[String(value[tag])];
    const field = path ? `${path}.${tag}` : tag;
    if (!variant || !Object.prototype.hasOwnProperty.call(variants, String(value[tag]))) {
      return issue(issues, field, value[tag], got(`one of ${tags.map((t) => `"${t}"`).join(', ')}`, value[tag]));
    }
    return variant.check(value, path, issues) as Infer<M[keyof M]> | typeof INVALID;
  });
}

/** Adds a check that runs after the schema accepted the value. Return a message to reject. */
export function refine<T>(
  schema: Schema<T>,
  test: (value: T) => { field?: string; value?: unknown; message: string } | null | undefined,
): Schema<T> {
  return make(schema.expected, (value, path, issues) => {
    const parsed = schema.check(value, path, issues);
    if (parsed === INVALID) return INVALID;
    const problem = test(parsed);
    if (!problem) return parsed;
    const field = problem.field ? (path ? `${path}.${problem.field}` : problem.field) : path;
    return issue(issues, field, 'value' in problem ? problem.value : parsed, problem.message);
  });
}

export function transform<T, U>(schema: Schema<T>, map: (value: T) => U): Schema<U> {
  return make(schema.expected, (value, path, issues) => {
    const parsed = schema.check(value, path, issues);
    return parsed === INVALID ? INVALID : map(parsed);
  });
}
