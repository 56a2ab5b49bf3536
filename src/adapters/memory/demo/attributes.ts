import type { AttributeValue, Attributes } from '../../../core';

/**
 * Sets one flat OpenInference key (`llm.input_messages.0.message.role`) on nested attributes:
 * dotted segments become objects, numeric segments list indices — the shape `Span.attributes` uses
 * and the one core's `nestAttributes` makes. The generator sets keys one by one instead of nesting a
 * flat map at the end because that halves its time at 100,000 spans; a test checks both agree.
 */
export function setAttribute(target: Attributes, key: string, value: AttributeValue): void {
  const path = parsedKeys.get(key) ?? parseKey(key);
  let node: Attributes | AttributeValue[] = target;
  const last = path.length - 1;
  for (let index = 0; index < last; index++) {
    const segment = path[index]!;
    // Arrays and objects take separate branches so each property access stays monomorphic.
    let child: AttributeValue | undefined =
      typeof segment === 'number' ? (node as AttributeValue[])[segment] : (node as Attributes)[segment];
    if (child === undefined || child === null || typeof child !== 'object') {
      child = typeof path[index + 1] === 'number' ? [] : {};
      if (typeof segment === 'number') (node as AttributeValue[])[segment] = child;
      else (node as Attributes)[segment] = child;
    }
    node = child;
  }
  const segment = path[last]!;
  if (typeof segment === 'number') (node as AttributeValue[])[segment] = value;
  else (node as Attributes)[segment] = value;
}

// Generating 100,000 spans sets millions of keys drawn from a few hundred distinct ones:
// parsing each key once is what keeps the generator fast.
const parsedKeys = new Map<string, ReadonlyArray<string | number>>();
const MAX_CACHED_KEYS = 10_000;

function parseKey(key: string): ReadonlyArray<string | number> {
  const path = key.split('.').map((segment) => (isIndex(segment) ? Number(segment) : segment));
  if (parsedKeys.size < MAX_CACHED_KEYS) parsedKeys.set(key, path);
  return path;
}

function isIndex(segment: string): boolean {
  const code = segment.charCodeAt(0);
  return code >= 48 && code <= 57 && String(Number(segment)) === segment;
}

const indexedKeys = new Map<string, Map<string, string[]>>();

/**
 * `prefix.index.field` (`llm.input_messages.2.message.role`) as one shared string per combination,
 * so building the key allocates nothing and looking it up hashes a string seen before.
 */
export function indexedKey(prefix: string, index: number, field: string): string {
  let byField = indexedKeys.get(prefix);
  if (!byField) indexedKeys.set(prefix, (byField = new Map()));
  let keys = byField.get(field);
  if (!keys) byField.set(field, (keys = []));
  return (keys[index] ??= `${prefix}.${index}.${field}`);
}
