// `npm run bench`: every benchmark under test/bench (Node: *.bench.ts, Chromium: *.bench.tsx).
// Each prints its own table of figures and writes them to .bench/<name>.json; this script prints them all at the end.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { findChromium, INSTALL_HINT } from './chromium.mjs';
import { findPython } from './phoenix/server.mjs';

rmSync('.bench', { recursive: true, force: true });
mkdirSync('.bench', { recursive: true });
const chromium = findChromium();
const projects = chromium ? ['bench', 'bench-browser'] : ['bench'];
if (!chromium) console.log(`No Chromium found: skipping the browser benchmarks; ${INSTALL_HINT}.`);
const filter = process.argv.slice(2);
const result = spawnSync(
  'npx',
  // One benchmark file at a time: run side by side they compete for the same cores and skew each other.
  ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), '--no-file-parallelism', '--reporter=dot', ...filter],
  { stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: chromium ?? '', ANNOKIT_BENCH: 'production' } },
);
// Then reading real data from Phoenix (test/bench/*.phoenix-bench.tsx), on its own so its server
// and seeding never run beside the other benchmarks. It needs Python >= 3.10 and Chromium.
const python = findPython();
let phoenixStatus = 0;
if (!chromium || !python.command) console.log(`Skipping the Phoenix benchmark: ${chromium ? python.reason : 'no Chromium'}.`);
else {
  phoenixStatus =
    spawnSync('npx', ['vitest', 'run', '--project', 'bench-phoenix', '--reporter=dot', '--passWithNoTests', ...filter], {
      stdio: 'inherit',
      env: { ...process.env, CHROMIUM_PATH: chromium, ANNOKIT_BENCH: 'production' },
    }).status ?? 1;
}
console.log('\n=== benchmark figures ===');
for (const file of readdirSync('.bench').filter((f) => f.endsWith('.json')).sort()) {
  const { title, rows } = JSON.parse(readFileSync(`.bench/${file}`, 'utf8'));
  console.log(`\n${title}`);
  console.table(rows);
}
process.exit((result.status ?? 1) || phoenixStatus);
