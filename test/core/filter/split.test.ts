import { describe, expect, it } from 'vitest';
import { filterSpans, isPhoenixCondition, parseCondition, splitCondition } from '../../../src/core';
import { generateProject } from './fixtures';

describe('splitCondition', () => {
  it('hands span kinds, status codes, names, ids, roots and string attribute equality to the backend', () => {
    const split = splitCondition(
      "span_kind in ['llm', 'TOOL'] and status_code == 'error' and name == 'chat' and trace_id in ['t1', 't2'] and span_id == 's1' and parent_id is None and llm.model_name == 'gpt-4o'",
    );
    expect(split.query).toEqual({
      spanKinds: ['LLM', 'TOOL'],
      statusCodes: ['ERROR'],
      names: ['chat'],
      traceIds: ['t1', 't2'],
      spanIds: ['s1'],
      rootsOnly: true,
      attributes: { 'llm.model_name': 'gpt-4o' },
    });
    expect(split.remaining.body).toBeNull();
    expect(split.remainingText).toBe('');
  });

  it('keeps what the backend cannot serve for the browser', () => {
    const split = splitCondition("span_kind == 'LLM' and annotations['correctness'].label == 'incorrect' and 'refund' in input.value");
    expect(split.query).toEqual({ spanKinds: ['LLM'] });
    expect(split.remainingText).toBe("annotations['correctness'].label == 'incorrect' and 'refund' in input.value");
    expect(split.remainingIsPhoenix).toBe(true);
  });

  it('serves nothing from an or, a not, or a second condition on the same field', () => {
    expect(splitCondition("span_kind == 'LLM' or name == 'x'").query).toEqual({});
    expect(splitCondition("not span_kind == 'LLM'").query).toEqual({});
    const twice = splitCondition("span_kind == 'LLM' and span_kind == 'TOOL'");
    expect(twice.query).toEqual({ spanKinds: ['LLM'] });
    expect(twice.remainingText).toBe("span_kind == 'TOOL'");
  });

  it('turns start-time bounds into the query range, keeping the bounds it can only narrow', () => {
    const t = Date.parse('2026-01-01T00:00:00Z');
    expect(splitCondition("start_time >= '2026-01-01T00:00:00Z' and start_time < '2026-01-02T00:00:00Z'")).toMatchObject({
      query: { startTime: t, endTime: t + 86_400_000 },
      remainingText: '',
    });
    const strict = splitCondition("start_time > '2026-01-01T00:00:00Z'");
    expect(strict.query).toEqual({ startTime: t });
    expect(strict.remainingText).toBe("start_time > '2026-01-01T00:00:00Z'");
    expect(splitCondition("'2026-01-01T01:00:00+01:00' <= start_time").query).toEqual({ startTime: t });
    expect(splitCondition("'2026-01-01T00:00:00Z' <= start_time < '2026-01-01T00:00:01Z'").query).toEqual({ startTime: t, endTime: t + 1000 });
  });

  it('leaves unknown kinds, numeric attribute equality and parent_span to the browser', () => {
    expect(splitCondition("span_kind == 'WORKFLOW'").query).toEqual({});
    expect(splitCondition("metadata['tier'] == 2").query).toEqual({});
    // text equality matches a stored number 2 or boolean true, which a backend's typed equality would not
    expect(splitCondition("metadata['tier'] == '2' and metadata['flag'] == 'true'").query).toEqual({});
    expect(splitCondition('parent_span is None').query).toEqual({});
  });

  it('serves only the fields the backend declares', () => {
    const split = splitCondition("span_kind == 'LLM' and name == 'x'", { serves: ['names'] });
    expect(split.query).toEqual({ names: ['x'] });
    expect(split.remainingText).toBe("span_kind == 'LLM'");
  });

  it('marks a remainder using annokit extensions as not Phoenix', () => {
    expect(splitCondition("annotations['q'].annotator_kind == 'HUMAN'").remainingIsPhoenix).toBe(false);
    expect(isPhoenixCondition(parseCondition("annotations['q'].label == 'x'"))).toBe(true);
  });

  it('selects the same spans served in two steps as filtered in one', () => {
    const { spans, annotations } = generateProject(200);
    const text =
      "span_kind in ['LLM', 'TOOL'] and status_code == 'OK' and start_time > '2026-01-01T01:00:00Z' and annotations['correctness'].label == 'incorrect'";
    const split = splitCondition(text);
    // a stand-in backend applying the query fields
    const served = spans.filter(
      (span) =>
        (!split.query.spanKinds || split.query.spanKinds.includes(span.kind)) &&
        (!split.query.statusCodes || split.query.statusCodes.includes(span.status.code)) &&
        (split.query.startTime === undefined || (span.startTime ?? -Infinity) >= split.query.startTime),
    );
    const twoStep = filterSpans(served, split.remaining, { annotations });
    const oneStep = filterSpans(spans, text, { annotations });
    expect(oneStep.length).toBeGreaterThan(0);
    expect(twoStep.map((s) => s.spanId)).toEqual(oneStep.map((s) => s.spanId));
  });
});
