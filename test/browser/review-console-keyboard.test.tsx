import axe from 'axe-core';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { BulkAnnotate, ReviewQueue, SessionView, SpanTable } from '../../src';
import { AnnokitError, type AnnotationAdapter, type Span } from '../../src/core';
import { createWrapper } from '../components/annotation-panel/fixture';
import { QUALITY, REVIEWER, T0, answerSpans, makeSpan } from '../components/trace-viewer/fixtures';

async function expectNoAxeViolations(element: Element) {
  const result = await axe.run(element, { resultTypes: ['violations'] });
  const summary = result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

const WAIT = { timeout: 10_000 };
const IDS = ['s1', 's2', 's3', 's4'];
// The memory adapter lists newest first: s1 is the newest, so the table shows s1, s2, s3, s4.
const SPANS = answerSpans(IDS);

async function seeded() {
  const adapter = createMemoryAdapter({ seed: { spans: SPANS } });
  await adapter.upsertAnnotationConfig(QUALITY);
  return adapter;
}

const active = () => document.activeElement as HTMLElement | null;
const activeDescription = () => {
  const element = active();
  return element ? `${element.tagName} ${element.getAttribute('role') ?? ''} "${(element.getAttribute('aria-label') ?? element.textContent ?? '').slice(0, 40)}"` : 'nothing';
};

/** Presses Tab (or Shift+Tab) until focus lands where `where` says, as a reviewer would; fails when it never does. */
async function tabTo(where: (element: HTMLElement) => boolean, options: { back?: boolean; max?: number } = {}) {
  const visited: string[] = [];
  for (let press = 0; press < (options.max ?? 40); press += 1) {
    await userEvent.tab(options.back ? { shift: true } : {});
    const element = active();
    if (element && where(element)) return element;
    visited.push(activeDescription());
  }
  throw new Error(`Tab never reached the control; visited: ${visited.join(' → ')}`);
}

/** The reviewer's own annotation of `name` on each span, by span id. */
async function mine(adapter: AnnotationAdapter, name = 'quality') {
  const all = await adapter.listAnnotations({ targets: IDS.map((spanId) => ({ kind: 'span', spanId })), names: [name] });
  const bySpan: Record<string, string | null> = {};
  for (const annotation of all)
    if (annotation.identifier === REVIEWER.id && annotation.target.kind === 'span') bySpan[annotation.target.spanId] = annotation.label;
  return bySpan;
}

const queueItem = () => document.querySelector('[data-slot="review-queue-item"]')?.getAttribute('data-span-id');
const queueProgress = () => document.querySelector('[data-slot="review-queue-progress"]')?.textContent ?? '';
const inField = (element: HTMLElement) => element.closest('[data-slot="annotation-field"]') !== null;

function ReviewPage() {
  const [rows, setRows] = useState<readonly Span[]>([]);
  const [selection, setSelection] = useState<string[]>([]);
  const [current, setCurrent] = useState<string | null>(null);
  return (
    <main>
      <button type="button">before</button>
      <SpanTable
        height={200}
        selection={selection}
        onSelectionChange={setSelection}
        onRowsChange={setRows}
        onRowActivate={(span) => setCurrent(span.spanId)}
        defaultHiddenColumns={['time', 'tokens', 'model']}
      />
      <ReviewQueue spans={rows} value={current} onValueChange={setCurrent} height={260} />
    </main>
  );
}

describe('Review console in Chromium, keyboard only', () => {
  it('walks from the table into the queue, annotates items with j / k and hotkeys, and skips reviewed ones', async () => {
    const adapter = await seeded();
    const Wrapper = createWrapper(adapter, REVIEWER);
    const screen = await render(
      <Wrapper>
        <ReviewPage />
      </Wrapper>,
    );
    await expect.element(screen.getByRole('row', { name: /answer s4/ }), WAIT).toBeVisible();
    await expect.poll(queueProgress, WAIT).toContain('0 of 4 reviewed by me');
    (document.querySelector('button') as HTMLButtonElement).focus();

    // The table: Tab to the grid, ArrowDown to s2, Shift+ArrowDown selects s2–s3, Enter opens s3 in the queue.
    const grid = await tabTo((element) => element.getAttribute('role') === 'grid');
    expect(grid.getAttribute('aria-label')).toBe('Spans');
    await userEvent.keyboard('{ArrowDown}');
    await userEvent.keyboard('{Shift>}{ArrowDown}{/Shift}');
    await expect.element(screen.getByRole('row', { selected: true }).first()).toHaveTextContent('answer s2');
    expect([...document.querySelectorAll('[role="row"][aria-selected="true"]')].map((row) => row.textContent)).toEqual([
      expect.stringContaining('answer s2'),
      expect.stringContaining('answer s3'),
    ]);
    await expect.element(screen.getByText(/2 selected/)).toBeVisible();
    await expectNoAxeViolations(screen.container);
    expect(queueItem()).toBe('s1');
    await userEvent.keyboard('{Enter}');
    await expect.poll(queueItem).toBe('s3');
    expect(queueProgress()).toContain('3 of 4');
    expect(active()).toBe(grid);

    // Into the queue: Tab reaches the annotation panel's labels; 1 picks "good" for s3.
    await tabTo(inField);
    expect(active()?.closest('[data-slot="review-queue-item"]')?.getAttribute('data-span-id')).toBe('s3');
    await userEvent.keyboard('1');
    await expect.poll(() => mine(adapter), WAIT).toEqual({ s3: 'good' });
    await expect.poll(queueProgress, WAIT).toContain('1 of 4 reviewed by me');
    await expectNoAxeViolations(screen.container);

    // Shift+J (j alone moves between the panel's fields) goes to s4; the next key annotates s4 at once.
    await userEvent.keyboard('{Shift>}J{/Shift}');
    await expect.poll(queueItem).toBe('s4');
    expect(queueProgress()).toContain('4 of 4');
    await expect.poll(() => inField(active() ?? document.body), WAIT).toBe(true);
    await userEvent.keyboard('2');
    await expect.poll(() => mine(adapter), WAIT).toEqual({ s3: 'good', s4: 'bad' });
    await expect.poll(queueProgress, WAIT).toContain('2 of 4 reviewed by me');

    // Shift+K goes back to s3, where the reviewer's label shows.
    await userEvent.keyboard('{Shift>}K{/Shift}');
    await expect.poll(queueItem).toBe('s3');
    expect(queueProgress()).toContain('3 of 4');
    await expect.element(screen.getByRole('button', { name: 'good', exact: true }), WAIT).toHaveAttribute('aria-pressed', 'true');

    // "Only items I have not reviewed": Shift+Tab back to the checkbox, Space turns it on.
    const checkbox = await tabTo((element) => element.getAttribute('type') === 'checkbox', { back: true });
    expect(checkbox.closest('label')?.textContent).toBe('Only items I have not reviewed');
    await userEvent.keyboard(' ');
    await expect.element(screen.getByRole('checkbox', { name: 'Only items I have not reviewed' })).toBeChecked();
    // s3 stays while the reviewer is on it; the walk is now s1, s2, s3.
    expect(queueProgress()).toContain('3 of 3');
    // k and j from the bar: back to s2 (s3 reviewed drops out), s1, then forward stops at s2: s3 and s4 are skipped.
    await userEvent.keyboard('k');
    await expect.poll(queueItem).toBe('s2');
    expect(queueProgress()).toContain('2 of 2');
    await userEvent.keyboard('k');
    await expect.poll(queueItem).toBe('s1');
    await userEvent.keyboard('j');
    await expect.poll(queueItem).toBe('s2');
    await userEvent.keyboard('j');
    expect(queueItem()).toBe('s2');
    await expect.element(screen.getByRole('button', { name: 'Next item' })).toBeDisabled();
    expect(queueProgress()).toContain('2 of 2');

    // Annotate s2 from the panel: Tab there, 1.
    await tabTo(inField);
    await userEvent.keyboard('1');
    await expect.poll(() => mine(adapter), WAIT).toEqual({ s2: 'good', s3: 'good', s4: 'bad' });
    await expect.poll(queueProgress, WAIT).toContain('3 of 4 reviewed by me');
    const stored = await adapter.listAnnotations({ targets: [{ kind: 'span', spanId: 's2' }], names: ['quality'] });
    expect(stored).toEqual([expect.objectContaining({ identifier: 'rita', userId: 'rita', annotatorKind: 'HUMAN', label: 'good', score: 1 })]);
    await expectNoAxeViolations(screen.container);

    // Back in the table, Enter on s1 opens it in the queue and leaves focus in the table.
    await tabTo((element) => element === grid, { back: true });
    await userEvent.keyboard('{Home}{Enter}');
    await expect.poll(queueItem).toBe('s1');
    expect(active()).toBe(grid);
  });

  it('annotates the selected spans in bulk: preview, confirm overwrite, partial failure, retry, undo', async () => {
    const base = await seeded();
    await base.upsertAnnotationConfig({ type: 'categorical', name: 'tone', values: [{ label: 'friendly' }, { label: 'curt' }] });
    await base.upsertAnnotations([
      { target: { kind: 'span', spanId: 's2' }, name: 'quality', annotatorKind: 'HUMAN', label: 'good', score: 1, explanation: 'my earlier call', identifier: 'rita', userId: 'rita' },
      { target: { kind: 'span', spanId: 's1' }, name: 'quality', annotatorKind: 'HUMAN', label: 'good', identifier: 'bob', userId: 'bob' },
    ]);
    // Writes touching a span in `failing` are refused for good (not retried), as a backend that refuses one span would.
    const failing = new Set(['s4']);
    const adapter: AnnotationAdapter = {
      ...base,
      upsertAnnotations: (inputs, request) =>
        inputs.some((input) => input.target.kind === 'span' && failing.has(input.target.spanId))
          ? Promise.reject(new AnnokitError('backend refused s4', { code: 'conflict', status: 409 }))
          : base.upsertAnnotations(inputs, request),
    };
    const Wrapper = createWrapper(adapter, REVIEWER);
    function BulkPage() {
      const [selection, setSelection] = useState<string[]>([]);
      return (
        <main>
          <button type="button">before</button>
          <SpanTable height={200} selection={selection} onSelectionChange={setSelection} defaultHiddenColumns={['time', 'tokens', 'model']} />
          <BulkAnnotate spanIds={selection} batchSize={1} />
        </main>
      );
    }
    const screen = await render(
      <Wrapper>
        <BulkPage />
      </Wrapper>,
    );
    await expect.element(screen.getByRole('row', { name: /answer s4/ }), WAIT).toBeVisible();
    const form = screen.getByRole('form', { name: 'Annotate selected spans' });
    await expect.element(form).toHaveTextContent('Select spans first.');
    (document.querySelector('button') as HTMLButtonElement).focus();

    // Ctrl+A in the grid selects every span; the preview counts the one s2 already carries from Rita.
    await tabTo((element) => element.getAttribute('role') === 'grid');
    await userEvent.keyboard('{Control>}a{/Control}');
    await expect.element(screen.getByText(/4 selected/)).toBeVisible();
    await expect
      .element(form, WAIT)
      .toHaveTextContent('Applies to 4 spans. 1 already carry one from you and will be overwritten.');

    // The config, then the label: arrow keys on the focused selects. The preview follows the config:
    // Rita has no "tone" anywhere.
    const configSelect = (await tabTo((element) => element.tagName === 'SELECT')) as HTMLSelectElement;
    expect(configSelect.value).toBe('quality');
    await userEvent.keyboard('{ArrowDown}');
    await expect.poll(() => configSelect.value).toBe('tone');
    await expect.element(form.getByText(/^Applies to/), WAIT).toHaveTextContent(/^Applies to 4 spans\.$/);
    await userEvent.keyboard('{ArrowUp}');
    await expect.poll(() => configSelect.value).toBe('quality');
    await expect
      .element(form.getByText(/^Applies to/), WAIT)
      .toHaveTextContent('Applies to 4 spans. 1 already carry one from you and will be overwritten.');
    await userEvent.tab();
    const labelSelect = active() as HTMLSelectElement;
    expect(labelSelect.closest('label')?.textContent).toMatch(/^Label/);
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    await expect.poll(() => labelSelect.value).toBe('bad');
    await userEvent.tab();
    await userEvent.keyboard('bulk pass');
    const apply = await tabTo((element) => element.getAttribute('type') === 'submit', { max: 3 });
    expect(apply.textContent).toBe('Apply to 4 spans');

    // Enter asks first; Escape cancels and gives focus back to the Apply button, nothing written.
    await userEvent.keyboard('{Enter}');
    const confirm = screen.getByRole('alertdialog', { name: 'Overwrite 1 of your annotations?' });
    await expect.element(confirm).toBeVisible();
    expect(active()?.textContent).toBe('Overwrite');
    await expectNoAxeViolations(screen.container);
    await userEvent.keyboard('{Escape}');
    await expect.element(confirm).not.toBeInTheDocument();
    await expect.poll(() => active()?.textContent).toBe('Apply to 4 spans');
    expect(await mine(base)).toEqual({ s2: 'good' });

    // Enter again, Enter on Overwrite: s4 fails, the rest are written; focus moves to "Retry failed".
    await userEvent.keyboard('{Enter}');
    await expect.element(confirm).toBeVisible();
    await userEvent.keyboard('{Enter}');
    const failure = screen.getByRole('alert');
    await expect.element(failure, WAIT).toHaveTextContent('1 spans failed: backend refused s4');
    await expect.element(form).toHaveTextContent('Applied to 3 of 4 spans.');
    expect(await mine(base)).toEqual({ s1: 'bad', s2: 'bad', s3: 'bad' });
    await expect.poll(() => active()?.textContent, WAIT).toBe('Retry failed');
    await expectNoAxeViolations(screen.container);

    // The backend recovers; Enter on "Retry failed" writes s4.
    failing.clear();
    await userEvent.keyboard('{Enter}');
    await expect.element(failure, WAIT).not.toBeInTheDocument();
    await expect.element(form, WAIT).toHaveTextContent('Applied to 4 of 4 spans.');
    expect(await mine(base)).toEqual({ s1: 'bad', s2: 'bad', s3: 'bad', s4: 'bad' });
    const s2 = async () =>
      (await base.listAnnotations({ targets: [{ kind: 'span', spanId: 's2' }], names: ['quality'], identifiers: ['rita'] }))[0];
    expect(await s2()).toMatchObject({ label: 'bad', explanation: 'bulk pass' });
    await expect.poll(() => active()?.textContent, WAIT).toBe('Undo');

    // Enter on Undo: s2 holds Rita's earlier call again, the others nothing of hers; Bob's label was never touched.
    await userEvent.keyboard('{Enter}');
    await expect.element(form, WAIT).toHaveTextContent('Undone: the spans hold what they held before.');
    expect(await mine(base)).toEqual({ s2: 'good' });
    expect(await s2()).toMatchObject({ label: 'good', explanation: 'my earlier call' });
    const bob = await base.listAnnotations({ targets: [{ kind: 'span', spanId: 's1' }], names: ['quality'], identifiers: ['bob'] });
    expect(bob.map((annotation) => annotation.label)).toEqual(['good']);
    await expect.poll(() => active()?.textContent, WAIT).toBe('Apply to 4 spans');
  });

  it("reviews a session: feedback on a turn, open a turn's trace, annotate the session itself", async () => {
    const turn = (traceId: string, offset: number, input: string, output: string) =>
      makeSpan({
        spanId: `${traceId}-root`,
        traceId,
        startTime: T0 + offset,
        endTime: T0 + offset + 10,
        attributes: { session: { id: 'sess-1' }, input: { value: input }, output: { value: output } },
      });
    const adapter = createMemoryAdapter({
      seed: { spans: [turn('t1', 0, 'Weather in Lisbon?', 'Mild, 18°C.'), turn('t2', 5000, 'And in July?', 'Warmer, 28°C.')] },
    });
    await adapter.upsertAnnotationConfig(QUALITY);
    const Wrapper = createWrapper(adapter, REVIEWER);
    const opened: string[] = [];
    const screen = await render(
      <Wrapper>
        <button type="button">before</button>
        <SessionView sessionId="sess-1" onTurnSelect={(span) => opened.push(span.traceId)} />
      </Wrapper>,
    );
    await expect.element(screen.getByRole('listitem', { name: 'Turn 2' }), WAIT).toBeVisible();
    await expect.element(screen.getByRole('group', { name: 'quality', exact: true }), WAIT).toBeVisible();
    (document.querySelector('button') as HTMLButtonElement).focus();
    const turnOf = (element: HTMLElement) => element.closest('[data-slot="session-view-turn"]')?.getAttribute('data-trace-id');

    // Turn 1: Tab to its feedback, Enter gives a thumbs-up to that trace.
    const up = await tabTo((element) => element.getAttribute('aria-label') === 'Good response');
    expect(turnOf(up)).toBe('t1');
    await userEvent.keyboard('{Enter}');
    const feedbackOn = async (traceId: string) =>
      (await adapter.listAnnotations({ targets: [{ kind: 'trace', traceId }] })).map((annotation) => ({
        name: annotation.name,
        userId: annotation.userId,
        score: annotation.score,
      }));
    await expect.poll(() => feedbackOn('t1'), WAIT).toEqual([{ name: 'user_feedback', userId: 'rita', score: 1 }]);

    // Turn 2: Tab on to its "Open trace".
    const open = await tabTo((element) => element.textContent === 'Open trace' && turnOf(element) === 't2');
    expect(open.tagName).toBe('BUTTON');
    await userEvent.keyboard('{Enter}');
    expect(opened).toEqual(['t2']);
    expect(await feedbackOn('t2')).toEqual([]);

    // The session's own panel: Tab to its labels, 2 picks "bad" for the session.
    await tabTo(inField);
    expect(active()?.closest('[data-slot="session-view-turn"]')).toBeNull();
    await userEvent.keyboard('2');
    await expect
      .poll(async () => (await adapter.listAnnotations({ targets: [{ kind: 'session', sessionId: 'sess-1' }], names: ['quality'] })), WAIT)
      .toEqual([expect.objectContaining({ identifier: 'rita', userId: 'rita', annotatorKind: 'HUMAN', label: 'bad', score: 0 })]);
    await expect.element(screen.getByRole('button', { name: 'bad', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expectNoAxeViolations(screen.container);
  });

  it('keeps j / k working after the Next / Previous button pressed with Enter disables at the end of the walk', async () => {
    const adapter = await seeded();
    const Wrapper = createWrapper(adapter, REVIEWER);
    const screen = await render(
      <Wrapper>
        <button type="button">before</button>
        <ReviewQueue spans={SPANS.slice(0, 2)} height={200} />
      </Wrapper>,
    );
    await expect.element(screen.getByRole('tree'), WAIT).toBeVisible();
    (document.querySelector('button') as HTMLButtonElement).focus();
    await tabTo((element) => element.textContent?.startsWith('Next item') ?? false);
    await userEvent.keyboard('{Enter}');
    await expect.poll(queueItem).toBe('s2');
    await expect.element(screen.getByRole('button', { name: /Next item/ })).toBeDisabled();
    // Focus must still be in the queue for its keys to work.
    await expect.poll(() => screen.container.querySelector('[data-slot="review-queue"]')?.contains(active())).toBe(true);
    await userEvent.keyboard('k');
    await expect.poll(queueItem).toBe('s1');
    await expect.element(screen.getByRole('button', { name: /Previous item/ })).toBeDisabled();
    await userEvent.keyboard('j');
    await expect.poll(queueItem).toBe('s2');
  });
});
