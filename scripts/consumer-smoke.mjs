// `npm run smoke:consumer [-- --react=18|19]`: packs annokit, installs the tarball into a fresh
// Vite + React app (React 19, then React 18.3, or the one asked for), builds that app, renders it
// in Chromium, clicks a thumb and reads the vote back through a hook. A TypeScript file of the app
// type-checks against annokit's declarations with that React's types. In plain Node it also imports
// annokit/core (no React) and renders the provider, thumbs, trace viewer, span table and annotation
// panel to HTML with that React version's react-dom/server, failing on any warning. Checks once
// that "use client" survived on the React modules.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSTALL_HINT, findChromium } from './chromium.mjs';
import { fail as failWith, freePort, main, openChromium, packedTarball, pkg, root, run, startServer, waitForUrl, walk } from './smoke-support.mjs';

/** The React versions the peer range promises, each installed exactly, with their type packages. */
const REACT_VERSIONS = { 19: pkg.devDependencies.react, 18: '18.3.1' };
const REACT_TYPES = {
  19: { '@types/react': pkg.devDependencies['@types/react'], '@types/react-dom': pkg.devDependencies['@types/react-dom'] },
  18: { '@types/react': '18.3.32', '@types/react-dom': '18.3.7' },
};
const asked = process.argv.find((arg) => arg.startsWith('--react='))?.slice('--react='.length);
const majors = asked ? [asked] : ['19', '18'];
const fail = (message) => failWith('consumer smoke test', message);

const CORE_IN_NODE = `import * as core from 'annokit/core';
const error = (() => { try { core.validateAnnotationInput({ target: { kind: 'span', spanId: 'a' }, name: '', annotatorKind: 'HUMAN', label: 'x' }); } catch (e) { return e; } })();
if (!(error instanceof core.ValidationError)) throw new Error('validation did not reject');
console.log('annokit/core in Node: ' + Object.keys(core).length + ' exports; ' + error.message);
const { default: spec } = await import('annokit/adapters/http/openapi.json', { with: { type: 'json' } });
if (!spec.paths?.['/annotations/upsert']) throw new Error('annokit/adapters/http/openapi.json lacks /annotations/upsert');
console.log('annokit/adapters/http/openapi.json: ' + Object.keys(spec.paths).length + ' paths');
`;

const SERVER_RENDER = `import { createElement as h, version } from 'react';
import { renderToString } from 'react-dom/server';
const logged = [];
for (const level of ['error', 'warn']) console[level] = (...args) => logged.push(level + ': ' + args.join(' '));
const { AnnotationPanel, AnnotationProvider, FeedbackButtons, SpanTable, TraceViewer } = await import('annokit');
const { createMemoryAdapter, generateDemoProject } = await import('annokit/adapters/memory');
const demo = generateDemoProject({ seed: 3, traces: 4 });
const trace = demo.spans.filter((span) => span.traceId === demo.spans[0].traceId);
const roots = demo.spans.filter((span) => span.parentId === null);
const target = { kind: 'span', spanId: roots[0].spanId };
const html = renderToString(
  h(AnnotationProvider, { adapter: createMemoryAdapter({ seed: demo }), user: { id: 'reviewer-1' } },
    h(FeedbackButtons, { target }),
    h(TraceViewer, { spans: trace, height: 400 }),
    h(SpanTable, { spans: roots, annotationNames: [], height: 240 }),
    h(AnnotationPanel, { target })),
);
if (logged.length) { process.stderr.write(logged.join('\\n') + '\\n'); process.exit(1); }
const rows = html.match(/role="treeitem"/g)?.length ?? 0;
if (!html.includes('data-slot="feedback"') || rows < 2 || !html.includes('data-slot="span-table"') || !html.includes('data-slot="annotation-panel"')) {
  process.stderr.write('the server HTML lacks a component\\n');
  process.exit(1);
}
console.log('[React ' + version + '] react-dom/server rendered the provider, thumbs, trace viewer (' + rows + ' rows), span table and annotation panel in Node without a warning');
`;

const TYPECHECK = `import { useRef } from 'react';
import { AnnotationPanel, AnnotationProvider, FeedbackButtons, SpanTable, TraceViewer, useFeedback, type Span } from 'annokit';
import { createMemoryAdapter } from 'annokit/adapters/memory';
import { validateAnnotationInput } from 'annokit/core';

export function App({ spans }: { spans: Span[] }) {
  const viewer = useRef<HTMLDivElement>(null);
  const feedback = useFeedback({ target: { kind: 'span', spanId: 'a' } });
  validateAnnotationInput({ target: { kind: 'span', spanId: 'a' }, name: 'q', annotatorKind: 'HUMAN', label: 'ok' });
  return (
    <AnnotationProvider adapter={createMemoryAdapter()} user={{ id: 'u' }}>
      <FeedbackButtons target={{ kind: 'span', spanId: 'a' }} />
      <button {...feedback.getButtonProps('up')} />
      <TraceViewer ref={viewer} spans={spans} />
      <SpanTable spans={spans} annotationNames={[]} />
      <AnnotationPanel target={{ kind: 'span', spanId: 'a' }} />
    </AnnotationProvider>
  );
}
`;

const work = mkdtempSync(join(tmpdir(), 'annokit-consumer-'));
await main(async () => {
  if (asked && !(asked in REACT_VERSIONS)) fail(`--react=${asked}: expected one of ${Object.keys(REACT_VERSIONS).join(', ')}`);
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

  try {
    const tarball = packedTarball(work);
    for (const major of majors) await smokeTest(major, tarball);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

async function smokeTest(major, tarball) {
  const react = REACT_VERSIONS[major];
  const app = join(work, `app-react-${major}`);
  mkdirSync(join(app, 'src'), { recursive: true });
  const dev = pkg.devDependencies;
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify(
      {
        name: `annokit-consumer-react-${major}`,
        private: true,
        type: 'module',
        dependencies: { annokit: `file:../${tarball}`, react, 'react-dom': react, '@tanstack/react-query': dev['@tanstack/react-query'] },
        devDependencies: { vite: dev.vite, '@vitejs/plugin-react': dev['@vitejs/plugin-react'], typescript: dev.typescript, ...REACT_TYPES[major] },
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(app, 'vite.config.js'),
    // One chunk holds the whole kit and the demo generator here, well over Vite's 500 kB hint.
    `import { defineConfig } from 'vite';\nimport react from '@vitejs/plugin-react';\nexport default defineConfig({ plugins: [react()], build: { chunkSizeWarningLimit: 4000 } });\n`,
  );
  writeFileSync(
    join(app, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>consumer</title><link rel="icon" href="data:,"></head><body><div id="root"></div><script type="module" src="/src/main.jsx"></script></body></html>\n`,
  );
  writeFileSync(join(app, 'src/main.jsx'), readFileSync(join(root, 'scripts/consumer-app.jsx'), 'utf8'));
  writeFileSync(join(app, 'server-render.mjs'), SERVER_RENDER);
  writeFileSync(join(app, 'typecheck.tsx'), TYPECHECK);
  writeFileSync(
    join(app, 'tsconfig.json'),
    // skipLibCheck off: annokit's declarations are checked against this React's types too.
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', jsx: 'react-jsx', strict: true, noEmit: true, skipLibCheck: false, lib: ['ES2023', 'DOM', 'DOM.Iterable'] }, include: ['typecheck.tsx'] }),
  );

  console.log(`\n[React ${react}] installing ${tarball} into a fresh Vite React app`);
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], app);
  const installed = JSON.parse(readFileSync(join(app, 'node_modules/react/package.json'), 'utf8')).version;
  if (installed !== react) fail(`expected React ${react} in the app, found ${installed}`);

  // annokit/core must import and work in plain Node, without React.
  process.stdout.write(run('node', ['--input-type=module', '-e', CORE_IN_NODE], app));
  // A TypeScript app compiles against annokit's declarations with this React's types.
  run('npx', ['tsc', '-p', 'tsconfig.json'], app);
  console.log(`[React ${react}] a TypeScript app type-checks against annokit's declarations with @types/react ${REACT_TYPES[major]['@types/react']}`);
  // The React entry renders on a server with this React's react-dom/server, without a warning.
  process.stdout.write(run('node', ['server-render.mjs'], app));

  run('npx', ['vite', 'build', '--logLevel', 'warn'], app);
  console.log(`[React ${react}] consumer app built`);
  checkOptionalPeers(app, react);

  if (!findChromium()) {
    console.log(`No Chromium found: skipped rendering the consumer app; ${INSTALL_HINT}.`);
    return;
  }
  const port = await freePort();
  const server = startServer('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], app);
  try {
    await waitForUrl(`http://127.0.0.1:${port}/`);
    const { browser, page, problems } = await openChromium();
    try {
      await page.goto(`http://127.0.0.1:${port}/`);
      // Click the packaged component's thumb as a user would, then wait for the vote to be stored.
      await page.getByRole('button', { name: 'Good response' }).first().click({ timeout: 15000 });
      await page.waitForSelector('[data-consumer-ready]', { timeout: 15000 });
      const result = await page.evaluate(() => window.__consumerCheck());
      if (problems.length) fail(`[React ${react}] the page logged: ${problems.join(' | ')}`);
      if (!result.ok) fail(`[React ${react}] ${result.message}`);
      console.log(`[React ${react}] rendered in Chromium: ${result.message}`);
    } finally {
      await browser.close();
    }
  } finally {
    await server.stop();
  }
}

/**
 * Optional peers stay optional: this app never imports annokit/server or annokit/assistant-ui, so npm
 * installed none of them, the build succeeded without them, and the bundle names none of them.
 */
function checkOptionalPeers(app, react) {
  const optionalPeers = ['ai', '@ai-sdk/react', '@assistant-ui/react', '@opentelemetry/api'];
  const notOptional = optionalPeers.filter((name) => !pkg.peerDependencies?.[name] || !pkg.peerDependenciesMeta?.[name]?.optional);
  if (notOptional.length) fail(`package.json must declare these as optional peer dependencies: ${notOptional.join(', ')}`);
  const installedPeers = optionalPeers.filter((name) => existsSync(join(app, 'node_modules', name, 'package.json')));
  if (installedPeers.length) fail(`[React ${react}] optional peers were installed into an app that does not use them: ${installedPeers.join(', ')}`);
  const bundle = walk(join(app, 'dist'))
    .filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  // A module specifier left in the bundle: the name in quotes, alone or followed by a subpath.
  const specifier = (name) => new RegExp(`["'\`]${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?:["'\`]|/)`);
  const bundledPeers = optionalPeers.filter((name) => specifier(name).test(bundle));
  if (bundledPeers.length) fail(`[React ${react}] the app's bundle names optional peers: ${bundledPeers.join(', ')}`);
  console.log(`[React ${react}] optional peers neither installed nor bundled: ${optionalPeers.join(', ')}`);
}
