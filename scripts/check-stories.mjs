// `npm run check:stories`: checks that Storybook opens on the welcome page, then opens every story of the built Storybook (storybook-static/, from
// `npm run build-storybook`) fresh in Chromium, as a visitor would, and fails on a story whose play
// function throws, whose accessibility check (addon-a11y, axe) reports a violation, or that logs an
// error (other than those a story declares in `parameters.expectedConsoleErrors`). With `--screenshots=DIR` it also saves a screenshot of each story, to look at.
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { INSTALL_HINT } from './chromium.mjs';
import { fail as failWith, main, openChromium, root } from './smoke-support.mjs';

const fail = (message) => failWith('story check', message);
const staticDir = join(root, 'storybook-static');
const screenshots = process.argv.find((arg) => arg.startsWith('--screenshots='))?.slice('--screenshots='.length);
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
// `--theme=dark` opens every story in the dark theme (the toolbar's switch) instead of its own.
const theme = process.argv.find((arg) => arg.startsWith('--theme='))?.slice('--theme='.length);
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.png': 'image/png' };

await main(async () => {
  if (!existsSync(join(staticDir, 'index.json'))) fail('storybook-static/ is missing: run `npm run build-storybook` first');
  const index = JSON.parse(readFileSync(join(staticDir, 'index.json'), 'utf8'));
  const stories = Object.values(index.entries).filter((entry) => entry.type === 'story' && (!only || entry.id.includes(only)));
  if (screenshots) mkdirSync(screenshots, { recursive: true });

  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    // Chromium asks every new page for a favicon the iframe does not declare.
    if (path === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    const file = join(staticDir, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(staticDir) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const chromium = await openChromium({ viewport: { width: 1280, height: 900 } });
  if (!chromium) {
    server.close();
    console.log(`No Chromium found: skipped the story check; ${INSTALL_HINT}.`);
    return;
  }
  const { browser } = chromium;
  await chromium.page.close();
  const failures = [];
  try {
    // Storybook opens on the welcome page (the first story once sorted; .storybook/preview.tsx).
    if (!only) {
      const page = await browser.newPage();
      await page.goto(`${base}/index.html`);
      await page.waitForURL(/[?&]path=\/story\//, { timeout: 60_000 });
      const opened = new URL(page.url()).searchParams.get('path');
      console.log(`Storybook opens on ${opened}`);
      if (opened !== '/story/welcome--welcome') failures.push(`opens on ${opened}, not the welcome page`);
      await page.close();
    }
    for (const story of stories) {
      // A fresh page per story: nothing cached from the one before, as a visitor opening a link.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const logged = [];
      page.on('pageerror', (error) => logged.push(`uncaught: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        const where = message.location()?.url;
        logged.push(`console.error: ${message.text()}${where ? ` (${where})` : ''}`);
      });
      await page.addInitScript(() => {
        const seen = (window.__storyEvents = []);
        const hook = setInterval(() => {
          const channel = window.__STORYBOOK_ADDONS_CHANNEL__;
          if (!channel) return;
          clearInterval(hook);
          for (const name of ['storyFinished', 'storyErrored', 'storyThrewException', 'playFunctionThrewException', 'unhandledErrorsWhilePlaying']) {
            channel.on(name, (payload) => seen.push({ name, payload: JSON.parse(JSON.stringify(payload ?? null)) }));
          }
        }, 1);
      });
      const started = Date.now();
      await page.goto(`${base}/iframe.html?id=${story.id}&viewMode=story${theme ? `&globals=theme:${theme}` : ''}`);
      let finished = null;
      try {
        finished = await page.waitForFunction(() => window.__storyEvents.find((event) => event.name === 'storyFinished')?.payload, null, { timeout: 60_000, polling: 100 });
        finished = await finished.jsonValue();
      } catch {
        // reported below
      }
      const events = await page.evaluate(() => window.__storyEvents);
      const problems = [];
      if (!finished) problems.push('did not finish within 60 s');
      for (const event of events.filter((e) => e.name !== 'storyFinished')) problems.push(`${event.name}: ${describe(event.payload)}`);
      if (finished && finished.status !== 'success') problems.push(`finished with status ${finished.status}`);
      for (const reporter of finished?.reporters ?? []) {
        const violations = reporter.result?.violations ?? [];
        for (const violation of violations) {
          problems.push(`${reporter.type}: ${violation.id} (${violation.impact}): ${violation.nodes.length} node(s), e.g. ${violation.nodes[0]?.target?.join(' ')} — ${violation.nodes[0]?.failureSummary?.split('\n').slice(0, 2).join(' ')}`);
        }
      }
      // A story that shows a failing request says which browser errors it expects (parameters.expectedConsoleErrors).
      const expected = await page.evaluate(() => window.__STORYBOOK_PREVIEW__?.currentRender?.story?.parameters?.expectedConsoleErrors ?? []);
      problems.push(...logged.filter((line) => !expected.some((text) => line.includes(text))));
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (screenshots) await page.screenshot({ path: join(screenshots, `${story.id}${theme ? `.${theme}` : ''}.png`), fullPage: true });
      console.log(`${problems.length ? 'FAIL' : 'ok  '} ${story.title} / ${story.name} (${seconds} s)`);
      for (const problem of problems) console.log(`       ${problem}`);
      if (problems.length) failures.push(story.id);
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  if (failures.length) fail(failures.join(', '));
  console.log(`${stories.length} stories rendered, played and passed the accessibility check in the built Storybook`);
});

function describe(payload) {
  if (!payload) return '';
  if (typeof payload === 'string') return payload;
  return payload.message ?? payload.description ?? JSON.stringify(payload).slice(0, 300);
}
