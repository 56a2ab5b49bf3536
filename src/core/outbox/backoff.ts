export interface BackoffOptions {
  /** The ceiling of the first retry's delay, in ms. */
  baseDelayMs: number;
  /** No delay exceeds this, in ms. */
  maxDelayMs: number;
}

/**
 * "Full jitter" exponential backoff: a random delay between 0 and `base * 2^(failures-1)` (capped),
 * so tabs and users that failed together do not retry together. A server's Retry-After is a floor.
 */
export function backoffDelay(
  failures: number,
  options: BackoffOptions,
  random: () => number,
  retryAfterSeconds?: number,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, failures - 1));
  const jittered = Math.floor(random() * ceiling);
  const floor = retryAfterSeconds !== undefined && retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : 0;
  return Math.max(jittered, floor);
}
