import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The example imports 'annokit', 'annokit/server', … as an app does; the repository's tsconfig.json
// maps them to src/, so the example runs against the source without a build.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), tailwindcss()],
  resolve: { tsconfigPaths: true },
  // Found up front, so the dev server never reloads the page to add a dependency mid-session.
  optimizeDeps: { entries: ['src/main.tsx'] },
  logLevel: 'warn',
});
