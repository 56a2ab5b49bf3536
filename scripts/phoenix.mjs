// `npm run phoenix`: a real Phoenix (the pinned version) on 127.0.0.1 until Ctrl-C.
//   --port N          listen on N (default: a free port)
//   --origin URL      allow this browser origin (repeatable); Storybook's http://localhost:6006 and
//                     http://127.0.0.1:6006 are always allowed
//   --seed            load the fixture traces and a generated 10,000-span project (see test/phoenix/support/seed.ts)
//   --echo            print the server's own output
//   --install-only    build or check the virtual environment, then exit (CI uses it to time the install)
//   --update-contract write the server's /openapi.json to contracts/phoenix-openapi.json, then exit
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, ensurePhoenixEnv, findPython, phoenixPins, startPhoenix } from './phoenix/server.mjs';
import { seedDemoData } from './phoenix/seed-runner.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const values = (name) => args.flatMap((arg, index) => (arg === name && args[index + 1] ? [args[index + 1]] : []));

const python = findPython();
if (!python.command) {
  console.error(python.reason);
  process.exit(1);
}

if (flag('--install-only')) {
  const env = await ensurePhoenixEnv();
  console.log(env.installed ? `Installed in ${env.seconds.toFixed(1)} s: ${env.venv}` : `Up to date: ${env.venv}`);
  process.exit(0);
}

if (flag('--update-contract')) {
  const server = await startPhoenix({ log: () => {} });
  try {
    const contract = await (await fetch(`${server.url}/openapi.json`)).json();
    const file = join(REPO_ROOT, 'contracts', 'phoenix-openapi.json');
    writeFileSync(file, `${JSON.stringify(contract, null, 2)}\n`);
    console.log(`Wrote Phoenix ${server.version}'s /openapi.json to ${file}; now run npm run generate:phoenix and update contracts/SOURCES.md.`);
  } finally {
    await server.stop();
  }
  process.exit(0);
}

const port = values('--port')[0] ? Number(values('--port')[0]) : undefined;
const origins = ['http://localhost:6006', 'http://127.0.0.1:6006', ...values('--origin')];
const server = await startPhoenix({ port, origins, echo: flag('--echo') });

let stopping = false;
const shutdown = async (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping Phoenix…`);
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

const pins = phoenixPins();
console.log(`Phoenix ${server.version} (client ${pins['arize-phoenix-client']}) ready in ${server.startSeconds.toFixed(1)} s`);
console.log(`CORS origins: ${origins.join(', ')}`);
if (flag('--seed')) {
  const seeded = await seedDemoData(server.url);
  for (const line of seeded.summary) console.log(line);
}
console.log(`PHOENIX_URL=${server.url}`);
console.log('Press Ctrl-C to stop.');
