import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, within } from 'storybook/test';
import { ExperimentComparison, type ExperimentComparisonFilter } from '../../src/components/experiments';
import { useExperimentComparison } from '../../src/hooks';
import { DemoProvider, adapterWithout, failingAdapter, slowAdapter, withDemoProvider } from './demo';

const meta = {
  title: 'Insights/ExperimentComparison',
  component: ExperimentComparison,
  tags: ['autodocs'],
  decorators: [withDemoProvider],
  args: { datasetId: 'dataset-1', defaultExperimentId: 'experiment-1', onStatusChange: fn(), onExperimentIdChange: fn() },
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

/** “prompt v2” fixes two answers the reviewer marked incorrect and breaks one. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('table', { name: '8 of 8 examples' });
    await userEvent.click(canvas.getByRole('button', { name: 'Improved 2' }));
    await expect(canvas.getByRole('table', { name: '2 of 8 examples' })).toBeVisible();
  },
};

/** The host owns the experiment and the filter. */
export const Controlled: Story = {
  render: function Render(args) {
    const [experimentId, setExperimentId] = useState<string | null>('experiment-1');
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

/** No experiment chosen, loading, error, no capability, and an experiment that changed nothing. */
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
        <ExperimentComparison {...args} defaultExperimentId="experiment-2" aria-label="Unchanged" />
      </DemoProvider>
    </div>
  ),
};

function HeadlessComparison() {
  const { comparison, isLoading, error } = useExperimentComparison({ datasetId: 'dataset-1', experimentId: 'experiment-1' });
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
