/** Characters of an untrusted one-line value (a name, label, id, role) that reach the DOM. */
export const CLIP_LENGTH = 300;

/**
 * An untrusted one-line value as text of at most `max` characters, cut with "…". Names, labels and
 * ids are read at a glance; a 10 MB span name must not put 10 MB into every row that shows it
 * (long content goes through `TruncatedText`, which can reveal the rest).
 */
export function clip(value: unknown, max = CLIP_LENGTH): string {
  const text = typeof value === 'string' ? value : String(value);
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  const cut = code >= 0xd800 && code <= 0xdbff ? max - 1 : max; // do not split a surrogate pair
  return `${text.slice(0, cut)}…`;
}
