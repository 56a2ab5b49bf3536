import { expect, it } from 'vitest';
import { createMemoryAdapter, generateDemoProject, generateTrace } from '../../src/adapters/memory';
import { median, report, type BenchRow } from './report';

/** Median wall time, and the process CPU time of the same runs: on a shared machine the CPU time is the steadier figure. */
function time(run: () => unknown, repeat: number): { wall: number; cpu: number } {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let index = 0; index < repeat; index++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    run();
    walls.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  return { wall: Math.round(median(walls)), cpu: Math.round(median(cpus)) };
}

it('generates demo data from 1,000 to 100,000 spans', async () => {
  const rows: BenchRow[] = [];
  for (const spans of [1_000, 10_000, 100_000]) {
    const repeat = spans >= 100_000 ? 1 : 3;
    let project = generateDemoProject({ spans });
    expect(project.spans).toHaveLength(spans);
    const generated = time(() => (project = generateDemoProject({ spans })), repeat);
    const trace = time(() => generateTrace({ spans }), repeat);
    const loaded = time(() => createMemoryAdapter({ seed: project }), repeat);
    rows.push({
      spans,
      annotations: project.annotations.length,
      'generateDemoProject ms (cpu)': `${generated.wall} (${generated.cpu})`,
      'generateTrace ms (cpu)': `${trace.wall} (${trace.cpu})`,
      'createMemoryAdapter({ seed }) ms (cpu)': `${loaded.wall} (${loaded.cpu})`,
    });
  }
  await report('demo-data', 'Demo data: generation and loading time in Node (median wall ms, CPU ms in brackets)', rows);
});
