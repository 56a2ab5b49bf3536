import { describe, expect, it } from 'vitest';
import { contractDrift, normalize } from './support/drift';

const op = { operationId: 'getThing', method: 'GET', path: '/v1/things/{id}' };

function doc(overrides: { parameters?: unknown[]; schema?: unknown; extraSchemas?: Record<string, unknown> } = {}) {
  return {
    paths: {
      '/v1/things/{id}': {
        get: {
          operationId: 'getThing',
          description: 'Gets a thing',
          parameters: overrides.parameters ?? [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', default: 10 }, description: 'Page size' },
          ],
          responses: {
            '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          },
        },
      },
    },
    components: {
      schemas: {
        Thing: overrides.schema ?? {
          type: 'object',
          title: 'Thing',
          required: ['id'],
          properties: { id: { type: 'string' }, description: { type: 'string' }, parent: { $ref: '#/components/schemas/Thing' } },
        },
        ...overrides.extraSchemas,
      },
    },
  };
}

describe('contractDrift', () => {
  it('finds nothing between equal documents, whatever their prose says', () => {
    const reworded = doc();
    reworded.paths['/v1/things/{id}'].get.description = 'Fetches one thing';
    expect(contractDrift(doc(), reworded, [op])).toEqual([]);
  });

  it('names a parameter only one side has, and a changed parameter type', () => {
    const server = doc({
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
        { name: 'limit', in: 'query', required: false, schema: { type: 'number', default: 10 } },
        { name: 'sort', in: 'query', required: false, schema: { enum: ['id'] } },
      ],
    });
    expect(contractDrift(doc(), server, [op])).toEqual([
      'GET /v1/things/{id}.parameters.query:limit.schema.type: the copy has "integer", the server "number"',
      'GET /v1/things/{id}.parameters.query:sort: only on the server: {"in":"query","name":"sort","required":false,"schema":{"enum":["id"]}}',
    ]);
  });

  it('follows $refs into response schemas, keeps a property named "description", and stops at recursion', () => {
    const server = doc({
      schema: {
        type: 'object',
        required: ['id', 'name'],
        properties: { id: { type: 'string' }, name: { type: 'string' }, parent: { $ref: '#/components/schemas/Thing' } },
      },
    });
    const drift = contractDrift(doc(), server, [op]);
    expect(drift).toContain(
      'GET /v1/things/{id}.responses.200.content.application/json.schema.properties.description: only in the copy: {"type":"string"}',
    );
    expect(drift).toContain('GET /v1/things/{id}.responses.200.content.application/json.schema.properties.name: only on the server: {"type":"string"}');
    expect(drift.some((line) => line.includes('.required'))).toBe(true);
    expect(normalize(doc(), { $ref: '#/components/schemas/Thing' })).toMatchObject({
      properties: { parent: { $ref: '#/components/schemas/Thing' } },
    });
  });

  it('reports an operation the server does not serve', () => {
    const server = { paths: {}, components: {} };
    expect(contractDrift(doc(), server, [op])).toEqual(['GET /v1/things/{id}: the server does not serve it (getThing)']);
  });
});
