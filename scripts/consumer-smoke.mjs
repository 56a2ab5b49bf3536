// Packs annokit, installs the tarball into a fresh Vite + React app, builds that app, renders it in
// Chromium and checks a component from the package works; also imports annokit/core in plain Node
// (no React) and checks "use client" survived on the React modules.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findChromium, CHROMIUM_ARGS, INSTALL_HINT } from './chromium.mjs';

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
const fail = (message) => {
  console.error(`consumer smoke test failed: ${message}`);
  process.exit(1);
};

if (!existsSync(join(root, 'dist/index.js'))) run('npm', ['run', 'build'], root);

// Dependencies must stay imports: a bundled copy of Radix or React would break deduplication in apps.
if (existsSync(join(root, 'dist/node_modules'))) fail('dist/node_modules exists: a dependency was bundled into the library');

// "use client" must survive the build on every React module (Next.js App Router needs it).
const clientFiles = ['provider', 'hooks', 'components', 'integrations']
  .flatMap((dir) => (existsSync(join(root, 'dist', dir)) ? walk(join(root, 'dist', dir)) : []))
  .filter((file) => file.endsWith('.js') && /from "react"|from "@tanstack\/react-query"/.test(readFileSync(file, 'utf8')));
const missing = clientFiles.filter((file) => !readFileSync(file, 'utf8').startsWith('"use client"'));
if (clientFiles.length === 0) fail('found no React modules in dist/');
if (missing.length) fail(`"use client" missing in ${missing.map((f) => f.slice(root.length + 1)).join(', ')}`);
console.log(`"use client" kept on ${clientFiles.length} React modules`);

const work = mkdtempSync(join(tmpdir(), 'annokit-consumer-'));
const tarball = run('npm', ['pack', '--silent', '--pack-destination', work], root).trim().split('\n').pop();
const app = join(work, 'app');
mkdirSync(join(app, 'src'), { recursive: true });
const dev = pkg.devDependencies;
writeFileSync(
  join(app, 'package.json'),
  JSON.stringify(
    {
      name: 'annokit-consumer',
      private: true,
      type: 'module',
      dependencies: {
        annokit: `file:../${tarball}`,
        react: dev.react,
        'react-dom': dev['react-dom'],
        '@tanstack/react-query': dev['@tanstack/react-query'],
      },
      devDependencies: { vite: dev.vite, '@vitejs/plugin-react': dev['@vitejs/plugin-react'] },
    },
    null,
    2,
  ),
);
writeFileSync(
  join(app, 'vite.config.js'),
  `import { defineConfig } from 'vite';\nimport react from '@vitejs/plugin-react';\nexport default defineConfig({ plugins: [react()] });\n`,
);
writeFileSync(
  join(app, 'index.html'),
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>consumer</title><link rel="icon" href="data:,"></head><body><div id="root"></div><script type="module" src="/src/main.jsx"></script></body></html>\n`,
);
writeFileSync(join(app, 'src/main.jsx'), readFileSync(join(root, 'scripts/consumer-app.jsx'), 'utf8'));

console.log(`installing ${tarball} into a fresh Vite React app in ${app}`);
run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], app);

// annokit/core must import and work in plain Node, without React.
const nodeCheck = run(
  'node',
  [
    '--input-type=module',
    '-e',
    `import * as core from 'annokit/core';
     const error = (() => { try { core.validateAnnotationInput({ target: { kind: 'span', spanId: 'a' }, name: '', annotatorKind: 'HUMAN', label: 'x' }); } catch (e) { return e; } })();
     if (!(error instanceof core.ValidationError)) throw new Error('validation did not reject');
     console.log('annokit/core in Node: ' + Object.keys(core).length + ' exports; ' + error.message);
     const { default: spec } = await import('annokit/adapters/http/openapi.json', { with: { type: 'json' } });
     if (!spec.paths?.['/annotations/upsert']) throw new Error('annokit/adapters/http/openapi.json lacks /annotations/upsert');
     console.log('annokit/adapters/http/openapi.json: ' + Object.keys(spec.paths).length + ' paths');`,
  ],
  app,
);
process.stdout.write(nodeCheck);

run('npx', ['vite', 'build', '--logLevel', 'warn'], app);
console.log('consumer app built');

// Optional peers stay optional: this app never imports annokit/server or annokit/assistant-ui, so npm
// installed none of them, the build succeeded without them, and the bundle names none of them.
const optionalPeers = ['ai', '@ai-sdk/react', '@assistant-ui/react', '@opentelemetry/api'];
const notOptional = optionalPeers.filter((name) => !pkg.peerDependencies?.[name] || !pkg.peerDependenciesMeta?.[name]?.optional);
if (notOptional.length) fail(`package.json must declare these as optional peer dependencies: ${notOptional.join(', ')}`);
const installedPeers = optionalPeers.filter((name) => existsSync(join(app, 'node_modules', name, 'package.json')));
if (installedPeers.length) fail(`optional peers were installed into an app that does not use them: ${installedPeers.join(', ')}`);
const bundle = walk(join(app, 'dist')).filter((file) => file.endsWith('.js')).map((file) => readFileSync(file, 'utf8')).join('\n');
// A module specifier left in the bundle: the name in quotes, alone or followed by a subpath.
const specifier = (name) => new RegExp(`["'\`]${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?:["'\`]|/)`);
const bundledPeers = optionalPeers.filter((name) => specifier(name).test(bundle));
if (bundledPeers.length) fail(`the app's bundle names optional peers: ${bundledPeers.join(', ')}`);
console.log(`optional peers neither installed nor bundled: ${optionalPeers.join(', ')}`);

const chromium = findChromium();
if (!chromium) {
  console.log(`No Chromium found: skipped rendering the consumer app; ${INSTALL_HINT}.`);
  process.exit(0);
}
const port = 4173 + Math.floor(Math.random() * 1000);
const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
  cwd: app,
  stdio: 'ignore',
  detached: true,
});
try {
  const { chromium: pw } = await import('playwright');
  const browser = await pw.launch({ executablePath: chromium, args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  for (let attempt = 0; ; attempt++) {
    try {
      await page.goto(`http://127.0.0.1:${port}/`);
      break;
    } catch (error) {
      if (attempt > 40) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  // Click the packaged component's thumb as a user would, then wait for the vote to be stored.
  await page.getByRole('button', { name: 'Good response' }).click({ timeout: 15000 });
  await page.waitForSelector('[data-consumer-ready]', { timeout: 15000 });
  const result = await page.evaluate(() => window.__consumerCheck());
  await browser.close();
  if (errors.length) fail(`the page logged errors: ${errors.join(' | ')}`);
  if (!result.ok) fail(result.message);
  console.log(`rendered in Chromium: ${result.message}`);
} finally {
  process.kill(-server.pid);
  rmSync(work, { recursive: true, force: true });
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
