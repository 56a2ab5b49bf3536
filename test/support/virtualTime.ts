/**
 * Virtual time for long simulations: timers run in order of their due time, and pending promise
 * callbacks are drained between timers without yielding to the real event loop (vitest's async
 * fake timers wait a real millisecond per timer).
 */
export function createVirtualTime(start = 0) {
  let now = start;
  let lastId = 0;
  const timers = new Map<number, { at: number; id: number; callback: () => void }>();
  // setImmediate runs once every queued promise callback (and those they queue) has run.
  const drain = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    setTimeout(callback: () => void, ms: number): number {
      const id = ++lastId;
      timers.set(id, { at: now + Math.max(0, ms), id, callback });
      return id;
    },
    clearTimeout(handle: unknown): void {
      timers.delete(handle as number);
    },
    /** Moves time forward by `ms`, running every timer due on the way. */
    async advance(ms: number): Promise<void> {
      const target = now + ms;
      await drain();
      for (;;) {
        let next: { at: number; id: number; callback: () => void } | null = null;
        for (const timer of timers.values()) {
          if (timer.at <= target && (!next || timer.at < next.at || (timer.at === next.at && timer.id < next.id))) next = timer;
        }
        if (!next) break;
        timers.delete(next.id);
        now = next.at;
        next.callback();
        await drain();
      }
      now = target;
    },
  };
}
