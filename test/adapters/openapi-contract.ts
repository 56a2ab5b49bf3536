/**
 * Checks HTTP requests and responses against an OpenAPI 3.x document: the route and method exist,
 * path and query parameters have the declared types (no parameter the contract lacks), the JSON
 * body matches the request schema, and the response status, content type and body are declared.
 * JSON Schema checks use Ajv's draft 2020-12 validator, the dialect of OpenAPI 3.1; OpenAPI 3.0
 * documents go through {@link fromOpenApi30} first. Shared by every network adapter's fake server.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS with a default export; under ESM interop it may arrive wrapped
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => void;

type Json = Record<string, unknown>;

export interface MatchedOperation {
  operationId: string;
  method: string;
  template: string;
  pathParams: Record<string, string>;
  query: Record<string, unknown>;
}

interface Route {
  method: string;
  template: string;
  regex: RegExp;
  names: string[];
  operation: Json;
  pointer: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The non-null branch of `anyOf: [X, null]`, which is how FastAPI spells an optional parameter. */
function unwrapNullable(schema: Json, components: Json): Json {
  let current = schema;
  if (typeof current.$ref === 'string') current = resolveRef(current.$ref, components);
  const anyOf = current.anyOf as Json[] | undefined;
  if (Array.isArray(anyOf)) {
    const branches = anyOf.filter((branch) => branch.type !== 'null');
    if (branches.length === 1) return unwrapNullable(branches[0]!, components);
  }
  return current;
}

function resolveRef(ref: string, components: Json): Json {
  const name = ref.replace('#/components/schemas/', '');
  return ((components.schemas as Json)[name] ?? {}) as Json;
}

function coerceScalar(value: string, schema: Json): unknown {
  // `type: ['integer', 'null']` is how a nullable OpenAPI 3.0 parameter reads after fromOpenApi30
  const type = Array.isArray(schema.type) ? schema.type.find((entry) => entry !== 'null') : schema.type;
  if (type === 'integer' && /^-?\d+$/.test(value)) return Number(value);
  if (type === 'number' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

export interface ContractValidator {
  /** Throws a {@link ContractViolation} when the contract does not allow the request. */
  checkRequest(request: { method: string; url: string; contentType: string | null; body: unknown }): MatchedOperation;
  /** Throws a {@link ContractViolation} when the contract does not allow the response. */
  checkResponse(operation: MatchedOperation, status: number, contentType: string | null, body: unknown): void;
  /** The query parameters of the operation at `method url` that take a list. */
  arrayQueryParameters(method: string, url: string): Set<string>;
}

export class ContractViolation extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ContractViolation';
  }
}

export function createContractValidator(doc: Json): ContractValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addFormat('binary', true);
  ajv.addSchema(doc, 'contract');
  const components = doc.components as Json;
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (pointer: string) => {
    let fn = compiled.get(pointer);
    if (!fn) {
      fn = ajv.compile({ $ref: `contract#${pointer}` });
      compiled.set(pointer, fn);
    }
    return fn;
  };
  const describe = (fn: ValidateFunction) =>
    (fn.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message ?? ''}`.trim()).join('; ');

  const routes: Route[] = [];
  for (const [template, item] of Object.entries(doc.paths as Json)) {
    for (const method of METHODS) {
      const operation = (item as Json)[method] as Json | undefined;
      if (!operation) continue;
      const names: string[] = [];
      const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      routes.push({
        method: method.toUpperCase(),
        template,
        regex: new RegExp(`^${pattern}$`),
        names,
        operation,
        pointer: `/paths/${escapePointer(template)}/${method}`,
      });
    }
  }
  // literal segments beat parameters: `/v1/datasets/upload` is not `/v1/datasets/{id}`
  routes.sort((a, b) => a.names.length - b.names.length);

  return {
    checkRequest({ method, url, contentType, body }) {
      const parsed = new URL(url, 'http://contract.local');
      const candidates = routes.filter((route) => route.regex.test(parsed.pathname));
      const route = candidates.find((candidate) => candidate.method === method.toUpperCase());
      if (!route) {
        throw new ContractViolation([
          candidates.length
            ? `${method} is not an operation of ${parsed.pathname} (the contract has ${candidates.map((c) => c.method).join(', ')})`
            : `no operation in the contract matches ${method} ${parsed.pathname}`,
        ]);
      }
      const problems: string[] = [];
      const where = `${route.method} ${route.template}`;
      const match = route.regex.exec(parsed.pathname)!;
      const pathParams: Record<string, string> = {};
      route.names.forEach((name, index) => (pathParams[name] = decodeURIComponent(match[index + 1]!)));
      const parameters = (route.operation.parameters ?? []) as Json[];
      const query: Record<string, unknown> = {};
      const declared = new Set<string>();
      parameters.forEach((parameter, index) => {
        const name = parameter.name as string;
        const pointer = `${route.pointer}/parameters/${index}/schema`;
        const schema = unwrapNullable(parameter.schema as Json, components);
        let value: unknown;
        if (parameter.in === 'path') value = coerceScalar(pathParams[name] ?? '', schema);
        else if (parameter.in === 'query') {
          declared.add(name);
          const values = parsed.searchParams.getAll(name);
          if (values.length === 0) {
            if (parameter.required) problems.push(`${where}: the required query parameter "${name}" is missing`);
            return;
          }
          if (schema.type === 'array' || (Array.isArray(schema.type) && schema.type.includes('array'))) {
            const items = unwrapNullable((schema.items ?? {}) as Json, components);
            value = values.map((entry) => coerceScalar(entry, items));
          } else if (values.length > 1) {
            problems.push(`${where}: "${name}" takes one value, got ${values.length}`);
            return;
          } else value = coerceScalar(values[0]!, schema);
          query[name] = value;
        } else return;
        const validate = validatorFor(pointer);
        if (!validate(value)) problems.push(`${where}: parameter "${name}"=${JSON.stringify(value)}: ${describe(validate)}`);
      });
      for (const name of new Set(parsed.searchParams.keys())) {
        if (!declared.has(name)) problems.push(`${where}: the contract has no query parameter "${name}"`);
      }
      const requestBody = route.operation.requestBody as Json | undefined;
      if (body !== undefined) {
        const content = (requestBody?.content ?? {}) as Json;
        if (!requestBody) problems.push(`${where} takes no request body`);
        else if (!contentType?.includes('application/json') || !content['application/json']) {
          problems.push(`${where}: the content type ${contentType ?? '(none)'} is not declared`);
        } else {
          const validate = validatorFor(`${route.pointer}/requestBody/content/application~1json/schema`);
          if (!validate(body)) problems.push(`${where}: request body: ${describe(validate)}`);
        }
      } else if (requestBody?.required) problems.push(`${where}: the request body is required`);
      if (problems.length) throw new ContractViolation(problems);
      return {
        operationId: route.operation.operationId as string,
        method: route.method,
        template: route.template,
        pathParams,
        query,
      };
    },

    arrayQueryParameters(method, url) {
      const pathname = new URL(url, 'http://contract.local').pathname;
      const route = routes.find((r) => r.method === method.toUpperCase() && r.regex.test(pathname));
      const names = new Set<string>();
      for (const parameter of (route?.operation.parameters ?? []) as Json[]) {
        if (parameter.in === 'query' && unwrapNullable(parameter.schema as Json, components).type === 'array') {
          names.add(parameter.name as string);
        }
      }
      return names;
    },

    checkResponse(operation, status, contentType, body) {
      const route = routes.find((r) => r.template === operation.template && r.method === operation.method)!;
      const where = `${route.method} ${route.template} → ${status}`;
      const responses = route.operation.responses as Json;
      const key = String(status) in responses ? String(status) : 'default' in responses ? 'default' : null;
      if (!key) throw new ContractViolation([`${where}: the contract declares no ${status} response`]);
      const content = (responses[key] as Json).content as Json | undefined;
      if (!content) {
        if (body !== undefined && body !== '') throw new ContractViolation([`${where}: the contract declares no body`]);
        return;
      }
      const media = Object.keys(content).find((type) => contentType?.includes(type));
      if (!media) {
        throw new ContractViolation([`${where}: content type ${contentType ?? '(none)'} is not one of ${Object.keys(content).join(', ')}`]);
      }
      const schema = (content[media] as Json).schema;
      if (!schema) return;
      const validate = validatorFor(`${route.pointer}/responses/${key}/content/${escapePointer(media)}/schema`);
      if (!validate(body)) throw new ContractViolation([`${where}: response body: ${describe(validate)}`]);
    },
  };
}

/**
 * An OpenAPI 3.0 document with its schemas rewritten to JSON Schema 2020-12: `nullable: true`
 * becomes a `null` alternative (3.0's only difference that changes what validates here).
 */
export function fromOpenApi30(doc: Json): Json {
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (value === null || typeof value !== 'object') return value;
    const out: Json = {};
    for (const [key, entry] of Object.entries(value as Json)) out[key] = visit(entry);
    if (out.nullable === true) {
      delete out.nullable;
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      if (typeof out.type === 'string' && out.$ref === undefined && out.allOf === undefined) {
        out.type = [out.type, 'null'];
        return out;
      }
      return { anyOf: [out, { type: 'null' }] };
    }
    return out;
  };
  return visit(doc) as Json;
}
