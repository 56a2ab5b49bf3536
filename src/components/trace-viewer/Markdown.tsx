'use client';
import { forwardRef, useMemo, type HTMLAttributes, type ReactNode } from 'react';
import { safeCut } from '../primitives/clip';
import { cn } from '../primitives/cn';
import { countMarkdownElements, parseMarkdown, type InlineNode, type MarkdownBlock } from './parseMarkdown';
import { ShowMoreButton, useShowMore } from './TruncatedText';

export { safeHref } from './parseMarkdown';

/*
 * A deliberately small Markdown renderer that builds React elements directly — it never produces
 * an HTML string, so there is nothing to sanitise: raw HTML in the source stays text, images are
 * never fetched (they render as their source text), and a link becomes an `<a>` only when its
 * URL parses as absolute http(s) or mailto. Covers what LLM output uses: headings, paragraphs,
 * emphasis, strikethrough, inline and fenced code, (nested) lists, block quotes, rules, links.
 * Parsing (parseMarkdown.ts) is linear in the length of the source, whatever the source; the
 * first `limit` characters are rendered, and "Show more" reveals ten times as many each time, so the
 * DOM stays bounded too: a dense text (an element every fourth character: `a` `a` `a`…) is cut
 * shorter, to about one element per 20 characters of the limit.
 */

/** Characters of the limit per element rendered: 10,000 characters show at most about 500 elements. */
const CHARACTERS_PER_ELEMENT = 20;

/**
 * The first `limit` characters of `source`, cut at a blank line (else a line end) in the second
 * half of the window when there is one, so a paragraph is not split mid-word.
 */
export function markdownPrefix(source: string, limit: number): string {
  if (source.length <= limit) return source;
  const floor = Math.floor(limit / 2);
  let cut = source.lastIndexOf('\n\n', limit);
  if (cut < floor) cut = source.lastIndexOf('\n', limit);
  if (cut < floor) cut = limit;
  return source.slice(0, safeCut(source, cut));
}

/**
 * The part of `source` to render, parsed: the prefix up to `end` (see `markdownPrefix`), cut
 * shorter while it would render more than `limit / 20` elements. Parses at most three prefixes
 * no longer than `end`, so the cost stays linear in what is shown.
 */
function visiblePart(source: string, end: number, limit: number): { shown: string; blocks: MarkdownBlock[] } {
  const budget = Math.max(1, Math.ceil(limit / CHARACTERS_PER_ELEMENT));
  let shown = markdownPrefix(source, end);
  let blocks = parseMarkdown(shown);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const elements = countMarkdownElements(blocks);
    if (elements <= budget || shown.length <= 1) break;
    shown = markdownPrefix(source, Math.max(1, Math.floor((shown.length * budget) / elements)));
    blocks = parseMarkdown(shown);
  }
  return { shown, blocks };
}

function renderInline(nodes: readonly InlineNode[]): ReactNode[] {
  return nodes.map((node, index) => {
    if (typeof node === 'string') return node;
    switch (node.type) {
      case 'code':
        return (
          <code key={index} data-slot="markdown-code">
            {node.text}
          </code>
        );
      case 'em':
        return <em key={index}>{renderInline(node.children)}</em>;
      case 'strong':
        return <strong key={index}>{renderInline(node.children)}</strong>;
      case 'del':
        return <del key={index}>{renderInline(node.children)}</del>;
      case 'link':
        return (
          <a key={index} href={node.href} target="_blank" rel="noopener noreferrer nofollow" data-slot="markdown-link">
            {renderInline(node.children)}
          </a>
        );
    }
  });
}

const headingClass = 'ak:font-semibold ak:mt-3 ak:mb-1';

function renderBlocks(blocks: readonly MarkdownBlock[]): ReactNode[] {
  return blocks.map((block, index) => {
    switch (block.type) {
      case 'heading': {
        // Headings inside span content must not compete with the page's outline: render them as
        // styled paragraphs that carry their level for assistive tech.
        const size = block.level <= 2 ? 'ak:text-base' : 'ak:text-sm';
        return (
          <p key={index} role="heading" aria-level={Math.min(6, block.level + 2)} data-level={block.level} className={cn(headingClass, size)}>
            {renderInline(block.content)}
          </p>
        );
      }
      case 'code':
        return (
          <pre
            key={index}
            data-slot="markdown-code-block"
            data-language={block.lang || undefined}
            className="ak:my-2 ak:overflow-x-auto ak:rounded-ak ak:bg-ak-surface ak:p-2 ak:font-ak-mono ak:text-xs"
          >
            <code>{block.text}</code>
          </pre>
        );
      case 'rule':
        return <hr key={index} className="ak:my-2 ak:border-ak-border" />;
      case 'quote':
        return (
          <blockquote key={index} className="ak:my-2 ak:border-l-2 ak:border-ak-border ak:pl-3 ak:text-ak-muted">
            {renderBlocks(block.blocks)}
          </blockquote>
        );
      case 'list': {
        const items = block.items.map((item, itemIndex) => <li key={itemIndex}>{renderBlocks(item)}</li>);
        return block.ordered ? (
          <ol key={index} start={block.start} className="ak:my-1 ak:list-decimal ak:pl-6">
            {items}
          </ol>
        ) : (
          <ul key={index} className="ak:my-1 ak:list-disc ak:pl-6">
            {items}
          </ul>
        );
      }
      case 'paragraph':
        return (
          // Line breaks inside a paragraph are kept by CSS rather than one <br> each: a text of
          // 100,000 short lines stays one text node.
          <p key={index} className="ak:my-1 ak:whitespace-pre-line">
            {renderInline(block.content)}
          </p>
        );
    }
  });
}

export interface MarkdownProps extends HTMLAttributes<HTMLDivElement> {
  /** The Markdown source; treated as untrusted (raw HTML is shown as text). */
  source: string;
  /** Characters rendered before "Show more" (at most a twentieth as many lines and elements; each press shows ten times as much). Default 10,000. */
  limit?: number;
}

/** Renders untrusted Markdown as React elements, with no HTML strings and only http(s)/mailto links. */
export const Markdown = forwardRef<HTMLDivElement, MarkdownProps>(function Markdown({ source, limit = 10_000, className, ...props }, ref) {
  const { end, limit: shownLimit, showMore } = useShowMore(limit, source);
  const { shown, content } = useMemo(() => {
    const part = visiblePart(source, end, shownLimit);
    return { shown: part.shown, content: renderBlocks(part.blocks) };
  }, [source, end, shownLimit]);
  const rest = source.length - shown.length;
  return (
    <div
      ref={ref}
      data-slot="markdown"
      data-truncated={rest > 0 ? '' : undefined}
      className={cn('ak:text-sm ak:leading-relaxed ak:break-words', className)}
      {...props}
    >
      {content}
      <ShowMoreButton rest={rest} onClick={showMore} />
    </div>
  );
});
