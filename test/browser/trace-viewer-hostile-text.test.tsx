import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-react';
import { TraceViewer } from '../../src/components/trace-viewer';
import type { Span } from '../../src/core';
import { makeSpan, T0 } from '../components/trace-viewer/fixtures';
import { makeWrapper } from '../components/trace-viewer/wrapper';
import { HOSTILE_JSON, HOSTILE_MARKDOWN } from '../support/hostileText';

/**
 * Issue #15: an LLM answer of 180,000 characters of `*a *a …` froze Chromium for over a minute
 * when its span was selected (the Markdown renderer rescanned the rest of the text for every `*`),
 * and so did `_a _a …` and `[a[a[a…`. This selects such spans in the trace viewer, as a user does,
 * and reads the answer back: with the old renderer the test never gets past the click.
 */
const ANSWERS = {
  stars: HOSTILE_MARKDOWN['emphasis openers `*a `']!(180_000),
  underscores: HOSTILE_MARKDOWN['emphasis openers `_a `']!(180_000),
  brackets: HOSTILE_MARKDOWN['link openers `[a`']!(180_000),
  'deep json': HOSTILE_JSON['deep JSON arrays']!(100_000),
};

function spans(): Span[] {
  return [
    makeSpan({ spanId: 'root', name: 'agent', kind: 'AGENT', endTime: T0 + 5_000 }),
    ...Object.entries(ANSWERS).map(([name, answer], index) =>
      makeSpan({
        spanId: `answer-${index}`,
        parentId: 'root',
        name: `answer ${name}`,
        kind: 'LLM',
        startTime: T0 + index * 100,
        endTime: T0 + index * 100 + 50,
        attributes: {
          output: { value: answer, mime_type: 'text/plain' },
          llm: { output_messages: [{ message: { role: 'assistant', content: answer } }] },
        },
      }),
    ),
  ];
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('TraceViewer with hostile span text (Chromium)', () => {
  it('selects spans whose answers are 180,000 characters of `*a `, `_a `, `[a` and deep JSON, and shows them', async () => {
    const { Wrapper } = makeWrapper();
    const screen = await render(<TraceViewer spans={spans()} height={900} style={{ width: 1100 }} />, { wrapper: Wrapper });
    for (const [name, answer] of Object.entries(ANSWERS)) {
      await screen.getByRole('treeitem', { name: new RegExp(`answer ${name}`) }).click();
      const details = screen.getByRole('group', { name: `answer ${name}` });
      await expect.element(details).toBeInTheDocument();
      const message = details.element().querySelector<HTMLElement>('[data-slot="span-message"] [data-slot="markdown"]')!;
      expect(message, name).not.toBeNull();
      // The first 10,000 characters at first; "Show more" until the whole answer is on screen.
      expect(message.textContent!.length).toBeGreaterThan(9_000);
      for (let press = 0; press < 3 && message.querySelector('[data-slot="show-more"]'); press += 1) {
        message.querySelector<HTMLElement>('[data-slot="show-more"]')!.click();
        await tick();
      }
      expect(message.querySelector('[data-slot="show-more"]')).toBeNull();
      expect(message.querySelector('em, strong, a'), name).toBeNull();
      expect(message.textContent!.replace(/\s+/g, ''), name).toBe(answer.replace(/\s+/g, ''));
      // The output as Markdown too, through the view switch.
      const output = details.element().querySelector<HTMLElement>('[data-slot="span-details-output"]')!;
      output.querySelector<HTMLElement>('button[aria-pressed="false"]:last-child')!.click();
      await expect.poll(() => output.querySelector('[data-slot="content-view"]')?.getAttribute('data-view')).toBe('markdown');
      expect(output.querySelector('[data-slot="markdown"]')!.textContent!.length).toBeGreaterThan(9_000);
    }
  });
});
