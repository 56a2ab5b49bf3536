/**
 * Compares two OpenAPI documents on the operations that matter to us: method and path, operation
 * id, parameters (by location and name: required, schema), request body and responses (status,
 * content type, schema), every `$ref` followed. Prose (`description`, `title`, `summary`,
 * examples) is ignored: it changes between releases without changing the API.
 */

type Json = Record<string, unknown>;

export interface OperationRef {
  operationId: string;
  method: string;
  path: string;
}

const PROSE = new Set(['description', 'title', 'summary', 'examples', 'example']);

function resolvePointer(doc: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let current: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    current = current && typeof current === 'object' ? (current as Json)[key] : undefined;
  }
  return current;
}

/**
 * `value` with every `$ref` inlined (a recursive one is left as `{ $ref }`) and the prose removed;
 * inside a `properties` map every key is a property name and kept.
 */
export function normalize(doc: Json, value: unknown, trail: readonly string[] = [], names = false): unknown {
  if (Array.isArray(value)) return value.map((entry) => normalize(doc, entry, trail));
  if (!value || typeof value !== 'object') return value;
  const object = value as Json;
  if (!names && typeof object.$ref === 'string') {
    if (trail.includes(object.$ref)) return { $ref: object.$ref };
    const target = resolvePointer(doc, object.$ref);
    if (target === undefined) return { $unresolved: object.$ref };
    return normalize(doc, target, [...trail, object.$ref]);
  }
  const out: Json = {};
  for (const key of Object.keys(object).sort()) {
    if (!names && PROSE.has(key)) continue;
    out[key] = normalize(doc, object[key], trail, !names && key === 'properties');
  }
  return out;
}

function short(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'nothing' : text.length > 240 ? `${text.slice(0, 237)}...` : text;
}

/** Paths where `a` (the copy) and `b` (the server) differ, each with both values. */
function differences(a: unknown, b: unknown, path: string, out: string[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const bothObjects = a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b);
  if (bothObjects) {
    const left = a as Json;
    const right = b as Json;
    for (const key of [...new Set([...Object.keys(left), ...Object.keys(right)])].sort()) {
      if (!(key in right)) out.push(`${path}.${key}: only in the copy: ${short(left[key])}`);
      else if (!(key in left)) out.push(`${path}.${key}: only on the server: ${short(right[key])}`);
      else differences(left[key], right[key], `${path}.${key}`, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((entry, index) => differences(entry, b[index], `${path}[${index}]`, out));
    return;
  }
  out.push(`${path}: the copy has ${short(a)}, the server ${short(b)}`);
}

function operationOf(doc: Json, ref: OperationRef): Json | undefined {
  const paths = (doc.paths ?? {}) as Record<string, Json>;
  return paths[ref.path]?.[ref.method.toLowerCase()] as Json | undefined;
}

function comparable(doc: Json, operation: Json): Json {
  const parameters: Json = {};
  for (const parameter of (operation.parameters ?? []) as Json[]) {
    const resolved = normalize(doc, parameter) as Json;
    parameters[`${String(resolved.in)}:${String(resolved.name)}`] = resolved;
  }
  return {
    operationId: operation.operationId,
    parameters,
    requestBody: normalize(doc, operation.requestBody),
    responses: normalize(doc, operation.responses),
  };
}

/**
 * Every difference between `copy` and `server` on `operations`, as readable lines
 * (`GET /v1/projects/{project_identifier}/spans.parameters.query:sort: only on the server: …`).
 */
export function contractDrift(copy: Json, server: Json, operations: readonly OperationRef[]): string[] {
  const out: string[] = [];
  for (const ref of operations) {
    const where = `${ref.method} ${ref.path}`;
    const left = operationOf(copy, ref);
    const right = operationOf(server, ref);
    if (!left) out.push(`${where}: missing from the copy (${ref.operationId})`);
    if (!right) out.push(`${where}: the server does not serve it (${ref.operationId})`);
    if (!left || !right) continue;
    differences(comparable(copy, left), comparable(server, right), where, out);
  }
  return out;
}
