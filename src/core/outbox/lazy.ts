import type { AnnotationAdapter } from '../adapter';
import { createId } from '../ids';
import type { AnnotationInput, AnnotationRef, NoteInput } from '../model';
import { backendOf, sameBackend, writeKey } from './keys';
import type {
  EnqueueOptions,
  ManyOptions,
  Outbox,
  OutboxEvent,
  OutboxLike,
  OutboxSnapshot,
  OutboxTicket,
  UpsertOptions,
} from './outbox';
import type { OutboxOperation } from './types';

export interface LazyOutboxOptions {
  /** The backend the writes go to; `setAdapter` changes it. */
  adapter: AnnotationAdapter;
  /**
   * Loads the engine and opens an outbox over the storage it chooses, for one backend. Called by
   * `start()` or the first write, and again when the backend changes. Should not start it.
   */
  open: (adapter: AnnotationAdapter) => Promise<Outbox>;
  /** Told when `open` failed (it is tried again at the next write or `start`). */
  onOpenError?: (error: unknown) => void;
}

/** The provider's outbox: an {@link OutboxLike} that loads the real {@link Outbox} on demand. */
export interface LazyOutbox extends OutboxLike {
  /** The backend the writes go to. */
  readonly adapter: AnnotationAdapter;
  /** Loads (first time) and starts the outbox. Idempotent; a `stop()` just before is undone. */
  start(): void;
  /**
   * Lets go of the outbox, a moment later unless `start()` comes first (as when React re-runs
   * effects), so that writes made while the page unmounts (a panel saving its draft) are still
   * queued. Over browser storage it stops at once and is disposed (its channel closed): the next
   * outbox over that storage, in this page or a later one, sends what is left. Over memory storage,
   * which nothing else can read, it first sends what it holds, then is disposed.
   */
  stop(): void;
  /**
   * Sends queued and later writes through `adapter`. The same backend (`outboxKey`, default `name`): the outbox and its
   * writes carry on. Another backend: writes already queued still go to the backend they were made
   * for (its outbox stays open until none is pending); later ones go to the new one.
   */
  setAdapter(adapter: AnnotationAdapter): void;
}

/** A write made before its backend's outbox was open: replayed into it, in order, once it is. */
interface Waiting {
  adapter: AnnotationAdapter;
  run: (outbox: Outbox) => OutboxTicket[];
  settle: (tickets: OutboxTicket[]) => void;
  fail: (error: unknown) => void;
}

const IDLE: OutboxSnapshot = { entries: [], keys: new Map(), isOnline: true, isLeader: false, isReady: false };

// A malformed write has no key yet; the outbox refuses it (the ticket's `persisted` rejects) once open.
function keyOf(write: OutboxOperation): string {
  try {
    return writeKey(write);
  } catch {
    return '';
  }
}

/**
 * The provider's outbox, alive as long as the provider, in front of the real {@link Outbox} that
 * loads on demand with its storage (from the moment the provider mounts). Once that has loaded,
 * every call goes straight to it. A write made in the moments before is given its id (idempotency
 * key) at once and queued as soon as the outbox has loaded; its validation then comes with the
 * ticket's `persisted` (rejected for bad input) rather than as a throw.
 */
export function createLazyOutbox(options: LazyOutboxOptions): LazyOutbox {
  let backend = options.adapter;
  let outbox: Outbox | null = null;
  /** Outboxes being opened, by backend (see `backendOf`). */
  const opening = new Map<unknown, Promise<void>>();
  let started = false;
  let waiting: Waiting[] = [];
  let disposeTimer: ReturnType<typeof setTimeout> | undefined;
  let detach: (() => void) | undefined;
  const listeners = new Set<() => void>();
  const eventListeners = new Set<(event: OutboxEvent) => void>();

  const notify = () => listeners.forEach((listener) => listener());
  const forward = (event: OutboxEvent) => eventListeners.forEach((listener) => listener(event));

  /** Lets go of the current outbox (its snapshot and events). */
  const release = () => {
    detach?.();
    detach = undefined;
    outbox = null;
    notify();
  };

  /** Lets an outbox no longer current finish sending to its backend, then disposes it. */
  const retire = (old: Outbox) => {
    // Its failures still reach the listeners until it closes.
    const unsubscribe = old.subscribeEvents(forward);
    old.start();
    void old.whenIdle().then(() => {
      unsubscribe();
      old.dispose();
    });
  };

  const attach = (opened: Outbox) => {
    const mine = (write: Waiting) => sameBackend(write.adapter, opened.adapter);
    // Writes made for this backend while it loaded, in the order they were made.
    for (const write of waiting) {
      if (!mine(write)) continue;
      try {
        write.settle(write.run(opened));
      } catch (error) {
        write.fail(error);
      }
    }
    waiting = waiting.filter((write) => !mine(write));
    if (sameBackend(opened.adapter, backend) && !outbox) {
      outbox = opened;
      const unsubscribe = opened.subscribe(notify);
      const unsubscribeEvents = opened.subscribeEvents(forward);
      detach = () => {
        unsubscribe();
        unsubscribeEvents();
      };
      opened.setAdapter(backend);
      if (started) opened.start();
    } else {
      // The backend changed while this one loaded: it sends what was made for it, then closes.
      retire(opened);
    }
    // Writes made for a backend that was current only for a moment get an outbox of their own.
    for (const write of waiting) load(write.adapter);
    notify();
  };

  const load = (adapter: AnnotationAdapter) => {
    const key = backendOf(adapter);
    if (opening.has(key) || (outbox && sameBackend(outbox.adapter, adapter))) return;
    opening.set(
      key,
      options.open(adapter).then(
        (opened) => {
          opening.delete(key);
          attach(opened);
        },
        (error: unknown) => {
          opening.delete(key);
          options.onOpenError?.(error);
        },
      ),
    );
  };

  /** Runs a write on the open outbox, or keeps it (with its ids) until the outbox has loaded. */
  const call = (writes: OutboxOperation[], given: readonly string[], run: (outbox: Outbox) => OutboxTicket[]): OutboxTicket[] => {
    if (outbox) return run(outbox);
    const queued = new Promise<OutboxTicket[]>((settle, fail) => waiting.push({ adapter: backend, run, settle, fail }));
    load(backend);
    return writes.map((write, index) => ({
      id: given[index]!,
      key: keyOf(write),
      persisted: queued.then((tickets) => tickets[index]!.persisted),
    }));
  };

  /** The open outbox, once it is (writes waiting for it queued first). */
  const opened = async (): Promise<Outbox> => {
    while (!outbox) {
      load(backend);
      await opening.get(backendOf(backend));
    }
    return outbox;
  };

  return {
    get adapter() {
      return backend;
    },
    start() {
      started = true;
      clearTimeout(disposeTimer);
      if (outbox) outbox.start();
      else load(backend);
    },
    stop() {
      started = false;
      const current = outbox;
      if (!current) return;
      const inMemory = current.storage.kind === 'memory';
      if (!inMemory) current.stop();
      clearTimeout(disposeTimer);
      disposeTimer = setTimeout(() => {
        if (started || outbox !== current) return;
        release();
        if (inMemory) retire(current);
        else current.dispose();
      }, 0);
    },
    setAdapter(adapter) {
      backend = adapter;
      const current = outbox;
      if (!current) return; // still loading: `attach` sorts it out
      if (sameBackend(adapter, current.adapter)) return current.setAdapter(adapter);
      release();
      retire(current);
      if (started) load(adapter);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    getSnapshot: () => outbox?.getSnapshot() ?? IDLE,
    // Loads the outbox (as the provider does when it mounts), then waits for it to read its storage.
    get ready() {
      return opened().then((open) => open.ready);
    },
    // Nothing is known of a key before the outbox has loaded (as in the snapshot).
    getKeyState: (ref) => outbox?.getKeyState(ref) ?? null,
    subscribeEvents(listener) {
      eventListeners.add(listener);
      return () => void eventListeners.delete(listener);
    },
    upsert(input: AnnotationInput, upsertOptions: UpsertOptions = {}) {
      const id = upsertOptions.id || createId();
      return call([{ type: 'upsert', input }], [id], (open) => [open.upsert(input, { ...upsertOptions, id })])[0]!;
    },
    upsertMany(inputs: readonly AnnotationInput[], manyOptions: ManyOptions<UpsertOptions> = {}) {
      const given = manyOptions.ids ?? inputs.map(() => createId());
      const writes = inputs.map((input) => ({ type: 'upsert', input }) as const);
      return call(writes, given, (open) => open.upsertMany(inputs, { ...manyOptions, ids: given }));
    },
    delete(ref: AnnotationRef, deleteOptions: EnqueueOptions = {}) {
      const id = deleteOptions.id || createId();
      return call([{ type: 'delete', ref }], [id], (open) => [open.delete(ref, { ...deleteOptions, id })])[0]!;
    },
    deleteMany(refs: readonly AnnotationRef[], manyOptions: ManyOptions<EnqueueOptions> = {}) {
      const given = manyOptions.ids ?? refs.map(() => createId());
      const writes = refs.map((ref) => ({ type: 'delete', ref }) as const);
      return call(writes, given, (open) => open.deleteMany(refs, { ...manyOptions, ids: given }));
    },
    addNote(input: NoteInput, noteOptions: Pick<EnqueueOptions, 'id'> = {}) {
      const id = noteOptions.id || createId();
      return call([{ type: 'note', input }], [id], (open) => [open.addNote(input, { id })])[0]!;
    },
    retry: async (id) => (await opened()).retry(id),
    discard: async (id) => (await opened()).discard(id),
    flush: (flushOptions) => outbox?.flush(flushOptions),
    whenIdle: async () => (await opened()).whenIdle(),
  };
}
