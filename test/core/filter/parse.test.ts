import { describe, expect, it } from 'vitest';
import { FilterConditionError, formatCondition, parseCondition, safeParseCondition, type ConditionAst } from '../../../src/core';

function error(text: string): FilterConditionError {
  const result = safeParseCondition(text);
  if (result.ok) throw new Error(`expected ${text} to be refused`);
  return result.error;
}

function fragment(text: string): string {
  const e = error(text);
  return text.slice(e.range.start, e.range.end);
}

describe('parseCondition: what the language accepts (Phoenix spec corpus)', () => {
  it.each([
    'latency_ms > 100',
    '0.5 < latency_ms < 1000',
    "name == 'a' and status_code == 'b'",
    "not (name == 'a')",
    "annotations['quality']",
    "name == 'x' and True",
    "name == 'x' or False",
    "span_id == 'x'",
    "trace_id == 'x'",
    "parent_id == 'x'",
    "span_kind == 'LLM'",
    "status_message == 'x'",
    'cumulative_llm_token_count_prompt > 1',
    'cumulative_llm_token_count_completion > 1',
    'cumulative_llm_token_count_total > 1',
    "start_time > '2024-01-01T00:00:00Z'",
    "end_time > '2024-01-01T00:00:00Z'",
    'llm.token_count.prompt > 1',
    'llm.token_count.completion > 1',
    'llm.token_count.total > 1',
    "context.span_id == 'x'",
    "context.trace_id == 'x'",
    'cumulative_token_count.prompt > 1',
    "llm.model_name == 'gpt-4'",
    "attributes['llm']['model_name'] == 'gpt-4'",
    "attributes[['llm', 'model_name']] == 'gpt-4'",
    "attributes['llm'][['model_name']] == 'gpt-4'",
    "metadata['k'] == 'v'",
    "attributes['arr'][0] == 1",
    "attributes['parent_span'] == 'x'",
    "annotations['n'].score > 1",
    "annotations['n'].label == 'x'",
    "'a' in annotations['n'].explanation",
    "evals['n'].score > 1",
    "name == 'x' and annotations['n']",
    'parent_span is None',
    'parent_span is not None',
    'parent_span == None',
    'parent_span != None',
    'latency_ms == None',
    "start_time > '2024-01-01T00:00:00+02:00'",
    "float('100') < latency_ms",
    "float('-12.5') < latency_ms",
    "float('1e3') < latency_ms",
    "'x' in output.value",
    "span_kind in ['LLM']",
    "span_kind in ('LLM',)",
    "span_kind not in ['LLM']",
    'parent_id is not None',
    'latency_ms + 1 > 2',
    'latency_ms - 1 > 2',
    'latency_ms * 2 > 2',
    'latency_ms / 2 > 2',
    'latency_ms % 2 == 0',
    "name + status_code == 'ab'",
    '-latency_ms < 0',
    '+latency_ms > 0',
    "str(annotations['q'].label) == 'a'",
    "'b' in str(metadata['k'])",
    "float(attributes['x']) > 1",
    "int(attributes['x']) > 1",
    "attributes['a'] > attributes['b']",
    "metadata['a'] <= metadata['b']",
    "parent == 'x'",
    "metadata['flag'] is True",
    "metadata['flag'] is not False",
    'latency_ms > 1_000',
    "name == \"double\" or name == 'it\\'s'",
    "name in ['a', 'b',]",
    '  name == \'padded\'  ',
  ])('accepts %s', (text) => {
    expect(() => parseCondition(text)).not.toThrow();
  });

  it('parses an empty or blank condition to no body, which matches everything', () => {
    expect(parseCondition('').body).toBeNull();
    expect(parseCondition('   \n').body).toBeNull();
  });
});

describe('parseCondition: what the language refuses, with the message and the range at fault', () => {
  it.each([
    ["latency_ms > '100'", "cannot compare number and string: `latency_ms > '100'`, write 100 instead of '100'"],
    ["'100' < latency_ms", 'cannot compare string and number'],
    ["annotations['q'].score >= '0.5'", "write 0.5 instead of '0.5'"],
    ["llm.token_count.total > '5'", 'cannot compare'],
    ["latency_ms in ['1.5']", 'cannot compare'],
    ["annotations['q'].label == 100", 'cannot compare string and number'],
    ["float('1_000') > 1", 'cannot cast string to number'],
    ["float('nan') > 1", 'cannot cast string to number'],
    ["float('inf') > 1", 'cannot cast string to number'],
    ["float('1e400') > 1", 'invalid numeric literal: 1e400'],
    ["str(True) == 'true'", 'cannot cast boolean to text'],
    ["str(annotations['q']) == 'true'", 'cannot cast boolean to text'],
    ["str(1) == '1'", 'cannot cast number to text'],
    ["str(None) == 'None'", 'cannot cast the literal None to text'],
    ["str(latency_ms) == '1'", 'cannot cast number to text'],
    ["str(start_time) == '2026-01-01'", 'cannot cast datetime to text'],
    ["attributes['x'] > True", 'orders a boolean'],
    ["annotations['q'] >= False", 'orders a boolean'],
    ["start_time > attributes['x']", 'cannot compare a datetime field and an attribute'],
    ["start_time == metadata['ts']", 'cannot compare a datetime field and an attribute'],
    ["start_time > '2024-01-01T00:00:00'", "datetime literal '2024-01-01T00:00:00' has no timezone, add an offset (e.g. 'Z' for UTC)"],
    ["start_time in ['2024-01-01T00:00:00']", 'has no timezone'],
    ["start_time > 'yesterday'", "invalid datetime literal: 'yesterday'"],
    ["start_time > '2024-02-30T00:00:00Z'", 'invalid datetime literal'],
    ["name == 'x' and r", '`r` is not a condition, expected a comparison such as `r == ...`'],
    ["name == 'x' and metadata['flag']", 'is not a condition'],
    ["not attributes['flag']", 'is not a condition'],
    ["name == 'x' or 5", 'is not a condition'],
    ['span_kind', '`span_kind` is not a condition'],
    ['1 in [1, 2]', '`1 in [1, 2]` compares two literals, expected a span field on the left'],
    ["'a' in 'abc'", 'compares two literals'],
    ["name in 'abc'", '`in` expects a collection or a text field on the right'],
    ['latency_ms ** 2 > 10', 'invalid arithmetic operator: **'],
    ['latency_ms // 2 > 0', 'invalid arithmetic operator: //'],
    ["name == 'a' & status_code == 'b'", 'invalid arithmetic operator: &'],
    ["parent_span.name == 'x'", '`parent_span.name` is not supported'],
    ["parent_span.attributes['x'] == 'y'", 'is not supported'],
    ["parent_span == 'LLM'", 'can only be compared to None'],
    ["evals[''] == 'x'", "missing eval name in `evals['']`"],
    ["len(name) > 1", 'invalid expression: len(name)'],
    ["name.upper() == 'X'", 'invalid expression: name.upper()'],
    ['[x for x in name]', 'comprehensions are not supported'],
    ["annotations['q'].confidence > 1", 'invalid eval attribute `.confidence`'],
    ["annotations['q'].lable == 'x'", 'did you mean `.label`?'],
    ['~latency_ms == 1', 'unsupported operator: ~latency_ms'],
    ['latency_ms > None', '`>` cannot compare against None, use `is None` / `is not None`'],
    ['None <= latency_ms', '`<=` cannot compare against None'],
    ["annotations['q'].score >= None", 'cannot compare against None'],
    ["name is 'abc'", 'uses `is` with a value'],
    ['latency_ms is 1', 'uses `is` with a value'],
    ["name == b'abc'", "unsupported literal: b'abc'"],
    ['latency_ms == 1j', 'unsupported literal: 1j'],
    ['latency_ms < 1e400', 'invalid numeric literal: 1e400'],
    ['latency_ms == ' + '9'.repeat(320), 'invalid numeric literal'],
    ['name in [None]', 'includes None'],
    ["name not in ['a', None]", 'includes None'],
    ["name == ('a', 'b')", 'compares against a collection'],
    ["name in [['a']]", 'collections cannot be nested'],
    ["name in ['a', 1]", 'mixes types'],
    ["name == 'a\\x00b'", 'NUL character'],
    ["ｎａｍｅ == 'a'", '`ｎａｍｅ` is interpreted as `name`'],
    ['True', 'can only be used as an operand'],
    ['False', 'can only be used as an operand'],
    ["name == 'x' and annotations['q'].score", 'is not a condition'],
    ["name = 'x'", '`=` is assignment: use `==` to compare'],
    ["name == 'x", 'unterminated string literal'],
    ["(name == 'x'", '`(` is never closed'],
    ["name == 'x' and", 'unexpected end of condition'],
    ["latency_ms > 1 if True else False", 'invalid expression'],
    ["lambda: 1", 'lambda is not supported'],
    ["{'a': 1}", 'sets and dicts are not supported'],
    ["attributes == 'x'", '`attributes` needs a key'],
    ["attributes[name] == 'x'", 'invalid key `name`'],
    ["attributes[0] == 'x'", 'first key'],
    ["annotations[name].label == 'x'", 'the annotation name is a string'],
    ["'abc'.upper() == 'ABC'", 'invalid expression'],
    ["name + 1 == 'a'", 'cannot add string and number'],
    ['latency_ms * name > 1', 'cannot do arithmetic with string `name`'],
    ['1 in name', 'looks for number in text'],
    ["name == 'x' # comment", 'comments are not supported'],
    ["name == 'x', latency_ms > 1", 'expected one condition'],
  ])('refuses %s', (text, message) => {
    const e = error(text);
    expect(e).toBeInstanceOf(FilterConditionError);
    expect(e.code).toBe('validation');
    expect(e.message).toContain(message);
    expect(e.condition).toBe(text);
    expect(e.range.start).toBeGreaterThanOrEqual(0);
    expect(e.range.end).toBeLessThanOrEqual(text.length);
  });

  it('points the range at the offending fragment', () => {
    expect(fragment("name == 'x' and r")).toBe('r');
    expect(fragment("latency_ms > 1 and start_time > 'yesterday'")).toBe("'yesterday'");
    expect(fragment("annotations['q'].confidence > 1")).toBe("annotations['q'].confidence");
    expect(fragment("span_kind == 'LLM' and name in [None]")).toBe('None');
    expect(fragment("name == 'x' and (latency_ms > 1")).toBe('(');
    expect(fragment('latency_ms > 1 and latency_ms ** 2 > 1')).toBe('latency_ms ** 2');
    expect(fragment("name == 'a' and  ｎａｍｅ == 'b'")).toBe('ｎａｍｅ');
  });

  it('cuts a long fragment echoed in a message so the advice after it survives', () => {
    const long = 'x'.repeat(500);
    const e = error(`name == 'a' and ${long}`);
    expect(e.message.length).toBeLessThan(200);
    expect(e.message).toContain('is not a condition');
  });

  it('refuses a condition nested too deeply instead of overflowing the stack', () => {
    for (const text of ['('.repeat(5000) + 'latency_ms > 1' + ')'.repeat(5000), 'not '.repeat(5000) + 'latency_ms > 1', '-'.repeat(5000) + 'latency_ms > 1', 'latency_ms' + ' + 1'.repeat(5000) + ' > 1', 'latency_ms' + ' * 1'.repeat(5000) + ' > 1']) {
      expect(error(text).message).toBe('filter condition is nested too deeply');
    }
    expect(() => parseCondition('('.repeat(50) + 'latency_ms > 1' + ')'.repeat(50))).not.toThrow();
  });

  it('throws for a non-string condition, naming what it got', () => {
    expect(() => parseCondition(42 as unknown as string)).toThrow('condition: expected a string, got number');
  });
});

describe('parseCondition: the tree', () => {
  it('resolves every spelling of an attribute path to the same path', () => {
    const paths = [
      'llm.model_name',
      "attributes['llm']['model_name']",
      "attributes[['llm', 'model_name']]",
      "attributes['llm'][['model_name']]",
    ].map((spelling) => {
      const body = parseCondition(`${spelling} == 'gpt-4'`).body!;
      return body.type === 'compare' && body.left.type === 'attribute' ? body.left.path : null;
    });
    for (const path of paths) expect(path).toEqual(['llm', 'model_name']);
  });

  it('reads metadata[...] as a path under attributes.metadata and list subscripts as keys', () => {
    const body = parseCondition("metadata['a'][['b.c', 0]] == 'v'").body!;
    expect(body).toMatchObject({ type: 'compare', left: { type: 'attribute', path: ['metadata', 'a', 'b.c', 0] } });
  });

  it('rewrites the backward-compatible aliases to their fields', () => {
    expect(parseCondition("context.span_id == 'x'").body).toMatchObject({ left: { type: 'field', name: 'span_id', spelling: 'context.span_id' } });
    expect(parseCondition('cumulative_token_count.total > 1').body).toMatchObject({
      left: { type: 'field', name: 'cumulative_llm_token_count_total' },
    });
  });

  it('treats evals[...] as annotations[...] and a bare one as an existence test', () => {
    expect(parseCondition("evals['q'].score > 0").body).toMatchObject({ left: { type: 'annotation', name: 'q', member: 'score', accessor: 'evals' } });
    expect(parseCondition("annotations['q']").body).toMatchObject({ type: 'annotation', name: 'q', member: null });
  });

  it('gives every node a range covering its own text', () => {
    const text = "annotations['c'].label == 'x' and (latency_ms > 1_000 or 'refund' in input.value)";
    const ast = parseCondition(text);
    const seen: string[] = [];
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach(walk);
      const record = node as Record<string, unknown>;
      if (typeof record.type === 'string' && record.range) {
        const { start, end } = record.range as { start: number; end: number };
        expect(start).toBeLessThan(end);
        seen.push(text.slice(start, end));
      }
      for (const [key, value] of Object.entries(record)) if (key !== 'range') walk(value);
    };
    walk(ast.body);
    expect(seen).toContain("annotations['c'].label");
    expect(seen).toContain("'x'");
    expect(seen).toContain('1_000');
    expect(seen).toContain('input.value');
    expect(seen).toContain("'refund' in input.value");
  });

  it('decodes Python string literals: escapes, raw strings, adjacent literals, triple quotes', () => {
    const value = (text: string) => {
      const body = parseCondition(`name == ${text}`).body!;
      return body.type === 'compare' && body.right.type === 'literal' ? body.right.value : undefined;
    };
    expect(value("'a\\nb\\t\\'c\\\\'")).toBe("a\nb\t'c\\");
    expect(value('"\\x41\\u00e9\\U0001F600"')).toBe('Aé😀');
    expect(value("r'a\\nb'")).toBe('a\\nb');
    expect(value("'ab' \"cd\"")).toBe('abcd');
    expect(value("'''it's'''")).toBe("it's");
    expect(value("u'x'")).toBe('x');
  });

  it('reads Python numbers: separators, exponents, hex', () => {
    const value = (text: string) => {
      const body = parseCondition(`latency_ms == ${text}`).body!;
      return body.type === 'compare' && body.right.type === 'literal' ? body.right.value : undefined;
    };
    expect(value('1_000')).toBe(1000);
    expect(value('1.5e3')).toBe(1500);
    expect(value('.5')).toBe(0.5);
    expect(value('0x1F')).toBe(31);
    expect(value('-2')).toBe(-2);
  });
});

describe('formatCondition', () => {
  const roundTrip = (text: string): string => formatCondition(parseCondition(text));

  it.each([
    ["annotations['correctness'].label == 'incorrect' and latency_ms > 1000", "annotations['correctness'].label == 'incorrect' and latency_ms > 1000"],
    ['0.5<latency_ms<1000', '0.5 < latency_ms < 1000'],
    ['not (name == "a" or span_kind in ("LLM",))', "not (name == 'a' or span_kind in ('LLM',))"],
    ["(name == 'a' or name == 'b') and latency_ms > 1", "(name == 'a' or name == 'b') and latency_ms > 1"],
    ["name == 'a' or (name == 'b' and latency_ms > 1)", "name == 'a' or name == 'b' and latency_ms > 1"],
    ['(latency_ms - 1) * 2 > 3', '(latency_ms - 1) * 2 > 3'],
    ['latency_ms - (1 - 2) > 3', 'latency_ms - (1 - 2) > 3'],
    ["attributes[['llm', 'model_name']] == 'x'", "attributes['llm']['model_name'] == 'x'"],
    ["llm.model_name == 'x'", "llm.model_name == 'x'"],
    ["attributes['name'] == 'x'", "attributes['name'] == 'x'"],
    ["attributes['a.b'] == 'x'", "attributes['a.b'] == 'x'"],
    ["metadata['k'] == \"it's\"", "metadata['k'] == \"it's\""],
    ["context.span_id == 'x'", "span_id == 'x'"],
    ['parent_span is not None', 'parent_span is not None'],
    ["evals['q']", "evals['q']"],
    ['latency_ms > 1_000', 'latency_ms > 1_000'],
    ["'x\\n' in str(metadata['k'])", "'x\\n' in str(metadata['k'])"],
  ])('prints %s as %s', (text, expected) => {
    expect(roundTrip(text)).toBe(expected);
  });

  it('prints text that parses back to the same tree', () => {
    const strip = (ast: ConditionAst) => JSON.stringify(ast.body, (key, value) => (key === 'range' || key === 'raw' ? undefined : value));
    for (const text of [
      "annotations['c'].label == 'x' and (latency_ms > 1_000 or 'refund' in input.value)",
      "not (span_kind in ['llm', 'TOOL'] and -latency_ms < -5)",
      "0 < annotations['h'].score <= 0.5 or metadata['plan'] != 'pro'",
    ]) {
      const once = parseCondition(text);
      expect(strip(parseCondition(formatCondition(once)))).toBe(strip(once));
    }
  });

  it('prints an empty condition as the empty string', () => {
    expect(formatCondition(parseCondition('  '))).toBe('');
  });
});
