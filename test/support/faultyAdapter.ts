import type { AnnotationAdapter, RequestOptions } from '../../src/core/adapter';
import { AnnokitError } from '../../src/core/errors';
import type { Annotation, AnnotationInput, AnnotationRef } from '../../src/core/model';
import { annotationKey } from '../../src/core/targets';

/** A seeded PRNG (mulberry32): the same seed replays the same faults. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultOptions {
  random: () => number;
  /** Share of calls that fail before reaching the backend (network error, 503 or 429). */
  failureRate: number;
  /** Share of calls that reach the backend and are applied, but whose response is lost (a hang, then the client's time-out). */
  lostResponseRate: number;
  /** Share of calls that hang without reaching the backend. */
  hangRate: number;
  /** Upper bound of the delay before a call is applied or answered, in ms; keep it below the outbox's attempt time-out. */
  maxDelayMs: number;
  /** The timer to delay with. Default the global `setTimeout`. */
  setTimeout?: (callback: () => void, ms: number) => unknown;
}

/** One write that reached the backend. */
export interface Delivery {
  method: 'upsert' | 'delete';
  key: string;
  idempotencyKey: string;
  /** Whether the client got an answer (false for lost responses and for callers that died). */
  answered: boolean;
}

export interface FaultStats {
  calls: number;
  failuresInjected: number;
  lostResponses: number;
  hangs: number;
  deliveries: Delivery[];
}

/**
 * Wraps an adapter with a hostile network: calls fail at random (network error, 503, 429 with
 * Retry-After), are delayed, hang until the client times out, or reach the backend while their
 * response is lost. Writes land strictly before `maxDelayMs`, as a server that gives up on a
 * request once its client has gone would. `view(isDead)` gives one page's adapter: once that page
 * is dead its calls still reach the backend but their answers never come back.
 */
export function createFaultyBackend(inner: AnnotationAdapter, options: FaultOptions) {
  const stats: FaultStats = { calls: 0, failuresInjected: 0, lostResponses: 0, hangs: 0, deliveries: [] };
  const { random } = options;
  const delay = () => Math.floor(random() * options.maxDelayMs);
  const timer = options.setTimeout ?? ((callback: () => void, ms: number) => setTimeout(callback, ms));
  const wait = (ms: number) => new Promise<void>((resolve) => void timer(resolve, ms));
  const never = () => new Promise<never>(() => undefined);

  async function call<T>(
    method: 'upsert' | 'delete',
    key: string,
    idempotencyKey: string,
    apply: () => Promise<T>,
    isDead: () => boolean,
  ): Promise<T> {
    stats.calls++;
    const roll = random();
    await wait(delay());
    if (roll < options.failureRate) {
      stats.failuresInjected++;
      if (isDead()) return never();
      const kind = random();
      if (kind < 0.4) throw new TypeError('Failed to fetch');
      if (kind < 0.7) throw new AnnokitError('Service unavailable', { code: 'server', status: 503 });
      throw new AnnokitError('Too many requests', { code: 'rate_limited', status: 429, retryAfterSeconds: 1 });
    }
    if (roll < options.failureRate + options.hangRate) {
      stats.failuresInjected++;
      stats.hangs++;
      return never();
    }
    const result = await apply();
    const lost = roll < options.failureRate + options.hangRate + options.lostResponseRate;
    const delivery: Delivery = { method, key, idempotencyKey, answered: !lost && !isDead() };
    stats.deliveries.push(delivery);
    if (lost) {
      stats.failuresInjected++;
      stats.lostResponses++;
      return never();
    }
    if (isDead()) return never();
    return result;
  }

  function view(isDead: () => boolean = () => false): AnnotationAdapter {
    return {
      name: `faulty(${inner.name})`,
      listAnnotations: (query) => inner.listAnnotations(query),
      upsertAnnotations(inputs: AnnotationInput[], request?: RequestOptions): Promise<Annotation[]> {
        const input = inputs[0]!;
        const key = annotationKey({ target: input.target, name: input.name, identifier: input.identifier ?? '' });
        return call('upsert', key, input.idempotencyKey ?? request?.idempotencyKey ?? '', () => inner.upsertAnnotations(inputs), isDead);
      },
      deleteAnnotations(refs: AnnotationRef[], request?: RequestOptions): Promise<void> {
        return call('delete', annotationKey(refs[0]!), request?.idempotencyKey ?? '', () => inner.deleteAnnotations!(refs), isDead);
      },
    };
  }

  return { view, stats };
}
