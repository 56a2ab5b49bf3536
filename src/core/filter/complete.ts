import { ANNOTATOR_KINDS, SPAN_KINDS, type Annotation, type AnnotationConfig } from '../model';
import { ANNOTATION_MEMBERS, FIELD_TYPES } from './ast';
import { pythonString } from './format';

/** What the data offers for autocomplete. */
export interface CompletionSource {
  /** Annotation names seen in the data (or configured). */
  annotationNames?: readonly string[];
  /** Labels seen per annotation name. */
  labels?: Readonly<Record<string, readonly string[]>>;
  /** Extra attribute paths to offer (`llm.model_name` and the like are always offered). */
  attributePaths?: readonly string[];
}

export interface CompletionItem {
  /** What the list shows. */
  label: string;
  /** The text that replaces the range `from`–`to`. */
  insert: string;
  /** What kind of thing it is, for the list's secondary text. */
  detail: 'field' | 'attribute' | 'annotation' | 'member' | 'value' | 'keyword';
}

export interface Completions {
  /** Start of the text the item replaces (the partial word before the cursor). */
  from: number;
  /** End of the replaced text (the cursor). */
  to: number;
  items: CompletionItem[];
}

const KEYWORDS = ['and', 'or', 'not', 'in', 'not in', 'is None', 'is not None'];
const ATTRIBUTES = ['input.value', 'output.value', 'llm.model_name', 'llm.token_count.total', 'llm.token_count.prompt', 'llm.token_count.completion', 'metadata'];
const STATUS_CODES = ['OK', 'ERROR', 'UNSET'];

/**
 * Suggestions for the cursor position in a condition being typed: field and attribute names,
 * annotation names and their members, labels after `annotations['x'].label ==`, span kinds and
 * status codes inside their string literals, and the keywords. Items match the partial word
 * case-insensitively and at most `limit` (default 12) are returned.
 */
export function completeCondition(text: string, cursor: number, source: CompletionSource = {}, limit = 12): Completions {
  const before = text.slice(0, cursor);
  const names = source.annotationNames ?? [];

  // inside an open string literal: annotation names, labels, enum values
  const open = /(['"])([^'"\\]*)$/.exec(before);
  if (open && isInsideString(before)) {
    const quote = open[1]!;
    const partial = open[2]!;
    const from = cursor - partial.length;
    const lead = before.slice(0, from - 1);
    const values = (list: readonly string[], detail: CompletionItem['detail']) =>
      complete(list.map((value) => ({ label: value, insert: `${value}${quote}`, detail })), partial, from, cursor, limit);
    if (/(?:annotations|evals)\[\s*$/.test(lead)) {
      return complete(names.map((name) => ({ label: name, insert: `${name}${quote}]`, detail: 'annotation' as const })), partial, from, cursor, limit);
    }
    const labelOf = /(?:annotations|evals)\[\s*(['"])((?:(?!\1).)*)\1\s*\]\.label\s*(?:==|!=|in|not in)\s*[[(]?(?:\s*(['"])[^'"]*\3\s*,)*\s*$/.exec(lead);
    if (labelOf) return values(source.labels?.[labelOf[2]!] ?? [], 'value');
    if (/(?:annotations|evals)\[\s*(['"]).*?\1\s*\]\.annotator_kind\s*(?:==|!=|in|not in)\s*[[(]?[^'"]*(?:(['"])[^'"]*\2\s*,\s*)*$/.test(lead)) {
      return values(ANNOTATOR_KINDS, 'value');
    }
    if (/\bspan_kind\s*(?:==|!=|in|not in)\s*[[(]?(?:\s*(['"])[^'"]*\1\s*,)*\s*$/.test(lead)) return values(SPAN_KINDS, 'value');
    if (/\bstatus_code\s*(?:==|!=|in|not in)\s*[[(]?(?:\s*(['"])[^'"]*\1\s*,)*\s*$/.test(lead)) return values(STATUS_CODES, 'value');
    return { from: cursor, to: cursor, items: [] };
  }

  // after `annotations['x'].`: the members
  const member = /(?:annotations|evals)\[\s*(['"]).*?\1\s*\]\.([A-Za-z_]*)$/.exec(before);
  if (member) {
    const partial = member[2]!;
    return complete(ANNOTATION_MEMBERS.map((m) => ({ label: m, insert: m, detail: 'member' as const })), partial, cursor - partial.length, cursor, limit);
  }

  // a word (possibly dotted) being typed
  const word = /[A-Za-z_][A-Za-z0-9_.]*$/.exec(before);
  const partial = word ? word[0] : '';
  const from = cursor - partial.length;
  // after a complete value and a space, the next word is an operator or a keyword
  const afterValue = /[\w'")\]]\s+$/.test(before.slice(0, from));
  const items: CompletionItem[] = [];
  if (afterValue) {
    for (const keyword of KEYWORDS) items.push({ label: keyword, insert: `${keyword} `, detail: 'keyword' });
    return complete(items, partial, from, cursor, limit);
  }
  for (const field of Object.keys(FIELD_TYPES)) items.push({ label: field, insert: field, detail: 'field' });
  for (const name of names) {
    items.push({ label: `annotations[${pythonString(name)}]`, insert: `annotations[${pythonString(name)}]`, detail: 'annotation' });
  }
  for (const path of [...ATTRIBUTES, ...(source.attributePaths ?? [])]) {
    items.push({ label: path, insert: path === 'metadata' ? "metadata['" : path, detail: 'attribute' });
  }
  if ('not'.startsWith(partial) && partial !== '') items.push({ label: 'not', insert: 'not ', detail: 'keyword' });
  return complete(dedupe(items), partial, from, cursor, limit);
}

function complete(items: CompletionItem[], partial: string, from: number, to: number, limit: number): Completions {
  const needle = partial.toLowerCase();
  const starts = items.filter((item) => item.label.toLowerCase().startsWith(needle));
  const contains = needle.length < 2 ? [] : items.filter((item) => !item.label.toLowerCase().startsWith(needle) && item.label.toLowerCase().includes(needle));
  const chosen = [...starts, ...contains].filter((item) => item.label !== partial || item.insert !== partial);
  return { from, to, items: chosen.slice(0, limit) };
}

function dedupe(items: CompletionItem[]): CompletionItem[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.label) ? false : (seen.add(item.label), true)));
}

/** Whether the text ends inside an unterminated string literal (quotes balanced with escapes). */
function isInsideString(text: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = null;
    } else if (char === "'" || char === '"') {
      quote = char;
    }
  }
  return quote !== null;
}

export interface CompletionSourceOptions extends CompletionSource {
  /** Annotation configs: their names, and the labels of the categorical ones. Default: none. */
  configs?: readonly AnnotationConfig[];
}

/** Autocomplete data from the data at hand: every annotation name and the labels seen under it, plus configs' names and values. */
export function completionSourceFromAnnotations(annotations: readonly Annotation[], options: CompletionSourceOptions = {}): CompletionSource {
  const labels = new Map<string, Set<string>>();
  const add = (name: string, label?: string | null) => {
    let set = labels.get(name);
    if (!set) labels.set(name, (set = new Set()));
    if (label) set.add(label);
  };
  for (const annotation of annotations) add(annotation.name, annotation.label);
  for (const config of options.configs ?? []) {
    add(config.name);
    if (config.type === 'categorical') for (const value of config.values) add(config.name, value.label);
  }
  for (const name of options.annotationNames ?? []) add(name);
  for (const [name, extra] of Object.entries(options.labels ?? {})) for (const label of extra) add(name, label);
  const byName: Record<string, string[]> = {};
  for (const [name, set] of labels) byName[name] = [...set].sort();
  return {
    annotationNames: [...labels.keys()].sort(),
    labels: byName,
    ...(options.attributePaths ? { attributePaths: options.attributePaths } : {}),
  };
}
