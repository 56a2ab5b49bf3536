/**
 * Runs a Python snippet in the Phoenix venv (which has `phoenix.client`, as Phoenix's users have)
 * and returns what it put in `result`, as JSON. Node only.
 *
 * The snippet sees:
 * - `phoenix_url`: the suite's Phoenix;
 * - `data`: the `input` given here, parsed from JSON (None without one);
 * - `client()`: a `phoenix.client.Client` for `phoenix_url`;
 * and sets `result` to anything `json.dumps` can write (other objects go through `str`).
 * `phoenix` is imported as a namespace, as with the client installed alone (see below); pass
 * `serverPackage: true` for snippets that need the server's own modules.
 *
 * ```ts
 * const labels = await runPython<string[]>(`
 * rows = client().spans.get_span_annotations(span_ids=data["spanIds"], project_identifier=data["project"])
 * result = [row["result"]["label"] for row in rows]
 * `, { input: { spanIds, project } });
 * ```
 */
import { spawn } from 'node:child_process';

export interface RunPythonOptions {
  /** Passed to the snippet as `data` (through JSON). */
  input?: unknown;
  /** Default: the suite's Phoenix (`inject('phoenixUrl')`). */
  phoenixUrl?: string;
  /** Default: the venv's python (`inject('phoenixPython')`). */
  python?: string;
  /** Kill the snippet after this long. Default 60000 ms. */
  timeoutMs?: number;
  /** Import the full server package (`import phoenix` runs its `__init__`), for snippets that need server modules. Default false. */
  serverPackage?: boolean;
}

const MARKER = '__annokit_result__';

// The venv holds the server package too, whose `phoenix/__init__.py` imports the whole server
// (about 10 s of CPU). Installed on its own, `arize-phoenix-client` has no such `__init__`:
// `phoenix` is a bare namespace. The prelude makes it one here as well, so `phoenix.client` (and
// `phoenix.evals`) import as they do for a user with the client alone, in under a second.
const NAMESPACE_PRELUDE = `
import importlib.util, types
_spec = importlib.util.find_spec("phoenix")
_namespace = types.ModuleType("phoenix")
_namespace.__path__ = list(_spec.submodule_search_locations)
_namespace.__spec__ = _spec
sys.modules["phoenix"] = _namespace
`;

const PRELUDE = `
import json, os, sys
phoenix_url = os.environ["PHOENIX_URL"]
data = json.loads(sys.stdin.read() or "null")
def client():
    from phoenix.client import Client
    return Client(base_url=phoenix_url)
result = None
`;

function dedent(code: string): string {
  const lines = code.replace(/^\n+/, '').replace(/\s+$/, '').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => /^ */.exec(line)![0].length));
  return lines.map((line) => line.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}

/** Thrown when the snippet fails: carries its exit code and what it wrote to stderr. */
export class PythonError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'PythonError';
  }
}

export async function runPython<T = unknown>(code: string, options: RunPythonOptions = {}): Promise<T> {
  // imported here, not at the top: the browser tests' commands (support/commands.ts) run this from
  // the vitest config's process, which must not load the test runner
  const inject = options.python && options.phoenixUrl ? null : (await import('vitest')).inject;
  const python = options.python ?? inject!('phoenixPython');
  const phoenixUrl = options.phoenixUrl ?? inject!('phoenixUrl');
  const prelude = options.serverPackage ? PRELUDE : `${PRELUDE}${NAMESPACE_PRELUDE}`;
  const program = `${prelude}\n${dedent(code)}\nprint("${MARKER}" + json.dumps(result, default=str))\n`;
  return new Promise<T>((resolve, reject) => {
    const child = spawn(python, ['-c', program], {
      env: { ...process.env, PHOENIX_URL: phoenixUrl, PYTHONUNBUFFERED: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = stdout.split('\n').find((entry) => entry.startsWith(MARKER));
      if (code !== 0 || line === undefined) {
        const tail = stderr.trim().split('\n').slice(-15).join('\n');
        reject(new PythonError(`Python snippet failed (${signal ?? `exit ${code}`}):\n${tail}`, stderr));
        return;
      }
      resolve(JSON.parse(line.slice(MARKER.length)) as T);
    });
    child.stdin.end(JSON.stringify(options.input ?? null));
  });
}
