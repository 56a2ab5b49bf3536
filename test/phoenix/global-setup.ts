/**
 * Global set-up of the Phoenix suites (`phoenix` in Node, `phoenix-browser` in Chromium): one real
 * Phoenix for the whole run, shared by every project that lists this file, handed to the tests as
 * `inject('phoenixUrl')`. CORS allows the browser project's origin, whose port the config fixed.
 */
import type { TestProject } from 'vitest/node';
import { localOrigins, phoenixBrowserPort, phoenixPins, startPhoenix, venvPython } from '../../scripts/phoenix/server.mjs';

type Server = Awaited<ReturnType<typeof startPhoenix>>;

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the suite's Phoenix answers, e.g. `http://127.0.0.1:41234`. */
    phoenixUrl: string;
    /** The server's own version (`/arize_phoenix_version`), equal to the pin. */
    phoenixVersion: string;
    /** The pinned `arize-phoenix-client` version. */
    phoenixClientVersion: string;
    /** The venv python (with `phoenix.client`) for Python snippets. */
    phoenixPython: string;
    /** The browser origins Phoenix allows (CORS): the `phoenix-browser` project's, fixed for the run. */
    phoenixOrigins: string[];
  }
}

// Projects may load this file through separate module graphs: keep one server per process.
const KEY = Symbol.for('annokit.phoenix.server');
interface Shared {
  server: Promise<Server>;
  users: number;
}
const shared = globalThis as typeof globalThis & { [KEY]?: Shared };

/**
 * `ANNOKIT_PHOENIX_URL` points the suites at a Phoenix you started (`npm run phoenix`), to skip the
 * start-up while iterating; it must run the pinned version (and, for the browser tests, allow
 * their origin: `npm run phoenix -- --origin http://127.0.0.1:<ANNOKIT_PHOENIX_BROWSER_PORT>`).
 */
async function attachToRunning(url: string, log: (line: string) => void): Promise<Server> {
  const base = url.replace(/\/+$/, '');
  const version = (await (await fetch(`${base}/arize_phoenix_version`)).text()).trim();
  const pinned = phoenixPins()['arize-phoenix'];
  if (version !== pinned) throw new Error(`ANNOKIT_PHOENIX_URL=${url} runs Phoenix ${version}; the suites are pinned to ${pinned}`);
  log(`using the Phoenix ${version} already running at ${base} (ANNOKIT_PHOENIX_URL)`);
  const port = Number(new URL(base).port);
  return { url: base, port, grpcPort: 0, version, pid: 0, workingDir: '', startSeconds: 0, logTail: () => '', stop: async () => {} };
}

export default async function setup(project: TestProject) {
  const origins = localOrigins(await phoenixBrowserPort());
  if (!shared[KEY]) {
    const log = (line: string) => console.log(`[phoenix] ${line}`);
    const external = process.env.ANNOKIT_PHOENIX_URL;
    const server = external ? attachToRunning(external, log) : startPhoenix({ origins, log }).then((started) => {
      log(`Phoenix ${started.version} at ${started.url} (ready in ${started.startSeconds.toFixed(1)} s; CORS ${origins.join(', ')})`);
      return started;
    });
    shared[KEY] = { server, users: 0 };
  }
  const state = shared[KEY]!;
  state.users++;
  const server = await state.server;
  project.provide('phoenixUrl', server.url);
  project.provide('phoenixVersion', server.version);
  project.provide('phoenixClientVersion', phoenixPins()['arize-phoenix-client']!);
  project.provide('phoenixPython', venvPython());
  project.provide('phoenixOrigins', origins);
  return async () => {
    if (--state.users > 0) return;
    delete shared[KEY];
    await server.stop();
  };
}
