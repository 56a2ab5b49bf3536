/**
 * Which outbox may send. With several tabs open every tab has an outbox over the same storage,
 * and exactly one of them (the leader) sends, so a write is sent once.
 */
export interface OutboxLeader {
  /** Starts competing; `onChange(true)` when this outbox becomes the sender, `false` when it stops being it. */
  start(onChange: (isLeader: boolean) => void): void;
  /** Gives up leadership (or the wait for it). */
  stop(): void;
}

/** Always the sender: for a single process (Node, tests, memory storage). */
export function createSoleLeader(): OutboxLeader {
  return {
    start: (onChange) => onChange(true),
    stop: () => undefined,
  };
}

/** The subset of the Web Locks API the leader uses (`navigator.locks`). */
export interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<unknown>): Promise<unknown>;
}

/**
 * Leadership held as a Web Lock: the first tab holds the lock until it closes; the browser hands
 * it to the next waiting tab when the holder's page goes away, even if it crashed.
 */
export function createWebLocksLeader(name: string, locks: LockManagerLike): OutboxLeader {
  let release: (() => void) | null = null;
  let abort: AbortController | null = null;
  return {
    start(onChange) {
      abort = new AbortController();
      locks
        .request(name, { signal: abort.signal }, () => {
          onChange(true);
          return new Promise<void>((resolve) => {
            release = () => {
              onChange(false);
              resolve();
            };
          });
        })
        // An aborted wait rejects with AbortError: that is how `stop` cancels it.
        .catch(() => undefined);
    },
    stop() {
      abort?.abort();
      release?.();
      release = null;
    },
  };
}

export interface LeaseLeaderOptions {
  /** Where the lease lives. Default `globalThis.localStorage`. */
  storage?: Storage;
  /** The storage key of the lease. Default `annokit:outbox:leader`. */
  key?: string;
  /** This outbox's id. */
  owner: string;
  /** How long a lease lasts without renewal, in ms. Default 5000. */
  leaseMs?: number;
  now?: () => number;
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

/**
 * Leadership as a lease in localStorage, for browsers without Web Locks: the holder renews it
 * every third of its length; another tab takes it once it has expired (its holder closed or hung).
 * Two tabs may both believe they lead for a moment; the idempotency key makes that harmless.
 */
export function createLeaseLeader(options: LeaseLeaderOptions): OutboxLeader {
  const storage = options.storage ?? globalThis.localStorage;
  const key = options.key ?? 'annokit:outbox:leader';
  const leaseMs = options.leaseMs ?? 5000;
  const now = options.now ?? Date.now;
  const setTimer = options.setTimeout ?? ((callback, ms) => globalThis.setTimeout(callback, ms));
  const clearTimer = options.clearTimeout ?? ((handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>));
  let timer: unknown = null;
  let leading = false;
  let stopped = true;

  const readLease = (): { owner: string; expiresAt: number } | null => {
    try {
      const value = JSON.parse(storage.getItem(key) ?? 'null') as unknown;
      if (value && typeof value === 'object' && typeof (value as { owner?: unknown }).owner === 'string') {
        const expiresAt = Number((value as { expiresAt?: unknown }).expiresAt);
        return { owner: (value as { owner: string }).owner, expiresAt: Number.isFinite(expiresAt) ? expiresAt : 0 };
      }
    } catch {
      // a corrupt lease counts as none
    }
    return null;
  };

  return {
    start(onChange) {
      stopped = false;
      const tick = () => {
        if (stopped) return;
        const lease = readLease();
        const time = now();
        if (!lease || lease.owner === options.owner || lease.expiresAt <= time) {
          storage.setItem(key, JSON.stringify({ owner: options.owner, expiresAt: time + leaseMs }));
        }
        // Read back: when two tabs wrote at once, the last write wins and only its owner leads.
        const holder = readLease();
        const isLeader = holder?.owner === options.owner;
        if (isLeader !== leading) {
          leading = isLeader;
          onChange(isLeader);
        }
        timer = setTimer(tick, Math.max(1, Math.floor(leaseMs / 3)));
      };
      tick();
    },
    stop() {
      stopped = true;
      if (timer !== null) clearTimer(timer);
      timer = null;
      if (readLease()?.owner === options.owner) storage.removeItem(key);
      leading = false;
    },
  };
}
