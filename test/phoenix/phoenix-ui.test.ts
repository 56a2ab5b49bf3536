/**
 * Phoenix's own UI (served by the suite's Phoenix at `/`), driven in Debian's Chromium with Playwright
 * the way a Phoenix user looks at feedback: the project, the span, its annotations. The kit's votes
 * must show there as such a user expects, beside an LLM evaluation logged by Phoenix's Python
 * client. The screenshots are attached to the tests (`.vitest-attachments/`, git-ignored).
 *
 * The votes are written through the Phoenix adapter with the input `FeedbackButtons` gives it
 * (`feedback-sources.browser.test.tsx` clicks the same votes in Chromium and reads the same rows).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, it, type TestContext } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';
import { createPhoenixAdapter } from '../../src/adapters/phoenix';
import { LOG_LLM_EVALUATIONS, seedChatTurn, waitForAnnotations, type ChatTurn } from './support/feedback';
import { runPython } from './support/python';
import { uniqueName } from './support/rest';

const url = inject('phoenixUrl');
const executablePath = findChromium();
const project = uniqueName('phoenix-ui');
const ANA = 'ana@example.com';
const BO = 'bø+42 & co/#1:x';
const COMMENT = 'It quoted last year’s policy.';
let shots: string;
let turn: ChatTurn;
let browser: Browser;
let page: Page;

async function attachScreenshot(context: TestContext, name: string) {
  const path = join(shots, `${name}.png`);
  await page.screenshot({ path });
  await context.annotate(`Phoenix's UI: ${name}`, { path, contentType: 'image/png' });
}

/** A Phoenix user's way to a span: Projects → search → the project → the span's row in the spans table. */
async function openRootSpan() {
  await page.goto(`${url}/projects`);
  await page.getByPlaceholder('Search projects by name').fill(project);
  await page.getByText(project, { exact: true }).click();
  await page.locator('table').getByText(turn.root.name, { exact: true }).first().click();
  const section = page.getByRole('button', { name: 'Annotations', exact: true });
  await section.waitFor();
  if ((await section.getAttribute('aria-expanded')) !== 'true') await section.click();
  return page.locator(`[id="${await section.getAttribute('aria-controls')}"]`);
}

/** Lines of text of an element, spaces (Phoenix writes no-break ones) made plain, blank lines dropped. */
const lines = async (locator: Locator) =>
  (await locator.innerText())
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean);

describe.skipIf(!executablePath)('Phoenix’s own UI shows the kit’s annotations', () => {
  beforeAll(async () => {
    turn = await seedChatTurn(url, project);
    const adapter = createPhoenixAdapter({ baseUrl: url, projectName: project });
    const target = { kind: 'span', spanId: turn.root.spanId } as const;
    // exactly what FeedbackButtons queues for a thumbs-up, and for a thumbs-down with a reason and a comment
    await adapter.upsertAnnotations([
      { target, name: 'user_feedback', annotatorKind: 'HUMAN', label: 'positive', score: 1, explanation: null, identifier: ANA, userId: ANA, metadata: {} },
      { target, name: 'user_feedback', annotatorKind: 'HUMAN', label: 'negative', score: 0, explanation: COMMENT, identifier: BO, userId: BO, metadata: { reasons: ['Inaccurate'] } },
    ]);
    await runPython(LOG_LLM_EVALUATIONS, {
      input: { evaluations: { user_feedback: [{ spanId: turn.root.spanId, label: 'negative', score: 0.5, explanation: 'The policy excludes worn shoes.' }] } },
    });
    await waitForAnnotations(url, project, [turn.root.spanId], (rows) => rows.length === 3);
    shots = mkdtempSync(join(tmpdir(), 'annokit-phoenix-ui-'));
    browser = await chromium.launch({ executablePath: executablePath!, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (shots) rmSync(shots, { recursive: true, force: true });
  });

  it('lists each vote on its span under its name with label, score and annotator kind, beside the LLM’s; the author shown is Phoenix’s own (`system` without auth)', async (context) => {
    const annotations = await openRootSpan();
    await annotations.getByRole('button').filter({ hasText: 'user_feedback' }).click();
    const popover = page.getByRole('dialog').filter({ has: page.getByRole('heading', { name: 'user_feedback' }) });
    await popover.waitFor();
    await page.waitForTimeout(300); // the popover animates in
    await attachScreenshot(context, 'span annotations (list)');

    const entries = await Promise.all((await popover.getByRole('listitem').all()).map(lines));
    expect(entries.map((entry) => entry.join(' ')).sort()).toEqual(
      [
        // score, label, annotator kind, author's initial and name, explanation
        '0.00 negative HUMAN S system It quoted last year’s policy.',
        '0.50 negative LLM S system The policy excludes worn shoes.',
        '1.00 positive HUMAN S system',
      ].sort(),
    );
    // Phoenix summarises a name across annotator kinds: the LLM's score is in the same mean
    expect(await lines(popover.locator('header'))).toEqual(['user_feedback', 'span', 'μ 0.50']);
    await page.keyboard.press('Escape');
  });

  it('shows the end user in the identifier and metadata columns of its annotations table', async (context) => {
    const annotations = await openRootSpan();
    await page.getByRole('radio', { name: 'Table' }).click();
    const table = annotations.getByRole('table');
    await table.getByRole('row').nth(3).waitFor();
    const headers = (await table.getByRole('columnheader').allInnerTexts()).map((text) => text.trim());
    const rows = await Promise.all(
      (await table.getByRole('row').all()).slice(1).map(async (row) => {
        const cells = (await row.getByRole('cell').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
        return Object.fromEntries(headers.map((header, index) => [header, cells[index]]));
      }),
    );
    // the identifier and metadata columns are off to the right, as a Phoenix user scrolls to them
    await table.getByRole('columnheader', { name: 'metadata' }).scrollIntoViewIfNeeded();
    await attachScreenshot(context, 'span annotations (table)');

    const byIdentifier = new Map(rows.map((row) => [row.identifier, row]));
    const ana = byIdentifier.get(`annokit:span:${turn.root.spanId}:${ANA}`);
    expect(ana).toMatchObject({ name: 'user_feedback', kind: 'HUMAN', label: 'positive', score: '1', explanation: '--', user: 'S system', source: 'API' });
    expect(JSON.parse(ana!.metadata!)).toEqual({ annokit_user_id: ANA });
    const bo = byIdentifier.get(`annokit:span:${turn.root.spanId}:${BO}`);
    expect(bo).toMatchObject({ name: 'user_feedback', kind: 'HUMAN', label: 'negative', score: '0', explanation: COMMENT, user: 'S system', source: 'API' });
    expect(JSON.parse(bo!.metadata!)).toEqual({ reasons: ['Inaccurate'], annokit_user_id: BO });
    // Phoenix's Python client leaves the identifier empty (shown as nothing) and the metadata as "--"
    expect(rows.filter((row) => row.kind === 'LLM')).toMatchObject([{ name: 'user_feedback', label: 'negative', score: '0.5', identifier: '', metadata: '--' }]);
  });
});
