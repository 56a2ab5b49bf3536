import { act, render, renderHook, waitFor } from '@testing-library/react';
import { StrictMode, useState, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { AnnokitError, type AnnotationAdapter, type AnnotationInput } from '../../src/core';
import { useAnnotations, useOutboxStatus, useUpsertAnnotations } from '../../src/hooks';
import { AnnotationProvider, createAnnokitQueryClient, useAnnotationContext } from '../../src/provider';

const target = { kind: 'span' as const, spanId: 'span-1' };
const label = (value: string): AnnotationInput => ({ target, name: 'quality', annotatorKind: 'HUMAN', label: value, identifier: 'rita' });

/**
 * A backend reached through adapter objects the host may re-create: every object writes to the same
 * store and records which object sent each write; while `down`, writes fail as a lost connection does.
 */
function backend(name = 'remote') {
  const store = createMemoryAdapter();
  const state = { down: false, objects: 0, sentBy: [] as number[], reads: 0 };
  const adapter = (): AnnotationAdapter => {
    const object = ++state.objects;
    return {
      name,
      outboxKey: name,
      async upsertAnnotations(inputs, options) {
        if (state.down) throw new AnnokitError('offline', { code: 'network' });
        state.sentBy.push(object);
        return store.upsertAnnotations(inputs, options);
      },
      async listAnnotations(query, options) {
        state.reads += 1;
        return store.listAnnotations(query, options);
      },
    };
  };
  return { store, state, adapter };
}

function client() {
  const queryClient = createAnnokitQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false, staleTime: Infinity } });
  return queryClient;
}

afterEach(() => vi.restoreAllMocks());

describe('AnnotationProvider: one outbox for its whole life', () => {
  it('keeps its outbox when the host passes a new adapter object, and sends queued writes through the newest one', async () => {
    const remote = backend();
    remote.state.down = true;
    const queryClient = client();
    let rerender!: () => void;
    const seen: unknown[] = [];
    function Host({ children }: { children: ReactNode }) {
      const [, setCount] = useState(0);
      rerender = () => setCount((count) => count + 1);
      return (
        <AnnotationProvider adapter={remote.adapter()} queryClient={queryClient} user={{ id: 'rita' }} outbox="memory">
          {children}
        </AnnotationProvider>
      );
    }
    const { result } = renderHook(
      () => {
        const context = useAnnotationContext('test');
        seen.push(context.outbox);
        return { write: useUpsertAnnotations(), scope: context.scope };
      },
      { wrapper: Host },
    );
    const scope = result.current.scope;
    act(() => void result.current.write.upsert(label('good')).catch(() => undefined));
    await waitFor(() => expect(remote.state.objects).toBeGreaterThan(0));
    act(() => rerender());
    act(() => rerender());
    expect(new Set(seen).size).toBe(1);
    expect(result.current.scope).toBe(scope);
    remote.state.down = false;
    await waitFor(() => expect(remote.state.sentBy).toHaveLength(1), { timeout: 5_000 });
    // Sent once, by the adapter object of the latest render.
    expect(remote.state.sentBy).toEqual([remote.state.objects]);
    expect((await remote.store.listAnnotations({ targets: [target] }))[0]?.label).toBe('good');
  });

  it('does not refetch its queries when only the adapter object changes', async () => {
    const remote = backend();
    const queryClient = client();
    let rerender!: () => void;
    function Host({ children }: { children: ReactNode }) {
      const [, setCount] = useState(0);
      rerender = () => setCount((count) => count + 1);
      return (
        <AnnotationProvider adapter={remote.adapter()} queryClient={queryClient} user={{ id: 'rita' }} outbox="memory">
          {children}
        </AnnotationProvider>
      );
    }
    const { result } = renderHook(() => useAnnotations({ target }), { wrapper: Host });
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    const reads = remote.state.reads;
    act(() => rerender());
    act(() => rerender());
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(remote.state.reads).toBe(reads);
  });

  it('warns once in development when the adapter object changes on every render, saying how to fix it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const remote = backend();
    let rerender!: () => void;
    function Host() {
      const [, setCount] = useState(0);
      rerender = () => setCount((count) => count + 1);
      return <AnnotationProvider adapter={remote.adapter()} queryClient={client()} outbox="memory" />;
    }
    render(<Host />);
    act(() => rerender());
    act(() => rerender());
    expect(warn).not.toHaveBeenCalled(); // two new objects may be a real change of backend settings
    for (let i = 0; i < 5; i++) act(() => rerender());
    const warnings = warn.mock.calls.filter(([message]) => String(message).includes('new adapter object'));
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]![0])).toMatch(/Create it once: at module scope, or with useState\(\(\) => createXAdapter\(…\)\) or useMemo/);
  });

  it('sends writes queued for one backend to that backend when the host switches to another', async () => {
    const first = backend('first');
    const second = backend('second');
    first.state.down = true;
    const queryClient = client();
    const firstAdapter = first.adapter();
    const secondAdapter = second.adapter();
    let use!: (adapter: AnnotationAdapter) => void;
    function Host({ children }: { children: ReactNode }) {
      const [adapter, setAdapter] = useState<AnnotationAdapter>(firstAdapter);
      use = setAdapter;
      return (
        <AnnotationProvider adapter={adapter} queryClient={queryClient} user={{ id: 'rita' }} outbox="memory">
          {children}
        </AnnotationProvider>
      );
    }
    const { result } = renderHook(() => ({ write: useUpsertAnnotations(), scope: useAnnotationContext('test').scope }), { wrapper: Host });
    const scope = result.current.scope;
    act(() => void result.current.write.upsert(label('meant for first')).catch(() => undefined));
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    act(() => use(secondAdapter));
    expect(result.current.scope).not.toBe(scope);
    act(() => void result.current.write.upsert(label('meant for second')));
    await waitFor(() => expect(second.state.sentBy).toHaveLength(1));
    first.state.down = false;
    await waitFor(() => expect(first.state.sentBy).toHaveLength(1), { timeout: 5_000 });
    expect((await first.store.listAnnotations({ targets: [target] }))[0]?.label).toBe('meant for first');
    expect((await second.store.listAnnotations({ targets: [target] }))[0]?.label).toBe('meant for second');
  });

  it('sends writes under StrictMode, whose effects run twice, with one outbox left open', async () => {
    const events: string[] = [];
    const Original = globalThis.BroadcastChannel;
    class Recorder {
      constructor(readonly name: string) {
        events.push('open');
      }
      postMessage() {}
      addEventListener() {}
      removeEventListener() {}
      close() {
        events.push('close');
      }
    }
    globalThis.BroadcastChannel = Recorder as unknown as typeof BroadcastChannel;
    try {
      const remote = backend('strict');
      const adapter = remote.adapter();
      const { result } = renderHook(() => useUpsertAnnotations(), {
        wrapper: ({ children }) => (
          <StrictMode>
            <AnnotationProvider adapter={adapter} queryClient={client()} user={{ id: 'rita' }}>
              {children}
            </AnnotationProvider>
          </StrictMode>
        ),
      });
      await act(() => result.current.upsert(label('good')));
      expect(remote.state.sentBy).toHaveLength(1);
      await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
      expect(events.filter((event) => event === 'open').length - events.filter((event) => event === 'close').length).toBe(1);
    } finally {
      globalThis.BroadcastChannel = Original;
    }
  });

  it('closes its cross-tab channel when it unmounts', async () => {
    const events: string[] = [];
    const Original = globalThis.BroadcastChannel;
    class Recorder {
      constructor(readonly name: string) {
        events.push(`open ${name}`);
      }
      postMessage() {}
      addEventListener() {}
      removeEventListener() {}
      close() {
        events.push(`close ${this.name}`);
      }
    }
    globalThis.BroadcastChannel = Recorder as unknown as typeof BroadcastChannel;
    try {
      const remote = backend('channel-test');
      // jsdom has localStorage and no IndexedDB: the default outbox keeps writes in localStorage.
      const view = render(<AnnotationProvider adapter={remote.adapter()} queryClient={client()} />);
      await waitFor(() => expect(events).toEqual(['open annokit:outbox:channel-test:outbox']));
      view.unmount();
      await waitFor(() => expect(events).toEqual(['open annokit:outbox:channel-test:outbox', 'close annokit:outbox:channel-test:outbox']));
    } finally {
      globalThis.BroadcastChannel = Original;
    }
  });

  it('reports a write that fails for good through onError and useOutboxStatus after the component that made it unmounted', async () => {
    const remote = backend();
    const refusing: AnnotationAdapter = {
      ...remote.adapter(),
      upsertAnnotations: async () => {
        throw new AnnokitError('Forbidden', { code: 'authentication', status: 403 });
      },
    };
    const onError = vi.fn();
    const queryClient = client();
    function Writer() {
      const { upsert } = useUpsertAnnotations();
      return <button onClick={() => void upsert(label('good')).catch(() => undefined)}>write</button>;
    }
    function Status() {
      const status = useOutboxStatus();
      return <p data-testid="status">{`${status.state}:${status.failed.length}`}</p>;
    }
    function App({ writer }: { writer: boolean }) {
      return (
        <AnnotationProvider adapter={refusing} queryClient={queryClient} user={{ id: 'rita' }} outbox="memory" onError={onError}>
          {writer ? <Writer /> : null}
          <Status />
        </AnnotationProvider>
      );
    }
    const view = render(<App writer />);
    act(() => view.getByRole('button', { name: 'write' }).click());
    view.rerender(<App writer={false} />);
    await waitFor(() => expect(view.getByTestId('status').textContent).toBe('failed:1'));
    expect(onError).toHaveBeenCalledOnce();
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 'authentication', message: 'Forbidden' });
    expect(onError.mock.calls[0]![1]).toMatchObject({ status: 'failed', write: { type: 'upsert' } });
  });
});
