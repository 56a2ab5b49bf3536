import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, within } from 'storybook/test';
import type { HumanAggregation } from '../../src/core';
import { JudgeAgreement } from '../../src/components/judge-agreement';
import { useJudgeAgreement } from '../../src/hooks';
import { DemoProvider, demoSeed, demoTargets, failingAdapter, slowAdapter, withDemoProvider } from './demo';

const seed = demoSeed();
const targets = demoTargets(seed);

const meta = {
  title: 'Insights/JudgeAgreement',
  component: JudgeAgreement,
  tags: ['autodocs'],
  decorators: [withDemoProvider],
  args: { name: 'correctness', targets, onSelectSpan: fn(), onHumansChange: fn(), onExport: fn() },
  parameters: {
    docs: {
      description: {
        component:
          'How well an LLM judge agrees with human reviewers on one annotation name: raw agreement, Cohen’s kappa, a confusion matrix, precision and recall per label, correlations and error for scores, and every disagreement linked to its span. The export writes the calibration set as JSONL for DSPy-style judge training.',
      },
    },
  },
} satisfies Meta<typeof JudgeAgreement>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The demo project’s `correctness`: reviewers (sometimes two, sometimes disagreeing) against the LLM judge. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    // wait for the data so the accessibility check sees the tables and the disagreements
    await canvas.findByRole('table', { name: /Confusion matrix/ });
    await expect(canvas.getByRole('group', { name: /^Disagreements \(\d+\)$/ })).toBeVisible();
  },
};

/** A continuous name (`helpfulness`): Pearson, Spearman and mean absolute error instead of a confusion matrix. */
export const Scores: Story = { args: { name: 'helpfulness', scoreTolerance: 0.1 } };

/** The host owns the ground-truth choice (`humans` / `onHumansChange`). */
export const Controlled: Story = {
  render: function Render(args) {
    const [humans, setHumans] = useState<HumanAggregation>('latest');
    return (
      <div className="ak:flex ak:flex-col ak:gap-2">
        <p className="ak:m-0 ak:text-sm">Host state: humans = {humans}</p>
        <JudgeAgreement {...args} humans={humans} onHumansChange={setHumans} getSpanHref={(t) => (t.kind === 'span' ? `#span-${t.spanId}` : undefined)} />
      </div>
    );
  },
};

/** Loading, error, no pairs yet, and ready. */
export const AllStates: Story = {
  decorators: [],
  render: (args) => (
    <div className="ak:grid ak:gap-4">
      <DemoProvider adapter={slowAdapter()}>
        <JudgeAgreement {...args} aria-label="Loading" />
      </DemoProvider>
      <DemoProvider adapter={failingAdapter()}>
        <JudgeAgreement {...args} name="correctness" aria-label="Error" />
      </DemoProvider>
      <DemoProvider>
        <JudgeAgreement {...args} name="reviewer_comment" aria-label="No pairs" />
      </DemoProvider>
      <DemoProvider>
        <JudgeAgreement {...args} aria-label="Ready" />
      </DemoProvider>
    </div>
  ),
};

function HeadlessAgreement() {
  const { agreement, isLoading, error, exportCalibrationSet } = useJudgeAgreement({ name: 'correctness', targets });
  if (isLoading) return <p>Loading…</p>;
  if (error || !agreement) return <p role="alert">{error?.message}</p>;
  return (
    <section aria-label="Judge calibration (headless)">
      <p>
        {agreement.pairCount} pairs · kappa {agreement.labels.kappa.value?.toFixed(2) ?? `n/a (${agreement.labels.kappa.reason})`} · raw agreement{' '}
        {agreement.labels.rawAgreement.value?.toFixed(2)}
      </p>
      <ul>
        {agreement.disagreements.map((pair) => (
          <li key={pair.judge.id}>
            {pair.target.kind === 'span' ? pair.target.spanId : ''}: human {pair.human.label}, judge {pair.judge.label} — {pair.judge.explanation}
          </li>
        ))}
      </ul>
      <p>Calibration set: {exportCalibrationSet().split('\n').filter(Boolean).length} JSONL lines</p>
    </section>
  );
}

/** The same data from `useJudgeAgreement` alone, in the host's own markup. */
export const Headless: Story = { render: () => <HeadlessAgreement /> };
