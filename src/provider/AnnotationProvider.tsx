'use client';
import { QueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { getCapabilities, type AnnotationAdapter } from '../core/adapter';
import { AnnokitError, outboxError } from '../core/errors';
import { sameBackend } from '../core/outbox/keys';
import { createLazyOutbox, type LazyOutbox } from '../core/outbox/lazy';
import type { Outbox } from '../core/outbox/outbox';
import type { OutboxEntry, OutboxStorage } from '../core/outbox/types';
import { AnnotationContext, type AnnotationContextValue, type AnnokitTheme, type AnnotationUser } from './context';
import type { AnnokitMessageOverrides } from './messages';
import type { OutboxStorageSetting } from './openOutbox';

// Re-exported so existing imports of the context hooks from here keep working.
export {
  useAnnotationContext,
  useOptionalAnnotationContext,
  type AnnokitTheme,
  type AnnotationContextValue,
  type AnnotationUser,
} from './context';

export interface AnnotationProviderProps {
  /**
   * The backend: `createMemoryAdapter()`, `createPhoenixAdapter(...)`, or your own. Create it once
   * (module scope, `useState` or `useMemo`); a new object of the same backend is taken over without
   * losing queued writes, but every one re-renders the consumers.
   */
  adapter: AnnotationAdapter;
  /** Join the host's react-query cache; by default annokit creates a client of its own. */
  queryClient?: QueryClient;
  /** The current end user or reviewer; without one, writes that need an identity are disabled. Default: none. */
  user?: AnnotationUser | null;
  /** Overrides for UI text, per component namespace, for localisation. */
  messages?: AnnokitMessageOverrides;
  /** Colour theme of annokit's components. Default `light`. */
  theme?: AnnokitTheme;
  /**
   * Where the writes people make (votes, labels, bulk edits, notes) wait until they land. `auto`
   * keeps them in IndexedDB, else localStorage, else memory (private modes that refuse storage), so
   * they survive a reload and are shared by the tabs of the origin; `memory` opts out of keeping
   * them (they are lost on reload). Or pass your own `Outbox`. Read when the provider mounts. Default `auto`.
   */
  outbox?: OutboxSetting;
  /**
   * Called once for each write that failed for good (refused by the backend, or out of attempts),
   * wherever it was made, even after the component that made it unmounted. The write stays in the
   * outbox, shown as failed, until it is retried or discarded (see `useOutboxStatus`).
   */
  onError?: (error: AnnokitError, entry: OutboxEntry) => void;
  children?: ReactNode;
}

/** The provider's `outbox` prop: where its own outbox keeps writes, or an outbox you created. */
export type OutboxSetting = OutboxStorageSetting | Outbox;

/** What the provider does with an outbox over its life. */
type ProviderOutbox = LazyOutbox | Outbox;

let scopeCounter = 0;
const scopes = new WeakMap<AnnotationAdapter, string>();
/** Providers over the same adapter object share a query client's cache; other ones are kept apart. */
function scopeOf(adapter: AnnotationAdapter): string {
  let scope = scopes.get(adapter);
  if (!scope) {
    scope = `${adapter.name}#${++scopeCounter}`;
    scopes.set(adapter, scope);
  }
  return scope;
}

/** A query client with annokit's defaults: no retry on validation errors, a short stale time. */
export function createAnnokitQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        retry: (failureCount, error) =>
          failureCount < 2 && !(error && typeof error === 'object' && 'retryable' in error && !error.retryable),
      },
    },
  });
}

// Renders in a row, each with a new adapter object, before the development warning.
const CHANGING_ADAPTER_RENDERS = 3;

// The app's bundler replaces `process.env.NODE_ENV`, as it does for React and react-query; declared
// here rather than through Node's types, which the library build does not load.
declare const process: { env: { NODE_ENV?: string } };

/**
 * Puts the adapter, a react-query client, the current user, UI text and theme in context for
 * every annokit hook and component below it, and owns one outbox for its whole life. It renders no
 * element of its own.
 */
export function AnnotationProvider({
  adapter,
  queryClient,
  user = null,
  messages,
  theme = 'light',
  outbox: outboxSetting = 'auto',
  onError,
  children,
}: AnnotationProviderProps) {
  const [ownClient] = useState(() => queryClient ?? createAnnokitQueryClient());
  const client = queryClient ?? ownClient;
  // Created while rendering but inert: nothing is read from browser storage until an effect starts it.
  const [ownOutbox] = useState(() => {
    const setting = typeof outboxSetting === 'string' ? outboxSetting : 'auto';
    const memory = new Map<unknown, OutboxStorage>();
    return createLazyOutbox({
      adapter,
      open: (forAdapter) => import('./openOutbox').then((module) => module.openOutbox(forAdapter, setting, memory)),
      onOpenError: (error) => console.error('annokit: could not load the outbox; writes wait in memory', error),
    });
  });
  const outbox: ProviderOutbox = typeof outboxSetting === 'string' ? ownOutbox : outboxSetting;

  // The cache scope follows the backend, not the adapter object: a host that re-creates its adapter
  // while rendering does not refetch every query on each render.
  const [scoped, setScoped] = useState(() => ({ adapter, scope: scopeOf(adapter) }));
  let scope = scoped.scope;
  if (!sameBackend(scoped.adapter, adapter)) {
    scope = scopeOf(adapter);
    setScoped({ adapter, scope });
  }
  // One subscription for every component below: the cache takes each write that lands, even when
  // the component that wrote it has unmounted. It loads with the outbox engine, and subscribes in the
  // same turn the module arrives, before the outbox (started below, after it) can send anything.
  useEffect(() => {
    let stop: (() => void) | undefined;
    let active = true;
    void import('./openOutbox').then((module) => {
      if (active) stop = module.followOutbox(outbox, client, scope);
    });
    return () => {
      active = false;
      stop?.();
    };
  }, [outbox, client, scope]);
  useEffect(() => {
    // After the follower above has subscribed: an outbox you created may have writes to send at once.
    let active = true;
    if (outbox === ownOutbox) outbox.start();
    else void import('./openOutbox').then(() => active && outbox.start());
    return () => {
      active = false;
      outbox.stop();
    };
  }, [outbox, ownOutbox]);
  useEffect(() => {
    // An outbox you created keeps the backend it was made for.
    if (outbox === ownOutbox || sameBackend(outbox.adapter, adapter)) outbox.setAdapter(adapter);
  }, [outbox, ownOutbox, adapter]);

  const onErrorRef = useRef(onError);
  useEffect(() => {
    onErrorRef.current = onError;
  });
  useEffect(
    () =>
      outbox.subscribeEvents((event) => {
        if (event.type === 'failed') onErrorRef.current?.(outboxError(event.error), event.entry);
      }),
    [outbox],
  );

  const seen = useRef({ adapter, changes: 0, warned: false });
  useEffect(() => {
    if (process.env.NODE_ENV === 'production') return;
    const tracker = seen.current;
    tracker.changes = tracker.adapter === adapter ? 0 : tracker.changes + 1;
    tracker.adapter = adapter;
    if (tracker.changes >= CHANGING_ADAPTER_RENDERS && !tracker.warned) {
      tracker.warned = true;
      console.warn(
        `annokit: AnnotationProvider got a new adapter object on ${CHANGING_ADAPTER_RENDERS} renders in a row. ` +
          'Create it once: at module scope, or with useState(() => createXAdapter(…)) or useMemo.',
      );
    }
  });

  const userId = user?.id;
  const userName = user?.name;
  const value = useMemo<AnnotationContextValue>(
    () => ({
      adapter,
      capabilities: getCapabilities(adapter),
      queryClient: client,
      user: userId === undefined ? null : { id: userId, ...(userName === undefined ? {} : { name: userName }) },
      messages: messages ?? {},
      theme,
      scope,
      outbox,
    }),
    [adapter, client, userId, userName, messages, theme, outbox, scope],
  );
  return <AnnotationContext.Provider value={value}>{children}</AnnotationContext.Provider>;
}
