import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { playwright } from '@vitest/browser-playwright';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs';
import { chatExampleServer } from './test/support/chatExampleServer.mjs';
import { phoenixBrowserPort } from './scripts/phoenix/server.mjs';
import { phoenixCommands } from './test/phoenix/support/commands.mjs';

const executablePath = findChromium() ?? undefined;
// The Phoenix browser tests' origin must be known before Phoenix starts (CORS): a port fixed per run.
const phoenixBrowser = await phoenixBrowserPort();

// `npm run bench` measures the browser benchmarks on React's production build, as an app ships
// it: the development build adds owner stacks and prop diffing that multiply render costs. Only
// set for that run, because a `process.env` define reaches every project of the same run.
const productionReact = {
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  oxc: { jsx: { runtime: 'automatic' as const, development: false } },
  optimizeDeps: { rolldownOptions: { transform: { define: { 'process.env.NODE_ENV': JSON.stringify('production') } } } },
};

// A fresh browser config per project: sharing one object between projects fails at start-up.
function chromium() {
  return {
    enabled: true,
    headless: true,
    screenshotFailures: false,
    provider: playwright({ launchOptions: { executablePath, args: CHROMIUM_ARGS } }),
    instances: [{ browser: 'chromium' as const }],
  };
}

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [react()],
        // The chat example imports 'annokit/…' as an app would; tsconfig.json maps those to src/.
        resolve: { tsconfigPaths: true },
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/browser/**', 'test/bench/**', 'test/phoenix/**', 'node_modules/**'],
          setupFiles: ['test/setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        plugins: [react(), tailwindcss(), chatExampleServer()],
        resolve: { tsconfigPaths: true },
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.{ts,tsx}'],
          setupFiles: ['test/browser/setup.ts'],
          browser: chromium(),
          testTimeout: 30_000,
        },
      },
      // Benchmarks: run only by `npm run bench`; they print their figures and write them to .bench/.
      {
        plugins: [react()],
        test: { name: 'bench', environment: 'node', include: ['test/bench/**/*.bench.ts'], testTimeout: 600_000 },
      },
      {
        plugins: [react(), tailwindcss()],
        ...(process.env.ANNOKIT_BENCH === 'production' ? productionReact : {}),
        test: {
          name: 'bench-browser',
          include: ['test/bench/**/*.bench.tsx'],
          setupFiles: ['test/browser/setup.ts'],
          browser: chromium(),
          testTimeout: 600_000,
        },
      },
      // Against a real Phoenix (test/phoenix): `npm test` runs these when Python >= 3.10 is there.
      {
        plugins: [react()],
        test: {
          name: 'phoenix',
          environment: 'node',
          include: ['test/phoenix/**/*.test.ts'],
          exclude: ['test/phoenix/**/*.browser.test.{ts,tsx}'],
          globalSetup: ['test/phoenix/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        plugins: [react(), tailwindcss()],
        test: {
          name: 'phoenix-browser',
          include: ['test/phoenix/**/*.browser.test.{ts,tsx}'],
          setupFiles: ['test/browser/setup.ts'],
          globalSetup: ['test/phoenix/global-setup.ts'],
          browser: { ...chromium(), api: { host: '127.0.0.1', port: phoenixBrowser, strictPort: true }, commands: phoenixCommands },
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      // `npm run bench` against a real Phoenix (reads the seeded 10,000-span project), when Python is there.
      {
        plugins: [react(), tailwindcss()],
        ...(process.env.ANNOKIT_BENCH === 'production' ? productionReact : {}),
        test: {
          name: 'bench-phoenix',
          include: ['test/bench/**/*.phoenix-bench.tsx'],
          setupFiles: ['test/browser/setup.ts'],
          globalSetup: ['test/bench/phoenix.setup.ts'],
          browser: { ...chromium(), api: { host: '127.0.0.1', port: phoenixBrowser, strictPort: true } },
          testTimeout: 900_000,
          hookTimeout: 900_000,
        },
      },
      {
        plugins: [storybookTest({ configDir: fileURLToPath(new URL('.storybook', import.meta.url)) })],
        test: {
          name: 'storybook',
          browser: chromium(),
          testTimeout: 30_000,
        },
      },
    ],
  },
});
