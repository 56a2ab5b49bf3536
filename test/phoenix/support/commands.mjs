// Commands the `phoenix-browser` tests call from Chromium (`commands.runPhoenixPython` from
// `vitest/browser`, typed in ./commands.d.ts); they run in Node, where the Phoenix venv is.
// Registered in vitest.config.ts.
import { venvPython } from '../../../scripts/phoenix/server.mjs';
import { runPython } from './python.ts';

export const phoenixCommands = {
  /** `runPython` from a browser test: the snippet's `result`, as JSON. */
  runPhoenixPython: (_context, code, options) => runPython(code, { ...options, python: venvPython() }),
};
