'use client';
import { forwardRef, useEffect, useId, useMemo, type HTMLAttributes } from 'react';
import type { AnnotationTarget, Span } from '../../core/model';
import { getInput, getOutput } from '../../core/spans/readers';
import { summarizeByNameAndKind } from '../../core/summary';
import { targetKey } from '../../core/targets';
import { useAnnotations } from '../../hooks/useAnnotations';
import { useSpans } from '../../hooks/useSpans';
import { AnnotationPanel } from '../annotation-panel/AnnotationPanel';
import { FeedbackButtons } from '../feedback/FeedbackButtons';
import { cn } from '../primitives/cn';
import { formatSummary } from '../span-table/SpanTable';

/** Default UI text of the session view; override any key through the `messages` prop. */
export const sessionViewMessages = {
  heading: 'Session {sessionId}',
  user: 'User',
  assistant: 'Assistant',
  noInput: '(no input recorded)',
  noOutput: '(no output recorded)',
  loading: 'Loading the session…',
  empty: 'This session has no traces.',
  unsupported: 'Not available: this backend cannot list spans.',
  sessionAnnotations: 'Annotations on the session',
  turnAnnotations: 'Annotations on this turn',
  openTrace: 'Open trace',
};

/** Text of the session view. */
export type SessionViewMessages = typeof sessionViewMessages;

export interface SessionViewProps extends Omit<HTMLAttributes<HTMLElement>, 'children'> {
  /** The session to show. */
  sessionId: string;
  /** Annotation name of the per-turn feedback buttons. Default `user_feedback`. */
  feedbackName?: string;
  /** Annotation names the session panel shows. Default: every config. */
  names?: readonly string[];
  /** Show the annotation panel on the session itself. Default true. */
  showSessionPanel?: boolean;
  /** Called when a turn is opened (e.g. to show its trace in a `TraceViewer`). */
  onTurnSelect?: (span: Span) => void;
  /** Override any UI text. */
  messages?: Partial<SessionViewMessages>;
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}

const bubble = 'ak:m-0 ak:max-w-[80%] ak:whitespace-pre-wrap ak:break-words ak:rounded-ak ak:border ak:border-ak-border ak:px-3 ak:py-2';

/**
 * A session's traces as the conversation they were: each trace's root input as the user turn and
 * its output as the assistant turn (text only, never HTML), each turn with feedback buttons and its
 * annotation summary, and an `AnnotationPanel` on the session itself.
 */
export const SessionView = forwardRef<HTMLElement, SessionViewProps>(function SessionView(props, ref) {
  const { sessionId, feedbackName, names, showSessionPanel = true, onTurnSelect, messages, className, ...rest } = props;
  const t = useMemo(() => ({ ...sessionViewMessages, ...messages }), [messages]);
  const roots = useSpans({ sessionId, rootsOnly: true });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = roots;
  // A session is a handful of turns: load them all so the conversation reads whole.
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const turns = useMemo(
    () => [...roots.spans].sort((a, b) => (a.startTime ?? 0) - (b.startTime ?? 0) || a.traceId.localeCompare(b.traceId)),
    [roots.spans],
  );
  const targets = useMemo<AnnotationTarget[]>(() => turns.map((span) => ({ kind: 'trace', traceId: span.traceId })), [turns]);
  const annotations = useAnnotations({ targets });
  const headingId = useId();

  return (
    <section
      ref={ref}
      aria-labelledby={headingId}
      data-slot="session-view"
      className={cn('ak:flex ak:flex-col ak:gap-3 ak:text-sm ak:text-ak-fg', className)}
      {...rest}
    >
      <h2 id={headingId} className="ak:m-0 ak:text-base ak:font-semibold">
        {fill(t.heading, { sessionId })}
      </h2>
      {!roots.isSupported ? (
        <p role="note">{t.unsupported}</p>
      ) : roots.isLoading ? (
        <p role="status">{t.loading}</p>
      ) : turns.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <ol data-slot="session-view-turns" className="ak:m-0 ak:flex ak:list-none ak:flex-col ak:gap-4 ak:p-0">
          {turns.map((span, index) => {
            const input = getInput(span)?.text;
            const output = getOutput(span)?.text;
            const summary = summarizeByNameAndKind(annotations.byTarget.get(targetKey({ kind: 'trace', traceId: span.traceId })) ?? []);
            return (
              <li key={span.traceId} data-slot="session-view-turn" data-trace-id={span.traceId} aria-label={`Turn ${index + 1}`} className="ak:flex ak:flex-col ak:gap-1.5">
                <div data-role="user" className="ak:flex ak:flex-col ak:items-end">
                  <span className="ak:text-xs ak:text-ak-muted">{t.user}</span>
                  <p className={cn(bubble, 'ak:bg-ak-surface')}>{input || t.noInput}</p>
                </div>
                <div data-role="assistant" className="ak:flex ak:flex-col ak:items-start ak:gap-1">
                  <span className="ak:text-xs ak:text-ak-muted">{t.assistant}</span>
                  <p className={cn(bubble, 'ak:bg-ak-bg')}>{output || t.noOutput}</p>
                  <div className="ak:flex ak:flex-wrap ak:items-center ak:gap-2">
                    <FeedbackButtons target={{ kind: 'trace', traceId: span.traceId }} size="sm" {...(feedbackName ? { name: feedbackName } : {})} />
                    {summary.length ? (
                      <ul aria-label={t.turnAnnotations} className="ak:m-0 ak:flex ak:list-none ak:flex-wrap ak:gap-1 ak:p-0 ak:text-xs">
                        {summary.map((group) => (
                          <li key={`${group.name}:${group.annotatorKind}`} className="ak:rounded-ak ak:border ak:border-ak-border ak:px-1.5">
                            {group.name}: {formatSummary(group)}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                    {onTurnSelect ? (
                      <button
                        type="button"
                        onClick={() => onTurnSelect(span)}
                        className="ak:cursor-pointer ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:text-xs ak:text-ak-fg ak:hover:bg-ak-surface-hover"
                      >
                        {t.openTrace}
                      </button>
                    ) : null}
                  </div>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {showSessionPanel ? (
        <AnnotationPanel target={{ kind: 'session', sessionId }} heading={t.sessionAnnotations} {...(names ? { names } : {})} />
      ) : null}
    </section>
  );
});
