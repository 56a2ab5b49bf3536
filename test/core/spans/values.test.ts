import { describe, expect, it } from 'vitest';
import { isNoParent, nanosToMs, normalizeOtelId, parseIsoTime, readSpanKind, readStatusCode, readTime } from '../../../src/core/spans/values';

describe('parseIsoTime', () => {
  it('keeps microseconds and nanoseconds that Date.parse would cut', () => {
    expect(parseIsoTime('2024-01-01T00:00:00.123456Z')).toBeCloseTo(Date.UTC(2024, 0, 1) + 123.456, 6);
    expect(parseIsoTime('2024-01-01T00:00:00.000000001Z')).toBeCloseTo(Date.UTC(2024, 0, 1) + 0.000001, 9);
  });

  it('applies zone offsets and reads a time without a zone as UTC', () => {
    expect(parseIsoTime('2024-01-01T02:00:00+02:00')).toBe(Date.UTC(2024, 0, 1));
    expect(parseIsoTime('2023-12-31T19:30:00-0430')).toBe(Date.UTC(2024, 0, 1));
    expect(parseIsoTime('2024-01-01 00:00:00')).toBe(Date.UTC(2024, 0, 1));
  });

  it('returns null for text that is not a time', () => {
    expect(parseIsoTime('soon')).toBeNull();
  });
});

describe('readTime', () => {
  it('reads nanosecond text without losing the last digits to a float', () => {
    expect(nanosToMs('1751473879643884800')).toBe(1751473879643 + 0.8848);
    expect(nanosToMs('999')).toBe(0.000999);
    expect(readTime('1544712660000000000', 'f', [])).toBe(1544712660000);
  });

  it('reads HrTime tuples and treats absence as missing without a problem', () => {
    const problems: string[] = [];
    expect(readTime([1, 500_000_000], 'f', problems)).toBe(1500);
    expect(readTime(undefined, 'f', problems)).toBeNull();
    expect(readTime(null, 'f', problems)).toBeNull();
    expect(problems).toEqual([]);
  });

  it('records what it could not read', () => {
    const problems: string[] = [];
    expect(readTime({ seconds: 1 }, 'spans[0].startTime', problems)).toBeNull();
    expect(problems).toEqual(['spans[0].startTime: unreadable time {"seconds":1}; treated as missing']);
  });
});

describe('ids, status codes and kinds', () => {
  it('normalizes hex of any case, 0x prefixes and base64 to lower-case hex', () => {
    const problems: string[] = [];
    expect(normalizeOtelId('EEE19B7EC3C1B174', 8, 'f', problems)).toBe('eee19b7ec3c1b174');
    expect(normalizeOtelId('0x051581bf3cb55c13', 8, 'f', problems)).toBe('051581bf3cb55c13');
    expect(normalizeOtelId('PHL1gt1FhyAgcA3641rvnQ==', 16, 'f', problems)).toBe('3c72f582dd45872020700dfae35aef9d');
    expect(problems).toEqual([]);
  });

  it('reads empty and all-zero parent ids as no parent, but not a real id of A characters', () => {
    expect(isNoParent('')).toBe(true);
    expect(isNoParent('0000000000000000')).toBe(true);
    expect(isNoParent('AAAAAAAAAAA=')).toBe(true);
    expect(isNoParent('AAAAAAAAAAAAAAAA')).toBe(false);
  });

  it('reads every spelling of a status code and records unknown ones', () => {
    const problems: string[] = [];
    expect([0, 1, 2, 'STATUS_CODE_ERROR', 'StatusCode.OK', 'unset', '2', undefined].map((code) => readStatusCode(code, 'f', problems))).toEqual([
      'UNSET', 'OK', 'ERROR', 'ERROR', 'OK', 'UNSET', 'ERROR', 'UNSET',
    ]);
    expect(problems).toEqual([]);
    expect(readStatusCode(7, 'status.code', problems)).toBe('UNSET');
    expect(problems).toEqual(['status.code: unknown status code 7; read as UNSET']);
  });

  it('accepts OpenInference kinds in any case and keeps others as rawKind', () => {
    const problems: string[] = [];
    expect(readSpanKind('llm', 'f', problems)).toEqual({ kind: 'LLM' });
    expect(readSpanKind(undefined, 'f', problems)).toEqual({ kind: 'UNKNOWN' });
    expect(problems).toEqual([]);
    expect(readSpanKind('workflow', 'f', problems)).toEqual({ kind: 'UNKNOWN', rawKind: 'workflow' });
    expect(problems).toHaveLength(1);
  });
});
