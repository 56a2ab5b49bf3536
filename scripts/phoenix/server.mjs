// A real Arize Phoenix server on demand, for `npm run phoenix`, `npm run start:phoenix` and the
// Phoenix test suite: a project-local virtual environment with the pinned versions
// (scripts/phoenix/requirements.txt), then `phoenix serve` on 127.0.0.1 with free ports, a
// temporary working directory, an in-memory database, no outbound resources, no telemetry and CORS
// for the origins given. Nothing here reads outside the checkout.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../free-port.mjs';

export { freePort };

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HERE, '../..');
export const REQUIREMENTS = join(HERE, 'requirements.txt');
export const CONSTRAINTS = join(HERE, 'constraints.txt');
const LAUNCHER = join(HERE, 'serve.py');
/** Phoenix needs Python 3.10 or newer. */
export const MIN_PYTHON = [3, 10];

/** Where the virtual environment lives: `$ANNOKIT_PHOENIX_VENV`, else `.phoenix/venv` in the checkout (git-ignored). */
export function venvDir() {
  return resolve(process.env.ANNOKIT_PHOENIX_VENV || join(REPO_ROOT, '.phoenix', 'venv'));
}

/** True when CI (or anyone) asked for the Phoenix suite to be an error rather than a skip when it cannot run. */
export function phoenixRequired() {
  return process.env.ANNOKIT_REQUIRE_PHOENIX === '1';
}

/**
 * The pinned versions, read from requirements.txt: `{ 'arize-phoenix': '20.26.1', 'arize-phoenix-client': '3.5.0' }`.
 * @returns {Record<string, string>}
 */
export function phoenixPins() {
  /** @type {Record<string, string>} */
  const pins = {};
  for (const line of readFileSync(REQUIREMENTS, 'utf8').split('\n')) {
    const match = /^\s*([A-Za-z0-9_.-]+)==([^\s#]+)/.exec(line);
    if (match) pins[match[1]] = match[2];
  }
  return pins;
}

function pythonVersion(command) {
  const probe = spawnSync(command, ['-c', 'import sys, venv; print("%d.%d.%d" % sys.version_info[:3])'], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (probe.status !== 0 || !probe.stdout) return null;
  const version = probe.stdout.trim();
  const [major, minor] = version.split('.').map(Number);
  return { version, ok: major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1]) };
}

/**
 * A Python that can run Phoenix: `$PHOENIX_PYTHON`, else `python3`, else `python`, at least 3.10 and
 * with the `venv` module. Returns `{ command, version }`, or `{ command: null, reason }` saying what was found.
 */
export function findPython() {
  const candidates = process.env.PHOENIX_PYTHON ? [process.env.PHOENIX_PYTHON] : ['python3', 'python'];
  const seen = [];
  for (const command of candidates) {
    const found = pythonVersion(command);
    if (found?.ok) return { command, version: found.version };
    seen.push(found ? `${command} is ${found.version}` : `no ${command} (with venv)`);
  }
  return { command: null, reason: `Phoenix needs Python >= ${MIN_PYTHON.join('.')}: ${seen.join(', ')}` };
}

/** The venv's python (it has `phoenix` and `phoenix.client`); exists once {@link ensurePhoenixEnv} ran. */
export function venvPython() {
  return pythonIn(venvDir());
}

function pythonIn(dir) {
  return process.platform === 'win32' ? join(dir, 'Scripts', 'python.exe') : join(dir, 'bin', 'python');
}

function sleep(ms) {
  return new Promise((done) => setTimeout(done, ms));
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** A lock directory, so two processes (a terminal and a test run) never build the same venv at once. */
async function withLock(lockDir, log, run) {
  mkdirSync(dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const owner = Number(readFileSafe(join(lockDir, 'pid')));
      if (owner && !pidAlive(owner)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockDir} (held by process ${owner || 'unknown'})`, { cause: error });
      if (!announced) log(`Waiting for another process (${owner || 'unknown'}) to finish setting up the Phoenix venv…`);
      announced = true;
      await sleep(1000);
    }
  }
  try {
    return await run();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function readFileSafe(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function stampOf(pythonVersionText) {
  const hash = createHash('sha256');
  hash.update(readFileSync(REQUIREMENTS));
  hash.update(readFileSync(CONSTRAINTS));
  hash.update(pythonVersionText);
  return hash.digest('hex');
}

function runLogged(command, args, log) {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' } });
    let output = '';
    const keep = (chunk) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', fail);
    child.on('close', (code) => {
      if (code === 0) done(output);
      else {
        log(output.trim());
        fail(new Error(`${[command, ...args].join(' ')} exited with ${code}`));
      }
    });
  });
}

/**
 * Makes sure the virtual environment holds exactly the pinned versions, building it when it is
 * missing or when requirements.txt, constraints.txt or the Python version changed (about a minute
 * on a fresh machine; pip's cache makes rebuilds faster). Returns the venv's python and how long it took.
 * @param {{ log?: (line: string) => void, python?: string }} [options]
 */
export async function ensurePhoenixEnv(options = {}) {
  const log = options.log ?? ((line) => console.log(line));
  const started = Date.now();
  const python = options.python ?? findPython().command;
  if (!python) throw new Error(findPython().reason);
  const dir = venvDir();
  const stampFile = join(dir, 'annokit-stamp.json');
  const version = pythonVersion(python)?.version ?? 'unknown';
  const stamp = stampOf(version);
  const current = () => {
    try {
      return JSON.parse(readFileSync(stampFile, 'utf8')).stamp === stamp && existsSync(pythonIn(dir));
    } catch {
      return false;
    }
  };
  if (current()) return { python: pythonIn(dir), venv: dir, installed: false, seconds: 0 };
  return withLock(join(dirname(dir), `${basename(dir)}.lock`), log, async () => {
    if (current()) return { python: pythonIn(dir), venv: dir, installed: false, seconds: (Date.now() - started) / 1000 };
    const pins = phoenixPins();
    log(`Setting up ${dir} with ${Object.entries(pins).map(([name, pin]) => `${name}==${pin}`).join(', ')} (Python ${version})…`);
    rmSync(dir, { recursive: true, force: true });
    await runLogged(python, ['-m', 'venv', dir], log);
    await runLogged(pythonIn(dir), ['-m', 'pip', 'install', '--no-input', '-q', '-r', REQUIREMENTS, '-c', CONSTRAINTS], log);
    writeFileSync(stampFile, JSON.stringify({ stamp, python: version, pins }, null, 2));
    const seconds = (Date.now() - started) / 1000;
    log(`Phoenix venv ready in ${seconds.toFixed(1)} s.`);
    return { python: pythonIn(dir), venv: dir, installed: true, seconds };
  });
}

/** Every live server this process started, stopped on exit so none outlives it. */
const running = new Set();
let exitHooked = false;
function hookExit() {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const child of running) killGroup(child, 'SIGTERM');
  });
}

function killGroup(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (process.platform === 'win32') child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Starts `phoenix serve` on 127.0.0.1 and resolves once `/healthz` answers and the server reports
 * the pinned version.
 * @param {{
 *   origins?: string[],          // CORS origins, exact (`http://127.0.0.1:5173` is not `http://localhost:5173`)
 *   port?: number, grpcPort?: number, // default: free ports
 *   env?: Record<string, string>, // extra PHOENIX_* settings
 *   auth?: boolean,               // PHOENIX_ENABLE_AUTH with a fresh secret and admin password; resolves with a system API key
 *   log?: (line: string) => void,
 *   echo?: boolean,               // stream the server's output through `log`
 *   startTimeoutMs?: number,      // default 180000
 * }} [options]
 * @returns {Promise<{ url: string, port: number, grpcPort: number, version: string, pid: number, workingDir: string, startSeconds: number, apiKey?: string, logTail: () => string, stop: () => Promise<void> }>}
 */
export async function startPhoenix(options = {}) {
  const log = options.log ?? ((line) => console.log(line));
  const { python } = await ensurePhoenixEnv({ log });
  const port = options.port ?? (await freePort());
  let grpcPort = options.grpcPort ?? (await freePort());
  if (grpcPort === port) grpcPort = await freePort();
  const workingDir = mkdtempSync(join(tmpdir(), 'annokit-phoenix-'));
  const origins = [...new Set(options.origins ?? [])];
  const env = {
    ...process.env,
    PHOENIX_HOST: '127.0.0.1',
    PHOENIX_PORT: String(port),
    // OTLP over gRPC binds on every interface whatever PHOENIX_HOST says: a free port keeps it out of the way
    PHOENIX_GRPC_PORT: String(grpcPort),
    PHOENIX_WORKING_DIR: workingDir,
    PHOENIX_SQL_DATABASE_URL: 'sqlite:///:memory:',
    PHOENIX_ALLOW_EXTERNAL_RESOURCES: 'false',
    PHOENIX_TELEMETRY_ENABLED: 'false',
    PHOENIX_DISABLE_AGENT_ASSISTANT: 'true',
    PHOENIX_ENABLE_MCP_SERVER: 'false',
    // Phoenix splits this on "," without trimming: no spaces
    PHOENIX_ALLOWED_ORIGINS: origins.join(','),
    ANNOKIT_PHOENIX_REMOVE_WORKING_DIR: '1',
    PYTHONUNBUFFERED: '1',
    ...(options.auth ? authEnv() : {}),
    ...(options.env ?? {}),
  };
  if (origins.length === 0) delete env.PHOENIX_ALLOWED_ORIGINS;
  const started = Date.now();
  const child = spawn(python, [LAUNCHER], {
    cwd: workingDir,
    env,
    // stdin stays open as the launcher's lifeline: when this process dies, the server follows
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  });
  running.add(child);
  hookExit();
  const lines = [];
  const onOutput = (chunk) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 300) lines.shift();
      if (options.echo) log(`[phoenix] ${line}`);
    }
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  const exited = new Promise((done) => child.on('exit', (code, signal) => done({ code, signal })));
  exited.then(() => running.delete(child));
  const logTail = () => lines.slice(-60).join('\n');
  const url = `http://127.0.0.1:${port}`;

  let stopping = null;
  const stop = () => {
    stopping ??= (async () => {
      child.stdin.end();
      killGroup(child, 'SIGTERM');
      let timer;
      const outcome = await Promise.race([exited, new Promise((done) => (timer = setTimeout(() => done(null), 15_000)))]);
      clearTimeout(timer);
      if (outcome === null) {
        killGroup(child, 'SIGKILL');
        await exited;
      }
      rmSync(workingDir, { recursive: true, force: true });
    })();
    return stopping;
  };

  const deadline = started + (options.startTimeoutMs ?? 180_000);
  let failure = null;
  exited.then(({ code, signal }) => {
    failure ??= `phoenix serve exited (${signal ?? `code ${code}`}) before it answered /healthz`;
  });
  for (;;) {
    if (failure) break;
    if (Date.now() > deadline) {
      failure = `phoenix serve did not answer ${url}/healthz within ${Math.round((options.startTimeoutMs ?? 180_000) / 1000)} s`;
      break;
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  if (failure) {
    await stop();
    throw new Error(`${failure}. Its last output:\n${logTail()}`);
  }
  const version = (await (await fetch(`${url}/arize_phoenix_version`)).text()).trim();
  const pinned = phoenixPins()['arize-phoenix'];
  if (version !== pinned) {
    await stop();
    throw new Error(`Phoenix at ${url} reports version ${version}, but scripts/phoenix/requirements.txt pins ${pinned}`);
  }
  let apiKey;
  if (options.auth) {
    try {
      apiKey = await createSystemApiKey(url, env.PHOENIX_DEFAULT_ADMIN_INITIAL_PASSWORD);
    } catch (error) {
      await stop();
      throw error;
    }
  }
  return { url, port, grpcPort, version, pid: child.pid, workingDir, startSeconds: (Date.now() - started) / 1000, apiKey, logTail, stop };
}

/** Auth on, with a fresh JWT secret (>= 32 characters, a digit, a lower-case letter) and admin password. */
function authEnv() {
  const secret = () => `k1${randomBytes(24).toString('hex')}`;
  return { PHOENIX_ENABLE_AUTH: 'true', PHOENIX_SECRET: secret(), PHOENIX_DEFAULT_ADMIN_INITIAL_PASSWORD: secret() };
}

/**
 * A system API key, issued as a Phoenix admin does it: log in as the default admin
 * (`POST /auth/login`, which answers with the access-token cookie), then the GraphQL mutation
 * `createSystemApiKey`. Requests send it as `Authorization: Bearer <key>`.
 */
async function createSystemApiKey(url, password) {
  const login = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@localhost', password }),
  });
  if (!login.ok) throw new Error(`Logging in to Phoenix as admin@localhost failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ query: 'mutation { createSystemApiKey(input: { name: "annokit tests" }) { jwt } }' }),
  });
  const body = await response.json().catch(() => null);
  const jwt = body?.data?.createSystemApiKey?.jwt;
  if (!response.ok || typeof jwt !== 'string') {
    throw new Error(`Phoenix did not issue a system API key: ${response.status} ${JSON.stringify(body?.errors ?? body)}`);
  }
  return jwt;
}

/**
 * The port of the vitest browser server for the Phoenix browser tests, fixed for the whole run so
 * Phoenix can allow its origin: `$ANNOKIT_PHOENIX_BROWSER_PORT`, else a free port remembered in that
 * variable (so the config and the global set-up, in the same process, agree).
 */
export async function phoenixBrowserPort() {
  const given = Number(process.env.ANNOKIT_PHOENIX_BROWSER_PORT);
  if (Number.isInteger(given) && given > 0) return given;
  const port = await freePort();
  process.env.ANNOKIT_PHOENIX_BROWSER_PORT = String(port);
  return port;
}

/** The origins a page served on `port` of this machine may have (they differ by host name). */
export function localOrigins(port) {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}
