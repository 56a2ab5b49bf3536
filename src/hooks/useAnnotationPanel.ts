'use client';
/* eslint-disable react-hooks/refs -- The reviewer's drafts live in a mutable store (localRef) that
   autosave timers, chained saves and the flush on leave read synchronously, and render reads it too
   (a counter re-renders on change); the latest-value refs are assigned while rendering. Moving the
   drafts to state with a mirrored ref is the fix; until then this file is the one exception. */
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { AnnokitError, ValidationError, toAnnokitError } from '../core/errors';
import { summarizeAnnotations, summarizeByNameAndKind, type AnnotationGroupSummary, type AnnotationSummary } from '../core/summary';
import type { Annotation, AnnotationConfig, AnnotationInput, AnnotationTarget, AnnotatorKind, Note } from '../core/model';
import { validateAnnotationInput } from '../core/validation';
import { useAnnotationContext } from '../provider/context';
import { useAnnotationConfigs } from './useAnnotationConfigs';
import { useAnnotations } from './useAnnotations';
import { useDeleteAnnotations } from './useDeleteAnnotations';
import { useAddNote, useNotes } from './useNotes';
import { useUpsertAnnotations } from './useUpsertAnnotations';

/**
 * The identifier a reviewer's annotations carry: their user id, as `useFeedback` and the demo
 * project use. It is part of the uniqueness key `(target, name, identifier)`, so two reviewers
 * labelling the same span never overwrite each other.
 */
export function reviewerIdentifier(userId: string): string {
  return userId;
}

/** Where a reviewer's edit of one name stands. */
export type AnnotationFieldStatus = 'idle' | 'dirty' | 'saving' | 'saved' | 'invalid' | 'error';

/** What the reviewer has typed or picked for one name and not yet saved. */
export interface AnnotationDraft {
  label: string | null;
  /** As typed, so a half-typed number survives; parsed on save. */
  score: string;
  explanation: string;
  metadata?: Record<string, unknown>;
}

/** Everything the panel knows about one annotation name on the target. */
export interface AnnotationPanelField {
  name: string;
  /** The config of this name; null for names without one (shown read-only). */
  config: AnnotationConfig | null;
  /** Every annotation of this name: HUMAN, then LLM, then CODE, newest first within each. */
  annotations: Annotation[];
  /** The current reviewer's own annotation of this name, as stored (or optimistically written). */
  own: Annotation | null;
  /** The newest LLM annotation of this name, which `accept` copies. */
  suggestion: Annotation | null;
  /** Label shares and mean score, when the name has more than one annotation. */
  summary: AnnotationSummary | null;
  /** The same summary per annotator kind (HUMAN, LLM, CODE), so human labels are never blended with a judge's; empty when `summary` is null. */
  summaryByKind: AnnotationGroupSummary[];
  /** What the inputs show: the unsaved draft, else the reviewer's own annotation. */
  value: AnnotationDraft;
  status: AnnotationFieldStatus;
  /** The validation error (nothing was sent) or the write error (the write was rolled back). */
  error: AnnokitError | null;
  /** Whether the reviewer can edit this name (a config exists and there is a user). */
  isEditable: boolean;
  /** Whether a failed write can be sent again with `retry`. */
  canRetry: boolean;
}

/** Why editing is off: no user to record reviews under, or no configs to build inputs from. */
export type EditDisabledReason = 'no-user' | 'no-configs' | null;
/** Why adding notes is off: the adapter has no notes, or there is no user. */
export type NotesDisabledReason = 'unsupported' | 'no-user' | null;

export interface UseAnnotationPanelOptions {
  /** The span, trace or session under review; null holds every request. */
  target: AnnotationTarget | null;
  /** Only these annotation names, in this order. Default: every config, then every other name found. */
  names?: readonly string[];
  /** Milliseconds of quiet after an edit before it is saved; 0 saves at once, `false` only on `save`. Default 800. */
  autosaveDelay?: number | false;
  /** The reviewer's identifier. Default `reviewerIdentifier(user.id)`: the provider user's id. */
  identifier?: string;
  /** Called with each annotation the backend stored. */
  onSaved?: (annotation: Annotation) => void;
  /** Called when a write fails (after the rollback) or is refused by validation. */
  onError?: (error: AnnokitError, name: string) => void;
}

export interface UseAnnotationPanelResult {
  /** One entry per annotation name, in display order. */
  fields: AnnotationPanelField[];
  /** The field of this name, if shown. */
  getField: (name: string) => AnnotationPanelField | undefined;
  /** The identifier the reviewer's annotations are written under, or null without a user. */
  identifier: string | null;
  /** The provider user's id (the author of the reviewer's notes), or null. */
  userId: string | null;
  /** Whether the reviewer can edit at all; see `editDisabledReason`. */
  canEdit: boolean;
  editDisabledReason: EditDisabledReason;
  /** Picks a categorical label (null clears it); a value with a score in the config sets the score too. */
  setLabel: (name: string, label: string | null) => void;
  /** Sets the score as typed; `''` clears it. */
  setScore: (name: string, score: string) => void;
  setExplanation: (name: string, explanation: string) => void;
  /** Saves now instead of after the pause: one name, or every unsaved one. */
  save: (name?: string) => Promise<void>;
  /** Copies the LLM annotation's label / score (freeform: its text) into the reviewer's own and saves it. */
  accept: (name: string) => Promise<void>;
  /** Sends a failed write again. */
  retry: (name: string) => Promise<void>;
  /** Drops the unsaved draft and the error of a name. */
  discard: (name: string) => void;
  /** Whether any field has unsaved or in-flight changes. */
  hasPendingChanges: boolean;
  notes: Note[];
  /** Appends a note by the reviewer; an empty one is refused without a request. */
  addNote: (text: string) => Promise<void>;
  canAddNote: boolean;
  notesDisabledReason: NotesDisabledReason;
  isAddingNote: boolean;
  noteError: AnnokitError | null;
  isLoading: boolean;
  /** The error of reading annotations, configs or notes. */
  error: AnnokitError | null;
}

interface FieldLocal {
  draft: AnnotationDraft | null;
  /** Bumped on every edit, so a save that returns after a newer edit does not clear it. */
  version: number;
  status: AnnotationFieldStatus;
  error: AnnokitError | null;
  failed: { kind: 'upsert'; input: AnnotationInput } | { kind: 'delete' } | null;
}

const KIND_ORDER: Record<AnnotatorKind, number> = { HUMAN: 0, LLM: 1, CODE: 2 };
const DEFAULT_AUTOSAVE_DELAY = 800;

function byKindThenNewest(a: Annotation, b: Annotation): number {
  return KIND_ORDER[a.annotatorKind] - KIND_ORDER[b.annotatorKind] || b.updatedAt.localeCompare(a.updatedAt);
}

function draftOf(annotation: Annotation | null): AnnotationDraft {
  return {
    label: annotation?.label ?? null,
    score: annotation?.score === null || annotation?.score === undefined ? '' : String(annotation.score),
    explanation: annotation?.explanation ?? '',
  };
}

function parseScore(text: string, path: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  if (!Number.isFinite(value)) {
    throw new ValidationError([{ field: `${path}.score`, value: text, message: `"${text}" is not a number` }]);
  }
  return value;
}

/**
 * State and actions for reviewing one target: its annotations grouped by name, the reviewer's
 * own editable values (drafts autosaved after a pause, optimistic, rolled back with an error when
 * a write fails), LLM prefill, and notes. Built on `useAnnotations`, `useUpsertAnnotations`,
 * `useDeleteAnnotations`, `useAnnotationConfigs` and the notes hooks; renders nothing.
 */
export function useAnnotationPanel(options: UseAnnotationPanelOptions): UseAnnotationPanelResult {
  const { target, names, autosaveDelay = DEFAULT_AUTOSAVE_DELAY } = options;
  const { user, capabilities } = useAnnotationContext('useAnnotationPanel');
  const identifier = options.identifier ?? (user ? reviewerIdentifier(user.id) : null);

  const read = useAnnotations({ target });
  const configsResult = useAnnotationConfigs();
  const { configs, getConfig } = configsResult;
  const notesResult = useNotes(target);
  const { upsert } = useUpsertAnnotations();
  const { remove, isSupported: canDelete } = useDeleteAnnotations();
  const addNoteMutation = useAddNote();

  const callbacks = useRef({ onSaved: options.onSaved, onError: options.onError });
  callbacks.current = { onSaved: options.onSaved, onError: options.onError };

  // Local edit state lives in a ref (read synchronously by timers and chained saves) and a
  // counter makes React re-render when it changes.
  const localRef = useRef(new Map<string, FieldLocal>());
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const chains = useRef(new Map<string, Promise<void>>());

  // Refs the timers, chained saves and the flush on leave read; assigned again on every render below.
  const targetRef = useRef(target);
  const identifierRef = useRef(identifier);
  const userIdRef = useRef(user?.id ?? null);
  const upsertRef = useRef(upsert);
  upsertRef.current = upsert;
  const baseRef = useRef<Array<Omit<AnnotationPanelField, 'value' | 'status' | 'error' | 'isEditable' | 'canRetry'>>>([]);

  /**
   * The writes of edits still waiting for their pause, for the target shown until now. Sent when
   * the reviewer moves to another target or the panel unmounts, so a quick reviewer loses nothing;
   * an invalid or empty draft is not sent (it was never valid to save).
   */
  const pendingWrites = (): AnnotationInput[] => {
    const pendingTarget = targetRef.current;
    const pendingIdentifier = identifierRef.current;
    if (!pendingTarget || pendingIdentifier === null) return [];
    const inputs: AnnotationInput[] = [];
    for (const [name, local] of localRef.current) {
      if (!local.draft || local.status !== 'dirty' || !timers.current.has(name)) continue;
      const base = baseRef.current.find((field) => field.name === name);
      try {
        const score = parseScore(local.draft.score, 'annotation');
        const explanation = local.draft.explanation.trim() === '' ? null : local.draft.explanation;
        if (local.draft.label === null && score === null && explanation === null) continue;
        inputs.push(
          validateAnnotationInput(
            {
              target: pendingTarget,
              name,
              annotatorKind: 'HUMAN',
              label: local.draft.label,
              score,
              explanation,
              identifier: pendingIdentifier,
              metadata: { ...(base?.own?.metadata ?? {}), ...(local.draft.metadata ?? {}) },
              userId: userIdRef.current,
            },
            { config: base?.config ?? null },
          ),
        );
      } catch {
        // Invalid drafts stay unsent, as they would have after the pause.
      }
    }
    return inputs;
  };
  const pendingWritesRef = useRef(pendingWrites);
  pendingWritesRef.current = pendingWrites;
  const flushQueue = useRef<AnnotationInput[]>([]);

  // A new target starts clean: drafts belong to the target they were typed for.
  const targetKeyRef = useRef<string | null>(null);
  const currentTargetKey = target ? JSON.stringify(target) : null;
  if (targetKeyRef.current !== currentTargetKey) {
    if (targetKeyRef.current !== null) flushQueue.current.push(...pendingWrites());
    targetKeyRef.current = currentTargetKey;
    localRef.current = new Map();
    for (const timer of timers.current.values()) clearTimeout(timer);
    timers.current.clear();
  }

  useEffect(() => {
    if (flushQueue.current.length === 0) return;
    const inputs = flushQueue.current.splice(0);
    upsert(inputs).then(
      (stored) => stored.forEach((annotation) => callbacks.current.onSaved?.(annotation)),
      (error: unknown) => callbacks.current.onError?.(toAnnokitError(error), inputs[0]!.name),
    );
  });

  useEffect(() => {
    const pending = timers.current;
    return () => {
      const inputs = pendingWritesRef.current();
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
      if (inputs.length > 0) void upsertRef.current(inputs).catch(() => {});
    };
  }, []);

  const editDisabledReason: EditDisabledReason = !identifier ? 'no-user' : !capabilities.annotationConfigs ? 'no-configs' : null;
  const canEdit = editDisabledReason === null;

  const fieldsBase = useMemo(() => {
    const grouped = new Map<string, Annotation[]>();
    for (const annotation of read.annotations) {
      const list = grouped.get(annotation.name);
      if (list) list.push(annotation);
      else grouped.set(annotation.name, [annotation]);
    }
    let order: string[];
    if (names) {
      order = [...new Set(names)];
    } else {
      const fromConfigs = configs.map((config) => config.name);
      const others = [...grouped.keys()].filter((name) => !fromConfigs.includes(name)).sort();
      order = [...fromConfigs, ...others];
    }
    return order.map((name) => {
      const annotations = [...(grouped.get(name) ?? [])].sort(byKindThenNewest);
      const own =
        identifier === null
          ? null
          : (annotations.find((annotation) => annotation.annotatorKind === 'HUMAN' && annotation.identifier === identifier) ?? null);
      const suggestion = annotations.find((annotation) => annotation.annotatorKind === 'LLM') ?? null;
      return {
        name,
        config: getConfig(name) ?? null,
        annotations,
        own,
        suggestion,
        summary: annotations.length > 1 ? summarizeAnnotations(annotations) : null,
        summaryByKind: annotations.length > 1 ? summarizeByNameAndKind(annotations) : [],
      };
    });
  }, [read.annotations, configs, getConfig, names, identifier]);

  baseRef.current = fieldsBase;

  const localOf = (name: string): FieldLocal => {
    let local = localRef.current.get(name);
    if (!local) {
      local = { draft: null, version: 0, status: 'idle', error: null, failed: null };
      localRef.current.set(name, local);
    }
    return local;
  };

  const fields: AnnotationPanelField[] = fieldsBase.map((base) => {
    const local = localRef.current.get(base.name);
    return {
      ...base,
      value: local?.draft ?? draftOf(base.own),
      status: local?.status ?? 'idle',
      error: local?.error ?? null,
      isEditable: canEdit && base.config !== null,
      canRetry: !!local?.failed,
    };
  });

  targetRef.current = target;
  identifierRef.current = identifier;
  userIdRef.current = user?.id ?? null;

  const fail = useCallback((name: string, local: FieldLocal, error: AnnokitError, status: AnnotationFieldStatus) => {
    local.status = status;
    local.error = error;
    rerender();
    callbacks.current.onError?.(error, name);
  }, []);

  /** Sends one write, after any earlier write of the same name has settled. */
  const send = useCallback(
    (name: string, write: { kind: 'upsert'; input: AnnotationInput } | { kind: 'delete' }) => {
      const local = localOf(name);
      const sentVersion = local.version;
      local.status = 'saving';
      local.error = null;
      local.failed = null;
      rerender();
      const previous = chains.current.get(name) ?? Promise.resolve();
      const run = async () => {
        const currentTarget = targetRef.current;
        const currentIdentifier = identifierRef.current;
        try {
          if (write.kind === 'upsert') {
            const [stored] = await upsert(write.input);
            if (stored) callbacks.current.onSaved?.(stored);
          } else if (currentTarget && currentIdentifier !== null) {
            await remove({ target: currentTarget, name, identifier: currentIdentifier });
          }
          if (localRef.current.get(name) !== local) return;
          if (local.version === sentVersion) {
            local.draft = null;
            local.status = 'saved';
          }
          rerender();
        } catch (error) {
          if (localRef.current.get(name) !== local) return;
          // The hook has rolled the cache back; the inputs show the stored value again and the
          // failed write is kept for `retry`, so nothing the reviewer did is lost.
          if (local.version === sentVersion) local.draft = null;
          local.failed = write;
          fail(name, local, toAnnokitError(error), 'error');
        }
      };
      const next = previous.then(run, run);
      chains.current.set(name, next);
      return next;
    },
    [upsert, remove, fail],
  );

  const saveOne = useCallback(
    async (name: string) => {
      const timer = timers.current.get(name);
      if (timer !== undefined) {
        clearTimeout(timer);
        timers.current.delete(name);
      }
      const local = localRef.current.get(name);
      const base = baseRef.current.find((field) => field.name === name);
      const currentTarget = targetRef.current;
      const currentIdentifier = identifierRef.current;
      if (!local?.draft || !base || !currentTarget || currentIdentifier === null) return;
      const draft = local.draft;
      const path = 'annotation';
      let input: AnnotationInput;
      try {
        const score = parseScore(draft.score, path);
        const explanation = draft.explanation.trim() === '' ? null : draft.explanation;
        if (draft.label === null && score === null && explanation === null) {
          if (!base.own) {
            local.draft = null;
            local.status = 'idle';
            local.error = null;
            rerender();
            return;
          }
          if (!canDelete) {
            fail(
              name,
              local,
              new AnnokitError('This backend cannot remove annotations; pick a value instead', { code: 'unsupported' }),
              'invalid',
            );
            return;
          }
          await send(name, { kind: 'delete' });
          return;
        }
        input = validateAnnotationInput(
          {
            target: currentTarget,
            name,
            annotatorKind: 'HUMAN',
            label: draft.label,
            score,
            explanation,
            identifier: currentIdentifier,
            metadata: { ...(base.own?.metadata ?? {}), ...(draft.metadata ?? {}) },
            userId: userIdRef.current,
          },
          { config: base.config, path },
        );
      } catch (error) {
        // Bad input is shown beside the field and nothing is sent; the draft stays for fixing.
        fail(name, local, toAnnokitError(error), 'invalid');
        return;
      }
      await send(name, { kind: 'upsert', input });
    },
    [canDelete, fail, send],
  );

  const saveOneRef = useRef(saveOne);
  saveOneRef.current = saveOne;

  const edit = useCallback(
    (name: string, patch: (draft: AnnotationDraft) => AnnotationDraft) => {
      const base = baseRef.current.find((field) => field.name === name);
      if (!base?.config || !identifierRef.current) return;
      const local = localOf(name);
      local.draft = patch(local.draft ?? draftOf(base.own));
      local.version += 1;
      local.status = 'dirty';
      local.error = null;
      local.failed = null;
      rerender();
      const previous = timers.current.get(name);
      if (previous !== undefined) clearTimeout(previous);
      timers.current.delete(name);
      if (autosaveDelay !== false) {
        timers.current.set(
          name,
          setTimeout(() => {
            timers.current.delete(name);
            void saveOneRef.current(name);
          }, autosaveDelay),
        );
      }
    },
    [autosaveDelay],
  );

  const setLabel = useCallback(
    (name: string, label: string | null) =>
      edit(name, (draft) => {
        const config = baseRef.current.find((field) => field.name === name)?.config;
        const configured = config?.type === 'categorical' ? config.values.find((value) => value.label === label) : undefined;
        const score = label === null ? '' : configured && configured.score != null ? String(configured.score) : draft.score;
        return { ...draft, label, score };
      }),
    [edit],
  );
  const setScore = useCallback((name: string, score: string) => edit(name, (draft) => ({ ...draft, score })), [edit]);
  const setExplanation = useCallback(
    (name: string, explanation: string) => edit(name, (draft) => ({ ...draft, explanation })),
    [edit],
  );

  const save = useCallback(
    async (name?: string) => {
      const namesToSave = name !== undefined ? [name] : [...localRef.current].filter(([, local]) => local.draft).map(([key]) => key);
      await Promise.all(namesToSave.map((key) => saveOneRef.current(key)));
    },
    [],
  );

  const accept = useCallback(
    async (name: string) => {
      const base = baseRef.current.find((field) => field.name === name);
      const suggestion = base?.suggestion;
      if (!base || !suggestion || !base.config) return;
      const config = base.config;
      edit(name, (draft) => {
        const prefilledFrom = { annotationId: suggestion.id, annotatorKind: suggestion.annotatorKind };
        if (config.type === 'freeform') return { ...draft, explanation: suggestion.explanation ?? '', metadata: { prefilledFrom } };
        return {
          ...draft,
          label: config.type === 'categorical' ? suggestion.label : draft.label,
          score: suggestion.score === null ? (config.type === 'categorical' ? '' : draft.score) : String(suggestion.score),
          metadata: { prefilledFrom },
        };
      });
      await saveOneRef.current(name);
    },
    [edit],
  );

  const retry = useCallback(
    async (name: string) => {
      const local = localRef.current.get(name);
      if (!local?.failed) return;
      await send(name, local.failed);
    },
    [send],
  );

  const discard = useCallback((name: string) => {
    const local = localRef.current.get(name);
    if (!local) return;
    const timer = timers.current.get(name);
    if (timer !== undefined) clearTimeout(timer);
    timers.current.delete(name);
    localRef.current.set(name, { draft: null, version: local.version + 1, status: 'idle', error: null, failed: null });
    rerender();
  }, []);

  const getField = useCallback((name: string) => fields.find((field) => field.name === name), [fields]);

  const notesDisabledReason: NotesDisabledReason = !notesResult.isSupported ? 'unsupported' : !user ? 'no-user' : null;
  const { addNote: addNoteRaw } = addNoteMutation;
  const addNote = useCallback(
    async (text: string) => {
      const currentTarget = targetRef.current;
      if (!currentTarget) return;
      await addNoteRaw({ target: currentTarget, text });
    },
    [addNoteRaw],
  );

  const hasPendingChanges = fields.some((field) => field.status === 'dirty' || field.status === 'saving');

  return {
    fields,
    getField,
    identifier,
    userId: user?.id ?? null,
    canEdit,
    editDisabledReason,
    setLabel,
    setScore,
    setExplanation,
    save,
    accept,
    retry,
    discard,
    hasPendingChanges,
    notes: notesResult.notes,
    addNote,
    canAddNote: notesDisabledReason === null,
    notesDisabledReason,
    isAddingNote: addNoteMutation.isPending,
    noteError: addNoteMutation.error,
    isLoading: read.isLoading || configsResult.isLoading,
    error: read.error ?? configsResult.error ?? notesResult.error,
  };
}
