// `npm run bench`: every benchmark under test/bench (Node: *.bench.ts, Chromium: *.bench.tsx).
// Each prints its own table of figures and writes them to .bench/<name>.json; this script prints them all at the end.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { findChromium, INSTALL_HINT } from './chromium.mjs';

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
console.log('\n=== benchmark figures ===');
for (const file of readdirSync('.bench').filter((f) => f.endsWith('.json')).sort()) {
  const { title, rows } = JSON.parse(readFileSync(`.bench/${file}`, 'utf8'));
  console.log(`\n${title}`);
  console.table(rows);
}
process.exit(result.status ?? 1);
