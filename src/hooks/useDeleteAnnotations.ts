'use client';
import { useCallback } from 'react';
import type { AnnokitError } from '../core/errors';
import type { AnnotationRef } from '../core/model';
import type { OutboxTicket } from '../core/outbox/outbox';
import { useAnnotationContext } from '../provider/context';
import { useTrackedWrites, whenWritten } from './outboxWrites';

export interface UseDeleteAnnotationsOptions {
  /** Called once the deletes have landed. */
  onSuccess?: () => void;
  /** Called when a delete is refused (bad ref, no delete on this backend) or fails for good in the outbox. */
  onError?: (error: AnnokitError) => void;
}

export interface UseDeleteAnnotationsResult {
  /**
   * Removes exactly the annotations with these `(target, name, identifier)` keys through the
   * provider's outbox: gone from every `useAnnotations` read at once, persisted, retried. Resolves
   * once the deletes have landed.
   */
  remove: (refs: AnnotationRef | AnnotationRef[]) => Promise<void>;
  /** False when the adapter cannot delete (no `deleteAnnotations`). */
  isSupported: boolean;
  /** A delete of this hook is still to land. */
  isPending: boolean;
  error: AnnokitError | null;
  reset: () => void;
}

/** Deletes annotations through the provider's outbox, like every other write a person makes. */
export function useDeleteAnnotations(options: UseDeleteAnnotationsOptions = {}): UseDeleteAnnotationsResult {
  const { outbox, capabilities } = useAnnotationContext('useDeleteAnnotations');
  const { isPending, error, fail, track, reset } = useTrackedWrites<unknown>({
    onError: options.onError,
    onSuccess: () => options.onSuccess?.(),
  });
  const remove = useCallback(
    (refs: AnnotationRef | AnnotationRef[]) => {
      const list = Array.isArray(refs) ? refs : [refs];
      let tickets: OutboxTicket[];
      try {
        tickets = outbox.deleteMany(list);
      } catch (caught) {
        return Promise.reject(fail(caught));
      }
      return track(whenWritten(outbox, tickets)).then(() => undefined);
    },
    [outbox, fail, track],
  );
  return { remove, isSupported: capabilities.deleteAnnotations, isPending, error, reset };
}
