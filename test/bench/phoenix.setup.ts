/**
 * Global set-up of the Phoenix benchmark (`bench-phoenix`): the suites' Phoenix (test/phoenix/global-setup.ts),
 * then, in Node and outside any timing, the generated 10,000-span project with its annotations and a
 * single 10,000-span trace.
 */
import { loadavg } from 'node:os';
import type { TestProject } from 'vitest/node';
import setupPhoenix from '../phoenix/global-setup';
import { seedBigTrace, seedDemoAnnotations, seedDemoSpans } from '../phoenix/support/demo';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The 1-minute load average when the benchmark started: figures taken on a busy machine are skewed. */
    loadAverage: number;
  }
}

export default async function setup(project: TestProject) {
  const teardown = await setupPhoenix(project);
  const url = project.getProvidedContext().phoenixUrl;
  const started = Date.now();
  const spans = await seedDemoSpans(url);
  if (spans.sent > 0) await seedDemoAnnotations(url);
  await seedBigTrace(url);
  console.log(`[phoenix] benchmark data seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide('loadAverage', loadavg()[0]!);
  return teardown;
}
