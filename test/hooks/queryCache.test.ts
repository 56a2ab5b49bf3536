import { describe, expect, it } from 'vitest';
import type { AnnotationInput } from '../../src/core/model';
import { annotationKey } from '../../src/core/targets';
import { annokitKeys, annotationsKeyPart, readTargetsKey, removeFrom, upsertInto } from '../../src/provider/queryCache';

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

describe('query keys', () => {
  it('reads back what an annotations or notes key asked for, by name, and nothing from other keys', () => {
    const key = annokitKeys.annotations('scope-a', { targets: [{ kind: 'span', spanId: 's2' }, { kind: 'span', spanId: 's1' }], names: ['b', 'a', 'a'] });
    expect(readTargetsKey(key, 'annotations', 'scope-a')).toEqual({ targets: ['span:s1', 'span:s2'], names: ['a', 'b'], identifiers: null });
    expect(annotationsKeyPart(key)).toEqual(readTargetsKey(key, 'annotations', 'scope-a'));
    expect(readTargetsKey(annokitKeys.notes('scope-a', [{ kind: 'trace', traceId: 't1' }]), 'notes', 'scope-a')).toEqual({
      targets: ['trace:t1'],
      names: null,
      identifiers: null,
    });
    // Another provider's scope, another kind of query, a key that is not annokit's.
    expect(readTargetsKey(key, 'annotations', 'scope-b')).toBeNull();
    expect(readTargetsKey(key, 'notes', 'scope-a')).toBeNull();
    expect(readTargetsKey(annokitKeys.trace('scope-a', 't1'), 'annotations', 'scope-a')).toBeNull();
    expect(readTargetsKey(['todos', 'scope-a', 'annotations', { targets: ['span:s1'] }], 'annotations', 'scope-a')).toBeNull();
  });
});
