// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../support/repoPath';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : /\.(tsx?|mdx)$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

// Emoji and other characters beyond the Basic Multilingual Plane need a font most Linux machines
// (CI runners, screenshot servers) do not have, and then show as empty boxes: icons are SVG.
const OUTSIDE_COMMON_FONTS = /[\u{1F000}-\u{1FFFF}]|\u{FE0F}/u;

describe('what the components and stories show', () => {
  it('uses no emoji or other glyph that common fonts lack', () => {
    const found: string[] = [];
    for (const file of [...files(repoPath('src')), ...files(repoPath('stories'))]) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          const match = OUTSIDE_COMMON_FONTS.exec(line);
          if (match) found.push(`${relative(repoPath(), file)}:${index + 1}: ${match[0]}`);
        });
    }
    expect(found).toEqual([]);
  });
});
