'use client';
import { useMemo } from 'react';
import type { AnnokitMessages } from './messages';
import { useOptionalAnnotationContext } from './AnnotationProvider';

/** A namespace's UI text: the component's defaults with the provider's overrides on top. */
export function useMessages<K extends keyof AnnokitMessages>(
  namespace: K,
  defaults: AnnokitMessages[K],
): AnnokitMessages[K] {
  const overrides = useOptionalAnnotationContext()?.messages[namespace];
  return useMemo(() => (overrides ? { ...defaults, ...overrides } : defaults), [defaults, overrides]);
}
