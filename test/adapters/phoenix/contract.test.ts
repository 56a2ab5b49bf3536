import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../../src/adapters/phoenix/http';
import { ContractViolation, contractPath, loadContractValidator } from './contract';

const validator = loadContractValidator();
const doc = JSON.parse(readFileSync(contractPath(), 'utf8')) as { paths: Record<string, Record<string, { operationId: string }>> };

function violation(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ContractViolation);
    return (error as Error).message;
  }
  throw new Error('expected a contract violation');
}

const spanWrite = { data: [{ name: 'correctness', annotator_kind: 'HUMAN', span_id: 'a1', result: { label: 'correct' } }] };

describe('the adapter routes', () => {
  it.each(Object.entries(ROUTES))('calls %s with the method and path the contract gives it', (operationId, [method, template]) => {
    expect(doc.paths[template]?.[method.toLowerCase()]?.operationId).toBe(operationId);
  });
});

describe('the contract validator', () => {
  it('accepts a request the contract allows and reports the operation', () => {
    const matched = validator.checkRequest({
      method: 'POST',
      url: '/v1/span_annotations?sync=true',
      contentType: 'application/json',
      body: spanWrite,
    });
    expect(matched).toMatchObject({ operationId: 'annotateSpans', query: { sync: true } });
  });

  it('reads a single value of an array query parameter as an array (where Prism reports "must be array")', () => {
    const matched = validator.checkRequest({
      method: 'GET',
      url: '/v1/projects/default/span_annotations?span_ids=abc',
      contentType: null,
      body: undefined,
    });
    expect(matched.query).toEqual({ span_ids: ['abc'] });
  });

  it('rejects a body field the schema requires but the request misspells', () => {
    const body = { data: [{ name: 'x', annotatorKind: 'HUMAN', span_id: 'a1' }] };
    const message = violation(() =>
      validator.checkRequest({ method: 'POST', url: '/v1/span_annotations', contentType: 'application/json', body }),
    );
    expect(message).toMatch(/annotator_kind/);
  });

  it('rejects a query parameter the operation does not declare', () => {
    const message = violation(() =>
      validator.checkRequest({ method: 'GET', url: '/v1/projects/default/span_annotations?span_id=abc', contentType: null, body: undefined }),
    );
    expect(message).toMatch(/no query parameter "span_id"/);
  });

  it('rejects a wrongly typed query value and an out-of-range limit', () => {
    expect(
      violation(() => validator.checkRequest({ method: 'POST', url: '/v1/span_annotations?sync=yes', contentType: 'application/json', body: spanWrite })),
    ).toMatch(/sync/);
    expect(
      violation(() =>
        validator.checkRequest({ method: 'GET', url: '/v1/projects/p/span_annotations?span_ids=a&limit=20000', contentType: null, body: undefined }),
      ),
    ).toMatch(/limit/);
  });

  it('rejects an unknown path and a method the path does not serve', () => {
    expect(violation(() => validator.checkRequest({ method: 'GET', url: '/v1/annotations', contentType: null, body: undefined }))).toMatch(
      /no operation/,
    );
    expect(
      violation(() => validator.checkRequest({ method: 'DELETE', url: '/v1/span_annotations', contentType: null, body: undefined })),
    ).toMatch(/DELETE is not an operation/);
  });

  it('rejects a missing required body', () => {
    expect(
      violation(() => validator.checkRequest({ method: 'POST', url: '/v1/span_annotations', contentType: null, body: undefined })),
    ).toMatch(/body is required/);
  });

  it('rejects a response whose body, status or content type the contract does not declare', () => {
    const operation = validator.checkRequest({
      method: 'GET',
      url: '/v1/projects/default/span_annotations?span_ids=abc',
      contentType: null,
      body: undefined,
    });
    expect(() => validator.checkResponse(operation, 200, 'application/json', { data: [], next_cursor: null })).not.toThrow();
    expect(violation(() => validator.checkResponse(operation, 200, 'application/json', { data: [{ id: 'x' }] }))).toMatch(
      /next_cursor|created_at/,
    );
    expect(violation(() => validator.checkResponse(operation, 418, 'text/plain', 'teapot'))).toMatch(/no 418/);
    expect(violation(() => validator.checkResponse(operation, 404, 'application/json', { detail: 'x' }))).toMatch(/content type/);
  });

  it('tells a literal path segment from a parameter: /v1/datasets/upload is not /v1/datasets/{id}', () => {
    const matched = validator.checkRequest({
      method: 'POST',
      url: '/v1/datasets/upload?sync=true',
      contentType: 'application/json',
      body: { name: 'golden', inputs: [{ q: 1 }] },
    });
    expect(matched.operationId).toBe('uploadDataset');
  });
});
