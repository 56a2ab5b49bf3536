import { afterAll, afterEach, expect } from 'vitest';
import { createAnnotationHandler, createHttpAdapter } from '../../../src/adapters/http';
import { createMemoryAdapter } from '../../../src/adapters/memory';
import type { AnnotationAdapter } from '../../../src/core';
import { describeAdapterConformance } from '../conformance';
import { startProtocolServer } from './server';

// A reviewer console's setup: trusted, signed-in reviewers who may use every capability and set identifiers.
const trusted = (backend: AnnotationAdapter) =>
  createAnnotationHandler({
    backend,
    allowNames: () => true,
    getUser: () => ({ id: 'reviewer' }),
    identify: (user, { client }) => ({ identifier: client.identifier ?? '', userId: client.userId ?? user.id }),
    annotatorKinds: ['HUMAN', 'LLM', 'CODE'],
    readScope: 'all',
    expose: 'all',
  });

const server = await startProtocolServer(trusted(createMemoryAdapter()));
afterAll(() => server.close());
afterEach(() => {
  expect(server.violations.splice(0)).toEqual([]);
});

const create = () => createHttpAdapter({ baseUrl: server.url, capabilities: 'all' });

describeAdapterConformance({
  name: 'http (handler over memory, on 127.0.0.1)',
  create,
  reset: () => server.use(trusted(createMemoryAdapter())),
  // the seeded backend lives beside the one `reset` empties before each test
  seed: (data) => {
    server.use(trusted(createMemoryAdapter({ seed: data })), 'seeded');
    return createHttpAdapter({ baseUrl: server.url, capabilities: 'all', headers: { 'x-tenant': 'seeded' } });
  },
});
