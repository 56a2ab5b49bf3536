import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, within } from 'storybook/test';
import { AddToDatasetDialog } from '../../src/components/datasets';
import { useAddToDataset } from '../../src/hooks';
import { DemoProvider, adapterWithout, demoSeed, demoSpans, failingAdapter, withDemoProvider } from './demo';

const spans = demoSpans(demoSeed()).slice(0, 3);

const meta = {
  title: 'Insights/AddToDatasetDialog',
  component: AddToDatasetDialog,
  tags: ['autodocs'],
  decorators: [withDemoProvider],
  args: { spans, onAdded: fn(), onOpenChange: fn(), onExport: fn() },
  parameters: {
    docs: {
      description: {
        component:
          'Turns selected spans into dataset examples (input and output by span kind, annotations kept in `metadata.annotations`), previews them, and creates a dataset or appends to one through the adapter. JSONL and CSV export work without a backend.',
      },
    },
  },
} satisfies Meta<typeof AddToDatasetDialog>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Click the button to preview three spans and create a dataset. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Add to dataset (3)' }));
    const dialog = await canvas.findByRole('dialog');
    await expect(dialog).toHaveAttribute('aria-modal', 'true');
  },
};

/** The host owns `open`. */
export const Controlled: Story = {
  render: function Render(args) {
    const [open, setOpen] = useState(false);
    return (
      <div className="ak:flex ak:flex-col ak:gap-2 ak:items-start">
        <p className="ak:m-0 ak:text-sm">Host state: open = {String(open)}</p>
        <AddToDatasetDialog {...args} open={open} onOpenChange={setOpen} defaultDatasetName="support regressions" />
      </div>
    );
  },
};

/** Inline (non-modal) so the states sit side by side: idle, error on submit, no capability, no spans. */
export const AllStates: Story = {
  decorators: [],
  render: (args) => (
    <div className="ak:grid ak:gap-6">
      <DemoProvider>
        <AddToDatasetDialog {...args} defaultOpen modal={false} defaultDatasetName="new set" />
      </DemoProvider>
      <DemoProvider>
        <AddToDatasetDialog {...args} defaultOpen modal={false} defaultDatasetName="support-golden-set" data-testid="conflict" />
      </DemoProvider>
      <DemoProvider adapter={adapterWithout('createDataset')}>
        <AddToDatasetDialog {...args} defaultOpen modal={false} />
      </DemoProvider>
      <DemoProvider adapter={failingAdapter()}>
        <AddToDatasetDialog {...args} spans={[]} />
      </DemoProvider>
    </div>
  ),
  play: async ({ canvasElement }) => {
    const conflict = within(canvasElement.querySelector<HTMLElement>('[data-testid="conflict"]')!);
    await userEvent.click(await conflict.findByRole('button', { name: 'Create dataset' }));
    await expect(await conflict.findByRole('alert')).toHaveTextContent('already exists');
  },
};

function HeadlessAdd() {
  const { examples, isSupported, addToDataset, dataset, isPending, error, exportExamples } = useAddToDataset({ spans });
  return (
    <section aria-label="Add to dataset (headless)">
      <p>{examples.length} examples ready; datasets {isSupported ? 'supported' : 'not supported'}.</p>
      <button type="button" disabled={isPending} onClick={() => void addToDataset({ name: `headless ${Date.now()}` }).catch(() => {})}>
        Create dataset
      </button>
      <p role="status">{dataset ? `Created “${dataset.name}” with ${dataset.exampleCount} examples` : ''}</p>
      {error ? <p role="alert">{error.message}</p> : null}
      <pre>{exportExamples('jsonl').content.split('\n')[0]}</pre>
    </section>
  );
}

/** The same flow from `useAddToDataset` alone. */
export const Headless: Story = { render: () => <HeadlessAdd /> };
