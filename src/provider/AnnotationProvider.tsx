'use client';
import { QueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { getCapabilities, type AnnotationAdapter } from '../core/adapter';
import { Outbox } from '../core/outbox/outbox';
import {
  createIndexedDBOutboxStorage,
  createLocalStorageOutboxStorage,
  createMemoryOutboxStorage,
} from '../core/outbox/storage';
import { followOutbox } from './annotationCache';
import { AnnotationContext, type AnnotationContextValue, type AnnokitTheme, type AnnotationUser } from './context';
import type { AnnokitMessageOverrides } from './messages';

// Re-exported so existing imports of the context hooks from here keep working.
export {
  useAnnotationContext,
  useOptionalAnnotationContext,
  type AnnokitTheme,
  type AnnotationContextValue,
  type AnnotationUser,
} from './context';

export interface AnnotationProviderProps {
  /** The backend: `createMemoryAdapter()`, `createPhoenixAdapter(...)`, or your own. */
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
   * Where feedback writes wait until they land: `localStorage` or `indexedDB` keep them across
   * reloads and share them between tabs; or pass your own `Outbox` (over the same adapter). Default `memory`.
   */
  outbox?: OutboxSetting;
  children?: ReactNode;
}

/** The provider's `outbox` prop: a storage kind, or an outbox you created. */
export type OutboxSetting = 'memory' | 'localStorage' | 'indexedDB' | Outbox;

function createProviderOutbox(adapter: AnnotationAdapter, setting: OutboxSetting): Outbox {
  if (setting instanceof Outbox) return setting;
  // One key per backend, so two providers over different backends never send each other's writes.
  const key = `annokit:outbox:${adapter.name}`;
  const canLocal = setting === 'localStorage' && typeof localStorage !== 'undefined';
  const canIndexedDB = setting === 'indexedDB' && typeof indexedDB !== 'undefined';
  const storage = canLocal
    ? createLocalStorageOutboxStorage({ key })
    : canIndexedDB
      ? createIndexedDBOutboxStorage({ databaseName: key })
      : createMemoryOutboxStorage();
  return new Outbox({ adapter, storage, namespace: key });
}

let scopeCounter = 0;
const scopes = new WeakMap<AnnotationAdapter, string>();
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

/**
 * Puts the adapter, a react-query client, the current user, UI text and theme in context for
 * every annokit hook and component below it. It renders no element of its own.
 */
export function AnnotationProvider({
  adapter,
  queryClient,
  user = null,
  messages,
  theme = 'light',
  outbox: outboxSetting = 'memory',
  children,
}: AnnotationProviderProps) {
  const [ownClient] = useState(() => queryClient ?? createAnnokitQueryClient());
  const client = queryClient ?? ownClient;
  const outbox = useMemo(() => createProviderOutbox(adapter, outboxSetting), [adapter, outboxSetting]);
  useEffect(() => {
    outbox.start();
    return () => outbox.stop();
  }, [outbox]);
  const scope = scopeOf(adapter);
  // One subscription for every feedback button below: the cache takes each write that lands, even
  // when the button that wrote it has unmounted.
  useEffect(() => followOutbox(outbox, client, scope), [outbox, client, scope]);
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

