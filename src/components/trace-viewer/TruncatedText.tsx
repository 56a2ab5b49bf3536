'use client';
import { forwardRef, useState, type HTMLAttributes } from 'react';
import { formatMessage, useMessages } from '../../provider';
import { safeCut } from '../primitives/clip';
import { cn } from '../primitives/cn';
import { traceViewerMessages } from './messages';

/** The trace viewer's small bordered button (show more, copy, view switch). */
export const smallButton =
  'ak:inline-flex ak:items-center ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-1.5 ak:py-0.5 ak:text-xs ak:text-ak-fg ak:cursor-pointer ak:hover:bg-ak-surface-hover ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus';

/** Lines allowed per character of the limit: a limit of 10,000 characters shows at most 500 lines. */
const CHARACTERS_PER_LINE = 20;

/**
 * Where to cut `text` to show `limit` characters, or `limit / 20` lines if those end first: text
 * made of short lines costs the browser a line box each, so a line count bounds layout as the
 * character count bounds the DOM. Looks at no more than `limit` characters.
 */
export function prefixLength(text: string, limit: number): number {
  const end = Math.min(text.length, limit);
  let lines = Math.max(1, Math.ceil(limit / CHARACTERS_PER_LINE));
  for (let index = text.indexOf('\n'); index !== -1 && index < end; index = text.indexOf('\n', index + 1)) {
    if (--lines === 0) return index;
  }
  return safeCut(text, end);
}

/**
 * How much of a long untrusted value to show: `limit` characters at first (see `prefixLength`), ten
 * times as much after each "Show more", so a 10 MB value costs a few kB of DOM until the reader
 * asks. A new `value` starts again at `limit` (selecting another span must not render all of its
 * text because the last one was expanded).
 */
export function useShowMore(limit: number, value: string): { end: number; limit: number; showMore: () => void } {
  const [state, setState] = useState({ value, limit: Math.max(1, limit) });
  const shown = state.value === value ? state.limit : Math.max(1, limit);
  return { end: prefixLength(value, shown), limit: shown, showMore: () => setState({ value, limit: Math.min(value.length, shown * 10) }) };
}

/** "Show more (N more characters)"; renders nothing when nothing is hidden. */
export function ShowMoreButton({ rest, onClick, className }: { rest: number; onClick: () => void; className?: string }) {
  const t = useMessages('traceViewer', traceViewerMessages);
  if (rest <= 0) return null;
  return (
    <button type="button" data-slot="show-more" className={cn(smallButton, 'ak:mt-1', className)} onClick={onClick}>
      {formatMessage(t.showMore, { count: rest.toLocaleString('en-US') })}
    </button>
  );
}

export interface TruncatedTextProps extends HTMLAttributes<HTMLElement> {
  /** The untrusted text; always rendered as a text node. */
  value: string;
  /** Characters shown before "Show more" (and at most a twentieth as many lines). Default 10,000. */
  limit?: number;
  /** Render inside a `<pre>` (keeps whitespace, monospace). Default true. */
  pre?: boolean;
}

/**
 * Untrusted text shown as text, cut at `limit` characters with a "Show more" that reveals ten
 * times as much each time — so a 10 MB attribute costs a few kB of DOM until the reader asks.
 */
export const TruncatedText = forwardRef<HTMLElement, TruncatedTextProps>(function TruncatedText(
  { value, limit = 10_000, pre = true, className, ...props },
  ref,
) {
  const { end, showMore } = useShowMore(limit, value);
  const text = value.length > end ? value.slice(0, end) : value;
  const rest = value.length - text.length;
  const Tag = pre ? 'pre' : 'span';
  return (
    <>
      <Tag
        ref={ref as never}
        data-slot="truncated-text"
        data-truncated={rest > 0 ? '' : undefined}
        className={cn(
          pre && 'ak:m-0 ak:whitespace-pre-wrap ak:break-words ak:font-ak-mono ak:text-xs',
          !pre && 'ak:break-words',
          className,
        )}
        {...props}
      >
        {text}
        {rest > 0 ? '…' : null}
      </Tag>
      <ShowMoreButton rest={rest} onClick={showMore} />
    </>
  );
});
