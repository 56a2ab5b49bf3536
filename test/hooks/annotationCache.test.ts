import { describe, expect, it } from 'vitest';
import type { AnnotationInput } from '../../src/core/model';
import { annotationKey } from '../../src/core/targets';
import { removeFrom, upsertInto } from '../../src/provider/annotationCache';

const input: AnnotationInput = {
  target: { kind: 'span', spanId: 's1' },
  name: 'user_feedback',
  annotatorKind: 'HUMAN',
  label: 'positive',
  score: 1,
  identifier: 'u1',
};
const allOfSpan = { targets: ['span:s1'], names: null, identifiers: null };
const oneUser = { targets: ['span:s1'], names: ['user_feedback'], identifiers: ['u1'] };

describe('annotation cache patches', () => {
  it('gives a pending annotation the same placeholder id in every cached list it lands in', () => {
    const [inAll] = upsertInto([input], '2026-01-01T00:00:00Z')([], allOfSpan);
    const [inOne] = upsertInto([input], '2026-01-01T00:00:00Z')([], oneUser);
    expect(inAll?.id).toMatch(/^optimistic:/);
    expect(inAll?.id).toBe(inOne?.id);
    expect(annotationKey(inAll!)).toBe(annotationKey({ target: input.target, name: input.name, identifier: 'u1' }));
  });

  it('keeps the id of the annotation it replaces, and skips lists that do not cover it', () => {
    const [stored] = upsertInto([input], 'then')([], allOfSpan);
    const replaced = upsertInto([{ ...input, label: 'negative', score: 0 }], 'now')([{ ...stored!, id: 'server-1' }], allOfSpan);
    expect(replaced).toMatchObject([{ id: 'server-1', label: 'negative', updatedAt: 'now' }]);
    expect(upsertInto([input], 'now')([], { targets: ['span:s1'], names: ['other'], identifiers: null })).toEqual([]);
    expect(removeFrom([{ target: input.target, name: input.name, identifier: 'u1' }])(replaced)).toEqual([]);
  });
});
