// `npm run start:phoenix`: Storybook against a live Phoenix (the pinned version) seeded with the
// trace fixtures and a generated 10,000-span project with annotations and notes. The
// "Adapters/Phoenix" stories connect to it: Storybook hands them its URL and project through
// STORYBOOK_PHOENIX_URL / STORYBOOK_PHOENIX_PROJECT. Ctrl-C stops both.
//   --port N   Storybook's port (default 6006 when free, else a free one; 0 for any free one); Phoenix allows its origin.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { findPython, freePort, localOrigins, REPO_ROOT, startPhoenix } from './phoenix/server.mjs';
import { seedDemoData } from './phoenix/seed-runner.mjs';

function isFree(port) {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

const args = process.argv.slice(2);
const requested = args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : undefined;
const port = requested === 0 ? await freePort() : (requested ?? ((await isFree(6006)) ? 6006 : await freePort()));

const python = findPython();
if (!python.command) {
  console.error(`${python.reason}. npm run start:phoenix needs it to run Phoenix; npm start serves Storybook without it.`);
  process.exit(1);
}

const phoenix = await startPhoenix({ origins: localOrigins(port) });
console.log(`Phoenix ${phoenix.version} at ${phoenix.url} (ready in ${phoenix.startSeconds.toFixed(1)} s); seeding…`);
let storybook = null;
let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  if (storybook && storybook.exitCode === null) {
    // npx starts Storybook as its own child: signal the whole group so none is left behind
    try {
      process.kill(-storybook.pid, 'SIGTERM');
    } catch {
      storybook.kill('SIGTERM');
    }
  }
  await phoenix.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

let project = '';
try {
  const seeded = await seedDemoData(phoenix.url);
  for (const line of seeded.summary) console.log(line);
  project = seeded.project;
} catch (error) {
  console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
}

storybook = spawn('npx', ['storybook', 'dev', '-p', String(port), '--ci'], {
  cwd: REPO_ROOT,
  stdio: 'inherit',
  detached: process.platform !== 'win32',
  env: { ...process.env, STORYBOOK_PHOENIX_URL: phoenix.url, STORYBOOK_PHOENIX_PROJECT: project },
});
storybook.on('exit', (code) => void shutdown(code ?? 0));
console.log(`Storybook on http://localhost:${port}: open "Adapters/Phoenix" → Live (project ${project} at ${phoenix.url}).`);
