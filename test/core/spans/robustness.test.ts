import { describe, expect, it } from 'vitest';
import {
  buildTraceTree,
  getExceptions,
  getInput,
  getInputMessages,
  getMetadata,
  getOutput,
  getOutputMessages,
  getRetrievedDocuments,
  getTags,
  getTokenCounts,
  getTool,
  loadSpans,
  type Span,
} from '../../../src/core';
import { fixture, phoenixBody, pythonToJson } from './fixtures';

const ODD_VALUES: unknown[] = [null, 42, -1, 'x', '', true, [], {}, [1, 'a'], { nested: { deep: [null] } }, NaN];

type Json = Record<string, unknown>;

/** Every top-level field of `sample` (and of its `context`-like objects) replaced, one at a time, by each odd value. */
function mutations(sample: Json): Json[] {
  const out: Json[] = [];
  for (const key of Object.keys(sample)) {
    for (const odd of ODD_VALUES) out.push({ ...sample, [key]: odd });
    const inner = sample[key];
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
      for (const innerKey of Object.keys(inner)) {
        for (const odd of ODD_VALUES) out.push({ ...sample, [key]: { ...(inner as Json), [innerKey]: odd } });
      }
    }
  }
  return out;
}

function readEverything(span: Span): void {
  getInput(span);
  getOutput(span);
  getInputMessages(span);
  getOutputMessages(span);
  getTokenCounts(span);
  getRetrievedDocuments(span);
  getTool(span);
  getExceptions(span);
  getMetadata(span);
  getTags(span);
}

describe('loaders keep every span of a known shape, whatever its fields hold', () => {
  const firstOtlpSpan = ((fixture('agent-prism') as Json[])[0]!.resourceSpans as Json[])[0]!.scopeSpans as Json[];
  const otlpSpan = (firstOtlpSpan[0]!.spans as Json[])[0]!;
  const cases: Array<[string, Json, (span: Json) => unknown]> = [
    ['OTLP', otlpSpan, (span) => ({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] })],
    ['Phoenix REST', phoenixBody.data[0] as Json, (span) => ({ data: [span], next_cursor: null })],
    ['Python to_json()', pythonToJson[0] as Json, (span) => [span, pythonToJson[1]]],
    ['JS SDK', (fixture('vercel') as Json[])[6]!, (span) => [span]],
    ['Langfuse', (fixture('langfuse') as { observations: Json[] }).observations[0]!, (span) => ({ trace: { id: 't' }, observations: [span] })],
  ];

  it.each(cases)('%s: one span out per span in, readers and the tree never throw', (_format, sample, wrap) => {
    const variants = mutations(sample);
    expect(variants.length).toBeGreaterThan(50);
    for (const variant of variants) {
      const document = wrap(variant);
      const expected = Array.isArray(document) ? document.length : 1;
      let spans: Span[] = [];
      expect(() => (spans = loadSpans(document))).not.toThrow();
      expect(spans).toHaveLength(expected);
      for (const span of spans) {
        expect(typeof span.spanId).toBe('string');
        expect(span.spanId).not.toBe('');
        expect(() => readEverything(span)).not.toThrow();
      }
      expect(buildTraceTree(spans).nodes).toHaveLength(expected);
    }
  });
});
