'use client';
import { composeRefs } from '@radix-ui/react-compose-refs';
import {
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ChangeEvent,
  type InputHTMLAttributes,
  type KeyboardEvent,
  type HTMLAttributes,
  type Ref,
  type SyntheticEvent,
} from 'react';
import {
  chipsFromCondition,
  completeCondition,
  conditionFromChips,
  safeParseCondition,
  type CompletionItem,
  type CompletionSource,
  type FilterChip,
  type FilterChipSpec,
  type FilterConditionError,
} from '../core/filter';
import { composeEventHandlers } from './dom';
import { useControllableState } from './useControllableState';

export type FilterBarMode = 'chips' | 'text';

export interface UseFilterBarOptions {
  /** The applied condition (controlled). */
  value?: string;
  /** The condition to start from when uncontrolled. Default `''`. */
  defaultValue?: string;
  /** Called with the new condition when the user applies one (Enter, a chip added or removed, a recent one picked). */
  onValueChange?: (value: string) => void;
  /** Chips or text editing (controlled). */
  mode?: FilterBarMode;
  /** The mode to start in when uncontrolled. Default `chips`. */
  defaultMode?: FilterBarMode;
  /** Called when the user switches between chips and text. */
  onModeChange?: (mode: FilterBarMode) => void;
  /** Annotation names, labels and attribute paths to suggest. Default: none beyond the fields. */
  completionSource?: CompletionSource;
  /** localStorage key under which applied conditions are remembered; null keeps none. Default `annokit:filter-bar:recent`. */
  recentStorageKey?: string | null;
  /** How many recent conditions to keep. Default 8. */
  maxRecent?: number;
  /** Disables every control. Default false. */
  disabled?: boolean;
}

/** One entry of the suggestion list: a completion, or a recent condition. */
export type FilterSuggestion =
  | ({ type: 'completion' } & CompletionItem)
  | { type: 'recent'; label: string; insert: string; detail: 'recent' };

export interface UseFilterBarResult {
  /** The applied condition. */
  value: string;
  mode: FilterBarMode;
  setMode: (mode: FilterBarMode) => void;
  /** The text being edited in text mode (applied with `commit`). */
  draft: string;
  setDraft: (draft: string) => void;
  /** Why the draft does not parse, with the range at fault; null when it does. */
  error: FilterConditionError | null;
  /** Why the applied value does not parse (only possible when controlled with bad text). */
  valueError: FilterConditionError | null;
  /** The applied condition's chips, one per top-level `and` term. */
  chips: FilterChip[];
  /** Applies the draft when it parses; returns whether it did. */
  commit: () => boolean;
  /** Applies a condition directly (a recent one, a preset). */
  apply: (condition: string) => void;
  /** Removes every filter. */
  clear: () => void;
  /** Appends a chip (does nothing while the applied value does not parse). */
  addChip: (chip: FilterChipSpec) => void;
  /** Removes the chip at `index` (does nothing while the applied value does not parse). */
  removeChip: (index: number) => void;
  /** Suggestions for the cursor position (recent conditions when the draft is empty). */
  suggestions: FilterSuggestion[];
  isSuggestionsOpen: boolean;
  /** Index of the highlighted suggestion, -1 for none. */
  activeIndex: number;
  /** Takes a suggestion into the draft (a recent condition is applied at once). */
  acceptSuggestion: (index: number) => void;
  /** Conditions applied before, newest first. */
  recent: string[];
  disabled: boolean;
  getInputProps: (props?: InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }) => InputHTMLAttributes<HTMLInputElement> & {
    ref: Ref<HTMLInputElement>;
    'data-state': 'valid' | 'invalid';
  };
  getListboxProps: (props?: HTMLAttributes<HTMLElement>) => HTMLAttributes<HTMLElement> & { id: string; role: 'listbox' };
  getOptionProps: (index: number, props?: HTMLAttributes<HTMLElement>) => HTMLAttributes<HTMLElement> & {
    id: string;
    role: 'option';
    'aria-selected': boolean;
    'data-highlighted': '' | undefined;
  };
  /** For the element showing `error`: it is what the input's aria-describedby points at. */
  getErrorProps: (props?: HTMLAttributes<HTMLElement>) => HTMLAttributes<HTMLElement> & { id: string };
}

const DEFAULT_RECENT_KEY = 'annokit:filter-bar:recent';

const NO_RECENT: string[] = [];

// Recent conditions are a store outside React: read from localStorage when a bar first subscribes
// (after mount, never during render, so the server's HTML and the hydrating render agree on an
// empty list), shared by every bar with the same key, and told about writes from other tabs.
const recentByKey = new Map<string, string[]>();
const recentListeners = new Map<string, Set<() => void>>();

function readRecent(key: string): string[] {
  try {
    const stored: unknown = JSON.parse(globalThis.localStorage?.getItem(key) ?? '[]');
    return Array.isArray(stored) ? stored.filter((entry): entry is string => typeof entry === 'string') : [];
  } catch {
    return []; // a corrupt entry is dropped rather than breaking the bar
  }
}

function notifyRecent(key: string) {
  for (const listener of recentListeners.get(key) ?? []) listener();
}

function subscribeRecent(key: string, listener: () => void): () => void {
  let listeners = recentListeners.get(key);
  if (!listeners) recentListeners.set(key, (listeners = new Set()));
  // The first bar of a key reads storage afresh (the page may have changed it since).
  if (listeners.size === 0) recentByKey.set(key, readRecent(key));
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key !== key && event.key !== null) return;
    recentByKey.set(key, readRecent(key));
    notifyRecent(key);
  };
  globalThis.addEventListener?.('storage', onStorage);
  return () => {
    listeners.delete(listener);
    globalThis.removeEventListener?.('storage', onStorage);
  };
}

function writeRecent(key: string, recent: string[]): void {
  // Kept for the page even when storage refuses it (full, or blocked in private mode).
  recentByKey.set(key, recent);
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(recent));
  } catch {
    // recent conditions are a convenience
  }
  notifyRecent(key);
}

/**
 * The state and behaviour of a filter bar, without markup: the applied condition (controlled or
 * not), chips read from it, a text draft with its parse error and range, autocomplete, recent
 * conditions remembered in localStorage, and prop getters for a combobox input and its listbox.
 */
export function useFilterBar(options: UseFilterBarOptions = {}): UseFilterBarResult {
  const {
    value: controlledValue,
    defaultValue = '',
    onValueChange,
    mode: controlledMode,
    defaultMode = 'chips',
    onModeChange,
    completionSource,
    recentStorageKey = DEFAULT_RECENT_KEY,
    maxRecent = 8,
    disabled = false,
  } = options;
  const [value, setAppliedState, { isControlled: isValueControlled }] = useControllableState(controlledValue, defaultValue, onValueChange, 'useFilterBar');
  const [mode, setMode] = useControllableState<FilterBarMode>(controlledMode, defaultMode, onModeChange, 'useFilterBar');
  const [draft, setDraftState] = useState(value);
  const [cursor, setCursor] = useState(value.length);
  const [open, setOpen] = useState(false);
  const [activeIndex, setActiveIndex] = useState(-1);
  // Without a storage key, recent conditions last as long as the bar.
  const [ownRecent, setOwnRecent] = useState<string[]>(NO_RECENT);
  const subscribe = useCallback(
    (listener: () => void) => (recentStorageKey === null ? () => {} : subscribeRecent(recentStorageKey, listener)),
    [recentStorageKey],
  );
  const getRecent = () => (recentStorageKey === null ? ownRecent : (recentByKey.get(recentStorageKey) ?? NO_RECENT));
  const recent = useSyncExternalStore(subscribe, getRecent, () => (recentStorageKey === null ? ownRecent : NO_RECENT));
  const inputRef = useRef<HTMLInputElement | null>(null);
  const pendingCursor = useRef<number | null>(null);
  const id = useId();
  const listboxId = `${id}-suggestions`;
  const errorId = `${id}-error`;

  // An applied value that changes from outside replaces the draft (state adjusted while rendering,
  // as React advises for state derived from a prop, rather than an extra render from an effect).
  const [appliedValue, setAppliedValue] = useState(value);
  if (appliedValue !== value) {
    setAppliedValue(value);
    setDraftState(value);
    setCursor(value.length);
  }

  // The cursor is placed after the input shows the new text. Only user input asks for it, and
  // React runs the effects of a user-input update before the browser paints, so this is not a
  // layout effect (which would warn when rendered on a server under React 18).
  useEffect(() => {
    if (pendingCursor.current !== null && inputRef.current) {
      inputRef.current.setSelectionRange(pendingCursor.current, pendingCursor.current);
      pendingCursor.current = null;
    }
  });

  const parsedDraft = useMemo(() => safeParseCondition(draft), [draft]);
  const parsedValue = useMemo(() => safeParseCondition(value), [value]);
  const chips = useMemo(() => (parsedValue.ok ? chipsFromCondition(parsedValue.condition) : []), [parsedValue]);

  const setValue = useCallback(
    (next: string) => {
      const trimmed = next.trim();
      // Reported only when it differs from the applied value (the hook compares).
      setAppliedState(trimmed);
      if (isValueControlled) setDraftState(trimmed);
      if (trimmed !== '') {
        const remember = (previous: string[]) => [trimmed, ...previous.filter((entry) => entry !== trimmed)].slice(0, maxRecent);
        if (recentStorageKey === null) setOwnRecent(remember);
        else writeRecent(recentStorageKey, remember(recentByKey.get(recentStorageKey) ?? readRecent(recentStorageKey)));
      }
    },
    [setAppliedState, isValueControlled, recentStorageKey, maxRecent],
  );

  const setDraft = useCallback((next: string) => {
    setDraftState(next);
    setCursor(next.length);
  }, []);

  const commit = useCallback(() => {
    if (disabled || !parsedDraft.ok) return false;
    setValue(draft);
    setOpen(false);
    return true;
  }, [disabled, parsedDraft, draft, setValue]);

  const suggestions = useMemo<FilterSuggestion[]>(() => {
    if (draft.trim() === '') {
      return recent.map((entry) => ({ type: 'recent' as const, label: entry, insert: entry, detail: 'recent' as const }));
    }
    return completeCondition(draft, cursor, completionSource).items.map((item) => ({ type: 'completion' as const, ...item }));
  }, [draft, cursor, completionSource, recent]);

  const isSuggestionsOpen = open && !disabled && suggestions.length > 0;

  const acceptSuggestion = useCallback(
    (index: number) => {
      const suggestion = suggestions[index];
      if (!suggestion) return;
      if (suggestion.type === 'recent') {
        setDraftState(suggestion.insert);
        setValue(suggestion.insert);
        setOpen(false);
        return;
      }
      const { from, to } = completeCondition(draft, cursor, completionSource);
      const next = draft.slice(0, from) + suggestion.insert + draft.slice(to);
      const position = from + suggestion.insert.length;
      setDraftState(next);
      setCursor(position);
      pendingCursor.current = position;
      setActiveIndex(-1);
    },
    [suggestions, draft, cursor, completionSource, setValue],
  );

  const syncCursor = (event: SyntheticEvent<HTMLInputElement>) => {
    setCursor(event.currentTarget.selectionStart ?? event.currentTarget.value.length);
  };

  const getInputProps: UseFilterBarResult['getInputProps'] = (props = {}) => {
    const { ref, onChange, onKeyDown, onFocus, onBlur, onSelect, ...rest } = props;
    return {
      ...rest,
      ref: composeRefs(inputRef, ref),
      type: 'text',
      role: 'combobox',
      value: draft,
      disabled,
      spellCheck: false,
      autoComplete: 'off',
      'aria-autocomplete': 'list',
      'aria-expanded': isSuggestionsOpen,
      'aria-controls': listboxId,
      'aria-activedescendant': isSuggestionsOpen && activeIndex >= 0 ? `${listboxId}-${activeIndex}` : undefined,
      'aria-invalid': parsedDraft.ok ? undefined : true,
      'aria-describedby': parsedDraft.ok ? rest['aria-describedby'] : errorId,
      'data-state': parsedDraft.ok ? 'valid' : 'invalid',
      onChange: composeEventHandlers(onChange, (event: ChangeEvent<HTMLInputElement>) => {
        setDraftState(event.target.value);
        syncCursor(event);
        setOpen(true);
        setActiveIndex(-1);
      }),
      onSelect: composeEventHandlers(onSelect, syncCursor),
      onFocus: composeEventHandlers(onFocus, () => setOpen(true)),
      onBlur: composeEventHandlers(onBlur, () => setOpen(false)),
      onKeyDown: composeEventHandlers(onKeyDown, (event: KeyboardEvent<HTMLInputElement>) => {
        const count = suggestions.length;
        switch (event.key) {
          case 'ArrowDown':
            event.preventDefault();
            setOpen(true);
            if (count > 0) setActiveIndex((index) => (index + 1) % count);
            break;
          case 'ArrowUp':
            event.preventDefault();
            setOpen(true);
            if (count > 0) setActiveIndex((index) => (index <= 0 ? count - 1 : index - 1));
            break;
          case 'Enter':
            event.preventDefault();
            if (isSuggestionsOpen && activeIndex >= 0) acceptSuggestion(activeIndex);
            else commit();
            break;
          case 'Tab':
            if (isSuggestionsOpen && activeIndex >= 0) {
              event.preventDefault();
              acceptSuggestion(activeIndex);
            }
            break;
          case 'Escape':
            if (isSuggestionsOpen) {
              event.preventDefault();
              setOpen(false);
              setActiveIndex(-1);
            } else if (draft !== value) {
              event.preventDefault();
              setDraft(value);
            }
            break;
        }
      }),
    };
  };

  return {
    value,
    mode,
    setMode,
    draft,
    setDraft,
    error: parsedDraft.ok ? null : parsedDraft.error,
    valueError: parsedValue.ok ? null : parsedValue.error,
    chips,
    commit,
    apply: (condition: string) => {
      setDraftState(condition);
      setValue(condition);
    },
    clear: () => setValue(''),
    // with a value that does not parse there are no chips to edit: rebuilding from none would drop the owner's text
    addChip: (chip) => {
      if (parsedValue.ok) setValue(conditionFromChips([...chips, chip]));
    },
    removeChip: (index) => {
      if (parsedValue.ok) setValue(conditionFromChips(chips.filter((_, i) => i !== index)));
    },
    suggestions,
    isSuggestionsOpen,
    activeIndex,
    acceptSuggestion,
    recent,
    disabled,
    getInputProps,
    getListboxProps: (props = {}) => ({ ...props, id: listboxId, role: 'listbox' }),
    getOptionProps: (index, props = {}) => ({
      ...props,
      id: `${listboxId}-${index}`,
      role: 'option',
      'aria-selected': index === activeIndex,
      'data-highlighted': index === activeIndex ? '' : undefined,
      // keep focus in the input so the list stays open and the cursor stays put
      onMouseDown: composeEventHandlers(props.onMouseDown, (event) => event.preventDefault()),
      onClick: composeEventHandlers(props.onClick, () => acceptSuggestion(index)),
    }),
    getErrorProps: (props = {}) => ({ ...props, id: errorId }),
  };
}
