/**
 * Benchmarks print their figures and record them in .bench/<name>.json for `npm run bench`'s
 * summary (and the README); in Chromium through Vitest's writeFile command.
 */
export interface BenchRow {
  [column: string]: string | number;
}

export async function report(name: string, title: string, rows: BenchRow[]): Promise<void> {
  console.log(`\n${title}`);
  console.table(rows);
  if (typeof process !== 'undefined' && process.versions?.node) {
    const { writeFileSync, mkdirSync } = await import('node:fs');
    mkdirSync('.bench', { recursive: true });
    writeFileSync(`.bench/${name}.json`, JSON.stringify({ title, rows }, null, 2));
  } else {
    const { commands, server } = await import('vitest/browser');
    await commands.writeFile(
      `${server.config.root}/.bench/${name}.json`,
      JSON.stringify({ title, rows }, null, 2),
    );
  }
}

/** Which React build a browser benchmark ran on: `npm run bench` uses production, a direct `vitest --project bench-browser` run development. */
export const REACT_BUILD = process.env.NODE_ENV === 'production' ? 'React production build' : 'React development build';

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
