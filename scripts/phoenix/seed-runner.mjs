// Runs the TypeScript seeding module (test/phoenix/support/data.ts) from a plain Node script,
// through Vite's module runner, so `npm run phoenix -- --seed` and `npm run start:phoenix` seed
// exactly as the tests do.
import { runnerImport } from 'vite';
import { REPO_ROOT } from './server.mjs';

/** Seeds the fixture traces and the generated project into the Phoenix at `url`; returns lines to print. */
export async function seedDemoData(url) {
  const { module } = await runnerImport(`${REPO_ROOT}/test/phoenix/support/data.ts`, {
    root: REPO_ROOT,
    configFile: false,
    logLevel: 'error',
  });
  return module.seedDemoData(url);
}
