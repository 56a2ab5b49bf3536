// The DOM helpers every prop getter and key handler of the kit shares: how the caller's handler is
// composed with ours, and whether a key press belongs to a field the user is typing in.

/**
 * Calls the caller's handler first; ours runs only if the caller did not `preventDefault()`.
 * Every prop getter composes the caller's handlers with this (as Radix's `composeEventHandlers`).
 */
export function composeEventHandlers<E extends { defaultPrevented: boolean }>(
  theirs: ((event: E) => void) | undefined,
  ours: ((event: E) => void) | undefined,
) {
  return (event: E) => {
    theirs?.(event);
    if (!event.defaultPrevented) ours?.(event);
  };
}

// Inputs that take no typed text: keys pressed on them are commands, not typing.
const NON_TEXT_INPUTS = new Set(['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'image']);

/**
 * Whether a key pressed on `target` goes into a field: a text input, a textarea, a select, or
 * anything inside a contenteditable region. Not a checkbox, a radio or a button.
 */
export function isEditableTarget(target: EventTarget | null): boolean {
  if (typeof Element === 'undefined' || !(target instanceof Element)) return false;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(target.type);
  // isContentEditable follows inheritance in browsers; the selector also covers a DOM without it (jsdom).
  return (
    (target instanceof HTMLElement && target.isContentEditable) ||
    target.closest('[contenteditable=""],[contenteditable="true"],[contenteditable="plaintext-only"]') !== null
  );
}
