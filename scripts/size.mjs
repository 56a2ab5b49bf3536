// `npm run size`: gzip size of what an app pays for the feedback buttons and each adapter entry,
// bundled from the built dist/ (run `npm run build` first) with esbuild, react, react-dom and
// @tanstack/react-query left out. Fails when a figure is over its budget (scripts/size-budgets.mjs).
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BUDGETS, checkBudgets, formatSizeTable } from './size-budgets.mjs';

const root = resolve(import.meta.dirname, '..');
if (!existsSync(join(root, 'dist/index.js'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const external = ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client', '@tanstack/react-query'];
const work = mkdtempSync(join(tmpdir(), 'annokit-size-'));

// Resolves 'annokit' and 'annokit/…' to this package's dist/ through its exports map, as an app would.
const selfReference = {
  name: 'annokit-self-reference',
  setup(build) {
    build.onResolve({ filter: /^annokit(\/.*)?$/ }, (args) => {
      const subpath = args.path === 'annokit' ? '.' : `.${args.path.slice('annokit'.length)}`;
      const target = pkg.exports[subpath];
      if (!target) return { errors: [{ text: `annokit has no export "${subpath}"` }] };
      return { path: join(root, typeof target === 'string' ? target : target.default) };
    });
  },
};

// What loads at start is measured with every dynamic import left out, so the bundle holds exactly
// the code the entry needs before any of them resolves. esbuild's own code splitting would move a
// module that only a lazy chunk uses into a chunk loaded at start whenever the entry merely reaches
// it through a re-export of the root entry (Vite's and Rollup's chunking do not), over-counting it.
const lazyLeftOut = {
  name: 'annokit-lazy-left-out',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
  },
};

/** Bundles one entry (code importing from 'annokit'); returns the gzip size of each output chunk. */
async function measure(name, code) {
  const entry = join(work, `${name}.mjs`);
  writeFileSync(entry, code);
  const atStartOnly = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    minify: true,
    write: false,
    outdir: join(work, `${name}-start`),
    platform: 'browser',
    external,
    plugins: [lazyLeftOut, selfReference],
    logLevel: 'silent',
  });
  const startGzip = atStartOnly.outputFiles.filter((file) => file.path.endsWith('.js')).reduce((sum, file) => sum + gzipSync(file.contents, { level: 9 }).length, 0);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    write: false,
    outdir: join(work, name),
    platform: 'browser',
    external,
    plugins: [selfReference],
    logLevel: 'silent',
    metafile: true,
  });
  const chunks = result.outputFiles
    .filter((file) => file.path.endsWith('.js'))
    .map((file) => ({ path: file.path, gzip: gzipSync(file.contents, { level: 9 }).length, raw: file.contents.length }));
  // What loads at start is the entry chunk plus every chunk it imports statically (esbuild moves code
  // shared with the lazy popover into such a chunk); only dynamically imported chunks load on demand.
  const outputs = Object.entries(result.metafile.outputs).map(([path, output]) => [resolve(path), output]);
  const byPath = new Map(outputs);
  const entryPath = outputs.find(([path]) => path.endsWith(`${name}.js`))[0];
  const atStart = new Set();
  const visit = (path) => {
    if (atStart.has(path)) return;
    atStart.add(path);
    for (const imported of byPath.get(path)?.imports ?? []) {
      if (imported.kind === 'import-statement' && byPath.has(resolve(imported.path))) visit(resolve(imported.path));
    }
  };
  visit(entryPath);
  const startChunks = chunks.filter((chunk) => atStart.has(chunk.path));
  const main = { gzip: startGzip };
  /** The chunks one dynamic import loads (its file name starts with `prefix`), beyond those loaded at start. */
  const onDemand = (prefix) => {
    const loaded = new Set();
    const visit = (path) => {
      if (loaded.has(path) || atStart.has(path)) return;
      loaded.add(path);
      for (const imported of byPath.get(path)?.imports ?? []) {
        if (imported.kind === 'import-statement' && byPath.has(resolve(imported.path))) visit(resolve(imported.path));
      }
    };
    for (const [path] of outputs) if (path.split('/').pop().startsWith(prefix)) visit(path);
    return chunks.filter((chunk) => loaded.has(chunk.path)).reduce((sum, chunk) => sum + chunk.gzip, 0);
  };
  return { main, chunks, startChunks, onDemand };
}

const rows = [];

const thumbs = await measure('thumbs', `import { FeedbackButtons } from 'annokit';\nexport { FeedbackButtons };\n`);
rows.push({ id: 'thumbs', label: 'FeedbackButtons alone (thumbs, loaded at start)', bytes: thumbs.main.gzip });
rows.push({ id: 'thumbs-popover', label: '  + reasons/comment popover chunk (loaded on demand)', bytes: thumbs.onDemand('FeedbackDetailsPopover') });

const withProvider = await measure(
  'thumbs-provider',
  `import { AnnotationProvider, FeedbackButtons } from 'annokit';\nexport { AnnotationProvider, FeedbackButtons };\n`,
);
// The thumbs never run without the provider, which already carries the error types, the target
// checks and the context they use; what they add to an app is the difference.
const providerOnly = await measure('provider', `import { AnnotationProvider } from 'annokit';\nexport { AnnotationProvider };\n`);
rows.push({ id: 'thumbs-beside-provider', label: 'FeedbackButtons beside AnnotationProvider (what the thumbs add)', bytes: withProvider.main.gzip - providerOnly.main.gzip });
rows.push({ id: 'provider-thumbs', label: 'AnnotationProvider + FeedbackButtons (loaded at start)', bytes: withProvider.main.gzip });

const withMemory = await measure(
  'thumbs-memory',
  `import { AnnotationProvider, FeedbackButtons } from 'annokit';\nimport { createMemoryAdapter } from 'annokit/adapters/memory';\nexport { AnnotationProvider, FeedbackButtons, createMemoryAdapter };\n`,
);
rows.push({ id: 'provider-thumbs-memory', label: '  + createMemoryAdapter', bytes: withMemory.main.gzip });
rows.push({ id: 'outbox-engine', label: '  + the outbox engine, storages and leader (loaded when the provider mounts)', bytes: withProvider.onDemand('openOutbox') });

for (const subpath of Object.keys(pkg.exports)) {
  const match = /^\.\/adapters\/([\w-]+)$/.exec(subpath);
  if (!match || match[1] === 'memory') continue;
  const adapterEntry = `annokit/adapters/${match[1]}`;
  const result = await measure(`adapter-${match[1]}`, `export * from '${adapterEntry}';\n`);
  rows.push({ id: `adapter-${match[1]}`, label: `${adapterEntry} (whole entry)`, bytes: result.main.gzip });
}

rmSync(work, { recursive: true, force: true });
console.log('gzip sizes (react, react-dom, @tanstack/react-query excluded):');
console.log(formatSizeTable(rows, BUDGETS));
const problems = checkBudgets(rows, BUDGETS);
if (problems.length) {
  console.error(`\nnpm run size failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
