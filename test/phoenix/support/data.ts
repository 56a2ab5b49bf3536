/**
 * The data the Phoenix suites, `npm run phoenix -- --seed` and `npm run start:phoenix` put into a
 * real Phoenix: the trace fixtures (test/fixtures/traces, read through the kit's own loaders) and
 * the generated project of `./demo`. Node only (reads files).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { loadSpans, type Span } from '../../../src/core';
import { repoPath } from '../../support/repoPath';
import { DEMO_PROJECT, seedDemoAnnotations, seedDemoSpans } from './demo';
import { seedSpans, type SeedSpansResult } from './seed';

export * from './demo';

export interface FixtureTrace {
  /** The file in test/fixtures/traces. */
  file: string;
  /** The Phoenix project it is seeded into: `fixture-<file name without .json>`. */
  project: string;
  /** The spans as the kit's `loadSpans` reads the file. */
  spans: Span[];
}

/** Every trace fixture, loaded by `loadSpans`, with the project it goes into. */
export function fixtureTraces(): FixtureTrace[] {
  const dir = repoPath('test/fixtures/traces');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      project: `fixture-${file.replace(/\.json$/, '')}`,
      spans: loadSpans(readFileSync(`${dir}/${file}`, 'utf8')),
    }));
}

/** Seeds every fixture trace into its project; spans already there are skipped. */
export async function seedFixtureTraces(baseUrl: string): Promise<Array<FixtureTrace & { result: SeedSpansResult }>> {
  const seeded = [];
  for (const fixture of fixtureTraces()) seeded.push({ ...fixture, result: await seedSpans(baseUrl, fixture.project, fixture.spans) });
  return seeded;
}

/**
 * Everything a person exploring the kit against Phoenix wants: the fixtures, the generated project,
 * and (once, when its spans were new) its annotation configs, annotations and notes written
 * through the Phoenix adapter. Returns lines to print.
 */
export async function seedDemoData(baseUrl: string): Promise<{ summary: string[]; project: string }> {
  const summary: string[] = [];
  for (const fixture of await seedFixtureTraces(baseUrl)) {
    summary.push(`project ${fixture.project}: ${fixture.spans.length} spans from test/fixtures/traces/${fixture.file}`);
  }
  const spans = await seedDemoSpans(baseUrl);
  summary.push(`project ${DEMO_PROJECT}: ${spans.spans} generated spans (${spans.sent} sent in ${spans.seconds.toFixed(1)} s)`);
  if (spans.sent > 0) {
    const written = await seedDemoAnnotations(baseUrl);
    summary.push(`project ${DEMO_PROJECT}: ${written.configs} annotation configs, ${written.annotations} annotations and ${written.notes} notes written through the adapter`);
  }
  return { summary, project: DEMO_PROJECT };
}
