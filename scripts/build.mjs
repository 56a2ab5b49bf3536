// `npm run build`: the ESM library (Vite), its declarations (tsc), annokit/styles.css (Tailwind CLI)
// and the HTTP adapter's OpenAPI file.
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';

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
// The HTTP adapter's protocol, for teams implementing it on their own server.
copyFileSync('src/adapters/http/openapi.json', 'dist/adapters/http/openapi.json');
console.log('built dist/ (ESM, declarations, styles.css, adapters/http/openapi.json)');
