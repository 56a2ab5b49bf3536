/**
 * Adversarial text for the renderers of untrusted span values, after CommonMark's pathological
 * tests (cmark test/pathological_tests.py) and issue #15: each builds a text of about `size`
 * characters. Used by the work-counting test (unit), the hostile-text benchmark and the browser test.
 */

/** Repeats `unit` until the text is about `size` characters long. */
export const repeatTo = (unit: string, size: number) => unit.repeat(Math.max(1, Math.round(size / unit.length)));

/** `prefix × k + middle + suffix × k`, about `size` characters. */
const nested = (prefix: string, middle: string, suffix: string, size: number) => {
  const k = Math.max(1, Math.round(size / (prefix.length + suffix.length)));
  return prefix.repeat(k) + middle + suffix.repeat(k);
};

export const HOSTILE_MARKDOWN: Record<string, (size: number) => string> = {
  'emphasis openers `*a `': (n) => repeatTo('*a ', n),
  'emphasis openers `_a `': (n) => repeatTo('_a ', n),
  'strong openers `**a `': (n) => repeatTo('**a ', n),
  'strikethrough openers `~~a `': (n) => repeatTo('~~a ', n),
  'emphasis closers `a_ `': (n) => repeatTo('a_ ', n),
  'mismatched `*a_ `': (n) => repeatTo('*a_ ', n),
  'closers multiple of 3 `a**b` + `c* `': (n) => `a**b${repeatTo('c* ', n)}`,
  'nested strong and emphasis': (n) => nested('*a **a ', 'b', ' a** a*', n),
  'link openers `[a`': (n) => repeatTo('[a', n),
  'link closers `a]`': (n) => repeatTo('a]', n),
  'link openers and emphasis closers `[ a_`': (n) => repeatTo('[ a_', n),
  'nested brackets': (n) => nested('[', 'a', ']', n),
  'unclosed destinations `](`': (n) => repeatTo('](', n),
  'unclosed parentheses `(`': (n) => repeatTo('(', n),
  'unclosed links `[a](b`': (n) => repeatTo('[a](b', n),
  'unclosed links `[a](<b`': (n) => repeatTo('[a](<b', n),
  'nested unclosed links `[a](x` … `b c)`': (n) => nested('[a](x', ' b c', ')', n),
  'pattern `[ (](`': (n) => repeatTo('[ (](', n),
  'autolink openers `<a`': (n) => repeatTo('<a', n),
  'backtick runs `a``': (n) => repeatTo('`a``', n),
  'growing backtick runs': (n) => {
    let text = '';
    for (let run = 1; text.length < n; run += 1) text += `e${'`'.repeat(run)}`;
    return text;
  },
  'deep block quotes `> > >`': (n) => `${repeatTo('> ', n)}a`,
  'deep block quotes on many lines': (n) => repeatTo(`${'> '.repeat(20)}a\n`, n),
  'nested list markers `- - -`': (n) => `${repeatTo('- ', n)}item`,
  'indented nested lists': (n) => {
    let text = '';
    for (let level = 0; text.length < n; level += 1) text += `${'  '.repeat(level % 300)}* a\n`;
    return text;
  },
  'deep JSON arrays': (n) => nested('[', '1', ']', n),
  'deep JSON objects': (n) => nested('{"a":', '1', '}', n),
  'fence-like line with a late backtick': (n) => `\`\`\`${repeatTo('a', n)}\``,
  'heading with a long run of spaces': (n) => `# a${repeatTo(' ', n)}b`,
  'many short lines': (n) => repeatTo('a\n', n),
  'escaped delimiters `\\*`': (n) => repeatTo('\\*a', n),
  'long plain text': (n) => repeatTo('The quick brown fox jumps over the lazy dog. ', n),
};

/** JSON values (as text) that a JSON tree must show at a bounded cost, about `size` characters each. */
export const HOSTILE_JSON: Record<string, (size: number) => string> = {
  'deep JSON arrays': (n) => nested('[', '1', ']', n),
  'deep JSON objects': (n) => nested('{"a":', '1', '}', n),
  'wide JSON array': (n) => `[${repeatTo('1,', n - 3)}1]`,
  'wide JSON object': (n) => {
    const k = Math.round(n / 10);
    return `{${Array.from({ length: k }, (_, index) => `"k${String(index).padStart(5, '0')}":1`).join(',')}}`;
  },
  'long JSON string': (n) => JSON.stringify({ text: repeatTo('a', n) }),
  'long JSON key': (n) => JSON.stringify({ [repeatTo('k', n)]: 1 }),
};
