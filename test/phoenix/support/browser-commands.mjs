// Vitest browser commands for the `phoenix-browser` project: what a Chromium test needs done in
// Node, beside the page. `runPython` runs a snippet in the Phoenix venv as `runPython` of
// `./python.ts` does in a Node test (the suite's Phoenix, `data` from `input`, `result` back), so a
// browser test can log and read annotations the way Phoenix's Python users do around what it clicks:
//
//   import { commands } from 'vitest/browser';
//   const rows = await commands.runPython(`result = client().spans.get_span_annotations(...)`, { spanIds });
//
// Plain JavaScript with explicit extensions: vitest.config.ts loads it (types: browser-commands.d.mts).
import { runPython } from './python.ts';

export const phoenixBrowserCommands = {
  /** @type {import('vitest/node').BrowserCommand<[code: string, input?: unknown, options?: { timeoutMs?: number }]>} */
  runPython: (context, code, input, options) => {
    const provided = context.project.getProvidedContext();
    return runPython(code, { input, phoenixUrl: provided.phoenixUrl, python: provided.phoenixPython, timeoutMs: options?.timeoutMs });
  },
};
