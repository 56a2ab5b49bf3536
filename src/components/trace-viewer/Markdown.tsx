'use client';
import { forwardRef, useMemo, type HTMLAttributes, type ReactNode } from 'react';
import { cn } from '../primitives/cn';

/**
 * A deliberately small Markdown renderer that builds React elements directly — it never produces
 * an HTML string, so there is nothing to sanitise: raw HTML in the source stays text, images are
 * never fetched (they render as their source text), and a link becomes an `<a>` only when its
 * URL parses as absolute http(s) or mailto. Covers what LLM output uses: headings, paragraphs,
 * emphasis, strikethrough, inline and fenced code, (nested) lists, block quotes, rules, links.
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

// Nesting limits keep a hostile document (10,000 nested quotes) from overflowing the stack.
const MAX_BLOCK_DEPTH = 8;
const MAX_INLINE_DEPTH = 12;

type Block =
  | { type: 'heading'; level: number; text: string }
  | { type: 'code'; lang: string; text: string }
  | { type: 'rule' }
  | { type: 'quote'; blocks: Block[] }
  | { type: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { type: 'paragraph'; text: string };

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])[ \t]+(.*)$/;
const BLANK = /^\s*$/;

function indentOf(line: string): number {
  const match = /^[ \t]*/.exec(line)![0];
  return match.replace(/\t/g, '    ').length;
}

function stripIndent(line: string, count: number): string {
  let removed = 0;
  let index = 0;
  while (index < line.length && removed < count && (line[index] === ' ' || line[index] === '\t')) {
    removed += line[index] === '\t' ? 4 : 1;
    index += 1;
  }
  return line.slice(index);
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || LIST_ITEM.test(line);
}

/** Parses Markdown source into blocks (exported for tests). */
export function parseBlocks(lines: readonly string[], depth = 0): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (BLANK.test(line)) {
      i += 1;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1]!;
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !lines[i]!.trimStart().startsWith(marker)) body.push(lines[i++]!);
      i += 1;
      blocks.push({ type: 'code', lang: fence[2] ?? '', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ type: 'heading', level: heading[1]!.length, text: heading[2] ?? '' });
      i += 1;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ type: 'rule' });
      i += 1;
      continue;
    }
    if (depth < MAX_BLOCK_DEPTH && QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && !BLANK.test(lines[i]!)) {
        const quoted = QUOTE.exec(lines[i]!);
        inner.push(quoted ? quoted[1]! : lines[i]!);
        i += 1;
      }
      blocks.push({ type: 'quote', blocks: parseBlocks(inner, depth + 1) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item && depth < MAX_BLOCK_DEPTH) {
      const ordered = /\d/.test(item[2]!);
      const listIndent = item[1]!.length;
      const items: string[][] = [];
      let current: string[] = [];
      let contentIndent = 0;
      while (i < lines.length) {
        const next = lines[i]!;
        const nextItem = LIST_ITEM.exec(next);
        if (nextItem && nextItem[1]!.length === listIndent && /\d/.test(nextItem[2]!) === ordered) {
          if (current.length) items.push(current);
          current = [nextItem[3]!];
          contentIndent = nextItem[1]!.length + nextItem[2]!.length + 1;
          i += 1;
          continue;
        }
        if (BLANK.test(next)) {
          // A blank line ends the list unless the list (or the item) goes on after it.
          const following = lines[i + 1];
          if (following !== undefined && (indentOf(following) > listIndent || LIST_ITEM.exec(following)?.[1]!.length === listIndent)) {
            current.push('');
            i += 1;
            continue;
          }
          break;
        }
        if (indentOf(next) > listIndent) {
          current.push(stripIndent(next, contentIndent));
          i += 1;
          continue;
        }
        if (startsBlock(next)) break;
        current.push(next.trim()); // lazy continuation of the item's paragraph
        i += 1;
      }
      if (current.length) items.push(current);
      blocks.push({
        type: 'list',
        ordered,
        start: ordered ? Number.parseInt(item[2]!, 10) : 1,
        items: items.map((lines) => parseBlocks(lines, depth + 1)),
      });
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && !BLANK.test(lines[i]!) && (paragraph.length === 0 || !startsBlock(lines[i]!))) {
      paragraph.push(lines[i]!.trim());
      i += 1;
    }
    blocks.push({ type: 'paragraph', text: paragraph.join('\n') });
  }
  return blocks;
}

const ESCAPABLE = /[\\`*_{}[\]()#+\-.!<>~|"']/;

function findClosing(text: string, delimiter: string, from: number): number {
  let index = text.indexOf(delimiter, from);
  while (index !== -1) {
    if (text[index - 1] !== '\\' && index > from && !/\s/.test(text[index - 1]!)) return index;
    index = text.indexOf(delimiter, index + 1);
  }
  return -1;
}

/** Finds the `]` that closes the `[` at `open`, allowing nested brackets. */
function findBracket(text: string, open: number): number {
  let level = 0;
  for (let i = open; i < text.length; i += 1) {
    const char = text[i];
    if (char === '\\') i += 1;
    else if (char === '[') level += 1;
    else if (char === ']' && --level === 0) return i;
  }
  return -1;
}

function parseInline(text: string, depth: number, keyPrefix: string): ReactNode[] {
  const out: ReactNode[] = [];
  let buffer = '';
  let key = 0;
  const flush = () => {
    if (buffer) out.push(buffer);
    buffer = '';
  };
  const push = (node: ReactNode) => {
    flush();
    out.push(node);
  };
  const k = () => `${keyPrefix}.${key++}`;
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length && ESCAPABLE.test(text[i + 1]!)) {
      buffer += text[i + 1];
      i += 2;
      continue;
    }
    if (char === '\n') {
      push(<br key={k()} />);
      i += 1;
      continue;
    }
    if (char === '`') {
      let run = 1;
      while (text[i + run] === '`') run += 1;
      const fence = '`'.repeat(run);
      const close = text.indexOf(fence, i + run);
      if (close !== -1) {
        push(
          <code key={k()} data-slot="markdown-code">
            {text.slice(i + run, close).replace(/^ (.*) $/s, '$1')}
          </code>,
        );
        i = close + run;
        continue;
      }
      buffer += fence;
      i += run;
      continue;
    }
    if (char === '<') {
      // Autolink: <https://example.com>; anything else (raw HTML) stays literal text.
      const close = text.indexOf('>', i);
      const href = close !== -1 && !/\s/.test(text.slice(i + 1, close)) ? safeHref(text.slice(i + 1, close)) : null;
      if (href) {
        push(
          <a key={k()} href={href} target="_blank" rel="noopener noreferrer nofollow" data-slot="markdown-link">
            {text.slice(i + 1, close)}
          </a>,
        );
        i = close + 1;
        continue;
      }
    }
    if (char === '[' || (char === '!' && text[i + 1] === '[')) {
      const isImage = char === '!';
      const open = isImage ? i + 1 : i;
      const close = findBracket(text, open);
      if (close !== -1 && text[close + 1] === '(') {
        const end = text.indexOf(')', close + 2);
        if (end !== -1) {
          const target = text.slice(close + 2, end).trim();
          const url = target.split(/\s+/)[0]?.replace(/^<|>$/g, '') ?? '';
          const href = isImage ? null : safeHref(url);
          if (href && depth < MAX_INLINE_DEPTH) {
            push(
              <a key={k()} href={href} target="_blank" rel="noopener noreferrer nofollow" data-slot="markdown-link">
                {parseInline(text.slice(open + 1, close), depth + 1, k())}
              </a>,
            );
          } else {
            // Images are never fetched and unsafe links are never clickable: show the source as text.
            buffer += text.slice(i, end + 1);
          }
          i = end + 1;
          continue;
        }
      }
    }
    if ((char === '*' || char === '_' || char === '~') && depth < MAX_INLINE_DEPTH) {
      const double = text[i + 1] === char;
      if (char === '~' && !double) {
        buffer += char;
        i += 1;
        continue;
      }
      const delimiter = double ? char + char : char;
      const intraword = char === '_' && i > 0 && /\w/.test(text[i - 1]!);
      const next = text[i + delimiter.length];
      if (!intraword && next !== undefined && !/\s/.test(next)) {
        const close = findClosing(text, delimiter, i + delimiter.length);
        const after = close === -1 ? undefined : text[close + delimiter.length];
        if (close !== -1 && !(char === '_' && after !== undefined && /\w/.test(after))) {
          const inner = parseInline(text.slice(i + delimiter.length, close), depth + 1, k());
          push(
            char === '~' ? (
              <del key={k()}>{inner}</del>
            ) : double ? (
              <strong key={k()}>{inner}</strong>
            ) : (
              <em key={k()}>{inner}</em>
            ),
          );
          i = close + delimiter.length;
          continue;
        }
      }
      buffer += delimiter;
      i += delimiter.length;
      continue;
    }
    buffer += char;
    i += 1;
  }
  flush();
  return out;
}

const headingClass = 'ak:font-semibold ak:mt-3 ak:mb-1';

function renderBlocks(blocks: Block[], keyPrefix: string): ReactNode[] {
  return blocks.map((block, index) => {
    const key = `${keyPrefix}.${index}`;
    switch (block.type) {
      case 'heading': {
        // Headings inside span content must not compete with the page's outline: render them as
        // styled paragraphs that carry their level for assistive tech.
        const size = block.level <= 2 ? 'ak:text-base' : 'ak:text-sm';
        return (
          <p key={key} role="heading" aria-level={Math.min(6, block.level + 2)} data-level={block.level} className={cn(headingClass, size)}>
            {parseInline(block.text, 0, key)}
          </p>
        );
      }
      case 'code':
        return (
          <pre
            key={key}
            data-slot="markdown-code-block"
            data-language={block.lang || undefined}
            className="ak:my-2 ak:overflow-x-auto ak:rounded-ak ak:bg-ak-surface ak:p-2 ak:font-ak-mono ak:text-xs"
          >
            <code>{block.text}</code>
          </pre>
        );
      case 'rule':
        return <hr key={key} className="ak:my-2 ak:border-ak-border" />;
      case 'quote':
        return (
          <blockquote key={key} className="ak:my-2 ak:border-l-2 ak:border-ak-border ak:pl-3 ak:text-ak-muted">
            {renderBlocks(block.blocks, key)}
          </blockquote>
        );
      case 'list': {
        const items = block.items.map((item, itemIndex) => (
          <li key={`${key}.${itemIndex}`}>{renderBlocks(item, `${key}.${itemIndex}`)}</li>
        ));
        return block.ordered ? (
          <ol key={key} start={block.start} className="ak:my-1 ak:list-decimal ak:pl-6">
            {items}
          </ol>
        ) : (
          <ul key={key} className="ak:my-1 ak:list-disc ak:pl-6">
            {items}
          </ul>
        );
      }
      case 'paragraph':
        return (
          <p key={key} className="ak:my-1">
            {parseInline(block.text, 0, key)}
          </p>
        );
    }
  });
}

export interface MarkdownProps extends HTMLAttributes<HTMLDivElement> {
  /** The Markdown source; treated as untrusted (raw HTML is shown as text). */
  source: string;
}

/** Renders untrusted Markdown as React elements, with no HTML strings and only http(s)/mailto links. */
export const Markdown = forwardRef<HTMLDivElement, MarkdownProps>(function Markdown({ source, className, ...props }, ref) {
  const content = useMemo(() => renderBlocks(parseBlocks(source.split(/\r\n|\r|\n/)), 'md'), [source]);
  return (
    <div ref={ref} data-slot="markdown" className={cn('ak:text-sm ak:leading-relaxed ak:break-words', className)} {...props}>
      {content}
    </div>
  );
});
