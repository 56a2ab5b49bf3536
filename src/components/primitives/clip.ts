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
  return `${text.slice(0, safeCut(text, max))}…`;
}

/** `index`, or one less when cutting `text` there would split a surrogate pair (half an emoji). */
export function safeCut(text: string, index: number): number {
  const code = text.charCodeAt(index - 1);
  return code >= 0xd800 && code <= 0xdbff ? index - 1 : index;
}
