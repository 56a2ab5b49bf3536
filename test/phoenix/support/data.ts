/**
 * The data the Phoenix suites, `npm run phoenix -- --seed` and `npm run start:phoenix` put into a
 * real Phoenix: the trace fixtures (test/fixtures/traces, read through the kit's own loaders) and a
 * generated 10,000-span project (the memory adapter's demo generator). Node only (reads files).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createPhoenixAdapter } from '../../../src/adapters/phoenix';
import { generateDemoProject, type DemoProject } from '../../../src/adapters/memory';
import { loadSpans, type Span } from '../../../src/core';
import { repoPath } from '../../support/repoPath';
import { seedSpans, type SeedSpansResult } from './seed';

/** Spans in the generated project. */
export const DEMO_SPANS = 10_000;
/** Seed of the generated project: the same seed always gives the same spans and ids. */
export const DEMO_SEED = 14;
/** The generated project's name in Phoenix. */
export const DEMO_PROJECT = 'annokit-demo-10k';

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

let demo: DemoProject | null = null;

/** The generated 10,000-span project (spans, annotations, notes, configs), made once per process. */
export function demoProject(): DemoProject {
  demo ??= generateDemoProject({ spans: DEMO_SPANS, seed: DEMO_SEED });
  return demo;
}

/** Seeds every fixture trace into its project; spans already there are skipped. */
export async function seedFixtureTraces(baseUrl: string): Promise<Array<FixtureTrace & { result: SeedSpansResult }>> {
  const seeded = [];
  for (const fixture of fixtureTraces()) seeded.push({ ...fixture, result: await seedSpans(baseUrl, fixture.project, fixture.spans) });
  return seeded;
}

/** Seeds the generated project's spans into {@link DEMO_PROJECT}; spans already there are skipped. */
export function seedDemoSpans(baseUrl: string): Promise<SeedSpansResult> {
  return seedSpans(baseUrl, DEMO_PROJECT, demoProject().spans);
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
    const { annotations, notes, configs } = demoProject();
    const adapter = createPhoenixAdapter({ baseUrl, projectName: DEMO_PROJECT });
    // names are unique server-wide, and Phoenix has its own `user_feedback` from start-up: update and assign that one
    const existing = new Map((await adapter.listAllAnnotationConfigs()).map((config) => [config.name, config.id]));
    for (const config of configs) await adapter.upsertAnnotationConfig({ ...config, id: existing.get(config.name) });
    for (let start = 0; start < annotations.length; start += 500) {
      await adapter.upsertAnnotations(annotations.slice(start, start + 500).map(({ id: _id, createdAt: _c, updatedAt: _u, source: _s, ...input }) => input));
    }
    for (const note of notes) await adapter.addNote({ target: note.target, text: note.text, userId: note.userId ?? undefined });
    summary.push(`project ${DEMO_PROJECT}: ${configs.length} annotation configs, ${annotations.length} annotations and ${notes.length} notes written through the adapter`);
  }
  return { summary, project: DEMO_PROJECT };
}
