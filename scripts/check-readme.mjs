// `npm run check:readme`: type-checks every ```ts / ```tsx example in README.md against src/ and
// prints each error at its README line. Conventions for fragments and skips: scripts/readme-examples.mjs.
import { resolve } from 'node:path';
import { checkMarkdownFile, formatProblem } from './readme-examples.mjs';

const file = resolve(import.meta.dirname, '..', process.argv[2] ?? 'README.md');
const started = performance.now();
const { problems, checked, skipped } = checkMarkdownFile(file);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const label = process.argv[2] ?? 'README.md';
for (const problem of problems) console.error(formatProblem(problem, label));
const summary = `${checked} example${checked === 1 ? '' : 's'} checked${skipped ? `, ${skipped} skipped` : ''} in ${seconds} s`;
if (problems.length) {
  console.error(`\n${label}: ${problems.length} error${problems.length === 1 ? '' : 's'} (${summary})`);
  console.error('How fragments, host-provided names and skips work: the comment at the top of scripts/readme-examples.mjs.');
  process.exit(1);
}
console.log(`${label}: ${summary}, no errors`);
