import type { BrowserCommand } from 'vitest/node';

type RunPhoenixPythonOptions = { phoenixUrl: string; input?: unknown; timeoutMs?: number };

export declare const phoenixCommands: {
  runPhoenixPython: BrowserCommand<[code: string, options: RunPhoenixPythonOptions]>;
};

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Runs a Python snippet in the Phoenix venv (see `runPython` in ./python.ts) and returns its `result`. */
    runPhoenixPython: <T = unknown>(code: string, options: RunPhoenixPythonOptions) => Promise<T>;
  }
}
