import { describe, expect, it } from 'vitest';
import { flattenAttributes, getAttribute, nestAttributes } from '../../../src/core';

describe('nestAttributes', () => {
  it('turns dotted keys into objects and index segments into arrays', () => {
    expect(
      nestAttributes({
        'llm.model_name': 'gpt-4o',
        'llm.input_messages.0.message.role': 'system',
        'llm.input_messages.1.message.role': 'user',
        'llm.input_messages.1.message.content': 'hi',
      }),
    ).toEqual({
      llm: {
        model_name: 'gpt-4o',
        input_messages: [{ message: { role: 'system' } }, { message: { role: 'user', content: 'hi' } }],
      },
    });
  });

  it('keeps a key that is both a leaf and a prefix: the leaf goes under the empty key', () => {
    const nested = nestAttributes({ input: 'x', 'input.value': 'y' });
    expect(nested).toEqual({ input: { '': 'x', value: 'y' } });
    expect(getAttribute(nested, 'input')).toBe('x');
    expect(getAttribute(nested, 'input.value')).toBe('y');
    expect(flattenAttributes(nested)).toEqual({ input: 'x', 'input.value': 'y' });
  });

  it('does the same whichever of the two keys comes first', () => {
    expect(nestAttributes({ 'input.value': 'y', input: 'x' })).toEqual({ input: { '': 'x', value: 'y' } });
  });

  it('keeps an object when list indices have gaps or mix with names', () => {
    expect(nestAttributes({ 'a.0': 'x', 'a.2': 'z' })).toEqual({ a: { '0': 'x', '2': 'z' } });
    expect(nestAttributes({ 'a.0': 'x', 'a.b': 'y' })).toEqual({ a: { '0': 'x', b: 'y' } });
    expect(nestAttributes({ 'a.01': 'x' })).toEqual({ a: { '01': 'x' } });
  });

  it('parses metadata JSON into an object whose dotted keys stay literal', () => {
    const nested = nestAttributes({ metadata: '{"release.channel": "beta", "n": 1}' });
    expect(nested).toEqual({ metadata: { 'release.channel': 'beta', n: 1 } });
    expect(getAttribute(nested, 'metadata.release.channel')).toBe('beta');
  });

  it('keeps invalid metadata as text and records it', () => {
    const problems: string[] = [];
    expect(nestAttributes({ metadata: 'not json' }, problems)).toEqual({ metadata: 'not json' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('metadata: invalid JSON');
    const arrayProblems: string[] = [];
    expect(nestAttributes({ metadata: '[1, 2]' }, arrayProblems)).toEqual({ metadata: '[1, 2]' });
    expect(arrayProblems[0]).toContain('expected JSON text for an object');
  });

  it('merges object values as subtrees without splitting their keys', () => {
    expect(nestAttributes({ 'input.value': { 'a.b': 1 }, 'input.mime_type': 'application/json' })).toEqual({
      input: { value: { 'a.b': 1 }, mime_type: 'application/json' },
    });
  });

  it('records a path given twice and keeps the dotted key', () => {
    const problems: string[] = [];
    expect(nestAttributes({ a: { b: 1 }, 'a.b': 2 }, problems)).toEqual({ a: { b: 2 } });
    expect(problems).toEqual(['attribute a.b given twice (1 and 2); kept 2, dropped 1']);
  });

  it('keeps keys with empty segments literally', () => {
    expect(nestAttributes({ 'a..b': 1, '.x': 2, 'y.': 3 })).toEqual({ 'a..b': 1, '.x': 2, 'y.': 3 });
    expect(getAttribute(nestAttributes({ 'a..b': 1 }), 'a..b')).toBe(1);
  });

  it('stores __proto__ as a plain key instead of touching the prototype', () => {
    const nested = nestAttributes({ '__proto__.polluted': 'yes' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(nested)).toEqual(['__proto__']);
    expect(getAttribute(nested, '__proto__.polluted')).toBe('yes');
  });
});

describe('flattenAttributes', () => {
  it('is the inverse of nestAttributes for OpenInference keys, keeping lists of primitives as lists', () => {
    const flat = {
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.contents.0.message_content.text': 'hi',
      'tag.tags': ['a', 'b'],
      'embedding.embeddings.0.embedding.vector': [0.1, 0.2],
      metadata: '{"k.1":"v"}',
      'x.empty': {},
    };
    expect(flattenAttributes(nestAttributes(flat))).toEqual(flat);
  });
});

describe('getAttribute', () => {
  const attrs = nestAttributes({ 'llm.model_name': 'm', 'llm.input_messages.1.message.role': 'user', 'llm.input_messages.0.message.role': 'system' });

  it('reads dotted keys through objects and arrays', () => {
    expect(getAttribute(attrs, 'llm.model_name')).toBe('m');
    expect(getAttribute(attrs, 'llm.input_messages.1.message.role')).toBe('user');
  });

  it('reads flat attributes too', () => {
    expect(getAttribute({ 'llm.model_name': 'flat' }, 'llm.model_name')).toBe('flat');
  });

  it('returns undefined for missing paths and odd inputs instead of throwing', () => {
    expect(getAttribute(attrs, 'llm.input_messages.9.message.role')).toBeUndefined();
    expect(getAttribute(attrs, 'llm.model_name.x')).toBeUndefined();
    expect(getAttribute(null, 'a')).toBeUndefined();
    expect(getAttribute('text', 'length')).toBeUndefined();
  });
});
