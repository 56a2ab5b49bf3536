import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, createLeaseLeader, createWebLocksLeader, type LockManagerLike } from '../../../src/core/outbox/index';

beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => vi.useRealTimers());

describe('createLeaseLeader (browsers without Web Locks)', () => {
  it('lets exactly one of two tabs lead, and hands over once the leader stops renewing', async () => {
    const a = vi.fn();
    const b = vi.fn();
    const leaderA = createLeaseLeader({ owner: 'a', leaseMs: 3_000 });
    const leaderB = createLeaseLeader({ owner: 'b', leaseMs: 3_000 });
    leaderA.start(a);
    leaderB.start(b);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(a.mock.calls).toEqual([[true]]);
    expect(b).not.toHaveBeenCalled();
    leaderA.stop(); // the tab closed: its lease is released
    await vi.advanceTimersByTimeAsync(1_000);
    expect(b.mock.calls).toEqual([[true]]);
    leaderB.stop();
  });

  it('takes over an expired lease left by a tab that hung', async () => {
    localStorage.setItem('annokit:outbox:leader', JSON.stringify({ owner: 'ghost', expiresAt: 2_000 }));
    const onChange = vi.fn();
    const leader = createLeaseLeader({ owner: 'me', leaseMs: 3_000 });
    leader.start(onChange);
    expect(onChange).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(onChange.mock.calls).toEqual([[true]]);
    leader.stop();
  });
});

describe('createWebLocksLeader', () => {
  function fakeLocks(): LockManagerLike {
    const queue: { callback: () => Promise<unknown>; signal?: AbortSignal }[] = [];
    let held = false;
    const next = () => {
      while (!held && queue.length > 0) {
        const waiter = queue.shift()!;
        if (waiter.signal?.aborted) continue;
        held = true;
        void waiter.callback().finally(() => {
          held = false;
          next();
        });
      }
    };
    return {
      request(_name, options, callback) {
        return new Promise((resolve, reject) => {
          options.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
          queue.push({ callback: () => callback().then(resolve), signal: options.signal });
          next();
        });
      },
    };
  }

  it('leads while holding the lock and passes it to the waiting tab when stopped', async () => {
    const locks = fakeLocks();
    const a = vi.fn();
    const b = vi.fn();
    const leaderA = createWebLocksLeader('annokit:outbox', locks);
    const leaderB = createWebLocksLeader('annokit:outbox', locks);
    leaderA.start(a);
    leaderB.start(b);
    await vi.advanceTimersByTimeAsync(0);
    expect(a.mock.calls).toEqual([[true]]);
    expect(b).not.toHaveBeenCalled();
    leaderA.stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(a.mock.calls).toEqual([[true], [false]]);
    expect(b.mock.calls).toEqual([[true]]);
    leaderB.stop();
  });
});

describe('backoffDelay', () => {
  it('draws full jitter below a doubling ceiling, capped, with Retry-After as a floor', () => {
    const options = { baseDelayMs: 1_000, maxDelayMs: 8_000 };
    expect([1, 2, 3, 4, 5, 6].map((failures) => backoffDelay(failures, options, () => 0.999))).toEqual([
      999, 1_998, 3_996, 7_992, 7_992, 7_992,
    ]);
    expect(backoffDelay(3, options, () => 0)).toBe(0);
    expect(backoffDelay(1, options, () => 0.5, 20)).toBe(20_000);
  });
});
