import { describe, expect, it } from 'vitest';
import { AnnokitError, ValidationError, isRetryableError, toAnnokitError } from '../../src/core/errors';

describe('toAnnokitError and isRetryableError', () => {
  it('keeps an AnnokitError as it is', () => {
    const error = new ValidationError([{ field: 'score', value: 9, message: 'too high' }]);
    expect(toAnnokitError(error)).toBe(error);
    expect(isRetryableError(error)).toBe(false);
  });

  it('maps a failed fetch (TypeError) to a retryable network error that keeps the cause', () => {
    const cause = new TypeError('Failed to fetch');
    const error = toAnnokitError(cause);
    expect(error).toMatchObject({ code: 'network', retryable: true, message: 'Network error: Failed to fetch', cause });
    expect(isRetryableError(cause)).toBe(true);
  });

  it('maps aborts and time-outs to a retryable timeout', () => {
    for (const name of ['AbortError', 'TimeoutError']) {
      const cause = Object.assign(new Error('stopped'), { name });
      expect(toAnnokitError(cause)).toMatchObject({ code: 'timeout', retryable: true, message: 'The request timed out' });
      expect(isRetryableError(cause)).toBe(true);
    }
  });

  it('keeps the message of any other Error and does not retry it', () => {
    const error = toAnnokitError(new RangeError('bad range'));
    expect(error).toBeInstanceOf(AnnokitError);
    expect(error).toMatchObject({ code: 'unknown', retryable: false, message: 'bad range' });
    expect(isRetryableError(new RangeError('bad range'))).toBe(false);
  });

  it('names the value when something other than an Error is thrown', () => {
    expect(toAnnokitError({ status: 'boom' }).message).toBe('Unexpected error: {"status":"boom"}');
    expect(toAnnokitError(undefined).message).toBe('Unexpected error: undefined');
    expect(isRetryableError('offline')).toBe(false);
  });
});
