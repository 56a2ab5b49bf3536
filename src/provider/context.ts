'use client';
import type { QueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import type { AnnotationAdapter, Capabilities } from '../core/adapter';
import type { OutboxLike } from '../core/outbox/outbox';
import type { AnnokitMessageOverrides } from './messages';

// The context on its own, apart from the provider component: hooks and parts read it without
// importing the provider's set-up (query client, outbox, storage), which keeps them small.

/** Who is using the kit: votes and reviews are recorded under this user. */
export interface AnnotationUser {
  /** Stable id of the end user or reviewer; becomes part of their annotations' identifier. */
  id: string;
  /** Display name, shown beside a reviewer's annotations. */
  name?: string;
}

export type AnnokitTheme = 'light' | 'dark' | 'system';

export interface AnnotationContextValue {
  adapter: AnnotationAdapter;
  capabilities: Capabilities;
  queryClient: QueryClient;
  user: AnnotationUser | null;
  messages: AnnokitMessageOverrides;
  theme: AnnokitTheme;
  /** Distinguishes this adapter's cache entries from another provider's in a shared query client. */
  scope: string;
  /** The durable queue every write a person makes goes through (votes, labels, bulk edits, deletes, notes). */
  outbox: OutboxLike;
}

/** @internal Rendered by `AnnotationProvider`. */
export const AnnotationContext = createContext<AnnotationContextValue | null>(null);

/**
 * The provider's value. `consumerName` names the component or hook in the error thrown when
 * there is no provider above it.
 */
export function useAnnotationContext(consumerName: string): AnnotationContextValue {
  const context = useContext(AnnotationContext);
  if (!context) throw new Error(`\`${consumerName}\` must be used within \`AnnotationProvider\``);
  return context;
}

/** The provider's value, or null outside a provider (for parts that also work without one). */
export function useOptionalAnnotationContext(): AnnotationContextValue | null {
  return useContext(AnnotationContext);
}
