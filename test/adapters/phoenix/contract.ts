/**
 * Phoenix's OpenAPI file, loaded into the shared contract validator (`../openapi-contract.ts`).
 */
import { readFileSync } from 'node:fs';
import { repoPath } from '../../support/repoPath';
import { createContractValidator, type ContractValidator } from '../openapi-contract';

export {
  ContractViolation,
  createContractValidator,
  type ContractValidator,
  type MatchedOperation,
} from '../openapi-contract';

/** The contract: `$PHOENIX_OPENAPI` when set, else the repository's copy (`contracts/phoenix-openapi.json`). */
export function contractPath(): string {
  return process.env.PHOENIX_OPENAPI || repoPath('contracts/phoenix-openapi.json');
}

let cached: ContractValidator | null = null;

export function loadContractValidator(): ContractValidator {
  cached ??= createContractValidator(JSON.parse(readFileSync(contractPath(), 'utf8')) as Record<string, unknown>);
  return cached;
}

