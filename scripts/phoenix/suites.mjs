// The Phoenix suites (vitest projects `phoenix` and `phoenix-browser`, test/phoenix) against a real
// Phoenix, run after the rest of `npm test` or alone by `npm run test:phoenix`. Without Python >= 3.10
// they are skipped with one line, and without Chromium the browser half is; ANNOKIT_REQUIRE_PHOENIX=1
// (set by .ci/run) makes a missing Python, a failed install or a missing Chromium an error instead.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findChromium } from '../chromium.mjs';
import { ensurePhoenixEnv, findPython, phoenixRequired } from './server.mjs';

/**
 * Runs the suites; returns the exit status (0 when they passed or were skipped outside CI).
 * @param {{ chromium: string | null, extra: string[] }} options
 */
export async function runPhoenixSuites({ chromium, extra }) {
  if (!chromium && phoenixRequired()) {
    console.error('No Chromium found (set CHROMIUM_PATH): the Phoenix browser tests cannot run, and ANNOKIT_REQUIRE_PHOENIX=1 requires them.');
    return 1;
  }
  const python = findPython();
  if (!python.command) {
    console.log(`${python.reason}: skipping the Phoenix suite (set PHOENIX_PYTHON to a Python 3.10+).`);
    return phoenixRequired() ? 1 : 0;
  }
  const started = Date.now();
  try {
    const venv = await ensurePhoenixEnv();
    if (venv.installed) console.log(`=== Phoenix venv installed: ${venv.seconds.toFixed(1)}s ===`);
  } catch (error) {
    console.log(`Could not install Phoenix (${error.message}): skipping the Phoenix suite.`);
    return phoenixRequired() ? 1 : 0;
  }
  if (!chromium) console.log('No Chromium found: skipping the Phoenix browser tests.');
  const projects = chromium ? ['phoenix', 'phoenix-browser'] : ['phoenix'];
  // with file filters a project may have nothing to run, which is not a failure
  const args = ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), ...(extra.length ? ['--passWithNoTests'] : []), ...extra];
  const result = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: chromium ?? '' } });
  console.log(`=== Phoenix suite (Python ${python.version}): ${Math.round((Date.now() - started) / 1000)}s ===`);
  return result.status ?? 1;
}

// `npm run test:phoenix [vitest args]`: the Phoenix suites alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(await runPhoenixSuites({ chromium: findChromium(), extra: process.argv.slice(2) }));
}
