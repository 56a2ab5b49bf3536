// `npm run lint`: the rules of hooks (including the React Compiler's checks), TypeScript's
// recommended rules, and the layers of DESIGN.md (scripts/eslint/layers.mjs).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { readFileSync } from 'node:fs';
import annokit from './scripts/eslint/layers.mjs';

// Whatever git ignores (dependencies, builds, the Phoenix venv with its bundled UI) is not ours to lint.
const gitIgnored = readFileSync(new URL('.gitignore', import.meta.url), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => (line.includes('/') && !line.endsWith('/') ? line : `**/${line}`));

export default tseslint.config(
  {
    ignores: [...gitIgnored, 'src/adapters/*/generated/'],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,jsx,mjs}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // A leading underscore marks a value taken out on purpose (a prop split off before spreading the rest).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'stories/**/*.{ts,tsx}', 'test/**/*.{ts,tsx}', '.storybook/**/*.{ts,tsx}', 'scripts/**/*.jsx'],
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      // Reports where the React Compiler would skip a function whose manual memoisation it cannot
      // reproduce. annokit is not compiled with it (and apps do not compile node_modules), so the
      // report says nothing about how the kit runs; exhaustive-deps checks the same dependency lists.
      'react-hooks/preserve-manual-memoization': 'off',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { annokit },
    rules: { 'annokit/layers': 'error' },
  },
);
