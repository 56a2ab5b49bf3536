'use client';
import {
  forwardRef,
  useCallback,
  useId,
  useMemo,
  useRef,
  useState,
  type HTMLAttributes,
  type ReactNode,
} from 'react';
import type { Annotation, AnnotationTarget } from '../../core/model';
import type { AnnotationGroupSummary, AnnotationSummary } from '../../core/summary';
import {
  useAnnotationPanel,
  type AnnotationPanelField,
  type UseAnnotationPanelResult,
} from '../../hooks/useAnnotationPanel';
import { useReviewHotkeys, type ReviewHotkey } from '../../hooks/useReviewHotkeys';
import { useAnnotationContext } from '../../provider/context';
import { formatMessage } from '../../provider/messages';
import { useMessages } from '../../provider/useMessages';
import { cn } from '../primitives/cn';
import { useComposedRefs } from '@radix-ui/react-compose-refs';
import { AnnotationItem } from './AnnotationItem';
import { FieldEditor } from './FieldEditor';
import { HotkeyCheatSheet } from './HotkeyCheatSheet';
import { NotesSection } from './NotesSection';
import { buttonClass, type Messages } from './shared';
import { annotationPanelMessages } from './messages';
import { useLatestRef } from '../../hooks/useLatestRef';
import { useLocaleFormats } from '../../hooks/useLocaleFormats';


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
  /** Whether the cheat sheet is open at first (uncontrolled). Default false. */
  defaultCheatSheetOpen?: boolean;
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


const PICK_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

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
    defaultCheatSheetOpen = false,
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

  const {
    hotkeys: hotkeyList,
    isCheatSheetOpen,
    setCheatSheetOpen,
  } = useReviewHotkeys(reviewHotkeys, {
    enabled: hotkeys !== false,
    ...(hotkeys === 'panel' ? { scopeRef: rootRef } : {}),
    cheatSheetDescription: m.hotkeyCheatSheet,
    cheatSheetOpen,
    defaultCheatSheetOpen,
    onCheatSheetOpenChange,
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
              pending={panel.isPending(annotation)}
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
