/**
 * The generated data the Phoenix suites, the Phoenix benchmark, `npm run phoenix -- --seed` and
 * `npm run start:phoenix` put into a real Phoenix (the memory adapter's demo generator, so the
 * same seed always gives the same spans and ids). Runs in Node and in a browser.
 */
import { createPhoenixAdapter } from '../../../src/adapters/phoenix';
import { generateDemoProject, generateTrace, type DemoProject } from '../../../src/adapters/memory';
import type { Span } from '../../../src/core';
import { seedSpans, type SeedSpansResult } from './seed';

/** Spans in the generated project. */
export const DEMO_SPANS = 10_000;
/** Seed of the generated project. */
export const DEMO_SEED = 14;
/** The generated project's name in Phoenix. */
export const DEMO_PROJECT = 'annokit-demo-10k';
/** A project holding one generated trace of {@link DEMO_SPANS} spans (wide and deep), for the trace viewer. */
export const BIG_TRACE_PROJECT = 'annokit-trace-10k';

let demo: DemoProject | null = null;
let trace: Span[] | null = null;

/** The generated 10,000-span project (spans, annotations, notes, configs), made once per process. */
export function demoProject(): DemoProject {
  demo ??= generateDemoProject({ spans: DEMO_SPANS, seed: DEMO_SEED });
  return demo;
}

/** One trace of 10,000 spans (a different seed, so no id is shared with {@link demoProject}). */
export function bigTrace(): Span[] {
  trace ??= generateTrace({ spans: DEMO_SPANS, seed: DEMO_SEED + 1 });
  return trace;
}

/** Seeds the generated project's spans into {@link DEMO_PROJECT}; spans already there are skipped. */
export function seedDemoSpans(baseUrl: string): Promise<SeedSpansResult> {
  return seedSpans(baseUrl, DEMO_PROJECT, demoProject().spans);
}

/** Seeds {@link bigTrace} into {@link BIG_TRACE_PROJECT}; spans already there are skipped. */
export function seedBigTrace(baseUrl: string): Promise<SeedSpansResult> {
  return seedSpans(baseUrl, BIG_TRACE_PROJECT, bigTrace());
}

/**
 * Writes the generated project's annotation configs (assigned to the project), annotations and
 * notes through the Phoenix adapter. Call it once, after {@link seedDemoSpans} stored new spans.
 */
export async function seedDemoAnnotations(baseUrl: string): Promise<{ configs: number; annotations: number; notes: number }> {
  const { annotations, notes, configs } = demoProject();
  const adapter = createPhoenixAdapter({ baseUrl, projectName: DEMO_PROJECT });
  // names are unique server-wide, and Phoenix has its own `user_feedback` from start-up: update and assign that one
  const existing = new Map((await adapter.listAllAnnotationConfigs()).map((config) => [config.name, config.id]));
  for (const config of configs) await adapter.upsertAnnotationConfig({ ...config, id: existing.get(config.name) });
  for (let start = 0; start < annotations.length; start += 500) {
    await adapter.upsertAnnotations(annotations.slice(start, start + 500).map(({ id: _id, createdAt: _c, updatedAt: _u, source: _s, ...input }) => input));
  }
  for (const note of notes) await adapter.addNote({ target: note.target, text: note.text, userId: note.userId ?? undefined });
  return { configs: configs.length, annotations: annotations.length, notes: notes.length };
}
