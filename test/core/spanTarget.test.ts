import { describe, expect, it } from 'vitest';
import {
  SPAN_TARGET_HEADER,
  formatSpanTargetHeader,
  spanTargetFromHeaders,
  spanTargetFromMetadata,
  validateAnnotationTarget,
  validateSpanTarget,
  type SpanTarget,
} from '../../src/core';
import { rejection } from '../support/validationError';

const target: SpanTarget = { kind: 'span', spanId: '5fb397be34d26b51', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' };


describe('span targets', () => {
  it('is an annotation target as it stands: validating it as one keeps the span id', () => {
    expect(validateAnnotationTarget(target)).toEqual({ kind: 'span', spanId: target.spanId });
  });

  it('round-trips through the response header, session id included and encoded', () => {
    const withSession = { ...target, sessionId: 'chat 42/ä&x=1' };
    const headers = new Headers({ [SPAN_TARGET_HEADER]: formatSpanTargetHeader(withSession) });
    expect(headers.get(SPAN_TARGET_HEADER)).not.toContain(' ');
    expect(spanTargetFromHeaders(headers)).toEqual(withSession);
    expect(spanTargetFromHeaders(new Response(null, { headers }))).toEqual(withSession);
  });

  it('reads null from a response or metadata that carry no target', () => {
    expect(spanTargetFromHeaders(new Headers())).toBeNull();
    expect(spanTargetFromMetadata(undefined)).toBeNull();
    expect(spanTargetFromMetadata({ createdAt: 1 })).toBeNull();
  });

  it('reads the target from message metadata and lowercases hex ids', () => {
    const upper = { ...target, spanId: target.spanId.toUpperCase() };
    expect(spanTargetFromMetadata({ annokit: upper, model: 'mock' })).toEqual(target);
  });

  it('names the field and the value of a malformed target', () => {
    const error = rejection(() => spanTargetFromMetadata({ annokit: { kind: 'span', spanId: 'abc', traceId: target.traceId, sessionId: '' } }));
    expect(error.issues.map((issue) => [issue.field, issue.value])).toEqual([
      ['metadata.annokit.spanId', 'abc'],
      ['metadata.annokit.sessionId', ''],
    ]);
    expect(error.message).toContain('metadata.annokit.spanId: expected an OpenTelemetry span id (16 hex characters, not all zero), got "abc"');
  });

  it('refuses the all-zero ids of a span that is not recorded', () => {
    const error = rejection(() => validateSpanTarget({ ...target, spanId: '0000000000000000', traceId: '0'.repeat(32) }));
    expect(error.issues.map((issue) => issue.field)).toEqual(['target.spanId', 'target.traceId']);
  });

  it('names the header when it is malformed', () => {
    const headers = new Headers({ [SPAN_TARGET_HEADER]: 'trace_id=xyz' });
    expect(rejection(() => spanTargetFromHeaders(headers)).issues.map((issue) => issue.field)).toEqual([
      `headers.${SPAN_TARGET_HEADER}.spanId`,
      `headers.${SPAN_TARGET_HEADER}.traceId`,
    ]);
  });

  it('refuses something that is not an object', () => {
    expect(rejection(() => validateSpanTarget('5fb397be34d26b51')).message).toMatch(/^target: expected a span target/);
  });
});
