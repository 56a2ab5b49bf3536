import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkMarkdown, extractBlocks, formatProblem } from '../../scripts/readme-examples.mjs';

const root = resolve(import.meta.dirname, '../..');
const workDir = join(root, `node_modules/.cache/annokit-readme-test-${process.pid}`);
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const sample = [
  '# Sample', //                                                                   1
  '', //                                                                           2
  '```sh', //                                                                      3
  'npm install annokit', //                                                        4
  '```', //                                                                        5
  '', //                                                                           6
  '```tsx', //                                                                     7
  "import { AnnotationProvider, FeedbackButtons } from 'annokit';", //             8
  "import { createMemoryAdapter } from 'annokit/adapters/memory';", //             9
  '', //                                                                           10
  'export const App = () => (', //                                                 11
  '  <AnnotationProvider adapter={createMemoryAdapter()} user={{ id: userId }}>', // 12
  "    <FeedbackButtons target={{ kind: 'span', spanId: 's1' }} size=\"sm\" />", //  13
  '  </AnnotationProvider>', //                                                    14
  ');', //                                                                         15
  '```', //                                                                        16
  '', //                                                                           17
  '```ts', //                                                                      18
  "import { createSpanGizmo } from 'annokit/core';", //                          19
  '```', //                                                                        20
  '', //                                                                           21
  '```tsx', //                                                                     22
  "<FeedbackButtons target={{ kind: 'span', spanId }} sise=\"sm\" />", //           23
  '```', //                                                                        24
  '', //                                                                           25
  '```ts', //                                                                      26
  "type AnnotatorKind = 'HUMAN' | 'LLM';", //                                       27
  '```', //                                                                        28
  '', //                                                                           29
  '<!-- readme-check: skip (pseudo-code) -->', //                                   30
  '```ts', //                                                                      31
  'this is not TypeScript', //                                                     32
  '```', //                                                                        33
].join('\n');

describe('README example extraction', () => {
  it('returns each ts / tsx block with the README line of its first code line, and honours skip markers', () => {
    const { blocks, problems } = extractBlocks(sample);
    expect(problems).toEqual([]);
    expect(blocks.map((b) => [b.lang, b.line, b.skip])).toEqual([
      ['tsx', 8, null],
      ['ts', 19, null],
      ['tsx', 23, null],
      ['ts', 27, null],
      ['ts', 32, 'pseudo-code'],
    ]);
    expect(blocks[1]?.code).toBe("import { createSpanGizmo } from 'annokit/core';");
  });

  it('refuses a skip marker without a reason', () => {
    const { blocks, problems } = extractBlocks('<!-- readme-check: skip -->\n```ts\nconst a = 1;\n```\n');
    expect(problems).toEqual([{ line: 1, message: expect.stringContaining('needs a reason') }]);
    expect(blocks[0]?.skip).toBeNull();
  });
});

describe('README example type check', () => {
  it('passes a correct block and reports each wrong one at its README line with the TypeScript error', { timeout: 120_000 }, () => {
    const { problems, checked, skipped } = checkMarkdown(sample, { workDir });
    expect(checked).toBe(4);
    expect(skipped).toBe(1);
    const lines = problems.map((p) => p.line);
    // The good block (lines 8–15, with `userId` declared as host-provided) has no error.
    expect(lines.filter((line) => line !== null && line >= 8 && line <= 15)).toEqual([]);
    expect(problems).toEqual([
      expect.objectContaining({ line: 19, code: 2305, message: expect.stringContaining("no exported member 'createSpanGizmo'") }),
      expect.objectContaining({ line: 23, code: 2322, message: expect.stringContaining("Property 'sise' does not exist") }),
      expect.objectContaining({ line: 27, message: "AnnotatorKind here differs from the AnnotatorKind that annokit exports" }),
    ]);
    expect(formatProblem(problems[0]!)).toMatch(/^README\.md:19:10 - error TS2305: Module '"annokit\/core"' has no exported member 'createSpanGizmo'/);
  });
});
