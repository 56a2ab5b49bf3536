/**
 * A small Markdown parser for untrusted text, linear in the length of its input whatever the input.
 *
 * Blocks are read line by line (each line is looked at a bounded number of times: once per nesting
 * level, and nesting stops at MAX_BLOCK_DEPTH). Inlines follow CommonMark's algorithm: one pass that
 * turns the text into tokens and keeps a delimiter stack (`*`, `_`, `~~`) and a bracket stack (`[`,
 * `![`), then "process emphasis" with the openers-bottom bounds that keep it linear. Code spans find
 * their closing backtick run through per-length queues that only move forward, and link
 * destinations are read from tables built once (matching parentheses, next whitespace), so no
 * construct rescans the rest of the text. The result is a tree of plain objects; `Markdown.tsx`
 * renders it as React elements, never as an HTML string.
 *
 * Each step the parser takes is counted (characters looked at, delimiters walked, tokens built),
 * and `parseMarkdown(source, work)` reports the count, so a test can check that the work stays
 * within a constant times the input length on adversarial inputs.
 */

/** Protocols a rendered link may use; anything else (javascript:, data:, vbscript:, relative) stays text. */
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** The URL to put in `href`, or null when the link must not be clickable. */
export function safeHref(raw: string): string | null {
  const trimmed = raw.trim();
  if (!trimmed) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
}

// Nesting limits: deeper structure is kept as text (blocks) or as unformatted text (inlines), so a
// hostile document (50,000 nested quotes or emphases) neither overflows the stack nor builds a DOM
// too deep for the browser to lay out.
const MAX_BLOCK_DEPTH = 8;
const MAX_INLINE_DEPTH = 12;

export type InlineNode =
  | string
  | { type: 'code'; text: string }
  | { type: 'em' | 'strong' | 'del'; children: InlineNode[] }
  | { type: 'link'; href: string; children: InlineNode[] };

export type MarkdownBlock =
  | { type: 'heading'; level: number; content: InlineNode[] }
  | { type: 'code'; lang: string; text: string }
  | { type: 'rule' }
  | { type: 'quote'; blocks: MarkdownBlock[] }
  | { type: 'list'; ordered: boolean; start: number; items: MarkdownBlock[][] }
  | { type: 'paragraph'; content: InlineNode[] };

/** Receives the number of steps a parse took (for tests that check the parser stays linear). */
export interface MarkdownWork {
  steps: number;
}

let steps = 0;

/** Parses untrusted Markdown into blocks of inline nodes, in time linear in `source.length`. */
export function parseMarkdown(source: string, work?: MarkdownWork): MarkdownBlock[] {
  steps = source.length; // the split below
  const blocks = parseBlocks(source.split(/\r\n|\r|\n/), 0);
  if (work) work.steps += steps;
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// Blocks

const isSpaceOrTab = (char: string | undefined) => char === ' ' || char === '\t';

/** Index after up to three leading spaces, or -1 when the line is indented four or more (not a block start). */
function afterOptionalIndent(line: string): number {
  let i = 0;
  while (i < 3 && line[i] === ' ') i += 1;
  steps += i + 1;
  return line[i] === ' ' ? -1 : i;
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i += 1) {
    steps += 1;
    if (!isWhitespaceCode(line.charCodeAt(i))) return false;
  }
  steps += 1;
  return true;
}

function indentOf(line: string): number {
  let width = 0;
  for (let i = 0; i < line.length && isSpaceOrTab(line[i]); i += 1) {
    steps += 1;
    width += line[i] === '\t' ? 4 : 1;
  }
  return width;
}

function stripIndent(line: string, count: number): string {
  let removed = 0;
  let index = 0;
  while (index < line.length && removed < count && isSpaceOrTab(line[index])) {
    removed += line[index] === '\t' ? 4 : 1;
    index += 1;
  }
  steps += index + line.length - index; // the scan and the copy
  return line.slice(index);
}

function trimmed(text: string): string {
  steps += text.length;
  return text.trim();
}

interface Fence {
  marker: string;
  lang: string;
}

function readFence(line: string): Fence | null {
  const start = afterOptionalIndent(line);
  if (start < 0) return null;
  const char = line[start];
  if (char !== '`' && char !== '~') return null;
  let end = start;
  while (line[end] === char) end += 1;
  steps += end - start;
  if (end - start < 3) return null;
  const info = trimmed(line.slice(end));
  if (char === '`') {
    steps += info.length;
    if (info.includes('`')) return null;
  }
  let langEnd = 0;
  while (langEnd < info.length && !isWhitespaceCode(info.charCodeAt(langEnd))) langEnd += 1;
  steps += langEnd;
  return { marker: line.slice(start, end), lang: info.slice(0, langEnd) };
}

function readHeading(line: string): { level: number; text: string } | null {
  const start = afterOptionalIndent(line);
  if (start < 0 || line[start] !== '#') return null;
  let end = start;
  while (line[end] === '#') end += 1;
  steps += end - start;
  const level = end - start;
  if (level > 6 || (end < line.length && !isSpaceOrTab(line[end]))) return null;
  let text = trimmed(line.slice(end));
  // An optional closing run of #s, separated from the text by a space.
  let hashes = text.length;
  while (hashes > 0 && text[hashes - 1] === '#') hashes -= 1;
  steps += text.length - hashes;
  if (hashes === 0) text = '';
  else if (hashes < text.length && isSpaceOrTab(text[hashes - 1])) text = trimmed(text.slice(0, hashes));
  return { level, text };
}

function isRule(line: string): boolean {
  const start = afterOptionalIndent(line);
  if (start < 0) return false;
  const char = line[start];
  if (char !== '-' && char !== '*' && char !== '_') return false;
  let count = 0;
  for (let i = start; i < line.length; i += 1) {
    steps += 1;
    if (line[i] === char) count += 1;
    else if (!isSpaceOrTab(line[i])) return false;
  }
  return count >= 3;
}

/** The text of a block quote line after its `>` (and one optional space), or null. */
function readQuote(line: string): string | null {
  const start = afterOptionalIndent(line);
  if (start < 0 || line[start] !== '>') return null;
  const from = line[start + 1] === ' ' ? start + 2 : start + 1;
  steps += line.length - from;
  return line.slice(from);
}

interface ListItem {
  indent: number;
  ordered: boolean;
  start: number;
  /** Width of indent + marker + one space: where the item's continuation lines start. */
  contentIndent: number;
  text: string;
}

function readListItem(line: string): ListItem | null {
  const indent = afterOptionalIndent(line);
  if (indent < 0) return null;
  let end = indent;
  const char = line[indent];
  let ordered = false;
  if (char === '-' || char === '*' || char === '+') end += 1;
  else {
    while (end - indent < 9 && line.charCodeAt(end) >= 48 && line.charCodeAt(end) <= 57) end += 1;
    if (end === indent || (line[end] !== '.' && line[end] !== ')')) {
      steps += end - indent + 1;
      return null;
    }
    ordered = true;
    end += 1;
  }
  steps += end - indent;
  if (!isSpaceOrTab(line[end])) return null;
  let textStart = end;
  while (isSpaceOrTab(line[textStart])) textStart += 1;
  steps += textStart - end + (line.length - textStart);
  return {
    indent,
    ordered,
    start: ordered ? Number.parseInt(line.slice(indent, end - 1), 10) : 1,
    contentIndent: end + 1,
    text: line.slice(textStart),
  };
}

function startsBlock(line: string): boolean {
  return readFence(line) !== null || readHeading(line) !== null || isRule(line) || readQuote(line) !== null || readListItem(line) !== null;
}

function parseBlocks(lines: readonly string[], depth: number): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    steps += 1;
    const line = lines[i]!;
    if (isBlank(line)) {
      i += 1;
      continue;
    }
    const fence = readFence(line);
    if (fence) {
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !trimmed(lines[i]!).startsWith(fence.marker)) body.push(lines[i++]!);
      i += 1;
      const text = body.join('\n');
      steps += text.length;
      blocks.push({ type: 'code', lang: fence.lang, text });
      continue;
    }
    const heading = readHeading(line);
    if (heading) {
      blocks.push({ type: 'heading', level: heading.level, content: parseInline(heading.text) });
      i += 1;
      continue;
    }
    if (isRule(line)) {
      blocks.push({ type: 'rule' });
      i += 1;
      continue;
    }
    if (depth < MAX_BLOCK_DEPTH && readQuote(line) !== null) {
      const inner: string[] = [];
      while (i < lines.length && !isBlank(lines[i]!)) {
        inner.push(readQuote(lines[i]!) ?? lines[i]!); // lines without `>` continue the quote lazily
        i += 1;
      }
      blocks.push({ type: 'quote', blocks: parseBlocks(inner, depth + 1) });
      continue;
    }
    const first = depth < MAX_BLOCK_DEPTH ? readListItem(line) : null;
    if (first) {
      const items: string[][] = [];
      let current: string[] = [];
      let contentIndent = 0;
      while (i < lines.length) {
        steps += 1;
        const next = lines[i]!;
        const item = readListItem(next);
        if (item && item.indent === first.indent && item.ordered === first.ordered) {
          if (current.length) items.push(current);
          current = [item.text];
          contentIndent = item.contentIndent;
          i += 1;
          continue;
        }
        if (isBlank(next)) {
          // A blank line ends the list unless the list (or the item) goes on after it.
          const following = lines[i + 1];
          if (following !== undefined && (indentOf(following) > first.indent || readListItem(following)?.indent === first.indent)) {
            current.push('');
            i += 1;
            continue;
          }
          break;
        }
        if (indentOf(next) > first.indent) {
          current.push(stripIndent(next, contentIndent));
          i += 1;
          continue;
        }
        if (startsBlock(next)) break;
        current.push(trimmed(next)); // lazy continuation of the item's paragraph
        i += 1;
      }
      if (current.length) items.push(current);
      blocks.push({
        type: 'list',
        ordered: first.ordered,
        start: first.start,
        items: items.map((itemLines) => parseBlocks(itemLines, depth + 1)),
      });
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && !isBlank(lines[i]!) && (paragraph.length === 0 || !startsBlock(lines[i]!))) {
      paragraph.push(trimmed(lines[i]!));
      i += 1;
    }
    const text = paragraph.join('\n');
    steps += text.length;
    blocks.push({ type: 'paragraph', content: parseInline(text) });
  }
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// Inlines

type Kind = 'em' | 'strong' | 'del';

type Token =
  | string
  | { t: 'code'; v: string }
  | { t: 'linkOpen'; href: string }
  | { t: 'linkClose' }
  | Delimiter;

/** A delimiter run: both a token (rendered as its unused characters) and an entry of the delimiter stack. */
interface Delimiter {
  t: 'delim';
  char: '*' | '_' | '~';
  /** Length of the run as written (for the "multiple of 3" rule). */
  length: number;
  /** Characters of the run not yet used by a match; rendered as text. */
  remaining: number;
  canOpen: boolean;
  canClose: boolean;
  /** Formatting this run closes, in the order it was matched (the run's first characters); null for none. */
  closes: Kind[] | null;
  /** Formatting this run opens, in the order it was matched (innermost first; the run's last characters); null for none. */
  opens: Kind[] | null;
  previous: Delimiter | null;
  next: Delimiter | null;
}

interface BracketOpener {
  /** Index of the `[` / `![` text token. */
  token: number;
  image: boolean;
  /** The delimiter on top of the stack when the bracket was opened: emphasis inside the link text stops there. */
  delimiterBottom: Delimiter | null;
}

const ASCII_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const IS_ASCII_PUNCTUATION = new Uint8Array(128);
for (const char of ASCII_PUNCTUATION) IS_ASCII_PUNCTUATION[char.charCodeAt(0)] = 1;
/** Characters that may start an inline construct; runs of any other character are copied as text in one step. */
const IS_SPECIAL = new Uint8Array(128);
for (const char of '\\`<[!]*_~') IS_SPECIAL[char.charCodeAt(0)] = 1;
const UNICODE_PUNCTUATION = /[\p{P}\p{S}]/u;
const UNICODE_SPACE = /\s/u;

function isWhitespaceCode(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return UNICODE_SPACE.test(String.fromCharCode(code));
}

/** Whether the character at `index` is whitespace; the ends of the text count as whitespace. */
function isWhitespaceAt(text: string, index: number): boolean {
  return index < 0 || index >= text.length || isWhitespaceCode(text.charCodeAt(index));
}

function isPunctuationAt(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return false;
  const code = text.charCodeAt(index);
  if (code < 128) return IS_ASCII_PUNCTUATION[code] === 1;
  return UNICODE_PUNCTUATION.test(String.fromCodePoint(text.codePointAt(index)!));
}

/** Tables for reading link destinations in constant time per `](`; built once per text, on first need. */
interface LinkTables {
  /** For each `(`: the index of its matching `)`, or -1. */
  closeParen: Int32Array;
  /** For each index: the first whitespace at or after it (text.length when none). */
  nextSpace: Int32Array;
  /** For each index: the first non-whitespace at or after it (text.length when none). */
  nextNonSpace: Int32Array;
  /** For each index: the last non-whitespace at or before it (-1 when none). */
  previousNonSpace: Int32Array;
}

function buildLinkTables(text: string): LinkTables {
  const n = text.length;
  const closeParen = new Int32Array(n).fill(-1);
  const open = new Int32Array(n);
  let depth = 0;
  for (let i = 0; i < n; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 92 /* \ */) i += 1;
    else if (code === 40 /* ( */) open[depth++] = i;
    else if (code === 41 /* ) */ && depth > 0) closeParen[open[--depth]!] = i;
  }
  const nextSpace = new Int32Array(n + 1);
  const nextNonSpace = new Int32Array(n + 1);
  nextSpace[n] = n;
  nextNonSpace[n] = n;
  for (let i = n - 1; i >= 0; i -= 1) {
    const space = isWhitespaceCode(text.charCodeAt(i));
    nextSpace[i] = space ? i : nextSpace[i + 1]!;
    nextNonSpace[i] = space ? nextNonSpace[i + 1]! : i;
  }
  const previousNonSpace = new Int32Array(n);
  let last = -1;
  for (let i = 0; i < n; i += 1) {
    if (!isWhitespaceCode(text.charCodeAt(i))) last = i;
    previousNonSpace[i] = last;
  }
  steps += 4 * n;
  return { closeParen, nextSpace, nextNonSpace, previousNonSpace };
}

/**
 * Reads `(destination "optional title")` whose `(` is at `open`: the destination, or null when the
 * parentheses do not hold one. Constant time with the tables.
 */
function readDestination(text: string, open: number, tables: LinkTables): { destination: string; end: number } | null {
  const close = tables.closeParen[open]!;
  if (close < 0) return null;
  const start = tables.nextNonSpace[open + 1]!;
  if (start >= close) return { destination: '', end: close };
  const destinationEnd = Math.min(tables.nextSpace[start]!, close);
  const titleStart = tables.nextNonSpace[destinationEnd]!;
  if (titleStart < close) {
    const titleEnd = tables.previousNonSpace[close - 1]!;
    const quote = text[titleStart];
    const closing = quote === '(' ? ')' : quote;
    if ((quote !== '"' && quote !== "'" && quote !== '(') || titleEnd <= titleStart || text[titleEnd] !== closing) return null;
  }
  let destination = text.slice(start, destinationEnd);
  if (destination.startsWith('<') && destination.endsWith('>')) destination = destination.slice(1, -1);
  steps += destination.length;
  return { destination, end: close };
}

/**
 * Closing backtick runs by length: `find(length, from)` is the first run of exactly `length`
 * backticks starting at or after `from`. Queries come with growing `from`, so each queue's cursor
 * only moves forward and every run is passed over once.
 */
function backtickRuns(text: string) {
  const runs = new Map<number, number[]>();
  const cursors = new Map<number, number>();
  steps += text.length;
  for (let start = text.indexOf('`'); start !== -1; ) {
    let end = start + 1;
    while (text.charCodeAt(end) === 96) end += 1;
    let list = runs.get(end - start);
    if (!list) runs.set(end - start, (list = []));
    list.push(start);
    start = text.indexOf('`', end);
  }
  return (length: number, from: number): number => {
    const list = runs.get(length);
    if (!list) return -1;
    let cursor = cursors.get(length) ?? 0;
    while (cursor < list.length && list[cursor]! < from) {
      cursor += 1;
      steps += 1;
    }
    cursors.set(length, cursor);
    return cursor < list.length ? list[cursor]! : -1;
  };
}

function codeSpanText(raw: string): string {
  steps += raw.length;
  const text = raw.replace(/\r?\n/g, ' ');
  // One leading and one trailing space are stripped together, unless the span is only spaces.
  return text.length > 2 && text[0] === ' ' && text[text.length - 1] === ' ' && text.trim() !== '' ? text.slice(1, -1) : text;
}

/** Scans an autolink `<scheme:…>` at `open`; stops at whitespace or `<`, so scans never overlap. */
function readAutolink(text: string, open: number): { href: string; label: string; end: number } | null {
  let i = open + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 62 /* > */ || code === 60 /* < */ || isWhitespaceCode(code)) break;
    i += 1;
  }
  steps += i - open;
  if (text[i] !== '>') return null;
  const label = text.slice(open + 1, i);
  const href = safeHref(label);
  return href ? { href, label, end: i } : null;
}

function parseInline(text: string): InlineNode[] {
  const tokens: Token[] = [];
  let firstDelimiter: Delimiter | null = null;
  let lastDelimiter: Delimiter | null = null;
  const brackets: BracketOpener[] = [];
  // Brackets below this stack height are inside a link already: they cannot open another link.
  let activeFrom = 0;
  let tables: LinkTables | null = null;
  let findBackticks: ReturnType<typeof backtickRuns> | null = null;
  let buffer = '';
  const flush = () => {
    if (buffer) tokens.push(buffer);
    buffer = '';
  };
  const push = (token: Token) => {
    flush();
    tokens.push(token);
  };

  const unlink = (delimiter: Delimiter) => {
    if (delimiter.previous) delimiter.previous.next = delimiter.next;
    else firstDelimiter = delimiter.next;
    if (delimiter.next) delimiter.next.previous = delimiter.previous;
    else lastDelimiter = delimiter.previous;
  };

  /** CommonMark's "process emphasis" over the delimiters above `bottom`; removes them all. */
  const processEmphasis = (bottom: Delimiter | null) => {
    // Per closer kind, where the last failed search for an opener stopped: later searches stop there too.
    const openersBottom: Array<Delimiter | null | undefined> = [];
    let closer: Delimiter | null = bottom ? bottom.next : firstDelimiter;
    while (closer) {
      steps += 1;
      if (!closer.canClose) {
        closer = closer.next;
        continue;
      }
      // Slots: `*` 0–5, `_` 6–11 (by whether the closer can open and its length mod 3), `~~` 12.
      const slot = closer.char === '~' ? 12 : (closer.char === '_' ? 6 : 0) + (closer.canOpen ? 3 : 0) + (closer.length % 3);
      const limit = openersBottom[slot] === undefined ? bottom : openersBottom[slot];
      let opener: Delimiter | null = closer.previous;
      let found = false;
      while (opener && opener !== bottom && opener !== limit) {
        steps += 1;
        if (opener.char === closer.char && opener.canOpen) {
          const oddMatch =
            closer.char !== '~' &&
            (closer.canOpen || opener.canClose) &&
            closer.length % 3 !== 0 &&
            (opener.length + closer.length) % 3 === 0;
          if (!oddMatch) {
            found = true;
            break;
          }
        }
        opener = opener.previous;
      }
      if (found && opener) {
        const use = closer.char === '~' ? 2 : closer.remaining >= 2 && opener.remaining >= 2 ? 2 : 1;
        const kind: Kind = closer.char === '~' ? 'del' : use === 2 ? 'strong' : 'em';
        opener.remaining -= use;
        closer.remaining -= use;
        (opener.opens ??= []).push(kind);
        (closer.closes ??= []).push(kind);
        // Delimiters between the pair can no longer match anything: drop them in one step.
        opener.next = closer;
        closer.previous = opener;
        if (opener.remaining === 0) unlink(opener);
        if (closer.remaining === 0) {
          const next: Delimiter | null = closer.next;
          unlink(closer);
          closer = next;
        }
      } else {
        const next: Delimiter | null = closer.next;
        openersBottom[slot] = closer.previous;
        if (!closer.canOpen) unlink(closer);
        closer = next;
      }
    }
    // Whatever is left above the bottom stays text.
    if (bottom) {
      bottom.next = null;
      lastDelimiter = bottom;
    } else {
      firstDelimiter = null;
      lastDelimiter = null;
    }
  };

  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code >= 128 || IS_SPECIAL[code] === 0) {
      // A run of ordinary characters (line breaks included: paragraphs keep them with CSS) is one text piece.
      let end = i + 1;
      while (end < text.length) {
        const next = text.charCodeAt(end);
        if (next < 128 && IS_SPECIAL[next] === 1) break;
        end += 1;
      }
      steps += end - i;
      buffer += text.slice(i, end);
      i = end;
      continue;
    }
    steps += 1;
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length && IS_ASCII_PUNCTUATION[text.charCodeAt(i + 1)] === 1) {
      buffer += text[i + 1];
      i += 2;
      continue;
    }
    if (char === '`') {
      let end = i + 1;
      while (text[end] === '`') end += 1;
      steps += end - i;
      const length = end - i;
      findBackticks ??= backtickRuns(text);
      const close = findBackticks(length, end);
      if (close >= 0) {
        push({ t: 'code', v: codeSpanText(text.slice(end, close)) });
        i = close + length;
      } else {
        buffer += text.slice(i, end);
        i = end;
      }
      continue;
    }
    if (char === '<') {
      const autolink = readAutolink(text, i);
      if (autolink) {
        push({ t: 'linkOpen', href: autolink.href });
        push(autolink.label);
        push({ t: 'linkClose' });
        i = autolink.end + 1;
        continue;
      }
      buffer += char;
      i += 1;
      continue;
    }
    if (char === '[' || (char === '!' && text[i + 1] === '[')) {
      const image = char === '!';
      flush();
      brackets.push({ token: tokens.length, image, delimiterBottom: lastDelimiter });
      tokens.push(image ? '![' : '[');
      i += image ? 2 : 1;
      continue;
    }
    if (char === ']') {
      const opener = brackets.pop();
      if (!opener) {
        buffer += char;
        i += 1;
        continue;
      }
      const active = opener.image || brackets.length >= activeFrom;
      if (brackets.length < activeFrom) activeFrom = brackets.length; // a later bracket takes this place, active
      if (active && text[i + 1] === '(') {
        tables ??= buildLinkTables(text);
        const target = readDestination(text, i + 1, tables);
        if (target) {
          flush();
          processEmphasis(opener.delimiterBottom);
          const href = opener.image ? null : safeHref(target.destination);
          if (href) {
            tokens[opener.token] = { t: 'linkOpen', href };
            tokens.push({ t: 'linkClose' });
          } else {
            // Images are never fetched and unsafe links are never clickable: their source stays text.
            steps += target.end - i;
            tokens.push(text.slice(i, target.end + 1));
          }
          // A link cannot contain another link: the brackets it is inside are spent.
          if (!opener.image) activeFrom = brackets.length;
          i = target.end + 1;
          continue;
        }
      }
      buffer += char;
      i += 1;
      continue;
    }
    if (char === '*' || char === '_' || char === '~') {
      let end = i + 1;
      while (text[end] === char) end += 1;
      steps += end - i;
      const length = end - i;
      if (char === '~' && length !== 2) {
        buffer += text.slice(i, end);
        i = end;
        continue;
      }
      // CommonMark's flanking rules, from the characters on either side of the run.
      const spaceBefore = isWhitespaceAt(text, i - 1);
      const spaceAfter = isWhitespaceAt(text, end);
      const punctuationBefore = isPunctuationAt(text, i - 1);
      const punctuationAfter = isPunctuationAt(text, end);
      const leftFlanking = !spaceAfter && (!punctuationAfter || spaceBefore || punctuationBefore);
      const rightFlanking = !spaceBefore && (!punctuationBefore || spaceAfter || punctuationAfter);
      const canOpen = char === '_' ? leftFlanking && (!rightFlanking || punctuationBefore) : leftFlanking;
      const canClose = char === '_' ? rightFlanking && (!leftFlanking || punctuationAfter) : rightFlanking;
      if (!canOpen && !canClose) {
        buffer += text.slice(i, end);
        i = end;
        continue;
      }
      const delimiter: Delimiter = {
        t: 'delim',
        char,
        length,
        remaining: length,
        canOpen,
        canClose,
        closes: null,
        opens: null,
        previous: lastDelimiter,
        next: null,
      };
      if (lastDelimiter) lastDelimiter.next = delimiter;
      else firstDelimiter = delimiter;
      lastDelimiter = delimiter;
      push(delimiter);
      i = end;
      continue;
    }
    buffer += char; // `!` not followed by `[`
    i += 1;
  }
  flush();
  processEmphasis(null);
  return buildInlineTree(tokens);
}

interface Frame {
  /** The element this frame builds, or null for formatting dropped beyond MAX_INLINE_DEPTH (its children go to the parent). */
  node: Extract<InlineNode, { children: InlineNode[] }> | null;
  children: InlineNode[];
}

/** Turns the token list into a tree with an explicit stack (no recursion), merging adjacent text. */
function buildInlineTree(tokens: readonly Token[]): InlineNode[] {
  const root: InlineNode[] = [];
  const frames: Frame[] = [{ node: null, children: root }];
  let depth = 0;
  let text: string[] = [];
  const flush = () => {
    if (text.length) frames[frames.length - 1]!.children.push(text.join(''));
    text = [];
  };
  // Formatting beyond MAX_INLINE_DEPTH is dropped: its frame shares the parent's children and its
  // text keeps accumulating, so 100,000 dropped emphases still make one text node, not 100,000.
  const open = (node: Extract<InlineNode, { children: InlineNode[] }>) => {
    const parent = frames[frames.length - 1]!;
    if (depth < MAX_INLINE_DEPTH) {
      flush();
      parent.children.push(node);
      frames.push({ node, children: node.children });
      depth += 1;
    } else {
      frames.push({ node: null, children: parent.children });
    }
  };
  const close = () => {
    if (frames.length === 1) return;
    if (frames[frames.length - 1]!.node) {
      flush();
      depth -= 1;
    }
    frames.pop();
  };
  for (const token of tokens) {
    steps += 1;
    if (typeof token === 'string') {
      text.push(token);
      continue;
    }
    switch (token.t) {
      case 'code':
        flush();
        frames[frames.length - 1]!.children.push({ type: 'code', text: token.v });
        break;
      case 'linkOpen':
        open({ type: 'link', href: token.href, children: [] });
        break;
      case 'linkClose':
        close();
        break;
      case 'delim': {
        const d = token;
        if (d.closes) {
          steps += d.closes.length;
          for (let k = 0; k < d.closes.length; k += 1) close();
        }
        if (d.remaining) text.push(d.remaining === 1 ? d.char : d.char.repeat(d.remaining));
        if (d.opens) {
          steps += d.opens.length;
          for (let k = d.opens.length - 1; k >= 0; k -= 1) open({ type: d.opens[k]!, children: [] });
        }
        break;
      }
    }
  }
  flush();
  return root;
}

/**
 * Whether parsed Markdown has structure a reader would miss in plain text: headings, lists,
 * quotes, code, strong emphasis or links (single emphasis and rules alone do not count).
 */
export function hasMarkdownStructure(blocks: readonly MarkdownBlock[]): boolean {
  // Looks at the first 10,000 nodes at most: enough to tell, and bounded whatever the document.
  const queue: Array<MarkdownBlock | InlineNode> = [];
  const add = (nodes: readonly (MarkdownBlock | InlineNode)[]) => {
    for (let k = 0; k < nodes.length && queue.length < 10_000; k += 1) queue.push(nodes[k]!);
  };
  add(blocks);
  for (let index = 0; index < queue.length; index += 1) {
    const node = queue[index]!;
    if (typeof node === 'string') continue;
    switch (node.type) {
      case 'heading':
      case 'code':
      case 'quote':
      case 'list':
      case 'strong':
      case 'link':
        return true;
      case 'paragraph':
        add(node.content);
        break;
      case 'em':
      case 'del':
        add(node.children);
        break;
      default:
        break;
    }
  }
  return false;
}

/** How many elements the blocks render as (blocks, list items, inline elements): the DOM they cost. */
export function countMarkdownElements(blocks: readonly MarkdownBlock[]): number {
  let count = 0;
  const stack: Array<readonly (MarkdownBlock | InlineNode)[]> = [blocks];
  while (stack.length) {
    const nodes = stack.pop()!;
    for (const node of nodes) {
      if (typeof node === 'string') continue;
      count += 1;
      if ('children' in node) stack.push(node.children);
      else if (node.type === 'paragraph' || node.type === 'heading') stack.push(node.content);
      else if (node.type === 'quote') stack.push(node.blocks);
      else if (node.type === 'list') {
        count += node.items.length;
        for (const item of node.items) stack.push(item);
      }
    }
  }
  return count;
}
