import type { AnnotationAdapter, RequestOptions } from '../../src/core/adapter';
import { AnnokitError } from '../../src/core/errors';
import type { Annotation, AnnotationInput, AnnotationQuery, AnnotationRef, Note, NoteInput } from '../../src/core/model';
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
  /**
   * Share of write calls that hang until the client gives up, and are applied by the backend only
   * later (a server still working on a request its client has timed out on): a late landing, which
   * may overwrite a newer write of the same key. Default 0.
   */
  lateLandingRate?: number;
  /** When a late landing is applied, in ms after the call: between these bounds. Default [1000, 5000]. */
  lateLandingDelayMs?: readonly [number, number];
  /** Share of reads (`listAnnotations`, `listNotes`) that fail with a network error. Default 0. */
  readFailureRate?: number;
  /** Upper bound of the delay before a call is applied or answered, in ms; keep it below the outbox's attempt time-out. */
  maxDelayMs: number;
  /** The timer to delay with. Default the global `setTimeout`. */
  setTimeout?: (callback: () => void, ms: number) => unknown;
}

/** One write that reached the backend (a bulk request counts once per annotation in it). */
export interface Delivery {
  method: 'upsert' | 'delete' | 'note';
  key: string;
  idempotencyKey: string;
  /** Whether the client got an answer (false for lost responses, late landings and callers that died). */
  answered: boolean;
  /** Applied after the client had given up on the request. */
  late: boolean;
}

export interface FaultStats {
  calls: number;
  failuresInjected: number;
  lostResponses: number;
  hangs: number;
  lateLandings: number;
  readFailures: number;
  deliveries: Delivery[];
}

/** What one call writes: the deliveries it makes when it reaches the backend. */
type Writes = Omit<Delivery, 'answered' | 'late'>[];

/**
 * Wraps an adapter with a hostile network: calls fail at random (network error, 503, 429 with
 * Retry-After), are delayed, hang until the client times out, reach the backend while their
 * response is lost, or (late landings) are applied only after the client has given up. Other writes
 * land strictly before `maxDelayMs`. `view(isDead)` gives one page's adapter: once that page is dead
 * its calls still reach the backend but their answers never come back.
 */
export function createFaultyBackend(inner: AnnotationAdapter, options: FaultOptions) {
  const stats: FaultStats = { calls: 0, failuresInjected: 0, lostResponses: 0, hangs: 0, lateLandings: 0, readFailures: 0, deliveries: [] };
  const { random } = options;
  const lateRate = options.lateLandingRate ?? 0;
  const [lateMin, lateMax] = options.lateLandingDelayMs ?? [1000, 5000];
  const delay = () => Math.floor(random() * options.maxDelayMs);
  const timer = options.setTimeout ?? ((callback: () => void, ms: number) => setTimeout(callback, ms));
  const wait = (ms: number) => new Promise<void>((resolve) => void timer(resolve, ms));
  const never = () => new Promise<never>(() => undefined);

  async function call<T>(writes: Writes, apply: () => Promise<T>, isDead: () => boolean): Promise<T> {
    stats.calls++;
    const roll = random();
    let threshold = options.failureRate;
    if (roll < threshold) {
      await wait(delay());
      stats.failuresInjected++;
      if (isDead()) return never();
      const kind = random();
      if (kind < 0.4) throw new TypeError('Failed to fetch');
      if (kind < 0.7) throw new AnnokitError('Service unavailable', { code: 'server', status: 503 });
      throw new AnnokitError('Too many requests', { code: 'rate_limited', status: 429, retryAfterSeconds: 1 });
    }
    if (roll < (threshold += options.hangRate)) {
      stats.failuresInjected++;
      stats.hangs++;
      return never();
    }
    if (roll < (threshold += lateRate)) {
      // The client gives up; the server applies the write later, whatever happened meanwhile.
      stats.failuresInjected++;
      stats.lateLandings++;
      timer(() => {
        void apply().then(() => {
          for (const write of writes) stats.deliveries.push({ ...write, answered: false, late: true });
        });
      }, lateMin + Math.floor(random() * (lateMax - lateMin)));
      return never();
    }
    await wait(delay());
    const result = await apply();
    const lost = roll < threshold + options.lostResponseRate;
    for (const write of writes) stats.deliveries.push({ ...write, answered: !lost && !isDead(), late: false });
    if (lost) {
      stats.failuresInjected++;
      stats.lostResponses++;
      return never();
    }
    if (isDead()) return never();
    return result;
  }

  async function read<T>(run: () => Promise<T>): Promise<T> {
    await wait(delay());
    if (random() < (options.readFailureRate ?? 0)) {
      stats.readFailures++;
      throw new TypeError('Failed to fetch');
    }
    return run();
  }

  const keyOf = (input: AnnotationInput) => annotationKey({ target: input.target, name: input.name, identifier: input.identifier ?? '' });

  function view(isDead: () => boolean = () => false): AnnotationAdapter {
    const adapter: AnnotationAdapter = {
      name: `faulty(${inner.name})`,
      listAnnotations: (query: AnnotationQuery) => read(() => inner.listAnnotations(query)),
      upsertAnnotations(inputs: AnnotationInput[], request?: RequestOptions): Promise<Annotation[]> {
        const writes = inputs.map((input) => ({
          method: 'upsert' as const,
          key: keyOf(input),
          idempotencyKey: input.idempotencyKey ?? request?.idempotencyKey ?? '',
        }));
        return call(writes, () => inner.upsertAnnotations(inputs), isDead);
      },
      deleteAnnotations(refs: AnnotationRef[], request?: RequestOptions): Promise<void> {
        // A bulk delete carries no per-ref key: its refs are told apart by their annotation key.
        const writes = refs.map((ref) => ({ method: 'delete' as const, key: annotationKey(ref), idempotencyKey: request?.idempotencyKey ?? `bulk:${annotationKey(ref)}` }));
        return call(writes, () => inner.deleteAnnotations!(refs), isDead);
      },
    };
    if (inner.addNote && inner.listNotes) {
      const { addNote, listNotes } = inner;
      adapter.addNote = (input: NoteInput, request?: RequestOptions): Promise<Note> => {
        const idempotencyKey = request?.idempotencyKey ?? '';
        return call([{ method: 'note', key: `note:${idempotencyKey}`, idempotencyKey }], () => addNote(input, { idempotencyKey }), isDead);
      };
      adapter.listNotes = (query) => read(() => listNotes(query));
    }
    return adapter;
  }

  return { view, stats };
}
