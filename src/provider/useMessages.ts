'use client';
import { useMemo } from 'react';
import type { AnnokitMessages } from './messages';
import { useOptionalAnnotationContext } from './context';

/**
 * A namespace's UI text: the component's defaults, the provider's overrides on top, and a
 * component's own `messages` prop (if it has one) on top of both.
 */
export function useMessages<K extends keyof AnnokitMessages>(
  namespace: K,
  defaults: AnnokitMessages[K],
  local?: Partial<AnnokitMessages[K]>,
): AnnokitMessages[K] {
  const overrides = useOptionalAnnotationContext()?.messages[namespace];
  return useMemo(
    () => (overrides || local ? { ...defaults, ...overrides, ...local } : defaults),
    [defaults, overrides, local],
  );
}
