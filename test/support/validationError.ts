import { expect } from 'vitest';
import { ValidationError } from '../../src/core';

/** Runs `run`, expects it to throw a ValidationError, and returns it for assertions on its issues. */
export function rejection(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}
