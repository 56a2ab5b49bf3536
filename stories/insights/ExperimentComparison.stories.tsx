import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, within } from 'storybook/test';
import { ExperimentComparison, type ExperimentComparisonFilter } from '../../src/components/experiments';
import { useExperimentComparison } from '../../src/hooks';
import {
  DEMO_BASELINE_EXPERIMENT_ID,
  DEMO_CANDIDATE_EXPERIMENT_ID,
  DEMO_DATASET_ID,
  DemoProvider,
  adapterWithout,
  failingAdapter,
  slowAdapter,
  withDemoProvider,
} from './demo';

const meta = {
  title: 'Insights/ExperimentComparison',
  component: ExperimentComparison,
  tags: ['autodocs'],
  decorators: [withDemoProvider],
  args: { datasetId: DEMO_DATASET_ID, defaultExperimentId: DEMO_CANDIDATE_EXPERIMENT_ID, tolerance: 0.1, onStatusChange: fn(), onExperimentIdChange: fn() },
  parameters: {
    docs: {
      description: {
        component:
          'An experiment’s evaluations against the annotations preserved in its dataset’s examples: improved, regressed or unchanged per example and in total, the direction taken from the annotation config. The status summary is also the table’s filter.',
      },
    },
  },
} satisfies Meta<typeof ExperimentComparison>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The candidate (gpt-4.1) against the golden set's preserved annotations; click a status to filter. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('table', { name: /^(\d+) of \1 examples$/ });
    const improved = canvas.getByRole('button', { name: /^Improved \d+$/ });
    await userEvent.click(improved);
    await expect(improved).toHaveAttribute('aria-pressed', 'true');
    const count = improved.textContent!.replace(/\D+/g, '');
    await expect(canvas.getByRole('table', { name: new RegExp(`^${count} of \\d+ examples$`) })).toBeVisible();
  },
};

/** The host owns the experiment and the filter. */
export const Controlled: Story = {
  render: function Render(args) {
    const [experimentId, setExperimentId] = useState<string | null>(DEMO_BASELINE_EXPERIMENT_ID);
    const [status, setStatus] = useState<ExperimentComparisonFilter>('regressed');
    return (
      <div className="ak:flex ak:flex-col ak:gap-2">
        <p className="ak:m-0 ak:text-sm">
          Host state: experiment = {experimentId ?? 'none'}, filter = {status}
        </p>
        <ExperimentComparison {...args} experimentId={experimentId} onExperimentIdChange={setExperimentId} status={status} onStatusChange={setStatus} />
      </div>
    );
  },
};

/** No experiment chosen, loading, error, no capability, and the baseline filtered to the examples it did not evaluate. */
export const AllStates: Story = {
  decorators: [],
  render: (args) => (
    <div className="ak:grid ak:gap-4">
      <DemoProvider>
        <ExperimentComparison {...args} defaultExperimentId={null} aria-label="No experiment chosen" />
      </DemoProvider>
      <DemoProvider adapter={slowAdapter()}>
        <ExperimentComparison {...args} aria-label="Loading" />
      </DemoProvider>
      <DemoProvider adapter={failingAdapter()}>
        <ExperimentComparison {...args} aria-label="Error" />
      </DemoProvider>
      <DemoProvider adapter={adapterWithout('listExperiments', 'listExperimentRuns')}>
        <ExperimentComparison {...args} aria-label="No capability" />
      </DemoProvider>
      <DemoProvider>
        <ExperimentComparison {...args} defaultExperimentId={DEMO_BASELINE_EXPERIMENT_ID} defaultStatus="no_evaluation" aria-label="Filtered to not evaluated" />
      </DemoProvider>
    </div>
  ),
};

function HeadlessComparison() {
  const { comparison, isLoading, error } = useExperimentComparison({ datasetId: DEMO_DATASET_ID, experimentId: DEMO_CANDIDATE_EXPERIMENT_ID });
  if (error) return <p role="alert">{error.message}</p>;
  if (isLoading || !comparison) return <p>Loading…</p>;
  return (
    <section aria-label="Experiment comparison (headless)">
      <p>
        {comparison.totals.improved} improved · {comparison.totals.regressed} regressed · {comparison.totals.unchanged} unchanged
      </p>
      <ol>
        {comparison.examples.map((row) => (
          <li key={row.exampleId}>
            {row.exampleId}: {row.status}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The same data from `useExperimentComparison` alone. */
export const Headless: Story = { render: () => <HeadlessComparison /> };
