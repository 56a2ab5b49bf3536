'use client';
import { useCallback } from 'react';
import type { AnnokitError } from '../core/errors';
import type { Annotation, AnnotationInput } from '../core/model';
import type { OutboxTicket } from '../core/outbox/outbox';
import { validateAnnotationInput } from '../core/validation';
import { useAnnotationContext } from '../provider/context';
import { cachedConfigs, optimisticAnnotation } from '../provider/queryCache';
import { useTrackedWrites, whenWritten } from './outboxWrites';

export interface UseUpsertAnnotationsOptions {
  /** Called with what the backend stored, once the writes have landed. */
  onSuccess?: (annotations: Annotation[]) => void;
  /** Called when a write is refused by validation (nothing queued) or fails for good in the outbox. */
  onError?: (error: AnnokitError) => void;
}

export interface UseUpsertAnnotationsResult {
  /**
   * Writes one or many annotations through the provider's outbox: shown at once (every
   * `useAnnotations` read applies queued writes), persisted, retried and sent in order. Resolves
   * with what the backend stored once they have landed (the optimistic annotation where another
   * tab sent it); rejects with the error of one that failed for good. Several inputs are one bulk
   * write, sent in batches.
   */
  upsert: (input: AnnotationInput | AnnotationInput[]) => Promise<Annotation[]>;
  /** A write of this hook is still to land (queued, being retried, or waiting offline). */
  isPending: boolean;
  /** The last write's error; cleared by the next write or `reset`. */
  error: AnnokitError | null;
  reset: () => void;
}

/**
 * Creates or updates annotations through the provider's outbox. Inputs are validated first
 * (against the annotation config of the same name when configs are loaded): an invalid one is
 * reported through `error` and `onError`, and nothing is queued. Inputs without `userId` get the
 * provider's user.
 */
export function useUpsertAnnotations(options: UseUpsertAnnotationsOptions = {}): UseUpsertAnnotationsResult {
  const { outbox, queryClient, scope, user } = useAnnotationContext('useUpsertAnnotations');
  const { isPending, error, fail, track, reset } = useTrackedWrites<Annotation[]>(options);
  const upsert = useCallback(
    (input: AnnotationInput | AnnotationInput[]) => {
      const inputs = (Array.isArray(input) ? input : [input]).map((entry) =>
        entry.userId === undefined && user ? { ...entry, userId: user.id } : entry,
      );
      let tickets: OutboxTicket[];
      try {
        const configs = cachedConfigs(queryClient, scope);
        const valid = inputs.map((entry, index) =>
          validateAnnotationInput(entry, {
            config: configs.find((config) => config.name === entry.name) ?? null,
            path: inputs.length === 1 ? 'annotation' : `annotations[${index}]`,
          }),
        );
        tickets = outbox.upsertMany(valid);
      } catch (caught) {
        return Promise.reject(fail(caught));
      }
      const now = new Date().toISOString();
      return track(
        whenWritten(outbox, tickets).then((stored) =>
          stored.map((annotation, index) => (annotation as Annotation | null) ?? optimisticAnnotation(inputs[index]!, undefined, now)),
        ),
      );
    },
    [outbox, queryClient, scope, user, fail, track],
  );
  return { upsert, isPending, error, reset };
}
