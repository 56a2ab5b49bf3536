import { describe, expect, it } from 'vitest';
import {
  ValidationError,
  compileCondition,
  createFilterScope,
  filterSpans,
  type Annotation,
  type Span,
} from '../../../src/core';
import { makeAnnotation, makeSpan, namedSpan } from './fixtures';

const T0 = Date.parse('2026-01-01T00:00:00Z');

/** Ids of the spans the condition selects. */
function select(condition: string, spans: Span[], annotations: Annotation[] = []): string[] {
  return filterSpans(spans, condition, { annotations }).map((span) => span.spanId);
}

const spans: Span[] = [
  namedSpan('llm'),
  namedSpan('tool'),
  makeSpan({ spanId: 'open', name: 'pending', kind: 'CHAIN', startTime: T0 + 200, endTime: null, attributes: {} }),
];

describe('fields and comparisons', () => {
  it('reads a span without a status message as empty text, as Phoenix stores it', () => {
    expect(select('status_message is None', spans)).toEqual([]);
    expect(select('status_message is not None', spans)).toEqual(['llm', 'tool', 'open']);
    expect(select("status_message == ''", spans)).toEqual(['llm', 'open']);
    expect(select("'time' not in status_message", spans)).toEqual(['llm', 'open']);
  });

  it('compares the span columns by their Phoenix names', () => {
    expect(select("name == 'search'", spans)).toEqual(['tool']);
    expect(select("span_id == 'llm'", spans)).toEqual(['llm']);
    expect(select("trace_id == 't1'", spans)).toEqual(['llm', 'tool', 'open']);
    expect(select("status_code == 'ERROR'", spans)).toEqual(['tool']);
    expect(select("'timeout' in status_message", spans)).toEqual(['tool']);
    expect(select('latency_ms > 1000', spans)).toEqual(['llm']);
    expect(select('latency_ms <= 200', spans)).toEqual(['tool']);
  });

  it('matches span_kind and status_code literals whatever their case, and only those two', () => {
    expect(select("span_kind == 'llm'", spans)).toEqual(['llm']);
    expect(select("span_kind in ['tool', 'Chain']", spans)).toEqual(['tool', 'open']);
    expect(select("status_code != 'error'", spans)).toEqual(['llm', 'open']);
    expect(select("name == 'SEARCH'", spans)).toEqual([]);
  });

  it('evaluates chained comparisons as the and of their pairs', () => {
    expect(select('100 < latency_ms < 2000', spans)).toEqual(['llm', 'tool']);
    expect(select('300 < latency_ms < 2000', spans)).toEqual(['llm']);
  });

  it('compares times with ISO 8601 literals that carry an offset', () => {
    expect(select("start_time >= '2026-01-01T00:00:00.100Z'", spans)).toEqual(['tool', 'open']);
    expect(select("start_time < '2026-01-01T01:00:00.100+01:00'", spans)).toEqual(['llm']);
    expect(select("start_time in ['2026-01-01T00:00:00Z']", spans)).toEqual(['llm']);
  });

  it('computes with arithmetic, and a division by zero is a missing value', () => {
    expect(select('latency_ms / 1000 > 1', spans)).toEqual(['llm']);
    expect(select('latency_ms % 2 == 0', spans)).toEqual(['llm', 'tool']);
    expect(select("name + status_code == 'searchERROR'", spans)).toEqual(['tool']);
    expect(select('latency_ms / 0 > 0 or latency_ms / 0 <= 0', spans)).toEqual([]);
    expect(select('-latency_ms < -1000', spans)).toEqual(['llm']);
  });
});

describe('missing values', () => {
  it('fail every comparison, negated or not, except is None', () => {
    // `open` has no end time, so no latency
    expect(select('latency_ms > 0', spans)).toEqual(['llm', 'tool']);
    expect(select('latency_ms <= 0', spans)).toEqual([]);
    expect(select('not (latency_ms > 0)', spans)).toEqual([]);
    expect(select('latency_ms != 5', spans)).toEqual(['llm', 'tool']);
    expect(select('latency_ms is None', spans)).toEqual(['open']);
    expect(select('latency_ms == None', spans)).toEqual(['open']);
    expect(select('latency_ms is not None', spans)).toEqual(['llm', 'tool']);
  });

  it('follow three-valued logic under not, inside and beside other terms', () => {
    expect(select("name == 'pending' and not (latency_ms > 0)", spans)).toEqual([]);
    // unknown and false is false, so its negation holds for the span without a latency
    expect(select("not (latency_ms > 0 and name == 'x')", spans)).toEqual(['llm', 'tool', 'open']);
    // unknown or false is unknown, so its negation does not
    expect(select("not (latency_ms > 0 or name == 'x')", spans)).toEqual([]);
    expect(select("not not (latency_ms > 0)", spans)).toEqual(['llm', 'tool']);
  });

  it('do not block an or whose other side holds', () => {
    expect(select("latency_ms > 0 or name == 'pending'", spans)).toEqual(['llm', 'tool', 'open']);
  });

  it('fail both a substring test and its negation', () => {
    expect(select("'refund' in input.value", spans)).toEqual(['llm']);
    expect(select("'refund' not in input.value", spans)).toEqual(['tool']);
  });

  it('treat a missing attribute and a null one alike for is None', () => {
    const withNull = [...spans, makeSpan({ spanId: 'nulled', attributes: { input: { value: null } } })];
    expect(select('input.value is None', withNull)).toEqual(['open', 'nulled']);
  });
});

describe('in and not in', () => {
  it('tests membership in a list or a tuple', () => {
    expect(select("name in ('search', 'pending')", spans)).toEqual(['tool', 'open']);
    expect(select("name not in ['search']", spans)).toEqual(['llm', 'open']);
    expect(select('latency_ms in [200, 1500]', spans)).toEqual(['llm', 'tool']);
  });

  it('is a case-insensitive substring test on text', () => {
    expect(select("'Refund' in input.value", spans)).toEqual(['llm']);
    expect(select("'PARIS' in input.value", spans)).toEqual(['tool']);
    expect(select("'cha' in name", spans)).toEqual(['llm']);
    expect(select("name in input.value", [namedSpan('x')])).toEqual(['x']);
  });
});

describe('attributes', () => {
  it('reads nested paths, list indices and metadata', () => {
    expect(select("llm.model_name == 'gpt-4o'", spans)).toEqual(['llm']);
    expect(select("attributes['retrieval']['documents'][1]['document']['id'] == 'd2'", spans)).toEqual(['llm']);
    expect(select("metadata['tags'][0] == 'a'", spans)).toEqual(['llm']);
    expect(select("metadata['plan'] == 'free'", spans)).toEqual(['tool']);
  });

  it('reads metadata sent as a JSON string like an object', () => {
    const span = namedSpan('json');
    expect(select("metadata['plan'] == 'pro' and metadata['n'] > 2", [span])).toEqual(['json']);
  });

  it('compares an attribute with a number numerically, converting numeric text and dropping the rest', () => {
    expect(select("metadata['tier'] > 5", spans)).toEqual(['tool']);
    expect(select("metadata['tier'] < 5", spans)).toEqual(['llm']);
    expect(select("metadata['plan'] > 0 or metadata['plan'] <= 0", spans)).toEqual([]);
    expect(select("float(metadata['tier']) == 2", spans)).toEqual(['llm']);
  });

  it('compares an attribute with text as text', () => {
    expect(select("metadata['tier'] == '10'", spans)).toEqual(['tool']);
  });

  it('reads the three JSON boolean encodings with is True / is False', () => {
    expect(select("metadata['flag'] is True", spans)).toEqual(['llm']);
    expect(select("metadata['flag'] is False", spans)).toEqual(['tool']);
    expect(select("metadata['flag'] == True", spans)).toEqual(['llm']);
    // a value that is missing, or no boolean, is neither True nor not True (Phoenix's SQL NULL)
    expect(select("metadata['flag'] is not True", spans)).toEqual(['tool']);
    expect(select("metadata['flag'] is not False", spans)).toEqual(['llm']);
    expect(select("not (metadata['flag'] is True)", spans)).toEqual(['tool']);
    expect(select("metadata['plan'] is True or metadata['plan'] is not True", spans)).toEqual([]);
  });

  it('orders two attributes numerically, not as text', () => {
    const span = namedSpan('pair');
    expect(select("attributes['a'] < attributes['b']", [span])).toEqual(['pair']);
  });

  it('reads the token counts as numbers', () => {
    expect(select('llm.token_count.total >= 120', spans)).toEqual(['llm']);
  });

  it('reads own attributes only, never inherited object properties', () => {
    const span = namedSpan('plain');
    expect(select('constructor is None and toString is None and a.constructor is None', [span])).toEqual(['plain']);
    expect(select("attributes['a']['__proto__'] is None and metadata['constructor'] is None", [span])).toEqual(['plain']);
  });

  it('reads a key that is both a leaf and a prefix as its leaf, as the span loaders store it', () => {
    const span = makeSpan({ spanId: 'both', attributes: { input: { '': 'raw text', value: 'v' } } });
    expect(select("input == 'raw text' and input.value == 'v'", [span])).toEqual(['both']);
  });

  it('resolves an unknown bare name to an attribute of that name', () => {
    expect(select("parent == 'x'", [namedSpan('p')])).toEqual(['p']);
  });
});

describe('annotations', () => {
  const annotations = [
    makeAnnotation('llm', 'correctness', { label: 'incorrect', score: 0, explanation: 'Contradicts the refund policy', annotatorKind: 'LLM' }),
    makeAnnotation('tool', 'correctness', { label: 'correct', score: 1, annotatorKind: 'HUMAN' }),
    makeAnnotation('tool', 'helpfulness', { score: 0.4 }),
    { ...makeAnnotation('open', 'correctness', { label: 'incorrect' }), target: { kind: 'trace' as const, traceId: 't1' } },
  ];

  it('reads label, score and explanation', () => {
    expect(select("annotations['correctness'].label == 'incorrect'", spans, annotations)).toEqual(['llm']);
    expect(select("annotations['correctness'].score >= 1", spans, annotations)).toEqual(['tool']);
    expect(select("'refund' in annotations['correctness'].explanation", spans, annotations)).toEqual(['llm']);
    expect(select("evals['helpfulness'].score < 0.5", spans, annotations)).toEqual(['tool']);
  });

  it('tests existence with the bare form, and only span annotations count', () => {
    expect(select("annotations['correctness']", spans, annotations)).toEqual(['llm', 'tool']);
    expect(select("not annotations['correctness']", spans, annotations)).toEqual(['open']);
    expect(select("annotations['helpfulness'] and latency_ms < 1000", spans, annotations)).toEqual(['tool']);
  });

  it('sees a missing annotation as None and fails its comparisons', () => {
    expect(select("annotations['helpfulness'].score is None", spans, annotations)).toEqual(['llm', 'open']);
    expect(select("annotations['helpfulness'].score != 0.4", spans, annotations)).toEqual([]);
    expect(select("annotations['correctness'].explanation is None", spans, annotations)).toEqual(['tool', 'open']);
  });

  it('filters by who annotated through the annotator_kind extension', () => {
    expect(select("annotations['correctness'].annotator_kind == 'llm'", spans, annotations)).toEqual(['llm']);
  });

  describe('several annotations of one name on a span', () => {
    const votes = [
      makeAnnotation('llm', 'thumbs', { label: 'up', score: 1, identifier: 'alice' }),
      makeAnnotation('llm', 'thumbs', { label: 'down', score: 0, identifier: 'bob' }),
      makeAnnotation('tool', 'thumbs', { label: 'up', score: 1, identifier: 'alice' }),
      makeAnnotation('tool', 'note', { label: 'check' }),
    ];

    it('selects the span when any one of them satisfies the condition', () => {
      expect(select("annotations['thumbs'].label == 'down'", spans, votes)).toEqual(['llm']);
      expect(select("annotations['thumbs'].label == 'up'", spans, votes)).toEqual(['llm', 'tool']);
      expect(select("annotations['thumbs'].label != 'up'", spans, votes)).toEqual(['llm']);
    });

    it('reads one annotation for every member access of a name, as Phoenix\'s join does', () => {
      expect(select("annotations['thumbs'].label == 'down' and annotations['thumbs'].score == 1", spans, votes)).toEqual([]);
      expect(select("annotations['thumbs'].label == 'down' and annotations['thumbs'].score == 0", spans, votes)).toEqual(['llm']);
    });

    it('combines names independently', () => {
      expect(select("annotations['thumbs'].label == 'up' and annotations['note']", spans, votes)).toEqual(['tool']);
      expect(select("annotations['thumbs'].label == 'down' or annotations['note'].label == 'check'", spans, votes)).toEqual(['llm', 'tool']);
    });
  });

  it('accepts annotations as a map from span id', () => {
    const byspan = new Map([['tool', [makeAnnotation('tool', 'q', { label: 'x' })]]]);
    expect(filterSpans(spans, "annotations['q'].label == 'x'", { annotations: byspan }).map((s) => s.spanId)).toEqual(['tool']);
  });

  it('lets a compiled condition be called with a span and its annotations', () => {
    const matches = compileCondition("annotations['correctness'].label == 'incorrect' and latency_ms > 1000");
    expect(matches.annotationNames).toEqual(['correctness']);
    expect(matches(spans[0]!, [annotations[0]!])).toBe(true);
    expect(matches(spans[0]!, [])).toBe(false);
    expect(matches(spans[0]!)).toBe(false);
  });
});

describe('parent_span and the tree', () => {
  const tree = ['root', 'child', 'grandchild', 'orphan'].map(namedSpan);

  it('counts a span whose parent is missing from the set as a root with parent_span, not with parent_id', () => {
    expect(select('parent_span is None', tree)).toEqual(['root', 'orphan']);
    expect(select('parent_id is None', tree)).toEqual(['root']);
    expect(select('parent_span is not None', tree)).toEqual(['child', 'grandchild']);
  });

  it('treats every parent as present when a compiled condition is called without a scope', () => {
    const matches = compileCondition('parent_span is None');
    expect(matches(tree[3]!)).toBe(false);
    expect(matches(tree[3]!, null, createFilterScope(tree))).toBe(true);
  });

  it('sums token counts over the subtree for the cumulative names', () => {
    expect(select('cumulative_llm_token_count_total == 17', tree)).toEqual(['root', 'child']);
    expect(select('cumulative_token_count.prompt == 11', tree)).toEqual(['root', 'child']);
    expect(select('cumulative_llm_token_count_completion == 0', tree)).toEqual(['orphan']);
  });

  it('survives a parent cycle in bad data', () => {
    const cycle = [makeSpan({ spanId: 'a', parentId: 'b' }), makeSpan({ spanId: 'b', parentId: 'a' })];
    expect(select('cumulative_llm_token_count_total >= 0', cycle)).toEqual(['a', 'b']);
  });
});

describe('filterSpans', () => {
  it('returns every span, as a new array, for an empty condition', () => {
    const out = filterSpans(spans, '  ');
    expect(out).toEqual(spans);
    expect(out).not.toBe(spans);
  });

  it('keeps the input order', () => {
    expect(select("name != 'x'", [...spans].reverse())).toEqual(['open', 'tool', 'llm']);
  });

  it('refuses spans that are not an array, naming the field and the value', () => {
    expect(() => filterSpans('nope' as unknown as Span[], "name == 'x'")).toThrow(ValidationError);
    expect(() => filterSpans('nope' as unknown as Span[], "name == 'x'")).toThrow('spans: expected an array of spans, got "nope"');
  });

  it('refuses annotations that are neither a list nor a map', () => {
    expect(() => filterSpans(spans, "annotations['q']", { annotations: {} as unknown as Annotation[] })).toThrow('options.annotations');
  });

  it('throws the parse error for a bad condition', () => {
    expect(() => filterSpans(spans, 'latency_ms >')).toThrow('unexpected end of condition');
  });
});
