import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { createPhoenixAdapter } from '../../src/adapters/phoenix';
import type { Span } from '../../src/core';
import { repoPath } from '../support/repoPath';
import { spanDifferences } from './support/compare';
import { DEMO_PROJECT, DEMO_SPANS, demoProject, fixtureTraces, seedDemoSpans } from './support/data';
import { seedSpans } from './support/seed';

const url = inject('phoenixUrl');

/** Every span of the project through the adapter's `listSpans`, page by page. */
async function readAll(project: string, limit: number): Promise<{ spans: Span[]; pages: number }> {
  const adapter = createPhoenixAdapter({ baseUrl: url, projectName: project });
  const spans: Span[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await adapter.listSpans({ cursor, limit });
    spans.push(...page.data);
    cursor = page.nextCursor;
    pages++;
  } while (cursor !== null && pages < 1000);
  return { spans, pages };
}

describe('seeding Phoenix with the trace fixtures, through the kit’s loaders', () => {
  const fixtures = fixtureTraces();

  it.each(fixtures.map((fixture) => [fixture.file, fixture] as const))(
    '%s goes in through POST /v1/projects/{project}/spans and comes back span for span',
    async (_file, fixture) => {
      const result = await seedSpans(url, fixture.project, fixture.spans);
      expect(result.spans).toBe(fixture.spans.length);
      const { spans } = await readAll(fixture.project, 7);
      expect(spanDifferences(fixture.spans, spans)).toEqual([]);
      expect(spans).toHaveLength(fixture.spans.length);
    },
  );

  it('stores agent-prism’s base64 ids as the hex the loader makes of them (Phoenix itself would keep any string)', async () => {
    const fixture = fixtures.find((entry) => entry.file === 'agent-prism-quo-tav-agent.json')!;
    const raw = readFileSync(repoPath('test/fixtures/traces', fixture.file), 'utf8');
    const base64 = /"spanId":\s*"([^"]+)"/.exec(raw)![1]!;
    const hex = Buffer.from(base64, 'base64').toString('hex');
    await seedSpans(url, fixture.project, fixture.spans);
    const adapter = createPhoenixAdapter({ baseUrl: url, projectName: fixture.project });
    const [span] = (await adapter.listSpans({ spanIds: [hex] })).data;
    expect(span?.spanId).toBe(hex);
    expect(span?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(span?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect((await adapter.listSpans({ spanIds: [base64] })).data).toEqual([]);
  });
});

describe(`seeding Phoenix with a generated ${DEMO_SPANS.toLocaleString('en')}-span project`, () => {
  it('stores every span, read back in pages of 1000 span for span', async () => {
    const { spans: generated } = demoProject();
    expect(generated).toHaveLength(DEMO_SPANS);
    await seedDemoSpans(url);
    const { spans, pages } = await readAll(DEMO_PROJECT, 1000);
    expect(pages).toBe(DEMO_SPANS / 1000);
    expect(spans).toHaveLength(DEMO_SPANS);
    expect(spanDifferences(generated, spans)).toEqual([]);
  }, 300_000);
});
