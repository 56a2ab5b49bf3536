// `npm run test:example:chat`: drives the chat example end to end in Chromium. Starts the example
// (`npm run example:chat` on a free port), chats as an end user and votes an answer down with a
// reason, signs in as a reviewer on /admin, finds the voted trace through the filter bar and labels
// it, then checks what the server's store holds. Exits non-zero on any failure.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findChromium, INSTALL_HINT } from '../../scripts/chromium.mjs';

const QUESTION = 'What is the largest planet?';
const WRONG_ANSWER = 'The largest planet in the solar system is Mars.';
const CONDITION = "annotations['user_feedback'].label == 'negative'";
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const step = (text) => console.log(`[${elapsed()}] ${text}`);

const executablePath = findChromium();
if (!executablePath) {
  console.error(`No Chromium found; ${INSTALL_HINT}.`);
  process.exit(1);
}

// The example server, on a free port; its first line names the URL.
const server = spawn(process.execPath, [fileURLToPath(new URL('server.mjs', import.meta.url))], {
  // PHOENIX_URL set: the same test against Phoenix; unset: against the server's own store.
  // A fresh Phoenix project per run, so earlier runs' traces do not match the filter.
  env: { ...process.env, PORT: '0', EXAMPLE_HMR: '0', PHOENIX_URL: process.env.PHOENIX_URL ?? '', PHOENIX_PROJECT: `annokit-e2e-${Date.now()}` },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const base = await new Promise((resolve, reject) => {
  let output = '';
  const timer = setTimeout(() => reject(new Error(`the example did not start within 60 s: ${output}`)), 60_000);
  server.stdout.on('data', (chunk) => {
    output += chunk;
    const match = /on (http:\/\/[^/\s]+)\//.exec(output);
    if (match) {
      clearTimeout(timer);
      resolve(match[1]);
    }
  });
  server.on('exit', (code) => reject(new Error(`the example exited with ${code}: ${output}`)));
});
step(`example server up at ${base}`);

const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
let failed = false;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // Chromium logs every failed request as a console error; against Phoenix a vote can meet a span
  // still being ingested (a 502 the outbox retries), so those are checked by the outcome below instead.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console error: ${message.text()}`);
  });

  // 1. Chat as an end user; vote the wrong answer down with a reason; vote another answer up.
  await page.goto(`${base}/`);
  await page.getByLabel('Your name').fill('Ada');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill(QUESTION);
  await page.getByRole('button', { name: 'Send' }).click();
  const wrong = page.getByRole('listitem').filter({ hasText: WRONG_ANSWER });
  await wrong.waitFor({ timeout: 30_000 });
  step('answer streamed');
  await wrong.getByRole('button', { name: 'Bad response' }).click();
  const dialog = page.getByRole('dialog', { name: 'Tell us more' });
  await dialog.getByRole('button', { name: 'Inaccurate' }).click();
  await dialog.getByRole('textbox').fill('It is Jupiter.');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await dialog.waitFor({ state: 'detached' });
  await composer.fill('What is the capital of France?');
  await page.getByRole('button', { name: 'Send' }).click();
  const right = page.getByRole('listitem').filter({ hasText: 'The capital of France is Paris.' });
  await right.waitFor();
  await right.getByRole('button', { name: 'Good response' }).click();
  // Both votes landed: nothing pending in the thumbs.
  await page.waitForFunction(() => document.querySelectorAll('[data-slot="feedback"][data-pending], [data-pending]').length === 0);
  const votedSpanId = await wrong.getAttribute('data-span-id');
  const likedSpanId = await right.getAttribute('data-span-id');
  if (!votedSpanId || !likedSpanId) throw new Error('an answer carries no span id');
  step(`voted down the answer on span ${votedSpanId}`);

  // 2. A reviewer opens /admin, filters for negative feedback and labels the trace.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.goto(`${base}/admin`);
  await page.getByLabel('Reviewer name').fill('Rita');
  await page.getByRole('button', { name: 'Sign in as reviewer' }).click();
  const filter = page.getByRole('combobox', { name: 'Filter spans' }).or(page.getByRole('textbox', { name: 'Filter spans' }));
  await filter.fill(CONDITION);
  await filter.press('Enter');
  const grid = page.getByRole('grid', { name: 'Spans' });
  const rows = grid.getByRole('row').filter({ hasText: QUESTION });
  await rows.first().waitFor({ timeout: 15_000 });
  await page.waitForFunction(
    (question) => [...document.querySelectorAll('[role="grid"] [role="row"]')].filter((row) => row.querySelector('[role="gridcell"]')).every((row) => row.textContent?.includes(question)),
    QUESTION,
  );
  const matching = await grid.getByRole('row').filter({ has: page.getByRole('gridcell') }).count();
  if (matching !== 1) throw new Error(`the filter shows ${matching} rows, expected only the voted trace`);
  step('found the voted trace through the filter bar');
  await rows.first().dblclick();
  const queue = page.getByRole('region', { name: 'Review queue' });
  const labels = queue.getByRole('group', { name: 'correctness: pick a label' });
  await labels.getByRole('button', { name: 'incorrect' }).click();
  await queue.getByRole('status').filter({ hasText: 'Saved' }).first().waitFor({ timeout: 15_000 });
  step('labelled it incorrect');

  // 3. The store holds both annotations on the span the route created (the label may still be on its way).
  const query = (spanId) =>
    page.evaluate(async (id) => {
      const response = await fetch('/api/review/annotations/query', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ targets: [{ kind: 'span', spanId: id }] }),
      });
      return response.json();
    }, spanId);
  let stored = await query(votedSpanId);
  for (let attempt = 0; stored.data.length < 2 && attempt < 50; attempt++) {
    await page.waitForTimeout(200);
    stored = await query(votedSpanId);
  }
  const liked = (await query(likedSpanId)).data;
  const byName = Object.fromEntries(stored.data.map((annotation) => [annotation.name, annotation]));
  const feedback = byName.user_feedback;
  const correctness = byName.correctness;
  const expect = (ok, what) => {
    if (!ok) throw new Error(`${what}; the store holds ${JSON.stringify(stored.data)}`);
  };
  expect(stored.data.length === 2, 'expected exactly two annotations on the voted span');
  expect(feedback?.label === 'negative' && feedback.identifier === 'ada' && feedback.explanation === 'It is Jupiter.', 'the vote is not Ada\'s negative vote with her comment');
  expect(JSON.stringify(feedback.metadata.reasons) === '["Inaccurate"]', 'the vote lost its reason');
  expect(correctness?.label === 'incorrect' && correctness.identifier === 'rita' && correctness.annotatorKind === 'HUMAN', 'the label is not Rita\'s "incorrect"');
  if (!(liked.length === 1 && liked[0].label === 'positive' && liked[0].identifier === 'ada')) {
    throw new Error(`the thumbs-up on the other answer did not land once: ${JSON.stringify(liked)}`);
  }
  if (problems.length) throw new Error(`the pages reported errors:\n${problems.join('\n')}`);
  step('the store holds the vote and the label on the span the route created');
} catch (error) {
  failed = true;
  console.error(`chat example end-to-end test failed after ${elapsed()}:`, error);
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
console.log(failed ? 'FAILED' : `chat example end-to-end test passed in ${elapsed()}`);
process.exit(failed ? 1 : 0);
