// `npm test`: the jsdom suite always; the Chromium suites (browser tests and stories) when a Chromium is found.
import { spawnSync } from 'node:child_process';
import { findChromium, INSTALL_HINT } from './chromium.mjs';
import { runPhoenixSuites } from './phoenix/suites.mjs';

const extra = process.argv.slice(2);
const chromium = findChromium();
const projects = chromium ? ['unit', 'browser', 'storybook'] : ['unit'];
if (!chromium) console.log(`No Chromium found: skipping the browser and story tests; ${INSTALL_HINT}.`);

const args = ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), ...extra];
const result = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: chromium ?? '' } });
// Then the Phoenix suites against a real Phoenix, when Python >= 3.10 is there (scripts/phoenix/suites.mjs).
const phoenix = await runPhoenixSuites({ chromium, extra });
process.exit((result.status ?? 1) || phoenix);
