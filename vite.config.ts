import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
/** Every dependency and peer stays an import in dist/, so apps dedupe React, react-query and Radix. */
const externalPackages = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });
const isExternal = (id: string) => externalPackages.some((name) => id === name || id.startsWith(`${name}/`));

/** Entry points of the published package; every adapter adds its own here and in package.json. */
export const entries = {
  index: 'src/index.ts',
  'core/index': 'src/core/index.ts',
  'adapters/memory/index': 'src/adapters/memory/index.ts',
  'adapters/phoenix/index': 'src/adapters/phoenix/index.ts',
  'adapters/http/index': 'src/adapters/http/index.ts',
  'adapters/langfuse/index': 'src/adapters/langfuse/index.ts',
  'server/index': 'src/server/index.ts',
  'integrations/assistant-ui/index': 'src/integrations/assistant-ui/index.ts',
};

/**
 * Rolldown drops module-level directives when it bundles; Next.js App Router needs "use client"
 * on every module that uses React state, so re-add it to each output chunk that came from such a module.
 */
function preserveUseClient(): Plugin {
  const clientModules = new Set<string>();
  return {
    name: 'annokit:preserve-use-client',
    transform(code, id) {
      if (/^\s*['"]use client['"]/.test(code)) clientModules.add(id);
      return null;
    },
    renderChunk(code, chunk) {
      const isClient = chunk.moduleIds.some((id) => clientModules.has(id));
      return isClient && !code.startsWith('"use client"') ? { code: `"use client";\n${code}`, map: null } : null;
    },
  };
}

export default defineConfig({
  plugins: [react(), preserveUseClient()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    lib: {
      entry: Object.fromEntries(
        Object.entries(entries).map(([name, path]) => [name, fileURLToPath(new URL(path, import.meta.url))]),
      ),
      formats: ['es'],
    },
    rollupOptions: {
      external: isExternal,
      output: {
        preserveModules: true,
        preserveModulesRoot: 'src',
        entryFileNames: '[name].js',
      },
    },
  },
});
