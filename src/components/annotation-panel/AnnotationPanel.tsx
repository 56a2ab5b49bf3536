'use client';
import * as Popover from '@radix-ui/react-popover';
import {
  forwardRef,
  useCallback,
  useId,
  useMemo,
  useRef,
  useState,
  type FormEvent,
  type HTMLAttributes,
  type KeyboardEvent as ReactKeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import type { Annotation, AnnotationTarget, Note } from '../../core/model';
import type { AnnotationGroupSummary, AnnotationSummary } from '../../core/summary';
import {
  useAnnotationPanel,
  type AnnotationPanelField,
  type UseAnnotationPanelResult,
} from '../../hooks/useAnnotationPanel';
import { formatHotkey, useApplePlatform, useReviewHotkeys, type ReviewHotkey } from '../../hooks/useReviewHotkeys';
import type { QueuedNoteState } from '../../hooks/useNotes';
import { useAnnotationContext } from '../../provider/context';
import { formatMessage } from '../../provider/messages';
import { useMessages } from '../../provider/useMessages';
import { clip } from '../primitives/clip';
import { cn } from '../primitives/cn';
import { TruncatedText } from '../trace-viewer/TruncatedText';
import { useComposedRefs } from '@radix-ui/react-compose-refs';
import { HotkeyCheatSheet } from './HotkeyCheatSheet';
import { annotationPanelMessages } from './messages';
import { useLatestRef } from '../../hooks/useLatestRef';
import { useLocaleFormats, type LocaleFormats } from '../../hooks/useLocaleFormats';

type Messages = typeof annotationPanelMessages;

export interface AnnotationPanelProps extends Omit<HTMLAttributes<HTMLElement>, 'title' | 'onError'> {
  /** The span, trace or session under review. */
  target: AnnotationTarget;
  /** Only these annotation names, in this order. Default: every config, then every other name found. */
  names?: readonly string[];
  /** Milliseconds of quiet after an edit before it is saved; `false` saves only on mod+Enter or Save. Default 800. */
  autosaveDelay?: number | false;
  /** The annotation name whose inputs the keys act on (controlled). */
  activeName?: string;
  /** The annotation name the keys act on first (uncontrolled). Default: the first editable one. */
  defaultActiveName?: string;
  /** Called when the reviewer moves to another annotation name (focus, `j` / `k`). */
  onActiveNameChange?: (name: string) => void;
  /** Where the review keys listen: inside the panel, on the whole page, or nowhere. Default `panel`. */
  hotkeys?: 'panel' | 'document' | false;
  /** Whether the `?` cheat sheet is open (controlled). */
  cheatSheetOpen?: boolean;
  /** Called when the cheat sheet opens or closes. */
  onCheatSheetOpenChange?: (open: boolean) => void;
  /** Show the notes section. Default true. */
  showNotes?: boolean;
  /** Heading of the panel. Default `Annotations` (from messages). */
  heading?: ReactNode;
  /** How an annotation's author is written. Default: `You` for the reviewer's own, else the user id, the identifier or the kind. */
  formatAuthor?: (annotation: Annotation, isOwn: boolean) => string;
  /** Called with each annotation the backend stored. */
  onSaved?: (annotation: Annotation) => void;
  /** Called when a write fails (after the rollback) or is refused by validation. */
  onError?: (error: Error, name: string) => void;
}

function formatTime(iso: string, formats: LocaleFormats): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formats.dateTime(date);
}

const PICK_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

const buttonClass =
  'ak:inline-flex ak:cursor-pointer ak:items-center ak:gap-1.5 ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2.5 ak:py-1 ak:text-sm ak:text-ak-fg ak:hover:bg-ak-surface-hover ak:focus-visible:outline-2 ak:focus-visible:outline-offset-1 ak:focus-visible:outline-ak-focus ak:disabled:cursor-not-allowed ak:disabled:opacity-60';
const inputClass =
  'ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:py-1 ak:text-sm ak:text-ak-fg ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus ak:aria-[invalid=true]:border-ak-negative ak:disabled:opacity-60';

/**
 * Every annotation on a span, trace or session, grouped by name (HUMAN, LLM and CODE told apart,
 * with a summary where a name has several), the reviewer's own inputs generated from the
 * annotation configs (autosaved, optimistic, rolled back with an error on failure), LLM prefill,
 * notes, and review keys with a `?` cheat sheet. Built on `useAnnotationPanel` and `useReviewHotkeys`.
 */
export const AnnotationPanel = forwardRef<HTMLElement, AnnotationPanelProps>(function AnnotationPanel(
  {
    target,
    names,
    autosaveDelay,
    activeName: activeNameProp,
    defaultActiveName,
    onActiveNameChange,
    hotkeys = 'panel',
    cheatSheetOpen,
    onCheatSheetOpenChange,
    showNotes = true,
    heading,
    formatAuthor,
    onSaved,
    onError,
    className,
    ...props
  },
  forwardedRef,
) {
  const { theme } = useAnnotationContext('AnnotationPanel');
  const m = useMessages('annotationPanel', annotationPanelMessages);
  const panel = useAnnotationPanel({ target, names, autosaveDelay, onSaved, onError });
  const rootRef = useRef<HTMLElement>(null);
  const composedRef = useComposedRefs(forwardedRef, rootRef);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const fieldRefs = useRef(new Map<string, HTMLElement>());
  const headingId = useId();

  const editable = panel.fields.filter((field) => field.isEditable);
  const [uncontrolledActive, setUncontrolledActive] = useState<string | undefined>(defaultActiveName);
  const requestedActive = activeNameProp ?? uncontrolledActive;
  const activeName = panel.fields.some((field) => field.name === requestedActive) ? requestedActive : editable[0]?.name;
  const activeRef = useLatestRef(activeName);
  const setActiveName = useCallback(
    (name: string) => {
      if (name === activeRef.current) return;
      if (activeNameProp === undefined) setUncontrolledActive(name);
      onActiveNameChange?.(name);
    },
    [activeNameProp, onActiveNameChange, activeRef],
  );
  const [explainingName, setExplainingName] = useState<string | null>(null);

  const panelRef = useLatestRef<UseAnnotationPanelResult>(panel);

  const moveActive = useCallback(
    (step: 1 | -1) => {
      const fields = panelRef.current.fields;
      if (fields.length === 0) return;
      const index = fields.findIndex((field) => field.name === activeRef.current);
      const next = fields[(index + step + fields.length) % fields.length]!;
      setActiveName(next.name);
      // The section itself takes focus, not its first input, so the next key is still a command.
      fieldRefs.current.get(next.name)?.focus();
    },
    [setActiveName, panelRef, activeRef],
  );

  const reviewHotkeys = useMemo<ReviewHotkey[]>(
    () => [
      {
        keys: PICK_KEYS,
        label: '1–9',
        description: m.hotkeyPick,
        handler: (_event, key) => {
          const field = panelRef.current.getField(activeRef.current ?? '');
          if (!field?.isEditable || field.config?.type !== 'categorical') return;
          const value = field.config.values[Number(key) - 1];
          if (!value) return;
          panelRef.current.setLabel(field.name, field.value.label === value.label ? null : value.label);
        },
      },
      {
        keys: 'a',
        description: m.hotkeyAccept,
        handler: () => {
          const field = panelRef.current.getField(activeRef.current ?? '');
          if (field?.isEditable && field.suggestion) void panelRef.current.accept(field.name);
        },
      },
      {
        keys: 'e',
        description: m.hotkeyExplain,
        handler: () => {
          const field = panelRef.current.getField(activeRef.current ?? '');
          if (field?.isEditable && field.config?.type !== 'freeform') setExplainingName(field.name);
        },
      },
      {
        keys: 'n',
        description: m.hotkeyNote,
        enabled: showNotes,
        handler: () => noteRef.current?.focus(),
      },
      { keys: 'j', description: m.hotkeyNext, handler: () => moveActive(1) },
      { keys: 'k', description: m.hotkeyPrevious, handler: () => moveActive(-1) },
      {
        keys: 'mod+Enter',
        description: m.hotkeySave,
        allowInInputs: true,
        handler: (event) => {
          // Enter in the note box belongs to the note.
          if (event.target === noteRef.current) return;
          void panelRef.current.save();
        },
      },
    ],
    [m, moveActive, showNotes, panelRef, activeRef],
  );

  const { hotkeys: hotkeyList, isCheatSheetOpen, setCheatSheetOpen } = useReviewHotkeys(reviewHotkeys, {
    enabled: hotkeys !== false,
    ...(hotkeys === 'panel' ? { scopeRef: rootRef } : {}),
    cheatSheetDescription: m.hotkeyCheatSheet,
    ...(cheatSheetOpen !== undefined ? { cheatSheetOpen } : {}),
    ...(onCheatSheetOpenChange ? { onCheatSheetOpenChange } : {}),
  });

  const disabledReason =
    panel.editDisabledReason === 'no-user'
      ? m.editDisabledNoUser
      : panel.editDisabledReason === 'no-configs'
        ? m.editDisabledNoConfigs
        : null;

  return (
    <section
      aria-labelledby={headingId}
      data-slot="annotation-panel"
      data-ak-theme={theme}
      data-state={panel.isLoading ? 'loading' : panel.error ? 'error' : 'ready'}
      data-readonly={panel.canEdit ? undefined : ''}
      {...props}
      ref={composedRef}
      className={cn(
        'ak:relative ak:flex ak:flex-col ak:gap-3 ak:rounded-ak-lg ak:border ak:border-ak-border ak:bg-ak-bg ak:p-4 ak:text-sm ak:text-ak-fg',
        className,
      )}
    >
      <div data-slot="annotation-panel-header" className="ak:flex ak:items-center ak:justify-between ak:gap-2">
        <h2 id={headingId} className="ak:m-0 ak:text-base ak:font-semibold">
          {heading ?? m.title}
        </h2>
        {hotkeys !== false && (
          <button
            type="button"
            data-slot="annotation-panel-shortcuts"
            aria-keyshortcuts="?"
            aria-expanded={isCheatSheetOpen}
            className={buttonClass}
            onClick={() => setCheatSheetOpen(!isCheatSheetOpen)}
          >
            {m.shortcuts} <kbd aria-hidden="true" className="ak:font-ak-mono ak:text-xs ak:text-ak-muted">?</kbd>
          </button>
        )}
      </div>
      {isCheatSheetOpen && (
        <HotkeyCheatSheet
          open
          onOpenChange={setCheatSheetOpen}
          hotkeys={hotkeyList}
          title={m.shortcuts}
          columnLabels={[m.key, m.action]}
          className="ak:absolute ak:top-12 ak:right-4 ak:z-10"
        />
      )}
      {disabledReason && (
        <p data-slot="annotation-panel-notice" data-reason={panel.editDisabledReason} className="ak:m-0 ak:rounded-ak ak:bg-ak-surface ak:px-3 ak:py-2 ak:text-ak-muted">
          {disabledReason}
        </p>
      )}
      {panel.error && (
        <p role="alert" data-slot="annotation-panel-error" className="ak:m-0 ak:text-ak-negative">
          {panel.error.message}
        </p>
      )}
      {panel.isLoading ? (
        <p data-slot="annotation-panel-loading" className="ak:m-0 ak:text-ak-muted">
          {m.title}…
        </p>
      ) : panel.fields.length === 0 ? (
        <p data-slot="annotation-panel-empty" className="ak:m-0 ak:text-ak-muted">
          {m.noFields}
        </p>
      ) : (
        <div data-slot="annotation-panel-fields" className="ak:flex ak:flex-col ak:gap-3">
          {panel.fields.map((field) => (
            <AnnotationFieldSection
              key={field.name}
              field={field}
              panel={panel}
              messages={m}
              active={field.name === activeName}
              explaining={explainingName === field.name}
              onExplainingChange={(open) => setExplainingName(open ? field.name : null)}
              onActivate={() => setActiveName(field.name)}
              formatAuthor={formatAuthor}
              register={(element) => {
                if (element) fieldRefs.current.set(field.name, element);
                else fieldRefs.current.delete(field.name);
              }}
            />
          ))}
        </div>
      )}
      {showNotes && <NotesSection panel={panel} messages={m} noteRef={noteRef} />}
    </section>
  );
});

interface FieldSectionProps {
  field: AnnotationPanelField;
  panel: UseAnnotationPanelResult;
  messages: Messages;
  active: boolean;
  explaining: boolean;
  onExplainingChange: (open: boolean) => void;
  onActivate: () => void;
  formatAuthor: AnnotationPanelProps['formatAuthor'];
  register: (element: HTMLElement | null) => void;
}

function AnnotationFieldSection({
  field,
  panel,
  messages: m,
  active,
  explaining,
  onExplainingChange,
  onActivate,
  formatAuthor,
  register,
}: FieldSectionProps) {
  const headingId = useId();
  return (
    // A group, not a region: several panels on one page would repeat the same landmark names.
    <div
      role="group"
      ref={register}
      tabIndex={-1}
      aria-labelledby={headingId}
      data-slot="annotation-field"
      data-name={field.name}
      data-active={active ? '' : undefined}
      data-status={field.status}
      data-editable={field.isEditable ? '' : undefined}
      onFocus={onActivate}
      onKeyDown={(event) => {
        // Escape leaves a text box for the section, where the review keys work again.
        const slot = (event.target as HTMLElement).dataset.slot;
        if (event.key !== 'Escape' || (slot !== 'annotation-score-input' && slot !== 'annotation-freeform-input')) return;
        event.preventDefault();
        event.currentTarget.focus();
      }}
      className="ak:flex ak:flex-col ak:gap-2 ak:rounded-ak ak:border ak:border-ak-border ak:p-3 ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus ak:data-[active]:border-ak-accent"
    >
      <div className="ak:flex ak:flex-wrap ak:items-baseline ak:gap-2">
        <h3 id={headingId} className="ak:m-0 ak:text-sm ak:font-semibold">
          {field.name}
        </h3>
        {field.config ? (
          <span data-slot="annotation-field-type" className="ak:text-xs ak:text-ak-muted">
            {field.config.type}
          </span>
        ) : (
          <span data-slot="annotation-field-type" className="ak:text-xs ak:text-ak-muted">
            {m.readOnly}
          </span>
        )}
        {field.summary && <SummaryView summary={field.summary} byKind={field.summaryByKind} messages={m} />}
      </div>
      {field.config?.description && <p className="ak:m-0 ak:text-xs ak:text-ak-muted">{field.config.description}</p>}
      {field.annotations.length === 0 ? (
        <p data-slot="annotation-list-empty" className="ak:m-0 ak:text-ak-muted">
          {m.noAnnotations}
        </p>
      ) : (
        <ul data-slot="annotation-list" aria-label={field.name} className="ak:m-0 ak:flex ak:list-none ak:flex-col ak:gap-1.5 ak:p-0">
          {field.annotations.map((annotation) => (
            <AnnotationItem
              key={annotation.id}
              annotation={annotation}
              isOwn={annotation === field.own}
              messages={m}
              formatAuthor={formatAuthor}
            />
          ))}
        </ul>
      )}
      {field.isEditable && (
        <FieldEditor field={field} panel={panel} messages={m} explaining={explaining} onExplainingChange={onExplainingChange} />
      )}
    </div>
  );
}

function SummaryView({ summary, byKind, messages: m }: { summary: AnnotationSummary; byKind: AnnotationGroupSummary[]; messages: Messages }) {
  const formats = useLocaleFormats();
  return (
    <span data-slot="annotation-summary" className="ak:flex ak:flex-wrap ak:items-baseline ak:gap-x-3 ak:gap-y-1 ak:text-xs ak:text-ak-muted">
      <span>{formatMessage(m.summaryCount, { count: summary.count })}</span>
      {byKind.map((part) => (
        <span key={part.annotatorKind} data-slot="annotation-summary-kind" data-annotator-kind={part.annotatorKind} className="ak:inline-flex ak:flex-wrap ak:gap-1.5">
          <span className="ak:font-medium">{m[`kind${part.annotatorKind}`]}:</span>
          {part.labels.map((share) => (
            <span key={share.label} data-slot="annotation-summary-label" data-label={share.label}>
              {share.label} {formats.percent(share.share)}
            </span>
          ))}
          {part.meanScore !== null && (
            <span data-slot="annotation-summary-score">{formatMessage(m.meanScore, { score: formats.number(part.meanScore) })}</span>
          )}
        </span>
      ))}
    </span>
  );
}

function AnnotationItem({
  annotation,
  isOwn,
  messages: m,
  formatAuthor,
}: {
  annotation: Annotation;
  isOwn: boolean;
  messages: Messages;
  formatAuthor: AnnotationPanelProps['formatAuthor'];
}) {
  const author = formatAuthor
    ? formatAuthor(annotation, isOwn)
    : isOwn
      ? m.you
      : annotation.userId || annotation.identifier || m[`kind${annotation.annotatorKind}`];
  const pending = annotation.id.startsWith('optimistic:');
  const formats = useLocaleFormats();
  return (
    <li
      data-slot="annotation-item"
      data-annotator-kind={annotation.annotatorKind}
      data-own={isOwn ? '' : undefined}
      // Not yet stored: a dashed frame (faded text would fail contrast).
      data-pending={pending ? '' : undefined}
      className="ak:flex ak:flex-col ak:gap-0.5 ak:rounded-ak ak:border ak:border-transparent ak:bg-ak-surface ak:px-2 ak:py-1.5 ak:data-[pending]:border-dashed ak:data-[pending]:border-ak-muted"
    >
      <div className="ak:flex ak:flex-wrap ak:items-baseline ak:gap-2">
        <span
          data-slot="annotation-kind"
          data-annotator-kind={annotation.annotatorKind}
          className="ak:rounded-ak ak:border ak:border-current ak:px-1 ak:text-xs ak:font-medium ak:data-[annotator-kind=HUMAN]:text-ak-human ak:data-[annotator-kind=LLM]:text-ak-llm ak:data-[annotator-kind=CODE]:text-ak-code"
        >
          {m[`kind${annotation.annotatorKind}`]}
        </span>
        {annotation.label !== null && (
          <span data-slot="annotation-label" className="ak:font-medium">
            {clip(annotation.label)}
          </span>
        )}
        {annotation.score !== null && (
          <span data-slot="annotation-score" className="ak:font-ak-mono ak:text-xs">
            {formats.number(annotation.score)}
          </span>
        )}
        <span data-slot="annotation-author" className="ak:text-xs ak:text-ak-muted">
          {clip(author)}
        </span>
        <time data-slot="annotation-time" dateTime={annotation.updatedAt} className="ak:text-xs ak:text-ak-muted">
          {formatTime(annotation.updatedAt, formats)}
        </time>
      </div>
      {annotation.explanation && <ExpandableText text={annotation.explanation} messages={m} />}
    </li>
  );
}

const COLLAPSE_AFTER = 160;

function ExpandableText({ text, messages: m }: { text: string; messages: Messages }) {
  const [expanded, setExpanded] = useState(false);
  const id = useId();
  const long = text.length > COLLAPSE_AFTER;
  const shown = long && !expanded ? `${text.slice(0, COLLAPSE_AFTER).trimEnd()}…` : null;
  return (
    <div data-slot="annotation-explanation" data-state={long ? (expanded ? 'expanded' : 'collapsed') : undefined}>
      {/* Untrusted text: rendered as a text node, never as HTML. */}
      <p id={id} className="ak:m-0 ak:whitespace-pre-wrap ak:break-words ak:text-ak-muted">
        {/* Expanded, a 10 MB explanation still shows 10,000 characters at first. */}
        {shown ?? <TruncatedText pre={false} limit={10_000} value={text} />}
      </p>
      {long && (
        <button
          type="button"
          aria-expanded={expanded}
          aria-controls={id}
          data-slot="annotation-explanation-toggle"
          className="ak:cursor-pointer ak:border-0 ak:bg-transparent ak:p-0 ak:text-xs ak:text-ak-accent ak:underline ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus"
          onClick={() => setExpanded((value) => !value)}
        >
          {expanded ? m.showLess : m.showMore}
        </button>
      )}
    </div>
  );
}

function isSaveKey(event: ReactKeyboardEvent) {
  return event.key === 'Enter' && (event.ctrlKey || event.metaKey);
}

function FieldEditor({
  field,
  panel,
  messages: m,
  explaining,
  onExplainingChange,
}: {
  field: AnnotationPanelField;
  panel: UseAnnotationPanelResult;
  messages: Messages;
  explaining: boolean;
  onExplainingChange: (open: boolean) => void;
}) {
  const errorId = useId();
  const inputId = useId();
  const config = field.config!;
  const invalid = field.status === 'invalid';
  const describedBy = field.error ? errorId : undefined;
  const suggestion = field.suggestion;
  const formats = useLocaleFormats();
  const mac = useApplePlatform();
  return (
    <div
      data-slot="annotation-editor"
      role="group"
      aria-label={formatMessage(m.yourValue, { name: field.name })}
      className="ak:flex ak:flex-col ak:gap-2 ak:border-t ak:border-ak-border ak:pt-2"
    >
      {config.type === 'categorical' && (
        <div role="group" aria-label={formatMessage(m.labelGroup, { name: field.name })} data-slot="annotation-categories" className="ak:flex ak:flex-wrap ak:gap-1.5">
          {config.values.map((value, index) => {
            const selected = field.value.label === value.label;
            return (
              <button
                key={value.label}
                type="button"
                aria-pressed={selected}
                aria-describedby={describedBy}
                aria-keyshortcuts={index < 9 ? String(index + 1) : undefined}
                data-slot="annotation-category"
                data-state={selected ? 'on' : 'off'}
                className={cn(
                  buttonClass,
                  'ak:data-[state=on]:border-ak-accent ak:data-[state=on]:bg-ak-accent ak:data-[state=on]:text-ak-accent-fg',
                )}
                onClick={() => panel.setLabel(field.name, selected ? null : value.label)}
              >
                {index < 9 && (
                  <kbd aria-hidden="true" className="ak:font-ak-mono ak:text-xs ak:opacity-75">
                    {index + 1}
                  </kbd>
                )}
                {value.label}
              </button>
            );
          })}
        </div>
      )}
      {config.type === 'continuous' && (
        <div className="ak:flex ak:flex-wrap ak:items-center ak:gap-2">
          <label htmlFor={inputId} className="ak:text-sm">
            {m.score}
          </label>
          <input
            id={inputId}
            type="number"
            inputMode="decimal"
            step="any"
            data-slot="annotation-score-input"
            min={config.lowerBound ?? undefined}
            max={config.upperBound ?? undefined}
            value={field.value.score}
            aria-invalid={invalid}
            aria-describedby={describedBy}
            className={cn(inputClass, 'ak:w-28')}
            onChange={(event) => panel.setScore(field.name, event.target.value)}
          />
          {(config.lowerBound !== null || config.upperBound !== null) && (
            <span className="ak:text-xs ak:text-ak-muted">
              {formatMessage(m.scoreBounds, { lower: config.lowerBound ?? '−∞', upper: config.upperBound ?? '∞' })}
            </span>
          )}
        </div>
      )}
      {config.type === 'freeform' && (
        <div className="ak:flex ak:flex-col ak:gap-1">
          <label htmlFor={inputId} className="ak:text-sm">
            {formatMessage(m.freeformText, { name: field.name })}
          </label>
          <textarea
            id={inputId}
            rows={2}
            data-slot="annotation-freeform-input"
            value={field.value.explanation}
            aria-invalid={invalid}
            aria-describedby={describedBy}
            className={inputClass}
            onChange={(event) => panel.setExplanation(field.name, event.target.value)}
          />
        </div>
      )}
      <div className="ak:flex ak:flex-wrap ak:items-center ak:gap-2">
        {config.type !== 'freeform' && (
          <Popover.Root open={explaining} onOpenChange={onExplainingChange}>
            <Popover.Trigger asChild>
              <button type="button" aria-keyshortcuts="e" data-slot="annotation-explanation-trigger" className={buttonClass}>
                {field.value.explanation ? m.editExplanation : m.addExplanation}
              </button>
            </Popover.Trigger>
            <Popover.Content
              aria-label={formatMessage(m.explanationFor, { name: field.name })}
              data-slot="annotation-explanation-popover"
              side="bottom"
              align="start"
              sideOffset={4}
              className="ak:z-20 ak:flex ak:w-72 ak:flex-col ak:gap-2 ak:rounded-ak-lg ak:border ak:border-ak-border ak:bg-ak-bg ak:p-3 ak:text-ak-fg ak:shadow-lg"
            >
              <label htmlFor={`${inputId}-explanation`} className="ak:text-sm ak:font-medium">
                {formatMessage(m.explanationFor, { name: field.name })}
              </label>
              <textarea
                id={`${inputId}-explanation`}
                rows={4}
                data-slot="annotation-explanation-input"
                value={field.value.explanation}
                className={inputClass}
                onChange={(event) => panel.setExplanation(field.name, event.target.value)}
                onKeyDown={(event) => {
                  // The popover is a dialog, where the panel's keys stay quiet, so it saves on its own.
                  if (!isSaveKey(event)) return;
                  event.preventDefault();
                  void panel.save(field.name);
                  onExplainingChange(false);
                }}
              />
              <Popover.Close asChild>
                <button type="button" className={cn(buttonClass, 'ak:self-end')}>
                  {m.done}
                </button>
              </Popover.Close>
            </Popover.Content>
          </Popover.Root>
        )}
        {suggestion && (
          <span data-slot="annotation-suggestion" className="ak:inline-flex ak:flex-wrap ak:items-center ak:gap-1.5 ak:text-xs ak:text-ak-muted">
            <span>
              {m.suggestion}:{' '}
              <span className="ak:font-medium ak:text-ak-llm">
                {config.type === 'freeform'
                  ? (suggestion.explanation ?? '')
                  : [suggestion.label, suggestion.score === null ? null : formats.number(suggestion.score)]
                      .filter((part) => part !== null)
                      .join(' · ')}
              </span>
            </span>
            <button
              type="button"
              aria-keyshortcuts="a"
              data-slot="annotation-accept"
              className={buttonClass}
              onClick={() => void panel.accept(field.name)}
            >
              {m.accept} <kbd aria-hidden="true" className="ak:font-ak-mono ak:text-xs ak:opacity-75">A</kbd>
            </button>
          </span>
        )}
        {(field.status === 'dirty' || field.status === 'invalid') && (
          <button
            type="button"
            aria-keyshortcuts="Control+Enter Meta+Enter"
            data-slot="annotation-save"
            className={buttonClass}
            onClick={() => void panel.save(field.name)}
          >
            {m.save} <kbd aria-hidden="true" className="ak:font-ak-mono ak:text-xs ak:opacity-75">{formatHotkey('mod+Enter', mac)}</kbd>
          </button>
        )}
        <span data-slot="annotation-status" data-status={field.status} role="status" className="ak:text-xs ak:text-ak-muted">
          {field.status === 'saving' || field.status === 'retrying'
            ? m.saving
            : field.status === 'saved'
              ? m.saved
              : field.status === 'dirty'
                ? m.unsaved
                : ''}
        </span>
      </div>
      {field.error && (
        <div
          id={errorId}
          role="alert"
          data-slot="annotation-error"
          data-status={field.status}
          className="ak:flex ak:flex-wrap ak:items-center ak:gap-2 ak:text-ak-negative"
        >
          <span>
            {field.status === 'error'
              ? formatMessage(m.saveFailed, { message: field.error.message })
              : field.status === 'retrying'
                ? formatMessage(m.retrying, { message: field.error.message })
                : field.error.message}
          </span>
          {field.canRetry && (
            <button type="button" data-slot="annotation-retry" className={buttonClass} onClick={() => void panel.retry(field.name)}>
              {m.retry}
            </button>
          )}
          {(field.status === 'invalid' || field.status === 'error') && (
            <button type="button" data-slot="annotation-discard" className={buttonClass} onClick={() => panel.discard(field.name)}>
              {m.discard}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function NotesSection({
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
