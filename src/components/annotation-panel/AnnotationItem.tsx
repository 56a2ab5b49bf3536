'use client';
import { useId, useState } from 'react';
import type { Annotation } from '../../core/model';
import { useLocaleFormats } from '../../hooks/useLocaleFormats';
import { clip } from '../primitives/clip';
import { TruncatedText } from '../trace-viewer/TruncatedText';
import { formatTime, type Messages } from './shared';

/** One annotation in a name's list: kind, label, score, author, time and its explanation. */
export function AnnotationItem({
  annotation,
  isOwn,
  pending,
  messages: m,
  formatAuthor,
}: {
  annotation: Annotation;
  isOwn: boolean;
  /** Not yet stored (see `useAnnotationPanel`'s `isPending`). */
  pending: boolean;
  messages: Messages;
  formatAuthor: ((annotation: Annotation, isOwn: boolean) => string) | undefined;
}) {
  const author = formatAuthor
    ? formatAuthor(annotation, isOwn)
    : isOwn
      ? m.you
      : annotation.userId || annotation.identifier || m[`kind${annotation.annotatorKind}`];
  const formats = useLocaleFormats();
  return (
    <li
      data-slot="annotation-item"
      data-annotator-kind={annotation.annotatorKind}
      data-own={isOwn ? '' : undefined}
      // Not yet stored: a dashed frame (faded text would fail contrast).
      data-pending={pending ? '' : undefined}
      className="ak:flex ak:flex-col ak:gap-0.5 ak:rounded-ak ak:border ak:border-transparent ak:bg-ak-surface ak:px-2 ak:py-1.5 ak:data-[pending]:border-dashed ak:data-[pending]:border-ak-muted"
    >
      <div className="ak:flex ak:flex-wrap ak:items-baseline ak:gap-2">
        <span
          data-slot="annotation-kind"
          data-annotator-kind={annotation.annotatorKind}
          className="ak:rounded-ak ak:border ak:border-current ak:px-1 ak:text-xs ak:font-medium ak:data-[annotator-kind=HUMAN]:text-ak-human ak:data-[annotator-kind=LLM]:text-ak-llm ak:data-[annotator-kind=CODE]:text-ak-code"
        >
          {m[`kind${annotation.annotatorKind}`]}
        </span>
        {annotation.label !== null && (
          <span data-slot="annotation-label" className="ak:font-medium">
            {clip(annotation.label)}
          </span>
        )}
        {annotation.score !== null && (
          <span data-slot="annotation-score" className="ak:font-ak-mono ak:text-xs">
            {formats.number(annotation.score)}
          </span>
        )}
        <span data-slot="annotation-author" className="ak:text-xs ak:text-ak-muted">
          {clip(author)}
        </span>
        <time data-slot="annotation-time" dateTime={annotation.updatedAt} className="ak:text-xs ak:text-ak-muted">
          {formatTime(annotation.updatedAt, formats)}
        </time>
      </div>
      {annotation.explanation && <ExpandableText text={annotation.explanation} messages={m} />}
    </li>
  );
}

const COLLAPSE_AFTER = 160;

function ExpandableText({ text, messages: m }: { text: string; messages: Messages }) {
  const [expanded, setExpanded] = useState(false);
  const id = useId();
  const long = text.length > COLLAPSE_AFTER;
  const shown = long && !expanded ? `${text.slice(0, COLLAPSE_AFTER).trimEnd()}…` : null;
  return (
    <div data-slot="annotation-explanation" data-state={long ? (expanded ? 'expanded' : 'collapsed') : undefined}>
      {/* Untrusted text: rendered as a text node, never as HTML. */}
      <p id={id} className="ak:m-0 ak:whitespace-pre-wrap ak:break-words ak:text-ak-muted">
        {/* Expanded, a 10 MB explanation still shows 10,000 characters at first. */}
        {shown ?? <TruncatedText pre={false} limit={10_000} value={text} />}
      </p>
      {long && (
        <button
          type="button"
          aria-expanded={expanded}
          aria-controls={id}
          data-slot="annotation-explanation-toggle"
          className="ak:cursor-pointer ak:border-0 ak:bg-transparent ak:p-0 ak:text-xs ak:text-ak-accent ak:underline ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus"
          onClick={() => setExpanded((value) => !value)}
        >
          {expanded ? m.showLess : m.showMore}
        </button>
      )}
    </div>
  );
}
