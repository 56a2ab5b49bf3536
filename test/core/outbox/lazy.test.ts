import { describe, expect, it } from 'vitest';
import type { AnnotationAdapter } from '../../../src/core/adapter';
import type { AnnotationInput } from '../../../src/core/model';
import { Outbox, createLazyOutbox, createMemoryOutboxStorage, type OutboxLeader } from '../../../src/core/outbox/index';
import { annotationKey } from '../../../src/core/targets';

const target = { kind: 'span' as const, spanId: 'span-1' };
const vote: AnnotationInput = { target, name: 'user_feedback', annotatorKind: 'HUMAN', label: 'positive', score: 1, identifier: 'ada' };
const ref = { target, name: 'user_feedback', identifier: 'ada' };

/** A backend that is down: every write waits in the outbox. */
const down: AnnotationAdapter = {
  name: 'down',
  upsertAnnotations: () => new Promise<never>(() => undefined),
  listAnnotations: async () => [],
};
const follower: OutboxLeader = { start: (onChange) => onChange(false), stop: () => undefined };

describe('the provider’s lazy outbox, as the assistant-ui bridge reads it', () => {
  it('`ready` loads the outbox and waits for it to read its storage; `getKeyState` then knows the stored writes', async () => {
    // A write left in storage by an earlier page.
    const storage = createMemoryOutboxStorage();
    const earlier = new Outbox({ adapter: down, storage, channel: null, environment: null, leader: follower });
    await earlier.upsert(vote).persisted;
    earlier.dispose();

    let opens = 0;
    const lazy = createLazyOutbox({
      adapter: down,
      open: async (adapter) => {
        opens += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return new Outbox({ adapter, storage, channel: null, environment: null, leader: follower });
      },
    });
    // Nothing is known before it has loaded.
    expect(lazy.getKeyState(ref)).toBeNull();
    await lazy.ready;
    expect(opens).toBe(1);
    const state = lazy.getKeyState(ref);
    expect(state?.latest.write).toMatchObject({ type: 'upsert', input: { label: 'positive' } });
    expect(lazy.getSnapshot().keys.get(annotationKey(ref))).toBe(state);
    // Loaded once: a second wait opens nothing more.
    await lazy.ready;
    expect(opens).toBe(1);
    lazy.stop();
  });
});
