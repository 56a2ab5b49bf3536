/**
 * Phoenix's OpenAPI file, loaded into the shared contract validator (`../openapi-contract.ts`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContractValidator, type ContractValidator } from '../openapi-contract';

export {
  ContractViolation,
  createContractValidator,
  type ContractValidator,
  type MatchedOperation,
} from '../openapi-contract';

/** Where the shared contract lives: `$PHOENIX_OPENAPI`, else `shared/contracts/` next to the checkout. */
export function contractPath(): string {
  const fromEnv = process.env.PHOENIX_OPENAPI;
  if (fromEnv) return fromEnv;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 8; depth++) {
    const candidate = resolve(dir, 'shared/contracts/phoenix-openapi.json');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('phoenix-openapi.json not found: set PHOENIX_OPENAPI to its path');
}

let cached: ContractValidator | null = null;

export function loadContractValidator(): ContractValidator {
  cached ??= createContractValidator(JSON.parse(readFileSync(contractPath(), 'utf8')) as Record<string, unknown>);
  return cached;
}

