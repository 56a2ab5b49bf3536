import { AnnokitError } from '../errors';
import type { SourceRange } from './ast';

/** A condition that does not parse or means nothing: the message names the fragment, `range` points at it. */
export class FilterConditionError extends AnnokitError {
  /** Where in `condition` the problem is. */
  readonly range: SourceRange;
  /** The condition text the error is about. */
  readonly condition: string;

  constructor(message: string, range: SourceRange, condition: string) {
    super(message, { code: 'validation', retryable: false });
    this.name = 'FilterConditionError';
    this.range = range;
    this.condition = condition;
  }

  /** The offending fragment of the condition. */
  get fragment(): string {
    return this.condition.slice(this.range.start, this.range.end);
  }
}

export function isFilterConditionError(error: unknown): error is FilterConditionError {
  return error instanceof FilterConditionError;
}

/** Fragments echoed in messages are cut, so a pasted wall of text cannot drown the advice after it. */
export function quoteFragment(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return `\`${oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine}\``;
}
