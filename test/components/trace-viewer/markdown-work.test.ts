import { describe, expect, it } from 'vitest';
import { parseMarkdown, type MarkdownWork } from '../../../src/components/trace-viewer/parseMarkdown';
import { HOSTILE_MARKDOWN } from '../../support/hostileText';

/**
 * The Markdown parser must stay linear on hostile input: it counts its own steps (characters
 * looked at, delimiters walked, tokens built), and each adversarial input below must cost at most
 * STEPS_PER_CHAR steps per character at two sizes, four times apart. A parser that rescans the rest
 * of the text for each opening `*`, `_`, `[` or backtick run fails by orders of magnitude.
 */

const STEPS_PER_CHAR = 40;
const SIZES = [20_000, 80_000] as const;

function work(source: string): number {
  const counter: MarkdownWork = { steps: 0 };
  parseMarkdown(source, counter);
  return counter.steps;
}

describe('parseMarkdown work on adversarial input', () => {
  for (const [name, make] of Object.entries(HOSTILE_MARKDOWN)) {
    it(`stays within ${STEPS_PER_CHAR} steps per character: ${name}`, () => {
      const figures = SIZES.map((size) => {
        const source = make(size);
        return { length: source.length, steps: work(source) };
      });
      for (const { length, steps } of figures) {
        expect(steps, `${steps} steps for ${length} characters`).toBeLessThanOrEqual(STEPS_PER_CHAR * length);
      }
    });
  }

  it('counts its steps (a longer text costs more)', () => {
    expect(work('a'.repeat(1_000))).toBeGreaterThanOrEqual(1_000);
    expect(work('*a '.repeat(10_000))).toBeGreaterThan(work('*a '.repeat(1_000)) * 5);
  });
});
