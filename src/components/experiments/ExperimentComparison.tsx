'use client';
import { forwardRef, useId, useMemo, type HTMLAttributes } from 'react';
import {
  EXAMPLE_STATUSES,
  type BaselineSelection,
  type ComparedValue,
  type ExampleComparison,
  type ExampleStatus,
  type NameComparison,
} from '../../core/insights';
import { useExperimentComparison } from '../../hooks/useExperimentComparison';
import { commonMessages, formatMessage } from '../../provider/messages';
import { useMessages } from '../../provider/useMessages';
import { cn } from '../primitives/cn';
import { useControllableState } from '../../hooks/useControllableState';
import { formatNumber } from '../judge-agreement/format';

export const experimentComparisonMessages = {
  title: 'Experiment comparison',
  experiment: 'Experiment',
  chooseExperiment: 'Choose an experiment',
  filter: 'Filter examples by result',
  all: 'All',
  improved: 'Improved',
  regressed: 'Regressed',
  mixed: 'Mixed',
  unchanged: 'Unchanged',
  changed: 'Changed',
  no_baseline: 'No baseline',
  no_evaluation: 'Not evaluated',
  byNameCaption: 'Per evaluation: baseline annotations against this experiment',
  name: 'Evaluation',
  direction: 'Direction',
  MAXIMIZE: 'higher is better',
  MINIMIZE: 'lower is better',
  NONE: 'no direction',
  meanBaseline: 'Baseline mean',
  meanCurrent: 'Experiment mean',
  meanDelta: 'Mean change',
  examplesCaption: '{shown} of {total} examples',
  example: 'Example',
  input: 'Input',
  overall: 'Result',
  openSpan: 'span {id}',
  noExperiment: 'Choose an experiment to compare with the dataset’s annotations.',
  noRows: 'No example has this result.',
  unmatchedRuns: '{count} run(s) belong to examples that are not in this dataset.',
  loading: 'Loading the dataset and the experiment…',
  error: 'Could not compare: {message}',
};

declare module '../../provider/messages' {
  interface AnnokitMessages {
    experimentComparison: typeof experimentComparisonMessages;
  }
}

type Messages = typeof experimentComparisonMessages;

/** Which examples the table shows: one status, or `all`. */
export type ExperimentComparisonFilter = ExampleStatus | 'all';

export interface ExperimentComparisonProps extends Omit<HTMLAttributes<HTMLElement>, 'children'> {
  /** The dataset whose examples carry the baseline annotations. */
  datasetId: string;
  /** The experiment compared (controlled). */
  experimentId?: string | null;
  /** The experiment compared at first when uncontrolled. Default: none (the reviewer picks one). */
  defaultExperimentId?: string | null;
  /** Called when the reviewer picks another experiment. */
  onExperimentIdChange?: (experimentId: string | null) => void;
  /** The status filter (controlled). */
  status?: ExperimentComparisonFilter;
  /** The status filter at first when uncontrolled. Default `all`. */
  defaultStatus?: ExperimentComparisonFilter;
  /** Called when the reviewer changes the filter. */
  onStatusChange?: (status: ExperimentComparisonFilter) => void;
  /** Evaluation names to compare. Default: every name the runs and examples share. */
  names?: readonly string[];
  /** Which preserved annotations are the baseline. Default `prefer-human`. */
  baseline?: BaselineSelection;
  /** Score differences up to this count as unchanged. Default `1e-9`. */
  tolerance?: number;
  /** A URL for an example's source span (shown as a link). Default none. */
  getSpanHref?: (spanId: string) => string | undefined;
}

const STATUS_TONE: Record<ExampleStatus, string> = {
  improved: 'positive',
  regressed: 'negative',
  mixed: 'warning',
  unchanged: 'neutral',
  changed: 'neutral',
  no_baseline: 'muted',
  no_evaluation: 'muted',
};

const badgeClass =
  'ak:inline-block ak:rounded-ak ak:px-1.5 ak:text-xs ak:font-medium ak:border ak:border-ak-border ' +
  'ak:data-[tone=positive]:text-ak-positive ak:data-[tone=negative]:text-ak-negative ak:data-[tone=warning]:text-ak-warning ak:data-[tone=muted]:text-ak-muted';

function StatusBadge({ status, m }: { status: ExampleStatus; m: Messages }) {
  return (
    <span data-slot="experiment-comparison-status" data-status={status} data-tone={STATUS_TONE[status]} className={badgeClass}>
      {m[status]}
    </span>
  );
}

function valueText(value: ComparedValue): string {
  if (value.count === 0) return '—';
  if (value.score !== null) return value.label !== null ? `${value.label} (${formatNumber(value.score)})` : formatNumber(value.score);
  return value.label ?? '—';
}

function preview(value: unknown, max = 120): string {
  // `{ input: "question" }` (a span's plain input) reads better as the question itself
  const values = value && typeof value === 'object' && !Array.isArray(value) ? Object.values(value) : [];
  if (values.length === 1 && typeof values[0] === 'string') value = values[0];
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const buttonClass =
  'ak:cursor-pointer ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:py-1 ak:text-ak-fg ak:hover:bg-ak-surface-hover ' +
  'ak:data-[state=on]:bg-ak-accent ak:data-[state=on]:text-ak-accent-fg ak:data-[state=on]:border-ak-accent ' +
  'ak:disabled:cursor-not-allowed ak:disabled:opacity-50 ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus';
const headClass = 'ak:border-b ak:border-ak-border ak:px-2 ak:py-1 ak:text-left ak:font-medium ak:text-ak-muted';
const cellClass = 'ak:border-b ak:border-ak-border ak:px-2 ak:py-1 ak:align-top';

/**
 * A run of an experiment against the annotations preserved in its dataset: a summary per status
 * (which doubles as the filter), means per evaluation, and a table of examples.
 */
export const ExperimentComparison = forwardRef<HTMLElement, ExperimentComparisonProps>(function ExperimentComparison(
  {
    datasetId,
    experimentId: experimentIdProp,
    defaultExperimentId = null,
    onExperimentIdChange,
    status: statusProp,
    defaultStatus = 'all',
    onStatusChange,
    names,
    baseline,
    tolerance,
    getSpanHref,
    className,
    ...props
  },
  ref,
) {
  const m = useMessages('experimentComparison', experimentComparisonMessages);
  const common = useMessages('common', commonMessages);
  const [experimentId, setExperimentId] = useControllableState<string | null>(
    experimentIdProp,
    defaultExperimentId,
    onExperimentIdChange,
    'ExperimentComparison',
  );
  const [status, setStatus] = useControllableState(statusProp, defaultStatus, onStatusChange, 'ExperimentComparison');
  const { comparison, experiments, isSupported, missingCapability, isLoading, error } = useExperimentComparison({
    datasetId,
    experimentId,
    ...(names ? { names } : {}),
    ...(baseline ? { baseline } : {}),
    ...(tolerance !== undefined ? { tolerance } : {}),
  });
  const headingId = useId();
  const selectId = useId();
  const state = !isSupported
    ? 'unsupported'
    : error
      ? 'error'
      : isLoading
        ? 'loading'
        : !experimentId
          ? 'idle'
          : comparison
            ? 'ready'
            : 'loading';
  const rows = useMemo(
    () => comparison?.examples.filter((row) => status === 'all' || row.status === status) ?? [],
    [comparison, status],
  );

  return (
    <section
      ref={ref}
      data-slot="experiment-comparison"
      data-state={state}
      // a host's aria-label wins, so two instances stay distinguishable landmarks
      aria-labelledby={props['aria-label'] ? undefined : headingId}
      aria-busy={state === 'loading' || undefined}
      className={cn('ak:flex ak:flex-col ak:gap-4 ak:rounded-ak-lg ak:border ak:border-ak-border ak:bg-ak-bg ak:p-4 ak:text-sm ak:text-ak-fg ak:font-ak', className)}
      {...props}
    >
      <header className="ak:flex ak:flex-wrap ak:items-center ak:justify-between ak:gap-3">
        <h2 id={headingId} className="ak:m-0 ak:text-base ak:font-semibold">
          {m.title}
        </h2>
        <div className="ak:flex ak:items-center ak:gap-2">
          <label htmlFor={selectId} className="ak:text-ak-muted">
            {m.experiment}
          </label>
          <select
            id={selectId}
            data-slot="experiment-comparison-experiment"
            disabled={!isSupported}
            value={experimentId ?? ''}
            onChange={(event) => setExperimentId(event.target.value || null)}
            className="ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:py-1 ak:text-ak-fg ak:disabled:opacity-50"
          >
            <option value="">{m.chooseExperiment}</option>
            {experiments.map((experiment) => (
              <option key={experiment.id} value={experiment.id}>
                {experiment.name ?? experiment.id}
              </option>
            ))}
            {experimentId && !experiments.some((experiment) => experiment.id === experimentId) ? (
              <option value={experimentId}>{experimentId}</option>
            ) : null}
          </select>
        </div>
      </header>
      {state === 'unsupported' ? (
        <p data-slot="experiment-comparison-unsupported" className="ak:m-0 ak:text-ak-muted">
          {formatMessage(common.missingCapability, { capability: missingCapability ?? '' })}
        </p>
      ) : state === 'error' ? (
        <p role="alert" className="ak:m-0 ak:text-ak-negative">
          {formatMessage(m.error, { message: error?.message ?? '' })}
        </p>
      ) : state === 'loading' ? (
        <p role="status" className="ak:m-0 ak:text-ak-muted">
          {m.loading}
        </p>
      ) : state === 'idle' ? (
        <p className="ak:m-0 ak:text-ak-muted">{m.noExperiment}</p>
      ) : (
        <>
          <div role="group" aria-label={m.filter} data-slot="experiment-comparison-filter" className="ak:flex ak:flex-wrap ak:gap-1">
            {(['all', ...EXAMPLE_STATUSES] as ExperimentComparisonFilter[]).map((value) => {
              const count = value === 'all' ? comparison!.examples.length : comparison!.totals[value];
              if (value !== 'all' && count === 0 && status !== value) return null;
              return (
                <button
                  key={value}
                  type="button"
                  data-slot="experiment-comparison-filter-item"
                  data-value={value}
                  data-state={status === value ? 'on' : 'off'}
                  aria-pressed={status === value}
                  onClick={() => setStatus(value)}
                  className={buttonClass}
                >
                  {value === 'all' ? m.all : m[value]} <span className="ak:tabular-nums">{count}</span>
                </button>
              );
            })}
          </div>
          {comparison!.unmatchedRuns.length > 0 ? (
            <p className="ak:m-0 ak:text-xs ak:text-ak-warning">
              {formatMessage(m.unmatchedRuns, { count: comparison!.unmatchedRuns.length })}
            </p>
          ) : null}
          <ByName comparison={comparison!} m={m} />
          <table data-slot="experiment-comparison-table" className="ak:w-full ak:border-collapse">
            <caption className="ak:pb-1 ak:text-left ak:text-xs ak:text-ak-muted">
              {formatMessage(m.examplesCaption, { shown: rows.length, total: comparison!.examples.length })}
            </caption>
            <thead>
              <tr>
                <th scope="col" className={headClass}>{m.example}</th>
                <th scope="col" className={headClass}>{m.input}</th>
                {comparison!.names.map((name) => (
                  <th key={name} scope="col" className={headClass}>{name}</th>
                ))}
                <th scope="col" className={headClass}>{m.overall}</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={comparison!.names.length + 3} className={cn(cellClass, 'ak:text-ak-muted')}>
                    {m.noRows}
                  </td>
                </tr>
              ) : (
                rows.map((row, index) => <Row key={row.exampleId ?? `#${index}`} row={row} m={m} getSpanHref={getSpanHref} />)
              )}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
});

function ByName({ comparison, m }: { comparison: NonNullable<ReturnType<typeof useExperimentComparison>['comparison']>; m: Messages }) {
  const num = (value: number | null, signed = false) =>
    value === null ? '—' : `${signed && value > 0 ? '+' : ''}${formatNumber(value)}`;
  return (
    <table data-slot="experiment-comparison-summary" className="ak:border-collapse ak:self-start">
      <caption className="ak:pb-1 ak:text-left ak:text-xs ak:text-ak-muted">{m.byNameCaption}</caption>
      <thead>
        <tr>
          <th scope="col" className={headClass}>{m.name}</th>
          <th scope="col" className={headClass}>{m.direction}</th>
          <th scope="col" className={headClass}>{m.meanBaseline}</th>
          <th scope="col" className={headClass}>{m.meanCurrent}</th>
          <th scope="col" className={headClass}>{m.meanDelta}</th>
          <th scope="col" className={headClass}>{m.improved}</th>
          <th scope="col" className={headClass}>{m.regressed}</th>
          <th scope="col" className={headClass}>{m.unchanged}</th>
        </tr>
      </thead>
      <tbody>
        {comparison.byName.map((row) => (
          <tr key={row.name} data-slot="experiment-comparison-summary-row">
            <th scope="row" className={cn(cellClass, 'ak:text-left ak:font-medium')}>{row.name}</th>
            <td className={cellClass}>{m[row.direction]}</td>
            <td className={cn(cellClass, 'ak:tabular-nums')}>{num(row.meanBaseline)}</td>
            <td className={cn(cellClass, 'ak:tabular-nums')}>{num(row.meanCurrent)}</td>
            <td className={cn(cellClass, 'ak:tabular-nums')}>{num(row.meanDelta, true)}</td>
            <td className={cn(cellClass, 'ak:tabular-nums')}>{row.counts.improved}</td>
            <td className={cn(cellClass, 'ak:tabular-nums')}>{row.counts.regressed}</td>
            <td className={cn(cellClass, 'ak:tabular-nums')}>{row.counts.unchanged}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Row({ row, m, getSpanHref }: { row: ExampleComparison; m: Messages; getSpanHref: ExperimentComparisonProps['getSpanHref'] }) {
  const spanId = row.example.spanId ?? null;
  const href = spanId ? getSpanHref?.(spanId) : undefined;
  return (
    <tr data-slot="experiment-comparison-row" data-status={row.status}>
      <th scope="row" className={cn(cellClass, 'ak:text-left ak:font-normal')}>
        <span className="ak:font-ak-mono">{row.exampleId ?? '—'}</span>
        {spanId ? (
          <span className="ak:block ak:text-xs">
            {href ? (
              <a href={href} className="ak:text-ak-accent ak:underline">
                {formatMessage(m.openSpan, { id: spanId })}
              </a>
            ) : (
              <span className="ak:text-ak-muted">{formatMessage(m.openSpan, { id: spanId })}</span>
            )}
          </span>
        ) : null}
      </th>
      <td className={cn(cellClass, 'ak:max-w-[24rem] ak:break-words ak:text-ak-muted')}>{preview(row.example.input)}</td>
      {row.comparisons.map((comparison) => (
        <ComparisonCell key={comparison.name} comparison={comparison} m={m} />
      ))}
      <td className={cellClass}>
        <StatusBadge status={row.status} m={m} />
      </td>
    </tr>
  );
}

function ComparisonCell({ comparison, m }: { comparison: NameComparison; m: Messages }) {
  return (
    <td className={cellClass} data-slot="experiment-comparison-cell" data-status={comparison.status} title={comparison.reason ?? undefined}>
      <span className="ak:tabular-nums">
        {valueText(comparison.baseline)} → {valueText(comparison.current)}
      </span>{' '}
      <StatusBadge status={comparison.status} m={m} />
    </td>
  );
}
