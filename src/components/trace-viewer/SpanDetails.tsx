'use client';
import { memo, useDeferredValue, useId, useMemo, useState, type HTMLAttributes, type ReactNode } from 'react';
import type { Annotation, AttributeValue, Span } from '../../core/model';
import {
  flattenAttributes,
  getExceptions,
  getInput,
  getInputMessages,
  getModelName,
  getOutput,
  getOutputMessages,
  getRetrievedDocuments,
  getTokenCounts,
  getTool,
  type LlmMessage,
  type TraceViewerMark,
} from '../../core/spans';
import { formatMessage, useMessages } from '../../provider';
import { clip } from '../primitives/clip';
import { cn } from '../primitives/cn';
import { formatDuration, formatScore, formatTimestamp, spanDuration } from './format';
import { markMessage, SpanKindTag } from './TraceViewerTree';
import { traceViewerMessages, type TraceViewerMessages } from './messages';
import { TruncatedText } from './TruncatedText';
import { ContentView, CopyButton, JsonTree } from './values';

export interface SpanDetailsProps extends HTMLAttributes<HTMLDivElement> {
  /** The span to show. */
  span: Span;
  /** The span's annotations (shown in the annotations slot). */
  annotations?: readonly Annotation[];
  /** What the viewer found wrong with the span's place in the tree. */
  marks?: readonly TraceViewerMark[];
  /** What the tree builder found odd about the span, in words (more specific than `marks`). Default: derived from `marks`. */
  treeProblems?: readonly string[];
  /** Replaces the default annotations list: plug the annotation panel in here. */
  renderAnnotations?: (span: Span, annotations: readonly Annotation[]) => ReactNode;
  /** Actions in the header, e.g. `<FeedbackButtons target={spanTarget(span.spanId)} />`. */
  renderSpanActions?: (span: Span) => ReactNode;
}

function Section({
  title,
  count,
  defaultOpen = true,
  slot,
  children,
}: {
  title: string;
  count?: number;
  defaultOpen?: boolean;
  slot: string;
  children: ReactNode;
}) {
  return (
    <details open={defaultOpen} data-slot={`span-details-${slot}`} className="ak:group ak:border-b ak:border-ak-border ak:py-2">
      <summary className="ak:cursor-pointer ak:list-none ak:text-xs ak:font-semibold ak:uppercase ak:tracking-wide ak:text-ak-muted ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus">
        <span aria-hidden="true" className="ak:mr-1 ak:inline-block ak:group-open:rotate-90">
          ▸
        </span>
        {title}
        {count !== undefined ? <span className="ak:ml-1 ak:font-normal">({count})</span> : null}
      </summary>
      <div className="ak:mt-2 ak:flex ak:flex-col ak:gap-2">{children}</div>
    </details>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="ak:flex ak:gap-2 ak:text-xs">
      <dt className="ak:w-24 ak:shrink-0 ak:text-ak-muted">{label}</dt>
      <dd className="ak:m-0 ak:min-w-0 ak:break-words ak:text-ak-fg">{children}</dd>
    </div>
  );
}

function MessageList({ messages, t }: { messages: LlmMessage[]; t: TraceViewerMessages }) {
  return (
    <ol className="ak:m-0 ak:flex ak:list-none ak:flex-col ak:gap-2 ak:p-0">
      {messages.map((message) => (
        <li
          key={message.index}
          data-slot="span-message"
          data-role={message.role ? clip(message.role) : undefined}
          className="ak:rounded-ak ak:border ak:border-ak-border ak:p-2"
        >
          <div className="ak:mb-1 ak:flex ak:gap-2 ak:text-xs ak:font-semibold ak:text-ak-muted">
            <span>{message.role ? clip(message.role) : '?'}</span>
            {message.name ? <span className="ak:font-normal">{clip(message.name)}</span> : null}
            {message.toolCallId ? <span className="ak:font-normal ak:font-ak-mono">{clip(message.toolCallId)}</span> : null}
          </div>
          {message.content ? <ContentView value={String(message.content)} defaultView="markdown" /> : null}
          {message.contents
            .filter((part) => part.text && part.text !== message.content)
            .map((part, index) => (
              <ContentView key={index} value={String(part.text)} defaultView="markdown" />
            ))}
          {message.contents.some((part) => part.imageUrl) ? (
            <ul className="ak:m-0 ak:list-none ak:p-0 ak:text-xs ak:text-ak-muted">
              {message.contents
                .filter((part) => part.imageUrl)
                .map((part, index) => (
                  // Image URLs are shown, never loaded: a trace must not make the browser fetch.
                  <li key={index}>
                    image: <TruncatedText pre={false} limit={200} value={String(part.imageUrl)} />
                  </li>
                ))}
            </ul>
          ) : null}
          {message.toolCalls.length ? (
            <div data-slot="span-tool-calls" className="ak:mt-1 ak:flex ak:flex-col ak:gap-1">
              <div className="ak:text-xs ak:text-ak-muted">{t.toolCalls}</div>
              {message.toolCalls.map((call, index) => (
                <div key={index} className="ak:rounded-ak ak:bg-ak-surface ak:p-1.5">
                  <div className="ak:font-ak-mono ak:text-xs ak:font-semibold">
                    {call.name ? clip(call.name) : '?'}
                    {call.id ? <span className="ak:ml-2 ak:font-normal ak:text-ak-muted">{clip(call.id)}</span> : null}
                  </div>
                  {call.arguments !== undefined ? (
                    <ContentView value={call.arguments} />
                  ) : call.argumentsText !== undefined ? (
                    <ContentView value={String(call.argumentsText)} />
                  ) : null}
                </div>
              ))}
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

const ATTRIBUTE_PAGE = 200;

function displayValue(value: AttributeValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
}

/** Every attribute as a dotted key and its value: filterable, each copyable, all copyable as JSON. */
function AttributeList({ span, t }: { span: Span; t: TraceViewerMessages }) {
  const entries = useMemo(() => Object.entries(flattenAttributes(span.attributes ?? {})), [span]);
  const [filter, setFilter] = useState('');
  const deferred = useDeferredValue(filter.trim().toLowerCase());
  const [limit, setLimit] = useState(ATTRIBUTE_PAGE);
  const filtered = useMemo(
    () =>
      deferred
        ? entries.filter(([key, value]) => key.toLowerCase().includes(deferred) || displayValue(value).toLowerCase().includes(deferred))
        : entries,
    [entries, deferred],
  );
  const inputId = useId();
  return (
    <div data-slot="span-attributes" className="ak:flex ak:flex-col ak:gap-2">
      <div className="ak:flex ak:items-center ak:gap-2">
        <label htmlFor={inputId} className="ak:sr-only">
          {t.filterAttributes}
        </label>
        <input
          id={inputId}
          type="search"
          value={filter}
          placeholder={t.filterAttributes}
          onChange={(event) => setFilter(event.currentTarget.value)}
          className="ak:min-w-0 ak:flex-1 ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:py-1 ak:text-xs ak:text-ak-fg"
        />
        <CopyButton getText={() => JSON.stringify(span.attributes ?? {}, null, 2)} label={t.copyAllAttributes} />
      </div>
      <dl className="ak:m-0 ak:flex ak:flex-col ak:gap-1">
        {filtered.slice(0, limit).map(([key, value]) => (
          <div key={key} data-slot="span-attribute" className="ak:flex ak:items-start ak:gap-2 ak:text-xs">
            <dt className="ak:w-2/5 ak:shrink-0 ak:break-all ak:font-ak-mono ak:text-ak-muted">{clip(key)}</dt>
            <dd className="ak:m-0 ak:flex ak:min-w-0 ak:flex-1 ak:items-start ak:gap-2">
              <div className="ak:min-w-0 ak:flex-1">
                <TruncatedText value={displayValue(value)} limit={1_000} />
              </div>
              <CopyButton getText={() => displayValue(value)} label={`${t.copy} ${clip(key)}`} />
            </dd>
          </div>
        ))}
      </dl>
      {filtered.length > limit ? (
        <button
          type="button"
          onClick={() => setLimit((current) => current + ATTRIBUTE_PAGE * 5)}
          className="ak:self-start ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:py-0.5 ak:text-xs ak:text-ak-fg"
        >
          {formatMessage(t.showMoreItems, { count: Math.min(filtered.length - limit, ATTRIBUTE_PAGE * 5) })}
        </button>
      ) : null}
    </div>
  );
}

function DefaultAnnotations({ annotations, t }: { annotations: readonly Annotation[]; t: TraceViewerMessages }) {
  if (!annotations.length) return <p className="ak:m-0 ak:text-xs ak:text-ak-muted">{t.noAnnotations}</p>;
  return (
    <ul className="ak:m-0 ak:flex ak:list-none ak:flex-col ak:gap-1 ak:p-0">
      {annotations.map((annotation) => (
        <li
          key={annotation.id}
          data-slot="span-annotation"
          data-annotator-kind={annotation.annotatorKind}
          className="ak:rounded-ak ak:border ak:border-ak-border ak:p-1.5 ak:text-xs ak:data-[annotator-kind=HUMAN]:border-l-ak-human ak:data-[annotator-kind=LLM]:border-l-ak-llm ak:data-[annotator-kind=CODE]:border-l-ak-code ak:border-l-4"
        >
          <div className="ak:flex ak:flex-wrap ak:gap-2">
            <span className="ak:font-semibold">{clip(annotation.name)}</span>
            <span className="ak:text-ak-muted">{annotation.annotatorKind}</span>
            {annotation.label != null ? <span>{clip(annotation.label)}</span> : null}
            {annotation.score != null ? <span className="ak:font-ak-mono">{formatScore(annotation.score)}</span> : null}
            {annotation.userId ? <span className="ak:text-ak-muted">{clip(annotation.userId)}</span> : null}
          </div>
          {annotation.explanation ? <TruncatedText value={String(annotation.explanation)} limit={2_000} pre={false} /> : null}
        </li>
      ))}
    </ul>
  );
}

/** The details of one span, read from its OpenInference attributes; every value is rendered as inert text. */
export const SpanDetails = memo(function SpanDetails({
  span,
  annotations = [],
  marks,
  treeProblems,
  renderAnnotations,
  renderSpanActions,
  className,
  ...props
}: SpanDetailsProps) {
  const t = useMessages('traceViewer', traceViewerMessages);
  const input = getInput(span);
  const output = getOutput(span);
  const inputMessages = getInputMessages(span);
  const outputMessages = getOutputMessages(span);
  const documents = getRetrievedDocuments(span);
  const tool = getTool(span);
  const model = getModelName(span);
  const tokens = getTokenCounts(span);
  const exceptions = getExceptions(span);
  const otherEvents = (span.events ?? []).filter((event) => event.name !== 'exception');
  const duration = spanDuration(span.startTime, span.endTime);
  const headingId = useId();
  // The status line already says ERROR; the problems list is for what is malformed.
  const fromTree = treeProblems ?? (marks ?? []).filter((mark) => mark !== 'error').map((mark) => markMessage(mark, span, t));
  const problems = [...fromTree, ...(span.problems ?? []).map(String)];
  return (
    <div
      data-slot="span-details"
      data-kind={String(span.kind)}
      aria-labelledby={headingId}
      role="group"
      className={cn('ak:flex ak:min-w-0 ak:flex-col ak:gap-1 ak:p-3 ak:text-sm ak:text-ak-fg', className)}
      {...props}
    >
      <div className="ak:flex ak:items-start ak:gap-2">
        <SpanKindTag span={span} className="ak:mt-0.5" />
        <h3 id={headingId} className="ak:m-0 ak:min-w-0 ak:flex-1 ak:break-words ak:text-base ak:font-semibold">
          {span.name ? clip(span.name) : t.unknownName}
        </h3>
        {renderSpanActions ? <div data-slot="span-actions">{renderSpanActions(span)}</div> : null}
      </div>
      <dl className="ak:m-0 ak:flex ak:flex-col ak:gap-0.5">
        <Field label={t.status}>
          <span data-status={span.status?.code} className="ak:data-[status=ERROR]:text-ak-negative">
            {clip(span.status?.code ?? 'UNSET')}
            {span.status?.message ? (
              <>
                {' — '}
                <TruncatedText pre={false} value={String(span.status.message)} limit={1_000} />
              </>
            ) : null}
          </span>
        </Field>
        <Field label={t.duration}>{formatDuration(duration)}</Field>
        <Field label={t.started}>{formatTimestamp(span.startTime)}</Field>
        <Field label={t.spanId}>
          <span className="ak:font-ak-mono">{clip(span.spanId)}</span>
        </Field>
        {model ? <Field label={t.model}>{clip(model)}</Field> : null}
        {tokens ? (
          <Field label={t.tokens}>
            {[
              tokens.prompt !== undefined ? `${t.promptTokens} ${tokens.prompt}` : null,
              tokens.completion !== undefined ? `${t.completionTokens} ${tokens.completion}` : null,
              tokens.total !== undefined ? `${t.totalTokens} ${tokens.total}` : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Field>
        ) : null}
      </dl>
      {problems.length ? (
        <div role="note" data-slot="span-problems" className="ak:rounded-ak ak:border ak:border-ak-warning ak:p-2 ak:text-xs">
          <div className="ak:font-semibold ak:text-ak-warning">{t.problems}</div>
          <ul className="ak:m-0 ak:pl-4">
            {problems.map((problem, index) => (
              <li key={index}>{clip(problem, 1_000)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Section title={t.annotations} count={annotations.length} slot="annotations">
        {renderAnnotations ? renderAnnotations(span, annotations) : <DefaultAnnotations annotations={annotations} t={t} />}
      </Section>
      {input ? (
        <Section title={t.input} slot="input">
          <ContentView value={input.isJson ? input.value : input.text} mimeType={input.mimeType ?? null} />
        </Section>
      ) : null}
      {output ? (
        <Section title={t.output} slot="output">
          <ContentView value={output.isJson ? output.value : output.text} mimeType={output.mimeType ?? null} />
        </Section>
      ) : null}
      {inputMessages.length || outputMessages.length ? (
        <Section title={t.messages} count={inputMessages.length + outputMessages.length} slot="messages">
          {inputMessages.length ? (
            <>
              <div className="ak:text-xs ak:text-ak-muted">{t.inputMessages}</div>
              <MessageList messages={inputMessages} t={t} />
            </>
          ) : null}
          {outputMessages.length ? (
            <>
              <div className="ak:text-xs ak:text-ak-muted">{t.outputMessages}</div>
              <MessageList messages={outputMessages} t={t} />
            </>
          ) : null}
        </Section>
      ) : null}
      {documents.length ? (
        <Section title={t.documents} count={documents.length} slot="documents">
          <ol className="ak:m-0 ak:flex ak:list-none ak:flex-col ak:gap-2 ak:p-0">
            {documents.map((document) => (
              <li key={document.position} data-slot="span-document" className="ak:rounded-ak ak:border ak:border-ak-border ak:p-2">
                <div className="ak:mb-1 ak:flex ak:gap-2 ak:text-xs ak:text-ak-muted">
                  <span>#{document.position}</span>
                  {document.id !== undefined ? <span className="ak:font-ak-mono">{clip(document.id)}</span> : null}
                  {typeof document.score === 'number' ? (
                    <span>{formatMessage(t.documentScore, { score: formatScore(document.score) })}</span>
                  ) : null}
                </div>
                {document.content !== undefined ? <ContentView value={String(document.content)} /> : null}
                {document.metadata !== undefined ? <JsonTree value={document.metadata} defaultExpandDepth={0} /> : null}
              </li>
            ))}
          </ol>
        </Section>
      ) : null}
      {tool ? (
        <Section title={t.tool} slot="tool">
          <dl className="ak:m-0 ak:flex ak:flex-col ak:gap-0.5">
            {tool.name ? <Field label={t.tool}>{clip(tool.name)}</Field> : null}
            {tool.description ? (
              <Field label="">
                <TruncatedText pre={false} value={String(tool.description)} limit={2_000} />
              </Field>
            ) : null}
          </dl>
          {tool.parameters !== undefined ? (
            <>
              <div className="ak:text-xs ak:text-ak-muted">{t.toolParameters}</div>
              <ContentView value={tool.parameters} />
            </>
          ) : null}
        </Section>
      ) : null}
      {exceptions.length ? (
        <Section title={t.exceptions} count={exceptions.length} slot="exceptions">
          {exceptions.map((exception, index) => (
            <div key={index} data-slot="span-exception" className="ak:rounded-ak ak:border ak:border-ak-negative ak:p-2 ak:text-xs">
              <div className="ak:font-semibold ak:text-ak-negative">
                {exception.type ? clip(exception.type) : 'Exception'}
                {exception.message ? `: ${String(exception.message).slice(0, 500)}` : ''}
              </div>
              {exception.message && String(exception.message).length > 500 ? <TruncatedText value={String(exception.message)} /> : null}
              {exception.stacktrace ? <TruncatedText value={String(exception.stacktrace)} limit={4_000} /> : null}
            </div>
          ))}
        </Section>
      ) : null}
      {otherEvents.length ? (
        <Section title={t.events} count={otherEvents.length} slot="events" defaultOpen={otherEvents.length <= 20}>
          <ol className="ak:m-0 ak:flex ak:list-none ak:flex-col ak:gap-1 ak:p-0">
            {otherEvents.slice(0, 500).map((event, index) => (
              <li key={index} data-slot="span-event" className="ak:text-xs">
                <span className="ak:font-semibold">{clip(event.name)}</span>
                <span className="ak:ml-2 ak:text-ak-muted">{formatTimestamp(event.time)}</span>
                {event.attributes && Object.keys(event.attributes).length ? (
                  <JsonTree value={event.attributes} defaultExpandDepth={1} />
                ) : null}
              </li>
            ))}
          </ol>
        </Section>
      ) : null}
      <Section title={t.attributes} slot="attributes">
        <AttributeList span={span} t={t} />
      </Section>
    </div>
  );
});
