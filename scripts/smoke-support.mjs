// What the smoke tests share: the packed tarball (packed once per build of dist/, then reused by
// every smoke test), free ports, a server process they can stop, and Chromium with its console.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';

export const root = resolve(import.meta.dirname, '..');
export const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

export const run = (cmd, args, cwd, env) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', env: { ...process.env, ...env } });

/** A check that did not hold: thrown, so the scripts' `finally` blocks stop their servers first. */
export class SmokeFailure extends Error {}

export function fail(what, message) {
  throw new SmokeFailure(`${what} failed: ${message}`);
}

/** Runs a smoke test's body: a failure prints its message (a crash its stack) and sets the exit code. */
export async function main(body) {
  try {
    await body();
  } catch (error) {
    console.error(error instanceof SmokeFailure ? error.message : error);
    process.exitCode = 1;
  }
}

export function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * The `npm pack` tarball of the current dist/ (built first if missing), copied into `dir`. Packed
 * once per content of dist/ and package.json: the next smoke test of the same build reuses it.
 */
export function packedTarball(dir) {
  if (!existsSync(join(root, 'dist/index.js'))) run('npm', ['run', 'build'], root);
  const hash = createHash('sha256');
  for (const file of [join(root, 'package.json'), ...walk(join(root, 'dist')).sort()]) {
    hash.update(relative(root, file)).update(readFileSync(file));
  }
  const cache = join(root, 'node_modules/.cache/annokit-pack', hash.digest('hex').slice(0, 16));
  const name = `${pkg.name}-${pkg.version}.tgz`;
  if (!existsSync(join(cache, name))) {
    rmSync(join(root, 'node_modules/.cache/annokit-pack'), { recursive: true, force: true });
    mkdirSync(cache, { recursive: true });
    run('npm', ['pack', '--silent', '--pack-destination', cache], root);
  }
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(cache, name), join(dir, name));
  return name;
}

export { freePort } from './free-port.mjs';

/** Starts a server in its own process group; `stop()` ends the group. Its output is kept for errors. */
export function startServer(cmd, args, cwd, env = {}) {
  const child = spawn(cmd, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  return {
    output: () => output,
    /** Ends the process group and waits for the server to exit (killed after 10 s). */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      // Children of the group may outlive the leader for a moment.
      signal('SIGKILL');
    },
  };
}

export async function waitForUrl(url, timeoutMs = 60_000) {
  const start = Date.now();
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return response;
    } catch {
      // not listening yet
    }
    if (Date.now() - start > timeoutMs) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Chromium (or null when there is none), and a page whose errors and warnings — console messages
 * and uncaught exceptions — are collected in `problems`.
 */
export async function openChromium(contextOptions = {}) {
  const executablePath = findChromium();
  if (!executablePath) return null;
  const { chromium } = await import('playwright');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    const where = message.location()?.url;
    problems.push(`console.${message.type()}: ${message.text()}${where ? ` (${where})` : ''}`);
  });
  return { browser, page, problems };
}
