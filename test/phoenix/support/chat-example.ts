/**
 * Runs the chat example's end-to-end test (`examples/chat/e2e.mjs`: chat, vote, review, label, in
 * Chromium) against a Phoenix, as `PHOENIX_URL=… npm run test:example:chat` does. Node only.
 */
import { spawn } from 'node:child_process';
import { repoPath } from '../../support/repoPath';

export interface ChatExampleRun {
  code: number | null;
  output: string;
  seconds: number;
}

export function runChatExample(env: { PHOENIX_URL: string; PHOENIX_API_KEY?: string }, timeoutMs = 240_000): Promise<ChatExampleRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [repoPath('examples/chat/e2e.mjs')], {
      cwd: repoPath('.'),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`the chat example's end-to-end test did not finish within ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, seconds: (Date.now() - started) / 1000 });
    });
  });
}
