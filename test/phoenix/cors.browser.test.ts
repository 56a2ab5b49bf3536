/**
 * In Chromium, from the vitest browser page (an origin Phoenix allows, fixed for the run): the
 * Phoenix adapter talks to Phoenix directly over CORS, the way a review tool or a chat UI without a
 * proxy does. Writes (POST), reads (GET) and retracts (DELETE) all pass Phoenix's CORS rules.
 */
import { expect, inject, it } from 'vitest';
import { createPhoenixAdapter } from '../../src/adapters/phoenix';
import { conformanceFixture } from '../adapters/conformance';
import { withFreshIds } from './support/conformance-data';
import { uniqueName } from './support/rest';
import { seedSpans } from './support/seed';

it('annotates, reads, notes and retracts from the page through the Phoenix adapter, across origins', async () => {
  expect(inject('phoenixOrigins')).toContain(location.origin);
  const url = inject('phoenixUrl');
  expect(new URL(url).origin).not.toBe(location.origin);

  const project = uniqueName('browser-cors');
  const data = withFreshIds(conformanceFixture());
  // spans go in from the page too: POST /v1/projects/{project}/spans with a JSON body (a preflighted request)
  await seedSpans(url, project, data.spans);

  const adapter = createPhoenixAdapter({ baseUrl: url, projectName: project });
  const target = { kind: 'span', spanId: data.spans[0]!.spanId } as const;
  const [stored] = await adapter.upsertAnnotations([
    { target, name: 'user_feedback', annotatorKind: 'HUMAN', label: 'positive', score: 1, identifier: 'browser-user', userId: 'browser-user' },
  ]);
  expect(stored).toMatchObject({ target, label: 'positive', userId: 'browser-user' });
  expect(await adapter.listAnnotations({ targets: [target] })).toMatchObject([{ id: stored!.id, label: 'positive' }]);
  await adapter.addNote({ target, text: 'Seen in Chromium', userId: 'browser-user' });
  expect((await adapter.listNotes({ targets: [target] })).map((note) => note.text)).toEqual(['Seen in Chromium']);
  const page = await adapter.listSpans({ spanIds: [target.spanId] });
  expect(page.data.map((span) => span.spanId)).toEqual([target.spanId]);
  await adapter.deleteAnnotations([{ target, name: 'user_feedback', identifier: 'browser-user' }]);
  expect(await adapter.listAnnotations({ targets: [target] })).toEqual([]);
});
