import type { BrowserCommand } from 'vitest/node';

/** The `phoenix-browser` project's commands (vitest.config.ts `browser.commands`). */
export declare const phoenixBrowserCommands: {
  runPython: BrowserCommand<[code: string, input?: unknown, options?: { timeoutMs?: number }]>;
};

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Runs a Python snippet in the Phoenix venv (`data` is `input`) and resolves with its `result`; see `runPython` in python.ts. */
    runPython: <T = unknown>(code: string, input?: unknown, options?: { timeoutMs?: number }) => Promise<T>;
  }
}
