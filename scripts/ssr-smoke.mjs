// `npm run smoke:ssr`: a Next.js App Router app in a fresh temporary folder, with annokit installed
// from the packed tarball. `next build` must pass; the built app (`next start`) serves a page whose
// provider, thumbs, trace viewer, span table and annotation panel render on the server. Chromium,
// in another time zone and locale than the server, loads it: the HTML must already hold the
// components, the page must hydrate and work (a thumb click is stored), and the console must stay
// clean. The same page is then loaded from `next dev`, where React reports every hydration
// mismatch (a production build stays silent about attribute mismatches).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSTALL_HINT, findChromium } from './chromium.mjs';
import { fail as failWith, freePort, main, openChromium, packedTarball, pkg, root, run, startServer, waitForUrl } from './smoke-support.mjs';

// Next 16.5 declares Node >= 20.9 and supports React 19 (the App Router uses React 19 features).
const NEXT_VERSION = '16.5.0';
const fail = (message) => failWith('SSR smoke test', message);
// The server formats in UTC and en-US; the reader is in Berlin and reads German.
const SERVER_ENV = { TZ: 'UTC', LANG: 'en_US.UTF-8', NEXT_TELEMETRY_DISABLED: '1' };
const READER = { timezoneId: 'Europe/Berlin', locale: 'de-DE' };

await main(async () => {
  const work = mkdtempSync(join(tmpdir(), 'annokit-next-'));
  const servers = [];
  try {
    const tarball = packedTarball(work);
    const app = join(work, 'app');
    mkdirSync(join(app, 'app'), { recursive: true });
    const dev = pkg.devDependencies;
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify(
        {
          name: 'annokit-next-consumer',
          private: true,
          scripts: { build: 'next build', start: 'next start' },
          dependencies: {
            annokit: `file:../${tarball}`,
            next: NEXT_VERSION,
            react: dev.react,
            'react-dom': dev['react-dom'],
            '@tanstack/react-query': dev['@tanstack/react-query'],
          },
        },
        null,
        2,
      ),
    );
    // No telemetry, no image optimisation service; the folder is the workspace root.
    writeFileSync(join(app, 'next.config.mjs'), `export default { images: { unoptimized: true }, turbopack: { root: import.meta.dirname } };\n`);
    for (const file of ['layout.jsx', 'page.jsx', 'providers.jsx']) cpSync(join(root, 'scripts/ssr-app', file), join(app, 'app', file));

    console.log(`installing ${tarball} and next@${NEXT_VERSION} into a fresh Next.js app in ${app}`);
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], app);

    const build = run('npx', ['next', 'build'], app, SERVER_ENV);
    if (/warn|error/i.test(build.replace(/0 errors?/gi, ''))) console.log(build);
    console.log('next build passed');

    if (!findChromium()) {
      console.log(`No Chromium found: skipped loading the Next.js app; ${INSTALL_HINT}.`);
      return;
    }

    for (const mode of ['start', 'dev']) {
      const port = await freePort();
      const server = startServer('npx', ['next', mode, '--port', String(port), '--hostname', '127.0.0.1'], app, SERVER_ENV);
      servers.push(server);
      const url = `http://127.0.0.1:${port}/`;
      const html = await (await waitForUrl(url, 120_000)).text();
      // Rendered on the server: the components are in the HTML before any script runs.
      const missing = ['feedback', 'trace-viewer', 'span-table', 'annotation-panel'].filter((slot) => !html.includes(`data-slot="${slot}"`));
      if (missing.length) fail(`next ${mode}: the server HTML lacks ${missing.join(', ')}`);
      const treeRows = html.match(/role="treeitem"/g)?.length ?? 0;
      const tableRows = html.match(/data-slot="span-table-row"/g)?.length ?? 0;
      if (treeRows < 2 || tableRows < 2) fail(`next ${mode}: the server HTML has ${treeRows} trace rows and ${tableRows} table rows`);

      const { browser, page, problems } = await openChromium(READER);
      try {
        await page.goto(url, { waitUntil: 'load' });
        // Hydrated and working: the annotation panel loads from the adapter and a thumb click is stored.
        await page.waitForSelector('[data-slot="annotation-panel"][data-state="ready"]', { timeout: 30_000 });
        const up = page.getByRole('button', { name: 'Good response' }).first();
        await up.click();
        await page.waitForFunction(() => document.querySelector('button[aria-label="Good response"]')?.getAttribute('aria-pressed') === 'true', null, { timeout: 15_000 });
        // After hydration the table shows times in the reader's zone and locale.
        const time = await page.locator('[data-slot="span-table-row"] [data-column="time"]').first().textContent();
        if (/UTC$/.test(time ?? '')) fail(`next ${mode}: the span table still shows the server's UTC time after hydration ("${time}")`);
        await page.waitForTimeout(500);
        const relevant = problems.filter((problem) => !/Download the React DevTools/.test(problem));
        if (relevant.length) fail(`next ${mode}: the page logged:\n  ${relevant.join('\n  ')}`);
        console.log(`next ${mode}: server HTML with ${treeRows} trace rows and ${tableRows} table rows; hydrated in Chromium (${READER.timezoneId}, ${READER.locale}) without an error or a hydration warning; a thumb click was stored; times now read "${time}"`);
      } finally {
        await browser.close();
      }
      await server.stop();
    }
  } finally {
    for (const server of servers) await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
});
