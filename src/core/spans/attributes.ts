import { describeValue } from '../errors';
import type { AttributeValue, Attributes } from '../model';
import { METADATA } from './conventions';

/**
 * Dotted attribute keys (`llm.input_messages.0.message.role`) ⇄ nested objects.
 *
 * Rules, chosen so that nothing a span carried is lost:
 * - Each dotted segment becomes an object level; a level whose keys are exactly `0..n-1` becomes an
 *   array. Gaps (`0`, `2`) or mixed keys (`0`, `b`) keep an object with the numeric keys as strings.
 * - A key that is both a leaf and a prefix (`input` = "x" and `input.value` = "y") becomes an object
 *   holding the leaf under the empty key: `{ input: { '': 'x', value: 'y' } }`. `flattenAttributes`
 *   turns it back into both keys and `getAttribute(attrs, 'input')` returns the leaf "x".
 * - A value that is already an object (Langfuse stores parsed JSON; OTLP `kvlistValue`) is merged in
 *   as a subtree whose own keys are kept literally (never split on dots).
 * - `metadata` (OpenInference stores it as JSON text) becomes an object whose keys are kept literally;
 *   text that is not a JSON object stays as it was and a problem is recorded.
 * - A key with an empty segment (`a..b`, `.a`, `a.`) cannot be split without losing its spelling and is
 *   kept literally at the top level.
 * - Two values landing on exactly the same path (only possible when an object value and a dotted key
 *   overlap) keep the dotted key's value; the other is named in a problem.
 */

const METADATA_KEY = METADATA;

interface Node {
  hasLeaf: boolean;
  leaf: AttributeValue;
  /** Set when an object value landed here, so `{}` survives as `{}`. */
  isObject: boolean;
  children: Map<string, Node> | null;
}

function newNode(): Node {
  return { hasLeaf: false, leaf: null, isObject: false, children: null };
}

function child(node: Node, key: string): Node {
  if (!node.children) node.children = new Map();
  let next = node.children.get(key);
  if (!next) {
    next = newNode();
    node.children.set(key, next);
  }
  return next;
}

/** Plain JSON-ish objects only: arrays, dates and class instances are values, not subtrees. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Assigns an own property even for `__proto__`, which a plain assignment would treat as the prototype. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Coerces anything JSON could hold (and a few things it could not) into an attribute value. */
function toAttributeValue(value: unknown): AttributeValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(toAttributeValue);
  if (isPlainRecord(value)) {
    const out: Attributes = {};
    for (const [key, entry] of Object.entries(value)) setOwn(out, key, toAttributeValue(entry));
    return out;
  }
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function insert(node: Node, value: unknown, path: string, fromDottedKey: boolean, problems: string[] | undefined): void {
  if (isPlainRecord(value)) {
    node.isObject = true;
    for (const [key, entry] of Object.entries(value)) insert(child(node, key), entry, path ? `${path}.${key}` : key, false, problems);
    return;
  }
  const converted = toAttributeValue(value);
  if (node.hasLeaf) {
    const [kept, dropped] = fromDottedKey ? [converted, node.leaf] : [node.leaf, converted];
    problems?.push(`attribute ${path} given twice (${describeValue(node.leaf)} and ${describeValue(converted)}); kept ${describeValue(kept)}, dropped ${describeValue(dropped)}`);
    node.leaf = kept;
    return;
  }
  node.hasLeaf = true;
  node.leaf = converted;
}

const INDEX = /^(0|[1-9][0-9]*)$/;

function build(node: Node): AttributeValue {
  if (!node.children || node.children.size === 0) {
    if (node.hasLeaf) return node.leaf;
    return {};
  }
  const size = node.children.size;
  let dense = !node.hasLeaf;
  if (dense) {
    for (const key of node.children.keys()) {
      if (!INDEX.test(key) || Number(key) >= size) {
        dense = false;
        break;
      }
    }
  }
  if (dense) {
    const list: AttributeValue[] = new Array<AttributeValue>(size);
    for (const [key, entry] of node.children) list[Number(key)] = build(entry);
    return list;
  }
  const out: Attributes = {};
  if (node.hasLeaf) out[''] = node.leaf;
  for (const [key, entry] of node.children) setOwn(out, key, build(entry));
  return out;
}

function splitKey(key: string): string[] {
  const segments = key.split('.');
  return segments.includes('') ? [key] : segments;
}

/**
 * Parses the OpenInference `metadata` attribute (JSON text) into an object with literal keys.
 * Returns the input unchanged, with a problem pushed, when it is not JSON for an object.
 */
export function parseMetadataValue(value: unknown, problems?: string[], field = METADATA_KEY): unknown {
  if (typeof value !== 'string') return value;
  if (value.trim() === '') return value;
  try {
    const parsed = JSON.parse(value) as unknown;
    if (isPlainRecord(parsed)) return parsed;
    problems?.push(`${field}: expected JSON text for an object, got ${describeValue(value)}; kept as text`);
    return value;
  } catch (error) {
    problems?.push(`${field}: invalid JSON (${(error as Error).message}), kept as text: ${describeValue(value)}`);
    return value;
  }
}

/**
 * Turns flat dotted attributes into nested ones (see the rules above); pass `problems` to collect
 * what had to be repaired (invalid `metadata` JSON, a path given twice).
 */
export function nestAttributes(flat: Readonly<Record<string, unknown>>, problems?: string[]): Attributes {
  const root = newNode();
  for (const [key, raw] of Object.entries(flat)) {
    if (raw === undefined) continue;
    const value = key === METADATA_KEY ? parseMetadataValue(raw, problems) : raw;
    let node = root;
    for (const segment of splitKey(key)) node = child(node, segment);
    insert(node, value, key, true, problems);
  }
  const built = build(root);
  // The root always has string keys, but a span whose only keys are `0`, `1` would come back as an array.
  if (Array.isArray(built)) {
    const out: Attributes = {};
    built.forEach((entry, index) => (out[String(index)] = entry));
    return out;
  }
  return built as Attributes;
}

function isPrimitiveList(value: AttributeValue[]): boolean {
  return value.every((entry) => entry === null || typeof entry !== 'object');
}

/**
 * Turns nested attributes back into flat dotted keys, the shape OpenInference and Phoenix use.
 * Lists of primitives stay lists (OTLP array values); lists of objects get index segments;
 * a top-level `metadata` object is written back as JSON text.
 */
export function flattenAttributes(nested: Readonly<Attributes>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  const stack: Array<[string, AttributeValue]> = [];
  for (const [key, value] of Object.entries(nested)) {
    if (key === METADATA_KEY && isPlainRecord(value)) setOwn(out, key, JSON.stringify(value));
    else stack.push([key, value]);
  }
  // Depth-first with an explicit stack; entries are emitted in the order they were found.
  stack.reverse();
  while (stack.length > 0) {
    const [path, value] = stack.pop()!;
    if (Array.isArray(value) && !isPrimitiveList(value) && value.length > 0) {
      for (let index = value.length - 1; index >= 0; index--) stack.push([`${path}.${index}`, value[index]!]);
    } else if (isPlainRecord(value) && Object.keys(value).length > 0) {
      const entries = Object.entries(value);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, entry] = entries[index]!;
        stack.push([key === '' ? path : `${path}.${key}`, entry]);
      }
    } else {
      setOwn(out, path, value);
    }
  }
  return out;
}

function own(value: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function step(current: unknown, key: string): unknown {
  if (Array.isArray(current)) return INDEX.test(key) ? current[Number(key)] : undefined;
  if (isPlainRecord(current)) return own(current, key);
  return undefined;
}

/**
 * Reads one attribute by its dotted OpenInference key (`llm.model_name`, `llm.input_messages.0.message.role`)
 * from nested or flat attributes. A key that is both a leaf and a prefix returns its leaf. Never throws.
 */
export function getAttribute(attrs: unknown, key: string): AttributeValue | undefined {
  if (!isPlainRecord(attrs) && !Array.isArray(attrs)) return undefined;
  const direct = isPlainRecord(attrs) ? own(attrs, key) : undefined;
  let found: unknown = direct;
  if (found === undefined) {
    const segments = key.split('.');
    let current: unknown = attrs;
    let index = 0;
    while (index < segments.length && current !== undefined) {
      let next = step(current, segments[index]!);
      let used = 1;
      // A literal key with dots inside (metadata keys, parsed JSON values) spans several segments.
      if (next === undefined && isPlainRecord(current)) {
        let joined = segments[index]!;
        for (let end = index + 1; end < segments.length; end++) {
          joined += `.${segments[end]}`;
          next = own(current, joined);
          if (next !== undefined) {
            used = end - index + 1;
            break;
          }
        }
      }
      current = next;
      index += used;
    }
    found = current;
  }
  if (isPlainRecord(found) && Object.prototype.hasOwnProperty.call(found, '')) return found[''] as AttributeValue;
  return found as AttributeValue | undefined;
}
