'use client';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { AnnokitError, ValidationError, outboxError, toAnnokitError } from '../core/errors';
import { summarizeAnnotations, summarizeByNameAndKind, type AnnotationGroupSummary, type AnnotationSummary } from '../core/summary';
import type { Annotation, AnnotationConfig, AnnotationInput, AnnotationTarget, AnnotatorKind, Note } from '../core/model';
import type { OutboxTicket } from '../core/outbox/outbox';
import { annotationKey, targetKey } from '../core/targets';
import { validateAnnotationInput } from '../core/validation';
import { cachedConfigs } from '../provider/queryCache';
import { useAnnotationContext } from '../provider/context';
import { useOutboxSnapshot } from './outboxWrites';
import { useAnnotationConfigs } from './useAnnotationConfigs';
import { useAnnotations } from './useAnnotations';
import { useLatestRef } from './useLatestRef';
import { useNotes, type QueuedNoteState } from './useNotes';

/**
 * The identifier a reviewer's annotations carry: their user id, as `useFeedback` and the demo
 * project use. It is part of the uniqueness key `(target, name, identifier)`, so two reviewers
 * labelling the same span never overwrite each other.
 */
export function reviewerIdentifier(userId: string): string {
  return userId;
}

/**
 * Where a reviewer's edit of one name stands: `dirty` (waiting for the autosave pause), `invalid`
 * (refused, nothing sent), `saving` (in the outbox: queued or being sent), `retrying` (an attempt
 * failed; the outbox tries again), `error` (failed for good: retry or discard), `saved`, `idle`.
 * The outbox states come from the provider's outbox, so they survive the panel remounting and a reload.
 */
export type AnnotationFieldStatus = 'idle' | 'dirty' | 'saving' | 'retrying' | 'saved' | 'invalid' | 'error';

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
  /** The validation error (nothing was sent), or the error of the write's last attempt (retrying or failed). */
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
  /** Called with each annotation the backend stored (sent from this tab while the panel is mounted). */
  onSaved?: (annotation: Annotation) => void;
  /**
   * Called when a write is refused by validation, or fails for good while the panel is mounted. A
   * write that fails after the panel unmounted reaches the provider's `onError` and `useOutboxStatus`.
   */
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
  /** Drops the unsaved draft and the error of a name, and gives up its failed write. */
  discard: (name: string) => void;
  /** Whether any field has unsaved or in-flight changes. */
  hasPendingChanges: boolean;
  /**
   * Whether an annotation shown is not yet stored: a write of it is still in the provider's outbox
   * (queued, being sent, or failed and not discarded), so what is shown is that write.
   */
  isPending: (annotation: Annotation) => boolean;
  /** The notes on the target, oldest first; notes still in the outbox come last (see `queuedNotes`). */
  notes: Note[];
  /** The notes still in the outbox, by note id: pending, or failed (retry or discard them). */
  queuedNotes: ReadonlyMap<string, QueuedNoteState>;
  /** Sends a failed note again. */
  retryNote: (id: string) => Promise<void>;
  /** Gives up a failed note. */
  discardNote: (id: string) => Promise<void>;
  /**
   * Appends a note by the reviewer through the outbox; resolves once it is queued (persisted). An
   * empty one is refused without a request.
   */
  addNote: (text: string) => Promise<void>;
  canAddNote: boolean;
  notesDisabledReason: NotesDisabledReason;
  /** A note is being queued (persisted) right now. */
  isAddingNote: boolean;
  /** Why the last note could not be queued (validation, no notes on this backend). */
  noteError: AnnokitError | null;
  isLoading: boolean;
  /** The error of reading annotations, configs or notes. */
  error: AnnokitError | null;
}

interface FieldLocal {
  draft: AnnotationDraft | null;
  /** Bumped on every edit, so a save that is persisted after a newer edit does not clear it. */
  version: number;
  /** What the reviewer did last; the outbox's state of the name's key comes on top (see `fields`). */
  status: 'idle' | 'dirty' | 'invalid' | 'queueing' | 'queued';
  /** A validation error or a refused write (nothing was queued). */
  error: AnnokitError | null;
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

/** The outbox key of the reviewer's annotation of a name on the target (null without a target or reviewer). */
function fieldKey(target: AnnotationTarget | null, identifier: string | null, name: string): string | null {
  return target && identifier !== null ? annotationKey({ target, name, identifier }) : null;
}

type FieldBase = Omit<AnnotationPanelField, 'value' | 'status' | 'error' | 'isEditable' | 'canRetry'>;

/** What render reads of the drafts: a copy made each time they change, for the target they belong to. */
interface DraftSnapshot {
  targetKey: string | null;
  locals: ReadonlyMap<string, Readonly<FieldLocal>>;
}

const NO_LOCALS: ReadonlyMap<string, Readonly<FieldLocal>> = new Map();

const keyOfTarget = (target: AnnotationTarget | null) => (target ? targetKey(target) : null);

/**
 * The reviewer's unsaved work on one target, per name. Handlers, autosave timers and queued saves
 * change it at once and read it back synchronously; render reads the snapshot it publishes
 * (through useSyncExternalStore), never the live entries.
 */
class DraftStore {
  private entries = new Map<string, FieldLocal>();
  private snapshot: DraftSnapshot;
  private readonly listeners = new Set<() => void>();

  constructor(private key: string | null) {
    this.snapshot = { targetKey: key, locals: NO_LOCALS };
  }

  get targetKey(): string | null {
    return this.key;
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  /** The entry of a name, if any. Its identity changes when the target does (see `send`). */
  get(name: string): FieldLocal | undefined {
    return this.entries.get(name);
  }

  /** The entry of a name, made empty when there is none. */
  localOf(name: string): FieldLocal {
    let local = this.entries.get(name);
    if (!local) {
      local = { draft: null, version: 0, status: 'idle', error: null };
      this.entries.set(name, local);
    }
    return local;
  }

  set(name: string, local: FieldLocal) {
    this.entries.set(name, local);
  }

  names(): string[] {
    return [...this.entries].filter(([, local]) => local.draft).map(([name]) => name);
  }

  all(): IterableIterator<[string, FieldLocal]> {
    return this.entries.entries();
  }

  /** Starts over for another target. */
  reset(key: string | null) {
    this.key = key;
    this.entries = new Map();
    this.publish();
  }

  /** Tells render that the entries changed. */
  publish() {
    this.snapshot = { targetKey: this.key, locals: new Map([...this.entries].map(([name, local]) => [name, { ...local }])) };
    for (const listener of this.listeners) listener();
  }
}

/** What the flush on leave needs to know of the target being left, and how to queue and report. */
interface Leaving {
  target: AnnotationTarget | null;
  identifier: string | null;
  userId: string | null;
  base: FieldBase[];
  queue: (inputs: AnnotationInput[]) => OutboxTicket[];
  onError: UseAnnotationPanelOptions['onError'];
}

/**
 * The writes of edits still waiting for their pause, for the target being left. Queued when the
 * reviewer moves to another target or the panel unmounts, so a quick reviewer loses nothing; an
 * invalid or empty draft is not sent (it was never valid to save).
 */
function pendingWrites(drafts: DraftStore, timers: ReadonlyMap<string, unknown>, leaving: Leaving): AnnotationInput[] {
  const { target, identifier, userId, base: fields } = leaving;
  if (!target || identifier === null) return [];
  const inputs: AnnotationInput[] = [];
  for (const [name, local] of drafts.all()) {
    if (!local.draft || local.status !== 'dirty' || !timers.has(name)) continue;
    const base = fields.find((field) => field.name === name);
    try {
      const score = parseScore(local.draft.score, 'annotation');
      const explanation = local.draft.explanation.trim() === '' ? null : local.draft.explanation;
      if (local.draft.label === null && score === null && explanation === null) continue;
      inputs.push(
        validateAnnotationInput(
          {
            target,
            name,
            annotatorKind: 'HUMAN',
            label: local.draft.label,
            score,
            explanation,
            identifier,
            metadata: { ...(base?.own?.metadata ?? {}), ...(local.draft.metadata ?? {}) },
            userId,
          },
          { config: base?.config ?? null },
        ),
      );
    } catch {
      // Invalid drafts stay unsent, as they would have after the pause.
    }
  }
  return inputs;
}

/**
 * State and actions for reviewing one target: its annotations grouped by name, the reviewer's
 * own editable values (drafts autosaved after a pause through the provider's outbox, shown as
 * saving, retrying or failed from it), LLM prefill, and notes. Built on `useAnnotations`,
 * `useAnnotationConfigs`, `useNotes` and the outbox; renders nothing.
 */
export function useAnnotationPanel(options: UseAnnotationPanelOptions): UseAnnotationPanelResult {
  const { target, names, autosaveDelay = DEFAULT_AUTOSAVE_DELAY } = options;
  const { user, capabilities, outbox, queryClient, scope } = useAnnotationContext('useAnnotationPanel');
  const identifier = options.identifier ?? (user ? reviewerIdentifier(user.id) : null);

  const read = useAnnotations({ target });
  const configsResult = useAnnotationConfigs();
  const { configs, getConfig } = configsResult;
  const notesResult = useNotes(target);
  const { keys } = useOutboxSnapshot(outbox);
  const canDelete = capabilities.deleteAnnotations;

  const callbacks = useLatestRef({ onSaved: options.onSaved, onError: options.onError });

  // The drafts of the target shown; a new target starts clean (see the effect below), and until
  // that effect has run render already ignores the drafts of the previous one.
  const currentTargetKey = keyOfTarget(target);
  const [drafts] = useState(() => new DraftStore(currentTargetKey));
  const snapshot = useSyncExternalStore(drafts.subscribe, drafts.getSnapshot, drafts.getSnapshot);
  const locals = snapshot.targetKey === currentTargetKey ? snapshot.locals : NO_LOCALS;
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  // The writes this panel queued, by entry id → name: their landing and failure are reported here.
  const written = useRef(new Map<string, string>());

  useEffect(
    () =>
      outbox.subscribeEvents((event) => {
        const name = written.current.get(event.entry.id);
        if (name === undefined) return;
        if (event.type === 'sent') {
          written.current.delete(event.entry.id);
          if (event.annotation) callbacks.current.onSaved?.(event.annotation);
        } else if (event.type === 'failed') {
          callbacks.current.onError?.(outboxError(event.error), name);
        } else if (event.type === 'superseded' || event.type === 'discarded' || event.type === 'dropped') {
          written.current.delete(event.entry.id);
        }
      }),
    [outbox, callbacks],
  );

  /** Queues writes in the outbox: persisted before anything is sent, retried, sent in order per name. */
  const queue = useCallback(
    (inputs: AnnotationInput[]): OutboxTicket[] => {
      const tickets = outbox.upsertMany(inputs);
      tickets.forEach((ticket, index) => written.current.set(ticket.id, inputs[index]!.name));
      return tickets;
    },
    [outbox],
  );

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

  // What timers and queued saves read: the values of the last commit.
  const live = useLatestRef({ target, identifier, userId: user?.id ?? null, base: fieldsBase as FieldBase[] });
  // What the flush on leave reads: written after each commit's effects, so the cleanup that runs
  // when the target changes still sees the target being left.
  const leavingNow: Leaving = { target, identifier, userId: user?.id ?? null, base: fieldsBase, queue, onError: options.onError };
  const leaving = useRef(leavingNow);
  useEffect(() => {
    leaving.current = leavingNow;
  });
  // Leaving a target (another one, or unmounting): queue the edits still waiting for their pause,
  // drop the timers, and start the drafts over for the new target.
  useEffect(() => {
    if (drafts.targetKey !== currentTargetKey) drafts.reset(currentTargetKey);
    const pending = timers.current;
    return () => {
      const left = leaving.current;
      const inputs = pendingWrites(drafts, pending, left);
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
      if (inputs.length === 0) return;
      try {
        left.queue(inputs);
      } catch (error) {
        left.onError?.(toAnnokitError(error), inputs[0]!.name);
      }
    };
  }, [currentTargetKey, drafts]);

  const fields: AnnotationPanelField[] = fieldsBase.map((base) => {
    const local = locals.get(base.name);
    const key = fieldKey(target, identifier, base.name);
    const queued = key ? (keys.get(key) ?? null) : null;
    let status: AnnotationFieldStatus;
    let error = local?.error ?? null;
    if (local?.status === 'dirty' || local?.status === 'invalid') status = local.status;
    else if (queued?.status === 'failed') status = 'error';
    else if (queued) status = queued.error ? 'retrying' : 'saving';
    else if (local?.status === 'queueing') status = 'saving';
    else status = local?.status === 'queued' ? 'saved' : 'idle';
    if (!error && queued?.error && (status === 'error' || status === 'retrying')) error = outboxError(queued.error);
    return {
      ...base,
      value: local?.draft ?? draftOf(base.own),
      status,
      error,
      isEditable: canEdit && base.config !== null,
      canRetry: queued?.status === 'failed',
    };
  });

  const fail = useCallback(
    (name: string, local: FieldLocal, error: AnnokitError) => {
      local.status = 'invalid';
      local.error = error;
      drafts.publish();
      callbacks.current.onError?.(error, name);
    },
    [drafts, callbacks],
  );

  /** Queues one write of a name. Its draft stays shown until the write is persisted, then the outbox shows it. */
  const send = useCallback(
    async (name: string, write: { kind: 'upsert'; input: AnnotationInput } | { kind: 'delete' }) => {
      const local = drafts.localOf(name);
      const sentVersion = local.version;
      const { target: currentTarget, identifier: currentIdentifier } = live.current;
      if (!currentTarget || currentIdentifier === null) return;
      let ticket: OutboxTicket;
      try {
        if (write.kind === 'upsert') ticket = queue([write.input])[0]!;
        else {
          ticket = outbox.delete({ target: currentTarget, name, identifier: currentIdentifier });
          written.current.set(ticket.id, name);
        }
      } catch (error) {
        fail(name, local, toAnnokitError(error));
        return;
      }
      local.status = 'queueing';
      local.error = null;
      drafts.publish();
      try {
        await ticket.persisted;
      } catch (error) {
        if (drafts.get(name) === local) fail(name, local, toAnnokitError(error));
        return;
      }
      if (drafts.get(name) !== local) return;
      if (local.version === sentVersion) {
        local.draft = null;
        local.status = 'queued';
      }
      drafts.publish();
    },
    [outbox, queue, fail, drafts, live],
  );

  const saveOne = useCallback(
    async (name: string) => {
      const timer = timers.current.get(name);
      if (timer !== undefined) {
        clearTimeout(timer);
        timers.current.delete(name);
      }
      const local = drafts.get(name);
      const { base: fields, target: currentTarget, identifier: currentIdentifier, userId } = live.current;
      const base = fields.find((field) => field.name === name);
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
            drafts.publish();
            return;
          }
          if (!canDelete) {
            fail(name, local, new AnnokitError('This backend cannot remove annotations; pick a value instead', { code: 'unsupported' }));
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
            userId,
          },
          { config: base.config ?? cachedConfigs(queryClient, scope).find((config) => config.name === name) ?? null, path },
        );
      } catch (error) {
        // Bad input is shown beside the field and nothing is sent; the draft stays for fixing.
        fail(name, local, toAnnokitError(error));
        return;
      }
      await send(name, { kind: 'upsert', input });
    },
    [canDelete, fail, send, queryClient, scope, drafts, live],
  );

  const saveOneRef = useLatestRef(saveOne);

  const edit = useCallback(
    (name: string, patch: (draft: AnnotationDraft) => AnnotationDraft) => {
      const base = live.current.base.find((field) => field.name === name);
      if (!base?.config || !live.current.identifier) return;
      const local = drafts.localOf(name);
      local.draft = patch(local.draft ?? draftOf(base.own));
      local.version += 1;
      local.status = 'dirty';
      local.error = null;
      drafts.publish();
      const previous = timers.current.get(name);
      if (previous !== undefined) clearTimeout(previous);
      timers.current.delete(name);
      if (autosaveDelay !== false) {
        timers.current.set(
          name,
          setTimeout(() => {
            // The target has just changed and the flush on leave has not run yet: it queues this edit.
            if (drafts.targetKey !== keyOfTarget(live.current.target)) return;
            timers.current.delete(name);
            void saveOneRef.current(name);
          }, autosaveDelay),
        );
      }
    },
    [autosaveDelay, drafts, live, saveOneRef],
  );

  const setLabel = useCallback(
    (name: string, label: string | null) =>
      edit(name, (draft) => {
        const config = live.current.base.find((field) => field.name === name)?.config;
        const configured = config?.type === 'categorical' ? config.values.find((value) => value.label === label) : undefined;
        const score = label === null ? '' : configured && configured.score != null ? String(configured.score) : draft.score;
        return { ...draft, label, score };
      }),
    [edit, live],
  );
  const setScore = useCallback((name: string, score: string) => edit(name, (draft) => ({ ...draft, score })), [edit]);
  const setExplanation = useCallback(
    (name: string, explanation: string) => edit(name, (draft) => ({ ...draft, explanation })),
    [edit],
  );

  const save = useCallback(
    async (name?: string) => {
      const namesToSave = name !== undefined ? [name] : drafts.names();
      await Promise.all(namesToSave.map((key) => saveOneRef.current(key)));
    },
    [drafts, saveOneRef],
  );

  const accept = useCallback(
    async (name: string) => {
      const base = live.current.base.find((field) => field.name === name);
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
    [edit, live, saveOneRef],
  );

  const retry = useCallback(
    async (name: string) => {
      const key = fieldKey(target, identifier, name);
      const queued = key ? keys.get(key) : undefined;
      if (queued?.status === 'failed') await outbox.retry(queued.latest.id);
    },
    [outbox, keys, target, identifier],
  );

  const discard = useCallback(
    (name: string) => {
      const local = drafts.get(name);
      const timer = timers.current.get(name);
      if (timer !== undefined) clearTimeout(timer);
      timers.current.delete(name);
      drafts.set(name, { draft: null, version: (local?.version ?? 0) + 1, status: 'idle', error: null });
      const key = fieldKey(target, identifier, name);
      const queued = key ? keys.get(key) : undefined;
      if (queued?.status === 'failed') void outbox.discard(queued.latest.id);
      drafts.publish();
    },
    [outbox, keys, target, identifier, drafts],
  );

  const getField = useCallback((name: string) => fields.find((field) => field.name === name), [fields]);

  const notesDisabledReason: NotesDisabledReason = !notesResult.isSupported ? 'unsupported' : !user ? 'no-user' : null;
  const [noteState, setNoteState] = useState<{ adding: number; error: AnnokitError | null }>({ adding: 0, error: null });
  const addNote = useCallback(
    async (text: string) => {
      const currentTarget = live.current.target;
      if (!currentTarget) return;
      let ticket: OutboxTicket;
      try {
        ticket = outbox.addNote({ target: currentTarget, text, userId: user?.id ?? null });
      } catch (error) {
        const failure = toAnnokitError(error);
        setNoteState((current) => ({ ...current, error: failure }));
        throw failure;
      }
      setNoteState((current) => ({ adding: current.adding + 1, error: null }));
      try {
        await ticket.persisted;
      } finally {
        setNoteState((current) => ({ ...current, adding: current.adding - 1 }));
      }
    },
    [outbox, user, live],
  );

  const hasPendingChanges = fields.some((field) => field.status === 'dirty' || field.status === 'saving' || field.status === 'retrying');
  const isPending = useCallback((annotation: Annotation) => keys.has(annotationKey(annotation)), [keys]);

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
    isPending,
    notes: notesResult.notes,
    queuedNotes: notesResult.queued,
    retryNote: notesResult.retryNote,
    discardNote: notesResult.discardNote,
    addNote,
    canAddNote: notesDisabledReason === null,
    notesDisabledReason,
    isAddingNote: noteState.adding > 0,
    noteError: noteState.error,
    isLoading: read.isLoading || configsResult.isLoading,
    error: read.error ?? configsResult.error ?? notesResult.error,
  };
}
