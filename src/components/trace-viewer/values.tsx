'use client';
import { forwardRef, useEffect, useMemo, useRef, useState, type HTMLAttributes, type ReactNode } from 'react';
import { formatMessage, useMessages } from '../../provider';
import { cn } from '../primitives/cn';
import { Markdown } from './Markdown';
import { traceViewerMessages } from './messages';

const smallButton =
  'ak:inline-flex ak:items-center ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-1.5 ak:py-0.5 ak:text-xs ak:text-ak-fg ak:cursor-pointer ak:hover:bg-ak-surface-hover ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus';

export interface TruncatedTextProps extends HTMLAttributes<HTMLElement> {
  /** The untrusted text; always rendered as a text node. */
  value: string;
  /** Characters shown before "Show more". Default 10,000. */
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
  const t = useMessages('traceViewer', traceViewerMessages);
  const [shown, setShown] = useState(limit);
  const text = value.length > shown ? value.slice(0, shown) : value;
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
      {rest > 0 ? (
        <button
          type="button"
          data-slot="show-more"
          className={cn(smallButton, 'ak:mt-1')}
          onClick={() => setShown((current) => Math.min(value.length, current * 10))}
        >
          {formatMessage(t.showMore, { count: rest.toLocaleString('en-US') })}
        </button>
      ) : null}
    </>
  );
});

export interface CopyButtonProps extends HTMLAttributes<HTMLButtonElement> {
  /** Text put on the clipboard, computed on click (so a large JSON is stringified only when asked). */
  getText: () => string;
  /** Accessible label. Default "Copy". */
  label?: string;
}

/** Copies `getText()` to the clipboard and says "Copied" for 1.5 s. */
export function CopyButton({ getText, label, className, ...props }: CopyButtonProps) {
  const t = useMessages('traceViewer', traceViewerMessages);
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <button
      type="button"
      data-slot="copy-button"
      data-state={copied ? 'copied' : 'idle'}
      aria-label={label ?? t.copy}
      className={cn(smallButton, className)}
      onClick={() => {
        const text = getText();
        void navigator.clipboard?.writeText(text).then(
          () => {
            setCopied(true);
            clearTimeout(timer.current);
            timer.current = setTimeout(() => setCopied(false), 1500);
          },
          () => setCopied(false),
        );
      }}
      {...props}
    >
      {copied ? t.copied : t.copy}
    </button>
  );
}

const MAX_CHILDREN_SHOWN = 100;

interface JsonNodeProps {
  name: ReactNode;
  value: unknown;
  depth: number;
  defaultExpandDepth: number;
  /** The containers above this node: meeting one again means a cycle (possible in hand-built attributes). */
  ancestors: readonly object[];
}

function JsonPrimitive({ value }: { value: unknown }) {
  const t = useMessages('traceViewer', traceViewerMessages);
  if (typeof value === 'string') {
    return value === '' ? (
      <span className="ak:text-ak-muted">{t.emptyString}</span>
    ) : (
      <TruncatedText pre={false} limit={2_000} value={JSON.stringify(value)} data-type="string" className="ak:text-ak-positive" />
    );
  }
  const text = value === undefined ? 'undefined' : typeof value === 'bigint' ? `${value}n` : String(value);
  return (
    <span data-type={value === null ? 'null' : typeof value} className="ak:text-ak-accent">
      {text}
    </span>
  );
}

function JsonNode({ name, value, depth, defaultExpandDepth, ancestors }: JsonNodeProps) {
  const t = useMessages('traceViewer', traceViewerMessages);
  const isContainer = value !== null && typeof value === 'object';
  const [open, setOpen] = useState(depth < defaultExpandDepth);
  const [limit, setLimit] = useState(MAX_CHILDREN_SHOWN);
  if (!isContainer) {
    return (
      <li data-slot="json-node" className="ak:pl-4">
        {name !== null ? <span className="ak:text-ak-muted">{name}: </span> : null}
        <JsonPrimitive value={value} />
      </li>
    );
  }
  if (ancestors.includes(value)) {
    return (
      <li data-slot="json-node" className="ak:pl-4">
        {name !== null ? <span className="ak:text-ak-muted">{name}: </span> : null}
        <span className="ak:text-ak-warning">[circular]</span>
      </li>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [String(index), item])
    : Object.entries(value as Record<string, unknown>);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  const childAncestors = [...ancestors, value];
  return (
    <li data-slot="json-node" data-state={open ? 'open' : 'closed'} className="ak:pl-4">
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setOpen((current) => !current)}
        className="ak:-ml-4 ak:inline-flex ak:cursor-pointer ak:items-center ak:gap-1 ak:border-0 ak:bg-transparent ak:p-0 ak:font-ak-mono ak:text-xs ak:text-ak-fg"
      >
        <span aria-hidden="true" className="ak:inline-block ak:w-3 ak:text-ak-muted">
          {open ? '▾' : '▸'}
        </span>
        {name !== null ? <span className="ak:text-ak-muted">{name}: </span> : null}
        <span className="ak:text-ak-muted">{summary}</span>
      </button>
      {open ? (
        <ul className="ak:m-0 ak:list-none ak:p-0">
          {entries.slice(0, limit).map(([key, child]) => (
            <JsonNode
              key={key}
              name={key}
              value={child}
              depth={depth + 1}
              defaultExpandDepth={defaultExpandDepth}
              ancestors={childAncestors}
            />
          ))}
          {entries.length > limit ? (
            <li className="ak:pl-4">
              <button type="button" className={smallButton} onClick={() => setLimit((current) => current + MAX_CHILDREN_SHOWN * 10)}>
                {formatMessage(t.showMoreItems, { count: Math.min(entries.length - limit, MAX_CHILDREN_SHOWN * 10) })}
              </button>
            </li>
          ) : null}
        </ul>
      ) : null}
    </li>
  );
}

export interface JsonTreeProps extends HTMLAttributes<HTMLUListElement> {
  /** Any JSON-like value (parsed JSON, span attributes); strings stay text. */
  value: unknown;
  /** Levels open at first. Default 2. */
  defaultExpandDepth?: number;
}

/** A collapsible JSON tree; shows at most 100 children of a node at first, strings truncated. */
export const JsonTree = forwardRef<HTMLUListElement, JsonTreeProps>(function JsonTree(
  { value, defaultExpandDepth = 2, className, ...props },
  ref,
) {
  return (
    <ul
      ref={ref}
      data-slot="json-tree"
      className={cn('ak:m-0 ak:list-none ak:-ml-4 ak:p-0 ak:font-ak-mono ak:text-xs ak:break-all', className)}
      {...props}
    >
      <JsonNode name={null} value={value} depth={0} defaultExpandDepth={defaultExpandDepth} ancestors={[]} />
    </ul>
  );
});

export type ContentViewMode = 'text' | 'json' | 'markdown';

// Parsing and rendering Markdown or a JSON tree for a multi-megabyte value would freeze the tab;
// beyond these sizes the value is offered as (truncated) text only.
const MAX_JSON_PARSE = 5_000_000;
const MAX_MARKDOWN = 200_000;
const MARKDOWN_HINT = /(^|\n)\s{0,3}(#{1,6}\s|[-*+]\s|\d+[.)]\s|```|>\s)|\*\*[^*]+\*\*|\[[^\]]+\]\([^)]+\)|`[^`]+`/;

/** Parses a string as JSON when it plausibly is one (object or array), else undefined. */
export function tryParseJson(value: string): unknown {
  const trimmed = value.trimStart();
  if (value.length > MAX_JSON_PARSE || !(trimmed.startsWith('{') || trimmed.startsWith('['))) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

export interface ContentViewProps extends HTMLAttributes<HTMLDivElement> {
  /** The value: a string (shown as text, JSON or Markdown) or any JSON-like value (shown as a tree). */
  value: unknown;
  /** The mime type the span reported (`application/json`, `text/plain`). Default: guessed. */
  mimeType?: string | null;
  /** Initial view; default: JSON when the value parses as JSON, Markdown when it looks like Markdown, else text. */
  defaultView?: ContentViewMode;
}

/** Shows an untrusted value as text, a JSON tree or safely rendered Markdown, with a switch between them. */
export const ContentView = forwardRef<HTMLDivElement, ContentViewProps>(function ContentView(
  { value, mimeType, defaultView, className, ...props },
  ref,
) {
  const t = useMessages('traceViewer', traceViewerMessages);
  const text = typeof value === 'string' ? value : null;
  const parsed = useMemo(() => (text === null ? value : tryParseJson(text)), [text, value]);
  const modes: ContentViewMode[] = [];
  if (text !== null) modes.push('text');
  if (parsed !== undefined) modes.push('json');
  if (text !== null && text.length <= MAX_MARKDOWN) modes.push('markdown');
  const guessed: ContentViewMode =
    parsed !== undefined && (text === null || mimeType?.includes('json') || mimeType == null)
      ? 'json'
      : text !== null && text.length <= MAX_MARKDOWN && MARKDOWN_HINT.test(text)
        ? 'markdown'
        : 'text';
  const [chosen, setChosen] = useState<ContentViewMode | null>(null);
  const initial = defaultView && modes.includes(defaultView) ? defaultView : guessed;
  const mode = chosen && modes.includes(chosen) ? chosen : initial;
  const labels: Record<ContentViewMode, string> = { text: t.viewText, json: t.viewJson, markdown: t.viewMarkdown };
  return (
    <div ref={ref} data-slot="content-view" data-view={mode} className={cn('ak:flex ak:flex-col ak:gap-1', className)} {...props}>
      {modes.length > 1 ? (
        <div role="group" aria-label={t.viewAs} className="ak:flex ak:gap-1">
          {modes.map((option) => (
            <button
              key={option}
              type="button"
              aria-pressed={mode === option}
              data-state={mode === option ? 'on' : 'off'}
              onClick={() => setChosen(option)}
              className={cn(smallButton, 'ak:data-[state=on]:bg-ak-accent ak:data-[state=on]:text-ak-accent-fg')}
            >
              {labels[option]}
            </button>
          ))}
        </div>
      ) : null}
      {mode === 'json' ? (
        <JsonTree value={parsed} />
      ) : mode === 'markdown' && text !== null ? (
        <Markdown source={text} />
      ) : (
        <TruncatedText value={text ?? String(value)} />
      )}
    </div>
  );
});
