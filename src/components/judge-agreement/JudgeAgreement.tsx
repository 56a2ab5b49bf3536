'use client';
import { forwardRef, useId, type HTMLAttributes, type ReactNode } from 'react';
import type { AgreementPair, AgreementResult, HumanAggregation, Statistic } from '../../core/insights';
import type { AnnotationTarget } from '../../core/model';
import { useJudgeAgreement, type UseJudgeAgreementOptions } from '../../hooks/useJudgeAgreement';
import { formatMessage } from '../../provider/messages';
import { useMessages } from '../../provider/useMessages';
import { cn } from '../primitives/cn';
import { TruncatedText } from '../trace-viewer/TruncatedText';

import { downloadFile, fileSlug, type ExportFile } from '../datasets/download';
import { useControllableState } from '../../hooks/useControllableState';
import { formatNumber, formatPercent, formatStatistic } from './format';

export const judgeAgreementMessages = {
  title: 'Judge agreement: {name}',
  humans: 'Human ground truth',
  humansMajority: 'Majority of reviewers',
  humansLatest: 'Latest review',
  humansEach: 'Each review separately',
  exportCalibration: 'Export calibration set (JSONL)',
  metrics: 'Agreement metrics',
  pairs: 'Pairs',
  rawAgreement: 'Raw agreement',
  kappa: "Cohen's kappa",
  pearson: 'Pearson r',
  spearman: 'Spearman ρ',
  mae: 'Mean absolute error',
  notAvailable: 'n/a',
  confusionCaption: 'Confusion matrix: rows are the human label, columns the judge label',
  humanAxis: 'Human ↓ / Judge →',
  perLabelCaption: 'Per label, the human label as ground truth',
  label: 'Label',
  precision: 'Precision',
  recall: 'Recall',
  support: 'Human count',
  disagreements: 'Disagreements ({count})',
  noDisagreements: 'The judge agrees with the humans on every pair.',
  noPairs: 'No target has both a human and a judge "{name}" annotation yet.',
  unpaired: '{human} target(s) have only human annotations, {judge} only the judge’s.',
  human: 'Human',
  judge: 'Judge',
  judgeExplanation: 'Judge’s explanation',
  openSpan: 'Open span {id}',
  loading: 'Loading annotations…',
  error: 'Could not compute the agreement: {message}',
};

declare module '../../provider/messages' {
  interface AnnokitMessages {
    judgeAgreement: typeof judgeAgreementMessages;
  }
}

type Messages = typeof judgeAgreementMessages;

export interface JudgeAgreementProps
  extends Omit<HTMLAttributes<HTMLElement>, 'children'>,
    Pick<UseJudgeAgreementOptions, 'name' | 'targets' | 'judgeIdentifier' | 'scoreTolerance' | 'getExample'> {
  /** How several human annotations on one target are combined (controlled). */
  humans?: HumanAggregation;
  /** The initial combination when uncontrolled. Default `majority`. */
  defaultHumans?: HumanAggregation;
  /** Called when the reviewer picks another combination. */
  onHumansChange?: (humans: HumanAggregation) => void;
  /** Called when a disagreement's span is chosen (shown as a button when there is no `getSpanHref`). */
  onSelectSpan?: (spanId: string, target: AnnotationTarget) => void;
  /** A URL for a disagreement's span (shown as a link); takes precedence over `onSelectSpan`. Default none. */
  getSpanHref?: (target: AnnotationTarget) => string | undefined;
  /** Receives the calibration export instead of the browser download. Default: download the file. */
  onExport?: (file: ExportFile) => void;
}

const statisticRow = (label: string, statistic: Statistic, m: Messages, percent = false) => ({
  label,
  value:
    statistic.value === null ? m.notAvailable : percent ? formatPercent(statistic.value) : formatStatistic(statistic),
  reason: statistic.reason,
});

function describeTarget(target: AnnotationTarget): string {
  switch (target.kind) {
    case 'span':
      return `span ${target.spanId}`;
    case 'document':
      return `span ${target.spanId}, document ${target.position}`;
    case 'trace':
      return `trace ${target.traceId}`;
    case 'session':
      return `session ${target.sessionId}`;
  }
}

function valueText(label: string | null, score: number | null): string {
  const parts = [label, score === null ? null : formatNumber(score)].filter((part) => part !== null);
  return parts.length ? parts.join(' · ') : '—';
}

/**
 * How well an LLM judge agrees with human reviewers on one annotation name: the metrics, the
 * confusion matrix, precision and recall per label, and each disagreement linked to its span.
 */
export const JudgeAgreement = forwardRef<HTMLElement, JudgeAgreementProps>(function JudgeAgreement(
  {
    name,
    targets,
    humans: humansProp,
    defaultHumans = 'majority',
    onHumansChange,
    judgeIdentifier,
    scoreTolerance,
    getExample,
    onSelectSpan,
    getSpanHref,
    onExport,
    className,
    ...props
  },
  ref,
) {
  const m = useMessages('judgeAgreement', judgeAgreementMessages);
  const [humans, setHumans] = useControllableState(humansProp, defaultHumans, onHumansChange, 'JudgeAgreement');
  const { agreement, isLoading, error, exportCalibrationSet } = useJudgeAgreement({
    name,
    targets,
    humans,
    ...(judgeIdentifier !== undefined ? { judgeIdentifier } : {}),
    ...(scoreTolerance !== undefined ? { scoreTolerance } : {}),
    ...(getExample ? { getExample } : {}),
  });
  const headingId = useId();
  const selectId = useId();
  const state = isLoading ? 'loading' : error ? 'error' : !agreement || agreement.pairCount === 0 ? 'empty' : 'ready';

  const exportSet = () => {
    const file = { fileName: `calibration-${fileSlug(name)}.jsonl`, mimeType: 'application/x-ndjson', content: exportCalibrationSet() };
    if (onExport) onExport(file);
    else downloadFile(file);
  };

  return (
    <section
      ref={ref}
      data-slot="judge-agreement"
      data-state={state}
      // a host's aria-label wins, so two instances for the same name stay distinguishable landmarks
      aria-labelledby={props['aria-label'] ? undefined : headingId}
      aria-busy={isLoading || undefined}
      className={cn('ak:flex ak:flex-col ak:gap-4 ak:rounded-ak-lg ak:border ak:border-ak-border ak:bg-ak-bg ak:p-4 ak:text-sm ak:text-ak-fg ak:font-ak', className)}
      {...props}
    >
      <header data-slot="judge-agreement-header" className="ak:flex ak:flex-wrap ak:items-center ak:justify-between ak:gap-3">
        <h2 id={headingId} className="ak:m-0 ak:text-base ak:font-semibold">
          {formatMessage(m.title, { name })}
        </h2>
        <div className="ak:flex ak:flex-wrap ak:items-center ak:gap-2">
          <label htmlFor={selectId} className="ak:text-ak-muted">
            {m.humans}
          </label>
          <select
            id={selectId}
            data-slot="judge-agreement-humans"
            value={humans}
            onChange={(event) => setHumans(event.target.value as HumanAggregation)}
            className="ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:py-1 ak:text-ak-fg ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus"
          >
            <option value="majority">{m.humansMajority}</option>
            <option value="latest">{m.humansLatest}</option>
            <option value="each">{m.humansEach}</option>
          </select>
          <button
            type="button"
            data-slot="judge-agreement-export"
            disabled={state !== 'ready'}
            onClick={exportSet}
            className="ak:cursor-pointer ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-surface ak:px-3 ak:py-1 ak:text-ak-fg ak:hover:bg-ak-surface-hover ak:disabled:cursor-not-allowed ak:disabled:opacity-50 ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus"
          >
            {m.exportCalibration}
          </button>
        </div>
      </header>
      {state === 'loading' ? (
        <p role="status" className="ak:m-0 ak:text-ak-muted">
          {m.loading}
        </p>
      ) : state === 'error' ? (
        <p role="alert" data-slot="judge-agreement-error" className="ak:m-0 ak:text-ak-negative">
          {formatMessage(m.error, { message: error?.message ?? '' })}
        </p>
      ) : (
        <AgreementBody agreement={agreement!} name={name} m={m} onSelectSpan={onSelectSpan} getSpanHref={getSpanHref} />
      )}
    </section>
  );
});

interface BodyProps {
  agreement: AgreementResult;
  name: string;
  m: Messages;
  onSelectSpan: JudgeAgreementProps['onSelectSpan'];
  getSpanHref: JudgeAgreementProps['getSpanHref'];
}

function AgreementBody({ agreement, name, m, onSelectSpan, getSpanHref }: BodyProps) {
  const { labels, scores } = agreement;
  const metrics = [
    { label: m.pairs, value: String(agreement.pairCount), reason: null },
    ...(labels.pairCount > 0
      ? [statisticRow(m.rawAgreement, labels.rawAgreement, m, true), statisticRow(m.kappa, labels.kappa, m)]
      : []),
    ...(scores.pairCount > 0
      ? [
          statisticRow(m.pearson, scores.pearson, m),
          statisticRow(m.spearman, scores.spearman, m),
          statisticRow(m.mae, scores.meanAbsoluteError, m),
        ]
      : []),
  ];
  const unpaired = agreement.humanOnly.length + agreement.judgeOnly.length > 0;
  return (
    <>
      <dl data-slot="judge-agreement-metrics" aria-label={m.metrics} className="ak:m-0 ak:grid ak:grid-cols-[repeat(auto-fill,minmax(10rem,1fr))] ak:gap-2">
        {metrics.map((metric) => (
          <div key={metric.label} data-slot="judge-agreement-metric" data-undefined={metric.reason ? '' : undefined} className="ak:rounded-ak ak:bg-ak-surface ak:p-2">
            <dt className="ak:text-xs ak:text-ak-muted">{metric.label}</dt>
            <dd className="ak:m-0 ak:text-lg ak:font-semibold ak:tabular-nums">{metric.value}</dd>
            {metric.reason ? <dd className="ak:m-0 ak:text-xs ak:text-ak-muted">{metric.reason}</dd> : null}
          </div>
        ))}
      </dl>
      {agreement.pairCount === 0 ? (
        <p data-slot="judge-agreement-empty" className="ak:m-0 ak:text-ak-muted">
          {formatMessage(m.noPairs, { name })}
        </p>
      ) : null}
      {unpaired ? (
        <p className="ak:m-0 ak:text-xs ak:text-ak-muted">
          {formatMessage(m.unpaired, { human: agreement.humanOnly.length, judge: agreement.judgeOnly.length })}
        </p>
      ) : null}
      {labels.pairCount > 0 ? <ConfusionMatrix agreement={agreement} m={m} /> : null}
      {labels.pairCount > 0 ? <PerLabel agreement={agreement} m={m} /> : null}
      {agreement.pairCount > 0 ? (
        <Disagreements pairs={agreement.disagreements} m={m} onSelectSpan={onSelectSpan} getSpanHref={getSpanHref} />
      ) : null}
    </>
  );
}

const cellClass = 'ak:border ak:border-ak-border ak:px-2 ak:py-1 ak:text-right ak:tabular-nums';
const headClass = 'ak:border ak:border-ak-border ak:bg-ak-surface ak:px-2 ak:py-1 ak:text-left ak:font-medium';

function ConfusionMatrix({ agreement, m }: { agreement: AgreementResult; m: Messages }) {
  const { labels, confusion } = agreement.labels;
  return (
    <table data-slot="judge-agreement-confusion" className="ak:border-collapse ak:self-start">
      <caption className="ak:pb-1 ak:text-left ak:text-xs ak:text-ak-muted">{m.confusionCaption}</caption>
      <thead>
        <tr>
          <td className={headClass}>{m.humanAxis}</td>
          {labels.map((label) => (
            <th key={label} scope="col" className={headClass}>
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {labels.map((label, i) => (
          <tr key={label}>
            <th scope="row" className={headClass}>
              {label}
            </th>
            {confusion[i]!.map((count, j) => (
              <td
                key={labels[j]}
                data-slot="judge-agreement-cell"
                data-diagonal={i === j ? '' : undefined}
                className={cn(cellClass, 'ak:data-[diagonal]:font-semibold ak:data-[diagonal]:text-ak-positive')}
              >
                {count}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PerLabel({ agreement, m }: { agreement: AgreementResult; m: Messages }) {
  const show = (statistic: Statistic) => (
    <span title={statistic.reason ?? undefined}>{statistic.value === null ? m.notAvailable : formatStatistic(statistic)}</span>
  );
  return (
    <table data-slot="judge-agreement-per-label" className="ak:border-collapse ak:self-start">
      <caption className="ak:pb-1 ak:text-left ak:text-xs ak:text-ak-muted">{m.perLabelCaption}</caption>
      <thead>
        <tr>
          <th scope="col" className={headClass}>{m.label}</th>
          <th scope="col" className={headClass}>{m.precision}</th>
          <th scope="col" className={headClass}>{m.recall}</th>
          <th scope="col" className={headClass}>{m.support}</th>
        </tr>
      </thead>
      <tbody>
        {agreement.labels.perLabel.map((row) => (
          <tr key={row.label}>
            <th scope="row" className={headClass}>{row.label}</th>
            <td className={cellClass}>{show(row.precision)}</td>
            <td className={cellClass}>{show(row.recall)}</td>
            <td className={cellClass}>{row.support}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Disagreements({
  pairs,
  m,
  onSelectSpan,
  getSpanHref,
}: {
  pairs: AgreementPair[];
  m: Messages;
  onSelectSpan: JudgeAgreementProps['onSelectSpan'];
  getSpanHref: JudgeAgreementProps['getSpanHref'];
}) {
  const headingId = useId();
  return (
    <div role="group" data-slot="judge-agreement-disagreements" aria-labelledby={headingId} className="ak:flex ak:flex-col ak:gap-2">
      <h3 id={headingId} className="ak:m-0 ak:text-sm ak:font-semibold">
        {formatMessage(m.disagreements, { count: pairs.length })}
      </h3>
      {pairs.length === 0 ? (
        <p className="ak:m-0 ak:text-ak-muted">{m.noDisagreements}</p>
      ) : (
        <ul className="ak:m-0 ak:flex ak:list-none ak:flex-col ak:gap-2 ak:p-0">
          {pairs.map((pair, index) => (
            <li
              key={`${pair.judge.id}:${index}`}
              data-slot="judge-agreement-disagreement"
              className="ak:rounded-ak ak:border ak:border-ak-border ak:p-2"
            >
              <div className="ak:flex ak:flex-wrap ak:items-baseline ak:gap-x-4 ak:gap-y-1">
                <TargetLink target={pair.target} m={m} onSelectSpan={onSelectSpan} getSpanHref={getSpanHref} />
                <span>
                  <span className="ak:text-ak-human">{m.human}: </span>
                  <span data-slot="judge-agreement-human-value">{valueText(pair.human.label, pair.human.score)}</span>
                </span>
                <span>
                  <span className="ak:text-ak-llm">{m.judge}: </span>
                  <span data-slot="judge-agreement-judge-value">{valueText(pair.judge.label, pair.judge.score)}</span>
                </span>
              </div>
              {pair.judge.explanation ? (
                <p className="ak:m-0 ak:mt-1 ak:whitespace-pre-wrap ak:text-ak-muted">
                  <span className="ak:sr-only">{m.judgeExplanation}: </span>
                  <TruncatedText pre={false} limit={2_000} value={pair.judge.explanation} />
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function TargetLink({
  target,
  m,
  onSelectSpan,
  getSpanHref,
}: {
  target: AnnotationTarget;
  m: Messages;
  onSelectSpan: JudgeAgreementProps['onSelectSpan'];
  getSpanHref: JudgeAgreementProps['getSpanHref'];
}): ReactNode {
  const text = describeTarget(target);
  const spanId = target.kind === 'span' || target.kind === 'document' ? target.spanId : null;
  const href = getSpanHref?.(target);
  const linkClass = 'ak:font-ak-mono ak:text-ak-accent ak:underline ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus';
  if (href) {
    return (
      <a href={href} data-slot="judge-agreement-span-link" className={linkClass}>
        {text}
      </a>
    );
  }
  if (onSelectSpan && spanId !== null) {
    return (
      <button
        type="button"
        data-slot="judge-agreement-span-link"
        aria-label={formatMessage(m.openSpan, { id: spanId })}
        onClick={() => onSelectSpan(spanId, target)}
        className={cn(linkClass, 'ak:cursor-pointer ak:border-0 ak:bg-transparent ak:p-0 ak:text-left')}
      >
        {text}
      </button>
    );
  }
  return <span className="ak:font-ak-mono">{text}</span>;
}
