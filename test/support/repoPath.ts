import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A path inside this checkout: tests, benchmarks and scripts read nothing outside it. */
export function repoPath(...parts: string[]): string {
  return resolve(ROOT, ...parts);
}
