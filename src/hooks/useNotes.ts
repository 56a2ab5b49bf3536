'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { AnnokitError, toAnnokitError } from '../core/errors';
import type { AnnotationTarget, Note, NoteInput } from '../core/model';
import { targetKey } from '../core/targets';
import { validateNoteInput } from '../core/validation';
import { useAnnotationContext } from '../provider/context';
import { annokitKeys, queryCoversTargets } from './queryKeys';
import { retryRetryable } from './useAnnotations';

export interface UseNotesResult {
  /** Oldest first. */
  notes: Note[];
  /** False when the adapter has no notes. */
  isSupported: boolean;
  isLoading: boolean;
  error: AnnokitError | null;
}

const NONE: Note[] = [];

/** The notes on one or several targets. */
export function useNotes(target: AnnotationTarget | readonly AnnotationTarget[] | null): UseNotesResult {
  const { adapter, queryClient, scope, capabilities } = useAnnotationContext('useNotes');
  const targets = useMemo(() => (target ? (Array.isArray(target) ? [...target] : [target as AnnotationTarget]) : []), [target]);
  const query = useQuery(
    {
      queryKey: annokitKeys.notes(scope, targets),
      enabled: capabilities.notes && targets.length > 0,
      retry: retryRetryable,
      queryFn: async () => {
        const notes = await adapter.listNotes!({ targets });
        return [...notes].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      },
    },
    queryClient,
  );
  return {
    notes: query.data ?? NONE,
    isSupported: capabilities.notes,
    isLoading: query.isLoading,
    error: query.error ? toAnnokitError(query.error) : null,
  };
}

export interface UseAddNoteResult {
  /** Appends a note (the provider's user is its author unless `userId` is given). */
  addNote: (input: NoteInput) => Promise<Note>;
  isSupported: boolean;
  isPending: boolean;
  error: AnnokitError | null;
  reset: () => void;
}

/** Appends notes; notes are never overwritten. */
export function useAddNote(options: { onError?: (error: AnnokitError) => void } = {}): UseAddNoteResult {
  const { adapter, queryClient, scope, capabilities, user } = useAnnotationContext('useAddNote');
  const mutation = useMutation<Note, AnnokitError, NoteInput>(
    {
      mutationFn: async (input) => {
        const valid = validateNoteInput({ ...input, userId: input.userId === undefined ? (user?.id ?? null) : input.userId });
        if (!adapter.addNote) throw new AnnokitError(`The ${adapter.name} adapter has no notes`, { code: 'unsupported' });
        try {
          return await adapter.addNote(valid);
        } catch (error) {
          throw toAnnokitError(error);
        }
      },
      onError: (error) => options.onError?.(toAnnokitError(error)),
      onSettled: (_note, _error, input) => {
        const keys = new Set([targetKey(input.target)]);
        return queryClient.invalidateQueries({ predicate: (query) => queryCoversTargets(query, 'notes', scope, keys) });
      },
    },
    queryClient,
  );
  const { mutateAsync } = mutation;
  return {
    addNote: useCallback((input: NoteInput) => mutateAsync(input), [mutateAsync]),
    isSupported: capabilities.notes,
    isPending: mutation.isPending,
    error: mutation.error ? toAnnokitError(mutation.error) : null,
    reset: mutation.reset,
  };
}
