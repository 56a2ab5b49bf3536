'use client';
import { useId, useState, type FormEvent, type RefObject } from 'react';
import type { Note } from '../../core/model';
import type { UseAnnotationPanelResult } from '../../hooks/useAnnotationPanel';
import type { QueuedNoteState } from '../../hooks/useNotes';
import { useLocaleFormats } from '../../hooks/useLocaleFormats';
import { formatMessage } from '../../provider/messages';
import { buttonClass, formatTime, inputClass, type Messages } from './shared';

/** The notes on the target, oldest first, and a box to append one. */
export function NotesSection({
  panel,
  messages: m,
  noteRef,
}: {
  panel: UseAnnotationPanelResult;
  messages: Messages;
  noteRef: RefObject<HTMLTextAreaElement | null>;
}) {
  const [text, setText] = useState('');
  const headingId = useId();
  const inputId = useId();
  const hintId = useId();
  const reasonId = useId();
  const errorId = useId();
  const reason =
    panel.notesDisabledReason === 'unsupported'
      ? m.notesDisabledUnsupported
      : panel.notesDisabledReason === 'no-user'
        ? m.notesDisabledNoUser
        : null;
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!panel.canAddNote || text.trim() === '' || panel.isAddingNote) return;
    try {
      await panel.addNote(text);
      setText('');
    } catch {
      // The error is shown below the box and the text stays in it.
    }
  };
  return (
    <div
      role="group"
      aria-labelledby={headingId}
      data-slot="annotation-notes"
      data-disabled={reason ? '' : undefined}
      className="ak:flex ak:flex-col ak:gap-2 ak:border-t ak:border-ak-border ak:pt-3"
    >
      <h3 id={headingId} className="ak:m-0 ak:text-sm ak:font-semibold">
        {m.notes}
      </h3>
      {reason && (
        <p id={reasonId} data-slot="annotation-notes-reason" data-reason={panel.notesDisabledReason} className="ak:m-0 ak:text-ak-muted">
          {reason}
        </p>
      )}
      {panel.notesDisabledReason !== 'unsupported' &&
        (panel.notes.length === 0 ? (
          <p className="ak:m-0 ak:text-ak-muted">{m.noNotes}</p>
        ) : (
          <ul data-slot="annotation-note-list" aria-label={m.notes} className="ak:m-0 ak:flex ak:list-none ak:flex-col ak:gap-1.5 ak:p-0">
            {panel.notes.map((note) => (
              <NoteItem
                key={note.id}
                note={note}
                messages={m}
                isOwn={panel.userId !== null && note.userId === panel.userId}
                queued={panel.queuedNotes.get(note.id) ?? null}
                onRetry={() => void panel.retryNote(note.id)}
                onDiscard={() => void panel.discardNote(note.id)}
              />
            ))}
          </ul>
        ))}
      <form data-slot="annotation-note-form" className="ak:flex ak:flex-col ak:gap-1" onSubmit={(event) => void submit(event)}>
        <label htmlFor={inputId} className="ak:text-sm">
          {m.addNote}
        </label>
        <textarea
          ref={noteRef}
          id={inputId}
          rows={2}
          value={text}
          disabled={!panel.canAddNote}
          aria-describedby={[reason ? reasonId : hintId, panel.noteError ? errorId : null].filter(Boolean).join(' ')}
          aria-keyshortcuts="n"
          data-slot="annotation-note-input"
          className={inputClass}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            // Enter adds the note, Shift+Enter is a new line; IME composition keeps its Enter.
            if (event.key !== 'Enter' || event.shiftKey || event.ctrlKey || event.metaKey || event.nativeEvent.isComposing) return;
            event.preventDefault();
            void submit();
          }}
        />
        <div className="ak:flex ak:items-center ak:justify-between ak:gap-2">
          <span id={hintId} className="ak:text-xs ak:text-ak-muted">
            {m.addNoteHint}
          </span>
          <button type="submit" disabled={!panel.canAddNote || text.trim() === '' || panel.isAddingNote} className={buttonClass}>
            {m.addNoteButton}
          </button>
        </div>
        {panel.noteError && (
          <p id={errorId} role="alert" data-slot="annotation-note-error" className="ak:m-0 ak:text-ak-negative">
            {formatMessage(m.noteFailed, { message: panel.noteError.message })}
          </p>
        )}
      </form>
    </div>
  );
}

function NoteItem({
  note,
  messages: m,
  isOwn,
  queued,
  onRetry,
  onDiscard,
}: {
  note: Note;
  messages: Messages;
  isOwn: boolean;
  /** The note's state while it is still in the outbox. */
  queued: QueuedNoteState | null;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  const formats = useLocaleFormats();
  const failed = queued?.status === 'failed';
  return (
    <li
      data-slot="annotation-note"
      data-own={isOwn ? '' : undefined}
      data-pending={queued && !failed ? '' : undefined}
      data-failed={failed ? '' : undefined}
      className="ak:flex ak:flex-col ak:gap-0.5 ak:rounded-ak ak:border ak:border-transparent ak:bg-ak-surface ak:px-2 ak:py-1.5 ak:data-[pending]:border-dashed ak:data-[pending]:border-ak-muted"
    >
      {/* Untrusted text: a text node, line breaks kept by CSS. */}
      <p className="ak:m-0 ak:whitespace-pre-wrap ak:break-words">{note.text}</p>
      <span className="ak:text-xs ak:text-ak-muted">
        {isOwn ? m.you : (note.userId ?? '')} · <time dateTime={note.createdAt}>{formatTime(note.createdAt, formats)}</time>
        {queued && !failed ? (
          <span data-slot="annotation-note-status" role="status">
            {' · '}
            {queued.error ? formatMessage(m.noteRetrying, { message: queued.error.message }) : m.noteSending}
          </span>
        ) : null}
      </span>
      {failed ? (
        <span data-slot="annotation-note-error" role="alert" className="ak:flex ak:flex-wrap ak:items-center ak:gap-2 ak:text-xs ak:text-ak-negative">
          {formatMessage(m.noteNotSent, { message: queued.error?.message ?? '' })}
          <button type="button" data-slot="annotation-note-retry" className={buttonClass} onClick={onRetry}>
            {m.retry}
          </button>
          <button type="button" data-slot="annotation-note-discard" className={buttonClass} onClick={onDiscard}>
            {m.discard}
          </button>
        </span>
      ) : null}
    </li>
  );
}
