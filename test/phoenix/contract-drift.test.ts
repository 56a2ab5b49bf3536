import { readFileSync } from 'node:fs';
import { expect, inject, it } from 'vitest';
import { ROUTES } from '../../src/adapters/phoenix/http';
import { repoPath } from '../support/repoPath';
import { contractDrift, type OperationRef } from './support/drift';
import { SUITE_OPERATIONS } from './support/rest';

const operations: OperationRef[] = [
  ...Object.entries(ROUTES).map(([operationId, [method, path]]) => ({ operationId, method, path })),
  ...SUITE_OPERATIONS,
];

it("matches the running server's /openapi.json on every operation the adapter and the suites call", async () => {
  const copy = JSON.parse(readFileSync(repoPath('contracts/phoenix-openapi.json'), 'utf8')) as Record<string, unknown>;
  const served = (await (await fetch(`${inject('phoenixUrl')}/openapi.json`)).json()) as Record<string, unknown>;
  const drift = contractDrift(copy, served, operations);
  expect(drift, `contracts/phoenix-openapi.json differs from Phoenix ${inject('phoenixVersion')}:\n${drift.join('\n')}`).toEqual([]);
});
