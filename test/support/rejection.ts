import { expect } from 'vitest';
import { AnnokitError } from '../../src/core';

/** Awaits `promise`, expects it to reject with an AnnokitError, and returns that error for assertions on its code and message. */
export async function rejectionOf(promise: Promise<unknown>): Promise<AnnokitError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AnnokitError);
    return error as AnnokitError;
  }
  throw new Error('expected the call to be rejected');
}
