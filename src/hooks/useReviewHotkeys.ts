'use client';
import { useEffect, useMemo, useSyncExternalStore, type RefObject } from 'react';
import { isEditableTarget } from './dom';
import { useControllableState } from './useControllableState';
import { useLatestRef } from './useLatestRef';

/** One keyboard shortcut of a review screen. */
export interface ReviewHotkey {
  /** The key or keys that trigger it: `n`, `?`, `mod+Enter` (`mod` is Ctrl or ⌘), `shift+j`, or a list such as `['1', '2']`. */
  keys: string | readonly string[];
  /** What the key does, shown in the cheat sheet. */
  description: string;
  /** Runs when one of `keys` is pressed; receives the key spec that matched. */
  handler: (event: KeyboardEvent, keys: string) => void;
  /** How the cheat sheet writes the keys, e.g. `1–9`. Default: the keys, formatted. */
  label?: string;
  /** Also fire while focus is in an input, textarea or contenteditable (for `mod+Enter`). Default false. */
  allowInInputs?: boolean;
  /** Set false to keep the key listed but inactive. Default true. */
  enabled?: boolean;
}

export interface UseReviewHotkeysOptions {
  /** Set false to turn every key off. Default true. */
  enabled?: boolean;
  /** Listen on this element only (keys pressed while focus is inside it). Default: the whole document. */
  scopeRef?: RefObject<HTMLElement | null>;
  /** The key that toggles the cheat sheet, or false for none. Default `?`. */
  cheatSheetKey?: string | false;
  /** Whether the cheat sheet is open (controlled). */
  cheatSheetOpen?: boolean;
  /** Whether the cheat sheet starts open (uncontrolled). Default false. */
  defaultCheatSheetOpen?: boolean;
  /** Called when the cheat sheet opens or closes. */
  onCheatSheetOpenChange?: (open: boolean) => void;
  /** How the cheat sheet describes its own key. Default `Show or hide these shortcuts`. */
  cheatSheetDescription?: string;
}

/** A shortcut as the cheat sheet lists it. */
export interface ReviewHotkeyDescription {
  /** The keys as written for people: `Ctrl+Enter`, `1–9`. */
  label: string;
  description: string;
  /** The key specs, as registered. */
  keys: readonly string[];
}

export interface UseReviewHotkeysResult {
  /** Every shortcut, the cheat-sheet key last, for a cheat sheet. */
  hotkeys: readonly ReviewHotkeyDescription[];
  /** Whether the cheat sheet is open. */
  isCheatSheetOpen: boolean;
  /** Opens or closes the cheat sheet. */
  setCheatSheetOpen: (open: boolean) => void;
}

const MODIFIERS = new Set(['mod', 'ctrl', 'control', 'meta', 'cmd', 'alt', 'option', 'shift']);

interface ParsedKey {
  key: string;
  mod: boolean;
  ctrl: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

function parseKeys(spec: string): ParsedKey {
  // `+` alone (or as the last part of `shift++`) is the plus key, not a separator.
  const parts = spec === '+' ? ['+'] : spec.endsWith('++') ? [...spec.slice(0, -2).split('+'), '+'] : spec.split('+');
  const parsed: ParsedKey = { key: '', mod: false, ctrl: false, meta: false, alt: false, shift: false };
  for (const part of parts) {
    const lower = part.toLowerCase();
    if (parts.length > 1 && MODIFIERS.has(lower) && part !== parts[parts.length - 1]) {
      if (lower === 'mod') parsed.mod = true;
      else if (lower === 'ctrl' || lower === 'control') parsed.ctrl = true;
      else if (lower === 'meta' || lower === 'cmd') parsed.meta = true;
      else if (lower === 'alt' || lower === 'option') parsed.alt = true;
      else parsed.shift = true;
    } else {
      parsed.key = part;
    }
  }
  return parsed;
}

/** Whether a keyboard event is the key spec (`n`, `?`, `mod+Enter`, `shift+j`). `mod` accepts Ctrl or ⌘. */
export function matchesHotkey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>, spec: string): boolean {
  const parsed = parseKeys(spec);
  if (event.key.toLowerCase() !== parsed.key.toLowerCase()) return false;
  if (event.altKey !== parsed.alt) return false;
  if (parsed.mod) {
    if (!(event.ctrlKey || event.metaKey)) return false;
  } else if (event.ctrlKey !== parsed.ctrl || event.metaKey !== parsed.meta) {
    return false;
  }
  // Shift is part of how `?` or `!` is typed on most layouts, so it only counts for letters and named keys.
  const isLetterOrNamed = /^[a-z]$/i.test(parsed.key) || parsed.key.length > 1;
  if (isLetterOrNamed && event.shiftKey !== parsed.shift) return false;
  return true;
}

/** Whether the browser runs on an Apple platform, where `mod` is ⌘. Asked when needed, never at import. */
function isApplePlatform(): boolean {
  const nav = globalThis.navigator as Navigator | undefined;
  return !!nav && /Mac|iPhone|iPad/.test(nav.platform || nav.userAgent);
}

const subscribeNever = () => () => {};

/**
 * `isApplePlatform()` for rendering: false while a server renders and while the browser hydrates
 * (so the HTML matches), the platform's answer from the next render on.
 */
export function useApplePlatform(): boolean {
  return useSyncExternalStore(subscribeNever, isApplePlatform, () => false);
}

/** How a key spec is written for people: `mod+Enter` is `⌘+Enter` on a Mac, `Ctrl+Enter` elsewhere. */
export function formatHotkey(spec: string, mac: boolean = isApplePlatform()): string {
  const parsed = parseKeys(spec);
  const parts: string[] = [];
  if (parsed.mod) parts.push(mac ? '⌘' : 'Ctrl');
  if (parsed.ctrl) parts.push('Ctrl');
  if (parsed.meta) parts.push(mac ? '⌘' : 'Meta');
  if (parsed.alt) parts.push(mac ? '⌥' : 'Alt');
  if (parsed.shift) parts.push('Shift');
  parts.push(parsed.key.length === 1 ? parsed.key.toUpperCase() : parsed.key);
  return parts.join('+');
}

const DIALOG_SELECTOR = '[role="dialog"],[role="alertdialog"],dialog';

/**
 * Whether a dialog owns the key: the key was pressed inside a dialog that is not the hotkeys'
 * own scope (a popover or a cheat sheet has keys of its own), or a modal dialog is open elsewhere.
 */
export function isInOpenDialog(target: EventTarget | null, scope: Element | null): boolean {
  const dialog = target instanceof Element ? target.closest(DIALOG_SELECTOR) : null;
  if (dialog && !(scope && dialog.contains(scope))) return true;
  if (typeof document === 'undefined') return false;
  for (const modal of document.querySelectorAll('[aria-modal="true"],dialog[open]')) {
    if (modal instanceof HTMLDialogElement && !modal.matches(':modal')) continue;
    if (scope && modal.contains(scope)) continue;
    if (target instanceof Node && modal.contains(target)) continue;
    return true;
  }
  return false;
}

const asList = (keys: string | readonly string[]): readonly string[] => (typeof keys === 'string' ? [keys] : keys);

/**
 * Keyboard shortcuts for review screens, with the guards a reviewer expects: keys do nothing
 * while typing (inputs, textareas, contenteditable), during IME composition, inside a dialog or
 * while a modal is open. `?` toggles a cheat sheet listing every key.
 */
export function useReviewHotkeys(hotkeys: readonly ReviewHotkey[], options: UseReviewHotkeysOptions = {}): UseReviewHotkeysResult {
  const { enabled = true, scopeRef, cheatSheetKey = '?', cheatSheetOpen, defaultCheatSheetOpen = false, onCheatSheetOpenChange } = options;
  const cheatSheetDescription = options.cheatSheetDescription ?? 'Show or hide these shortcuts';
  const [isCheatSheetOpen, setCheatSheetOpen] = useControllableState(cheatSheetOpen, defaultCheatSheetOpen, onCheatSheetOpenChange, 'useReviewHotkeys');
  const openRef = useLatestRef(isCheatSheetOpen);

  // The listener reads the latest bindings through a ref, so it is attached once, not every render.
  const hotkeysRef = useLatestRef(hotkeys);
  const toggleRef = useLatestRef({ cheatSheetKey, setCheatSheetOpen });

  useEffect(() => {
    if (!enabled) return;
    const scope = scopeRef ? scopeRef.current : document;
    if (!scope) return;
    const onKeyDown = (event: KeyboardEvent) => {
      // keyCode 229 is what Chromium and Safari report for keys that feed an IME composition.
      if (event.defaultPrevented || event.isComposing || event.keyCode === 229) return;
      const scopeElement = scope instanceof Element ? scope : null;
      if (isInOpenDialog(event.target, scopeElement)) return;
      const editable = isEditableTarget(event.target);
      const toggle = toggleRef.current;
      if (toggle.cheatSheetKey && !editable && matchesHotkey(event, toggle.cheatSheetKey)) {
        event.preventDefault();
        toggle.setCheatSheetOpen(!openRef.current);
        return;
      }
      for (const hotkey of hotkeysRef.current) {
        if (hotkey.enabled === false || (editable && !hotkey.allowInInputs)) continue;
        const matched = asList(hotkey.keys).find((spec) => matchesHotkey(event, spec));
        if (matched === undefined) continue;
        event.preventDefault();
        hotkey.handler(event, matched);
        return;
      }
    };
    scope.addEventListener('keydown', onKeyDown as EventListener);
    return () => scope.removeEventListener('keydown', onKeyDown as EventListener);
  }, [enabled, scopeRef, hotkeysRef, openRef, toggleRef]);

  const mac = useApplePlatform();
  const descriptions = useMemo<ReviewHotkeyDescription[]>(() => {
    const list = hotkeys.map((hotkey) => ({
      keys: asList(hotkey.keys),
      description: hotkey.description,
      label: hotkey.label ?? asList(hotkey.keys).map((spec) => formatHotkey(spec, mac)).join(' / '),
    }));
    if (cheatSheetKey) list.push({ keys: [cheatSheetKey], description: cheatSheetDescription, label: formatHotkey(cheatSheetKey, mac) });
    return list;
  }, [hotkeys, cheatSheetKey, cheatSheetDescription, mac]);

  return { hotkeys: descriptions, isCheatSheetOpen, setCheatSheetOpen };
}
