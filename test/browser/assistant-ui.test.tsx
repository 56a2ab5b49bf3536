// annokit behind a real assistant-ui thread in Chromium: its runtime with a local model adapter,
// its ActionBarPrimitive feedback buttons, the app's own history in localStorage, annokit's outbox
// in IndexedDB and a memory backend persisted in localStorage. "Reload" remounts everything over the
// same storage, as a page reload does.
import { AssistantRuntimeProvider, useLocalRuntime, type ThreadHistoryAdapter } from '@assistant-ui/react';
import { useMemo, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { AssistantThread, localChatModel, localStorageHistory } from '../../stories/support/AssistantThread';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { AnnokitError, type AnnotationAdapter, type SpanTarget } from '../../src/core';
import { useAnnokitFeedbackAdapters } from '../../src/integrations/assistant-ui';
import { AnnotationProvider, createAnnokitQueryClient } from '../../src/provider';
import { controllableAdapter } from '../support/render';

const hex = (n: number, length: number) => n.toString(16).padStart(length, '0');
/** The span of the n-th answer, as a server would send it. */
const targetOf = (run: string, n: number): SpanTarget => ({
  kind: 'span',
  spanId: hex(0xa0000 + n, 16),
  traceId: `${run}${hex(n + 1, 32 - run.length)}`,
});

function Chat({
  adapter,
  run,
  history,
  user = 'ada',
  onError,
  withoutTargetOn,
}: {
  adapter: AnnotationAdapter;
  run: string;
  history: ThreadHistoryAdapter;
  user?: string;
  onError?: (error: AnnokitError) => void;
  withoutTargetOn?: number;
}) {
  const [queryClient] = useState(createAnnokitQueryClient);
  return (
    <AnnotationProvider adapter={adapter} queryClient={queryClient} user={{ id: user }} outbox="indexedDB">
      <Runtime run={run} history={history} onError={onError} withoutTargetOn={withoutTargetOn} />
    </AnnotationProvider>
  );
}

function Runtime({ run, history, onError, withoutTargetOn }: { run: string; history: ThreadHistoryAdapter; onError?: (error: AnnokitError) => void; withoutTargetOn?: number }) {
  const model = useMemo(
    () => localChatModel((question, turn) => ({ text: `Answer ${turn + 1} to "${question}"`, target: turn === withoutTargetOn ? null : targetOf(run, turn) })),
    [run, withoutTargetOn],
  );
  const adapters = useAnnokitFeedbackAdapters({ history, ...(onError ? { onError } : {}) });
  const runtime = useLocalRuntime(model, { adapters });
  return (
    <AssistantRuntimeProvider runtime={runtime}>
      <AssistantThread />
    </AssistantRuntimeProvider>
  );
}

async function ask(screen: Awaited<ReturnType<typeof render>>, question: string, answerNumber: number) {
  await userEvent.fill(screen.getByRole('textbox', { name: 'Message' }), question);
  await userEvent.click(screen.getByRole('button', { name: 'Send' }));
  await expect.element(screen.getByText(`Answer ${answerNumber} to "${question}"`)).toBeVisible();
}

const thumbs = (screen: Awaited<ReturnType<typeof render>>, name: 'Good answer' | 'Bad answer') => screen.getByRole('button', { name });
const submitted = (buttons: ReturnType<typeof thumbs>) => buttons.elements().map((button) => button.getAttribute('data-submitted') === 'true');

async function votesOf(adapter: AnnotationAdapter, run: string, count: number) {
  const targets = Array.from({ length: count }, (_, n) => ({ kind: 'span' as const, spanId: targetOf(run, n).spanId }));
  return adapter.listAnnotations({ targets, names: ['user_feedback'] });
}

let runs = 0;
const freshRun = () => `${Date.now().toString(16)}${(runs++).toString(16)}`.slice(-8);
afterEach(() => localStorage.clear());

describe('assistant-ui feedback through annokit (Chromium)', () => {
  it('records one annotation per message and user, and a reloaded thread shows the votes', async () => {
    const run = freshRun();
    const storage = { persist: 'localStorage' as const, storageKey: `backend-${run}` };
    const backend = controllableAdapter(createMemoryAdapter(storage));
    const history = localStorageHistory(`thread-${run}`);
    const screen = await render(<Chat adapter={backend.adapter} run={run} history={history} />);

    await ask(screen, 'What is annokit?', 1);
    await userEvent.click(thumbs(screen, 'Good answer').nth(0));
    await ask(screen, 'And the outbox?', 2);
    await userEvent.click(thumbs(screen, 'Good answer').nth(1));
    await userEvent.click(thumbs(screen, 'Bad answer').nth(1)); // switch
    await expect.poll(async () => (await votesOf(backend.adapter, run, 2)).map((vote) => vote.label).sort()).toEqual(['negative', 'positive']);

    // The thumb that is already on, clicked again, writes nothing: only the switch on answer 1 below is sent.
    const writes = backend.calls.upsertAnnotations!.length;
    await userEvent.click(thumbs(screen, 'Bad answer').nth(1));
    await userEvent.click(thumbs(screen, 'Bad answer').nth(0));
    await userEvent.click(thumbs(screen, 'Good answer').nth(0));
    await expect.poll(() => submitted(thumbs(screen, 'Good answer'))).toEqual([true, false]);
    await expect.poll(() => backend.calls.upsertAnnotations!.length).toBeGreaterThan(writes);
    await expect.poll(async () => (await votesOf(backend.adapter, run, 2)).map((vote) => vote.label).sort()).toEqual(['negative', 'positive']);
    // Down then up on answer 1 while the down was queued: at most those two; never the repeated click.
    expect(backend.calls.upsertAnnotations!.length - writes).toBeLessThanOrEqual(2);
    expect(backend.calls.upsertAnnotations!.slice(writes).every(([inputs]) => (inputs as { target: SpanTarget }[])[0]!.target.spanId === targetOf(run, 0).spanId)).toBe(true);
    await screen.unmount();

    // Reload: a new backend object over the same storage, a new outbox, a new runtime.
    const reloaded = createMemoryAdapter(storage);
    const again = await render(<Chat adapter={reloaded} run={run} history={localStorageHistory(`thread-${run}`)} />);
    await expect.element(again.getByText('Answer 2 to "And the outbox?"')).toBeVisible();
    await expect.poll(() => submitted(thumbs(again, 'Good answer'))).toEqual([true, false]);
    expect(submitted(thumbs(again, 'Bad answer'))).toEqual([false, true]);

    const stored = await votesOf(reloaded, run, 2);
    expect(stored).toHaveLength(2);
    expect(stored.map((vote) => [vote.target, vote.identifier, vote.userId, vote.label, vote.score, vote.annotatorKind]).sort()).toEqual(
      [
        [{ kind: 'span', spanId: targetOf(run, 0).spanId }, 'ada', 'ada', 'positive', 1, 'HUMAN'],
        [{ kind: 'span', spanId: targetOf(run, 1).spanId }, 'ada', 'ada', 'negative', 0, 'HUMAN'],
      ].sort(),
    );
    expect(stored.every((vote) => typeof vote.metadata.messageId === 'string')).toBe(true);
  });

  it('keeps a vote the backend refused while offline, shows it after a reload and sends it once', async () => {
    const run = freshRun();
    const storage = { persist: 'localStorage' as const, storageKey: `backend-${run}` };
    const failing = controllableAdapter(createMemoryAdapter(storage));
    failing.fail('upsertAnnotations', new AnnokitError('backend unreachable', { code: 'network' }));
    const screen = await render(<Chat adapter={failing.adapter} run={run} history={localStorageHistory(`thread-${run}`)} />);
    await ask(screen, 'Is it durable?', 1);
    await userEvent.click(thumbs(screen, 'Bad answer').nth(0));
    await expect.poll(() => failing.calls.upsertAnnotations?.length ?? 0).toBeGreaterThanOrEqual(1); // tried, failed, will retry
    await screen.unmount();
    expect(await votesOf(createMemoryAdapter(storage), run, 1)).toEqual([]);

    // Reload with the backend back: the queued vote shows at once and lands exactly once.
    const healthy = controllableAdapter(createMemoryAdapter(storage));
    const again = await render(<Chat adapter={healthy.adapter} run={run} history={localStorageHistory(`thread-${run}`)} />);
    await expect.poll(() => submitted(thumbs(again, 'Bad answer'))).toEqual([true]);
    await expect.poll(async () => (await votesOf(healthy.adapter, run, 1)).map((vote) => vote.label), { timeout: 10_000 }).toEqual(['negative']);
    const keys = healthy.calls.upsertAnnotations!.map(([inputs]) => (inputs as { idempotencyKey?: string }[])[0]!.idempotencyKey);
    expect(new Set(keys).size).toBe(1); // every attempt carries the key the vote got when it was queued
  });

  it('shows no vote and reports the error when the answer carries no span target', async () => {
    const run = freshRun();
    const adapter = createMemoryAdapter();
    const onError = vi.fn();
    const screen = await render(<Chat adapter={adapter} run={run} history={localStorageHistory(`thread-${run}`)} onError={onError} withoutTargetOn={0} />);
    await ask(screen, 'No span?', 1);
    // assistant-ui rethrows the adapter's error from its click handler; the page must not treat it as a crash.
    const swallow = (event: ErrorEvent) => event.preventDefault();
    window.addEventListener('error', swallow);
    try {
      await userEvent.click(thumbs(screen, 'Good answer').nth(0));
    } finally {
      window.removeEventListener('error', swallow);
    }
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringContaining('message.metadata.custom.annokit') }));
    expect(submitted(thumbs(screen, 'Good answer'))).toEqual([false]);
    expect(await adapter.listAnnotations({ targets: [{ kind: 'span', spanId: targetOf(run, 0).spanId }] })).toEqual([]);
  });
});
