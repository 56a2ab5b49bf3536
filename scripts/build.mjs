// `npm run build`: the ESM library (Vite), its declarations (tsc) and annokit/styles.css (Tailwind CLI).
import { spawnSync } from 'node:child_process';

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build failed: ${command} ${args.join(' ')}`);
    process.exit(result.status ?? 1);
  }
}

run('npx', ['vite', 'build', '--logLevel', 'warn']);
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
run('npx', ['@tailwindcss/cli', '-i', 'src/styles/styles.css', '-o', 'dist/styles.css', '--minify']);
console.log('built dist/ (ESM, declarations, styles.css)');
