'use client';
import type { Capabilities } from '../core/adapter';
import { useAnnotationContext } from '../provider/context';

/** What the provider's adapter can do, derived from the methods it implements. */
export function useCapabilities(): Capabilities {
  return useAnnotationContext('useCapabilities').capabilities;
}
