'use client';
import { forwardRef, useId, type HTMLAttributes } from 'react';
import type { Span } from '../../core/model';
import { useSessionView } from '../../hooks/useSessionView';
import { formatMessage as fill } from '../../provider/messages';
import { useMessages } from '../../provider/useMessages';
import { AnnotationPanel } from '../annotation-panel/AnnotationPanel';
import { FeedbackButtons } from '../feedback/FeedbackButtons';
import { cn } from '../primitives/cn';
import { TruncatedText } from '../trace-viewer/TruncatedText';
import { summaryText } from '../span-table/SpanTable';
import { useLocaleFormats } from '../../hooks/useLocaleFormats';
import { sessionViewMessages, type SessionViewMessages } from './messages';

export { sessionViewMessages, type SessionViewMessages } from './messages';

export interface SessionViewProps extends Omit<HTMLAttributes<HTMLElement>, 'children' | 'defaultValue' | 'onChange'> {
  /** The session to show. */
  sessionId: string;
  /** The selected turn's trace id (controlled); null selects none. */
  value?: string | null;
  /** The turn selected first (uncontrolled). Default none. */
  defaultValue?: string | null;
  /** Called when a turn is selected with its "Open trace" button (with the turn's trace id). */
  onValueChange?: (traceId: string | null) => void;
  /** Annotation name of the per-turn feedback buttons. Default `user_feedback`. */
  feedbackName?: string;
  /** Annotation names the session panel shows. Default: every config. */
  names?: readonly string[];
  /** Show the annotation panel on the session itself. Default true. */
  showSessionPanel?: boolean;
  /** Called when a turn is opened (e.g. to show its trace in a `TraceViewer`). */
  onTurnSelect?: (span: Span) => void;
  /** Override any UI text, on top of the provider's `sessionView` messages. Default none. */
  messages?: Partial<SessionViewMessages>;
}

/** Characters of a turn shown before "Show more": a session of 5 MB answers stays a few kB of DOM. */
const TURN_LIMIT = 4_000;

const bubble = 'ak:m-0 ak:max-w-[80%] ak:whitespace-pre-wrap ak:break-words ak:rounded-ak ak:border ak:border-ak-border ak:px-3 ak:py-2';

/**
 * A session's traces as the conversation they were: each trace's root input as the user turn and
 * its output as the assistant turn (text only, never HTML), each turn with feedback buttons and its
 * annotation summary, and an `AnnotationPanel` on the session itself.
 */
export const SessionView = forwardRef<HTMLElement, SessionViewProps>(function SessionView(props, ref) {
  const { sessionId, value, defaultValue, onValueChange, feedbackName, names, showSessionPanel = true, onTurnSelect, messages, className, ...rest } =
    props;
  const t = useMessages('sessionView', sessionViewMessages, messages);
  const formats = useLocaleFormats();
  const session = useSessionView({
    sessionId,
    ...(value !== undefined ? { value } : {}),
    ...(defaultValue !== undefined ? { defaultValue } : {}),
    ...(onValueChange ? { onValueChange } : {}),
  });
  const { turns } = session;
  const selectable = !!(onTurnSelect || onValueChange);
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
      {!session.isSupported ? (
        <p role="note">{t.unsupported}</p>
      ) : session.error ? (
        <div className="ak:flex ak:flex-wrap ak:items-center ak:gap-2">
          <p role="alert" className="ak:m-0 ak:text-ak-negative">
            {fill(t.failed, { reason: session.error.message })}
          </p>
          <button
            type="button"
            onClick={session.retry}
            className="ak:cursor-pointer ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:text-xs ak:text-ak-fg ak:hover:bg-ak-surface-hover ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus"
          >
            {t.retry}
          </button>
        </div>
      ) : session.isLoading ? (
        <p role="status">{t.loading}</p>
      ) : turns.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <ol data-slot="session-view-turns" className="ak:m-0 ak:flex ak:list-none ak:flex-col ak:gap-4 ak:p-0">
          {turns.map((turn, index) => {
            const { span, input, output, summary } = turn;
            return (
              <li
                key={span.traceId}
                data-slot="session-view-turn"
                {...session.getTurnProps(turn)}
                aria-label={fill(t.turn, { index: index + 1 })}
                className="ak:flex ak:flex-col ak:gap-1.5 ak:rounded-ak ak:p-1 ak:data-[state=active]:bg-ak-surface-hover"
              >
                <div data-role="user" className="ak:flex ak:flex-col ak:items-end">
                  <span className="ak:text-xs ak:text-ak-muted">{t.user}</span>
                  <p className={cn(bubble, 'ak:bg-ak-surface')}>{input ? <TruncatedText pre={false} limit={TURN_LIMIT} value={input} /> : t.noInput}</p>
                </div>
                <div data-role="assistant" className="ak:flex ak:flex-col ak:items-start ak:gap-1">
                  <span className="ak:text-xs ak:text-ak-muted">{t.assistant}</span>
                  <p className={cn(bubble, 'ak:bg-ak-bg')}>{output ? <TruncatedText pre={false} limit={TURN_LIMIT} value={output} /> : t.noOutput}</p>
                  <div className="ak:flex ak:flex-wrap ak:items-center ak:gap-2">
                    <FeedbackButtons target={{ kind: 'trace', traceId: span.traceId }} size="sm" {...(feedbackName ? { name: feedbackName } : {})} />
                    {summary.length ? (
                      <ul aria-label={t.turnAnnotations} className="ak:m-0 ak:flex ak:list-none ak:flex-wrap ak:gap-1 ak:p-0 ak:text-xs">
                        {summary.map((group) => (
                          <li key={`${group.name}:${group.annotatorKind}`} className="ak:rounded-ak ak:border ak:border-ak-border ak:px-1.5">
                            {group.name}: {summaryText(group, formats)}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                    {selectable ? (
                      <button
                        type="button"
                        onClick={() => {
                          session.select(span.traceId);
                          onTurnSelect?.(span);
                        }}
                        className="ak:cursor-pointer ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:text-xs ak:text-ak-fg ak:hover:bg-ak-surface-hover ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus"
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
