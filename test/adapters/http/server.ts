/**
 * A real HTTP server on 127.0.0.1 serving `createAnnotationHandler` through `toNodeListener`,
 * with every request and response checked against `src/adapters/http/openapi.json`.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AnnotationHandler } from '../../../src/adapters/http';
import { toNodeListener } from '../../../src/adapters/http';
import { ContractViolation, createContractValidator } from '../openapi-contract';

const contract = createContractValidator(
  JSON.parse(readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../../src/adapters/http/openapi.json'), 'utf8')) as Record<string, unknown>,
);

export interface ProtocolServer {
  url: string;
  /** Every request or response the OpenAPI file does not allow; tests assert it stays empty. */
  violations: string[];
  /** Replaces the handler the server answers requests of this `x-tenant` header with (default: no header). */
  use(handler: AnnotationHandler, tenant?: string): void;
  close(): Promise<void>;
}

export async function startProtocolServer(initial: AnnotationHandler, basePath = '/api/annotations'): Promise<ProtocolServer> {
  const handlers = new Map<string, AnnotationHandler>([['', initial]]);
  const violations: string[] = [];
  const checked: AnnotationHandler = async (request) => {
    const url = new URL(request.url);
    const path = url.pathname.slice(basePath.length) + url.search;
    const text = request.method === 'GET' ? '' : await request.clone().text();
    let operation;
    try {
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined; // malformed JSON is the handler's to refuse; the contract checks the answer
      }
      operation = contract.checkRequest({ method: request.method, url: path, contentType: request.headers.get('content-type'), body });
    } catch (error) {
      if (!(error instanceof ContractViolation)) throw error;
      // requests the tests send on purpose to be refused are still answered by the handler
      if (!request.headers.get('x-test-invalid')) violations.push(`request ${request.method} ${path}: ${error.message}`);
    }
    const handler = handlers.get(request.headers.get('x-tenant') ?? '');
    const response = handler ? await handler(request) : new Response('no such tenant', { status: 500 });
    if (operation) {
      const responseText = await response.clone().text();
      try {
        contract.checkResponse(operation, response.status, response.headers.get('content-type'), responseText ? JSON.parse(responseText) : undefined);
      } catch (error) {
        violations.push(`response ${response.status} to ${request.method} ${path}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return response;
  };
  const listener = toNodeListener(checked);
  const server = createServer((req, res) => {
    listener(req, res).catch((error: unknown) => {
      violations.push(`server error: ${error instanceof Error ? error.stack : String(error)}`);
      res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    violations,
    use(next, tenant = '') {
      handlers.set(tenant, next);
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
