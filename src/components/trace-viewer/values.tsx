'use client';
import { forwardRef, useEffect, useMemo, useRef, useState, type HTMLAttributes } from 'react';
import { formatMessage, useMessages } from '../../provider';
import { clip } from '../primitives/clip';
import { cn } from '../primitives/cn';
import { Markdown, markdownPrefix } from './Markdown';
import { hasMarkdownStructure, parseMarkdown } from './parseMarkdown';
import { traceViewerMessages } from './messages';
import { smallButton, TruncatedText } from './TruncatedText';

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
/**
 * Levels shown below the tree's top. A container deeper than this is a "…" button that makes it
 * the tree's top (with the path back), so the DOM is never deeper than this whatever the value:
 * 50,000 nested arrays cost the same as 20.
 */
const MAX_DEPTH = 20;
/** Rows opened at first, whatever `defaultExpandDepth` asks: a wide value does not open 100 × 100 rows. */
const AUTO_OPEN_ROWS = 300;
/** Characters of a key shown; longer keys are cut (they are labels, not content). */
const MAX_KEY_LENGTH = 200;

type Container = object;

interface PathStep {
  key: string;
  value: Container;
}

/** JSON-like containers: arrays and plain objects. Dates, maps, class instances are shown as values. */
function isJsonContainer(value: unknown): value is Container {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function childCount(value: Container): number {
  return Array.isArray(value) ? value.length : Object.keys(value).length;
}

/** The first `limit` children as [key, value] pairs, without copying the rest. */
function childEntries(value: Container, limit: number): [string, unknown][] {
  if (Array.isArray(value)) return value.slice(0, limit).map((item, index) => [String(index), item as unknown]);
  return Object.keys(value)
    .slice(0, limit)
    .map((key) => [key, (value as Record<string, unknown>)[key]]);
}

/**
 * The containers open at first: breadth-first to `depth` levels, while the rows they show fit
 * AUTO_OPEN_ROWS (the top always opens). Visits at most that many children, so it is bounded too.
 */
function autoOpenSet(root: unknown, depth: number): ReadonlySet<Container> {
  const open = new Set<Container>();
  if (!isJsonContainer(root) || depth <= 0) return open;
  let budget = AUTO_OPEN_ROWS;
  const queue: { value: Container; level: number }[] = [{ value: root, level: 0 }];
  for (let index = 0; index < queue.length; index += 1) {
    const { value, level } = queue[index]!;
    if (level >= Math.min(depth, MAX_DEPTH) || open.has(value)) continue;
    const rows = Math.min(childCount(value), MAX_CHILDREN_SHOWN);
    if (open.size > 0 && rows > budget) continue;
    budget -= rows;
    open.add(value);
    for (const [, child] of childEntries(value, MAX_CHILDREN_SHOWN)) {
      if (isJsonContainer(child)) queue.push({ value: child, level: level + 1 });
    }
  }
  return open;
}

function JsonString({ value }: { value: string }) {
  const t = useMessages('traceViewer', traceViewerMessages);
  const quoted = useMemo(() => JSON.stringify(value), [value]);
  return value === '' ? (
    <span className="ak:text-ak-muted">{t.emptyString}</span>
  ) : (
    <TruncatedText pre={false} limit={2_000} value={quoted} data-type="string" className="ak:text-ak-positive" />
  );
}

/** A leaf: JSON primitives as JSON writes them; anything JSON cannot hold is shown and marked. */
function JsonPrimitive({ value }: { value: unknown }) {
  const t = useMessages('traceViewer', traceViewerMessages);
  if (typeof value === 'string') return <JsonString value={value} />;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') {
    return (
      <span data-type={value === null ? 'null' : typeof value} className="ak:text-ak-accent">
        {String(value)}
      </span>
    );
  }
  let text: string;
  if (value instanceof Date) text = Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (typeof value === 'symbol') text = value.toString();
  else if (typeof value === 'function') text = 'function';
  else if (value === undefined) text = 'undefined';
  else text = Object.prototype.toString.call(value).slice(8, -1); // Map, Set, a class instance
  return (
    <span data-type="unsupported" className="ak:text-ak-warning">
      {clip(text, MAX_KEY_LENGTH)} <span className="ak:text-ak-muted">({t.notJson})</span>
    </span>
  );
}

interface JsonNodeProps {
  name: string | null;
  value: unknown;
  depth: number;
  autoOpen: ReadonlySet<Container>;
  /** The containers from the tree's top down to this node's parent: meeting one again means a cycle. */
  trail: readonly PathStep[];
  /** Makes a container deeper than MAX_DEPTH the tree's top; gets the path from the value's top (included) to it. */
  onFocus: (path: readonly PathStep[]) => void;
}

function NodeName({ name }: { name: string | null }) {
  return name !== null ? <span className="ak:text-ak-muted">{clip(name, MAX_KEY_LENGTH)}: </span> : null;
}

function JsonNode({ name, value, depth, autoOpen, trail, onFocus }: JsonNodeProps) {
  const t = useMessages('traceViewer', traceViewerMessages);
  const isContainer = isJsonContainer(value);
  const [open, setOpen] = useState(() => isContainer && autoOpen.has(value));
  const [limit, setLimit] = useState(MAX_CHILDREN_SHOWN);
  const count = useMemo(() => (isContainer ? childCount(value) : 0), [isContainer, value]);
  const entries = useMemo(() => (isContainer && open ? childEntries(value, limit) : []), [isContainer, open, value, limit]);
  if (!isContainer) {
    return (
      <li data-slot="json-node" className="ak:pl-4">
        <NodeName name={name} />
        <JsonPrimitive value={value} />
      </li>
    );
  }
  if (trail.some((step) => step.value === value)) {
    return (
      <li data-slot="json-node" className="ak:pl-4">
        <NodeName name={name} />
        <span data-type="circular" className="ak:text-ak-warning">
          [circular]
        </span>
      </li>
    );
  }
  const summary = Array.isArray(value) ? `[${count}]` : `{${count}}`;
  const step: PathStep = { key: name ?? '', value };
  if (depth >= MAX_DEPTH) {
    return (
      <li data-slot="json-node" data-state="closed" className="ak:pl-4">
        <NodeName name={name} />
        <span className="ak:text-ak-muted">{summary} </span>
        <button
          type="button"
          data-slot="json-deeper"
          aria-label={formatMessage(t.jsonOpenDeeper, { name: clip(name ?? '', MAX_KEY_LENGTH) })}
          className={smallButton}
          onClick={() => onFocus([...trail, step])}
        >
          …
        </button>
      </li>
    );
  }
  const childTrail = [...trail, step];
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
        <NodeName name={name} />
        <span className="ak:text-ak-muted">{summary}</span>
      </button>
      {open ? (
        <ul className="ak:m-0 ak:list-none ak:p-0">
          {entries.map(([key, child]) => (
            <JsonNode key={key} name={key} value={child} depth={depth + 1} autoOpen={autoOpen} trail={childTrail} onFocus={onFocus} />
          ))}
          {count > limit ? (
            <li className="ak:pl-4">
              <button type="button" className={smallButton} onClick={() => setLimit((current) => current + MAX_CHILDREN_SHOWN * 10)}>
                {formatMessage(t.showMoreItems, { count: Math.min(count - limit, MAX_CHILDREN_SHOWN * 10) })}
              </button>
            </li>
          ) : null}
        </ul>
      ) : null}
    </li>
  );
}

/** `$ › messages › 0 › … › content`: the path to the tree's top, its last steps in full. */
function pathLabel(steps: readonly PathStep[]): string {
  const keys = steps.map((step) => clip(step.key, 40));
  return ['$', ...(keys.length > 6 ? [...keys.slice(0, 2), '…', ...keys.slice(-3)] : keys)].join(' › ');
}

export interface JsonTreeProps extends HTMLAttributes<HTMLDivElement> {
  /** Any JSON-like value (parsed JSON, span attributes); strings stay text. */
  value: unknown;
  /** Levels open at first (at most 300 rows open at first, whatever the depth). Default 2. */
  defaultExpandDepth?: number;
}

/**
 * A collapsible JSON tree with a bounded cost whatever the value: 100 children of a node at
 * first (then more on request), strings and keys cut, children rendered only when open, at most
 * 300 rows open at first, and at most 20 levels in the DOM — a deeper container becomes the top of
 * the tree, with its path and a way back.
 */
export const JsonTree = forwardRef<HTMLDivElement, JsonTreeProps>(function JsonTree(
  { value, defaultExpandDepth = 2, className, ...props },
  ref,
) {
  const t = useMessages('traceViewer', traceViewerMessages);
  const [focus, setFocus] = useState<{ of: unknown; steps: readonly PathStep[] }>({ of: value, steps: [] });
  // A new value resets the view to its top.
  const steps = focus.of === value ? focus.steps : [];
  const top = steps.length ? steps[steps.length - 1]!.value : value;
  const autoOpen = useMemo(() => autoOpenSet(top, steps.length ? Math.max(1, defaultExpandDepth) : defaultExpandDepth), [top, steps.length, defaultExpandDepth]);
  // Every node's trail starts at the value's top, whichever node the tree shows as its top.
  const rootTrail: readonly PathStep[] = steps.length && isJsonContainer(value) ? [{ key: '', value }, ...steps.slice(0, -1)] : [];
  return (
    <div ref={ref} data-slot="json-tree" className={cn('ak:font-ak-mono ak:text-xs ak:break-all', className)} {...props}>
      {steps.length ? (
        <div data-slot="json-tree-path" className="ak:mb-1 ak:flex ak:flex-wrap ak:items-center ak:gap-2 ak:text-ak-muted">
          <span>{formatMessage(t.jsonPath, { path: pathLabel(steps), depth: steps.length })}</span>
          <button type="button" className={smallButton} onClick={() => setFocus({ of: value, steps: [] })}>
            {t.jsonBackToTop}
          </button>
        </div>
      ) : null}
      <ul className="ak:m-0 ak:list-none ak:-ml-4 ak:p-0">
        <JsonNode
          key={steps.length}
          name={steps.length ? steps[steps.length - 1]!.key : null}
          value={top}
          depth={0}
          autoOpen={autoOpen}
          trail={rootTrail}
          onFocus={(path) => setFocus({ of: value, steps: path.slice(1) })}
        />
      </ul>
    </div>
  );
});

export type ContentViewMode = 'text' | 'json' | 'markdown';

// Parsing a multi-megabyte value as JSON, or offering Markdown for it, is not worth it: beyond
// these sizes the value is offered as (truncated) text only.
const MAX_JSON_PARSE = 5_000_000;
const MAX_MARKDOWN = 200_000;
/** Characters of a text looked at to guess whether it is Markdown (parsed, so linear and bounded). */
const MARKDOWN_GUESS_PREFIX = 10_000;

/** Whether a text looks like Markdown: its first 10,000 characters have headings, lists, quotes, code, strong text or links. */
export function looksLikeMarkdown(text: string): boolean {
  return hasMarkdownStructure(parseMarkdown(markdownPrefix(text, MARKDOWN_GUESS_PREFIX)));
}

type JsonParse = { ok: true; value: unknown } | { ok: false; error: string | null };

/**
 * Parses a string as JSON when it plausibly is one (an object or array; anything when `declared`,
 * i.e. the mime type says JSON). The error says why not; null when parsing was not tried.
 */
function parseJsonText(value: string, declared: boolean): JsonParse {
  if (value.length > MAX_JSON_PARSE) return { ok: false, error: declared ? `${value.length.toLocaleString('en-US')} characters, too long to parse` : null };
  const trimmed = value.trimStart();
  if (!declared && !(trimmed.startsWith('{') || trimmed.startsWith('['))) return { ok: false, error: null };
  try {
    return { ok: true, value: JSON.parse(value) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export interface ContentViewProps extends HTMLAttributes<HTMLDivElement> {
  /** The value: a string (shown as text, JSON or Markdown) or any JSON-like value (shown as a tree). */
  value: unknown;
  /** The mime type the span reported (`application/json`, `text/plain`). Default: guessed. */
  mimeType?: string | null;
  /** Initial view; default: JSON when the value is not text, or is text of a JSON object or array and the mime type says JSON or nothing; Markdown when it looks like Markdown; else text. */
  defaultView?: ContentViewMode;
}

/** Shows an untrusted value as text, a JSON tree or safely rendered Markdown, with a switch between them. */
export const ContentView = forwardRef<HTMLDivElement, ContentViewProps>(function ContentView(
  { value, mimeType, defaultView, className, ...props },
  ref,
) {
  const t = useMessages('traceViewer', traceViewerMessages);
  const text = typeof value === 'string' ? value : null;
  const declaredJson = mimeType != null && /json/i.test(mimeType);
  // Text that starts like an object or array is offered as JSON; it is parsed only when the JSON
  // view is asked for or has to be guessed (parsing 100,000 nested arrays takes tens of ms).
  const plausibleJson = text !== null && text.length <= MAX_JSON_PARSE && /^\s*[[{]/.test(text.slice(0, 1_000));
  const markdownAllowed = text !== null && text.length <= MAX_MARKDOWN;
  const modes: ContentViewMode[] = [];
  if (text !== null) modes.push('text');
  if (text === null || declaredJson || plausibleJson) modes.push('json');
  if (markdownAllowed) modes.push('markdown');
  const [chosen, setChosen] = useState<ContentViewMode | null>(null);
  const asked = chosen && modes.includes(chosen) ? chosen : defaultView && modes.includes(defaultView) ? defaultView : null;
  const needsParse = asked === 'json' || (!asked && (declaredJson || (mimeType == null && plausibleJson)));
  const parse = useMemo<JsonParse | null>(
    () => (text === null ? { ok: true, value } : needsParse ? parseJsonText(text, declaredJson) : null),
    [text, value, needsParse, declaredJson],
  );
  // JSON first for values that are not text, and for text that parses to an object or array when its
  // mime type says JSON or says nothing.
  const jsonFirst = text === null || (parse !== null && parse.ok && parse.value !== null && typeof parse.value === 'object' && (declaredJson || mimeType == null));
  // Guessing Markdown parses the first 10,000 characters: only done when the view is not decided otherwise.
  const guessMarkdown = useMemo(() => !asked && !jsonFirst && markdownAllowed && looksLikeMarkdown(text!), [asked, jsonFirst, markdownAllowed, text]);
  const mode: ContentViewMode = asked ?? (jsonFirst ? 'json' : guessMarkdown ? 'markdown' : 'text');
  // JSON asked for but not parsable: the text, under a note saying why (never blank).
  const view: ContentViewMode = mode === 'json' && !parse?.ok ? 'text' : mode;
  const labels: Record<ContentViewMode, string> = { text: t.viewText, json: t.viewJson, markdown: t.viewMarkdown };
  const problem = parse && !parse.ok && parse.error !== null ? formatMessage(t.invalidJson, { error: parse.error }) : null;
  return (
    <div ref={ref} data-slot="content-view" data-view={view} className={cn('ak:flex ak:flex-col ak:gap-1', className)} {...props}>
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
      {problem ? (
        <p role="note" data-slot="content-view-problem" className="ak:m-0 ak:text-xs ak:text-ak-warning">
          {problem}
        </p>
      ) : null}
      {text === '' ? (
        <span data-slot="content-view-empty" className="ak:text-xs ak:text-ak-muted">
          {t.emptyString}
        </span>
      ) : view === 'json' && parse?.ok ? (
        <JsonTree value={parse.value} />
      ) : view === 'markdown' && text !== null ? (
        <Markdown source={text} />
      ) : (
        <TruncatedText value={text ?? String(value)} />
      )}
    </div>
  );
});
