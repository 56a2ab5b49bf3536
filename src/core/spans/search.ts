import type { AttributeValue, Span } from '../model';

const searchTexts = new WeakMap<Span, string>();

/**
 * The lower-cased text a trace search looks in: the span's name, its span id, its status message,
 * every attribute key and value, and each event's name, attribute keys and values; not its kind,
 * trace id or parent id (the spans of a trace all share its trace id). Cached per span object,
 * built on the first search only.
 */
export function spanSearchText(span: Span): string {
  let text = searchTexts.get(span);
  if (text === undefined) {
    const parts: string[] = [String(span.name ?? ''), String(span.spanId ?? ''), span.status?.message ?? ''];
    collectText(span.attributes, parts);
    for (const event of span.events ?? []) {
      parts.push(String(event.name ?? ''));
      collectText(event.attributes, parts);
    }
    text = parts.join('\n').toLowerCase();
    searchTexts.set(span, text);
  }
  return text;
}

function collectText(root: AttributeValue | undefined, parts: string[]): void {
  const stack: unknown[] = [root];
  let budget = 100_000; // values walked per span: a pathological attribute tree must not hang search
  while (stack.length && budget-- > 0) {
    const value = stack.pop();
    if (value === null || value === undefined) continue;
    if (typeof value === 'object') {
      if (Array.isArray(value)) for (const item of value) stack.push(item);
      else
        for (const [key, item] of Object.entries(value)) {
          parts.push(key);
          stack.push(item);
        }
    } else parts.push(String(value));
  }
}

