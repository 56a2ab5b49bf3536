import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState, type ReactNode } from 'react';
import { expect, userEvent, within } from 'storybook/test';
import { createMemoryAdapter } from '../src/adapters/memory';
import { AnnotationConfigEditor, AnnotationConfigManager } from '../src/components/annotation-configs';
import type { AnnotationAdapter, AnnotationConfig, AnnotationConfigType } from '../src/core';
import { useAnnotationConfigForm, useAnnotationConfigs } from '../src/hooks';
import { AnnotationProvider } from '../src/provider';

const CONFIGS: AnnotationConfig[] = [
  {
    id: 'cfg-correctness',
    name: 'correctness',
    type: 'categorical',
    description: 'Is the answer factually correct for this customer?',
    optimizationDirection: 'MAXIMIZE',
    values: [
      { label: 'correct', score: 1 },
      { label: 'partially correct', score: 0.5 },
      { label: 'incorrect', score: 0 },
    ],
  },
  { id: 'cfg-helpfulness', name: 'helpfulness', type: 'continuous', description: null, optimizationDirection: 'MAXIMIZE', lowerBound: 0, upperBound: 1 },
  { id: 'cfg-comment', name: 'reviewer_comment', type: 'freeform', description: null, optimizationDirection: 'NONE' },
];

const demoAdapter = () => createMemoryAdapter({ seed: { configs: CONFIGS } });

function Provider({ adapter, children }: { adapter: () => AnnotationAdapter; children: ReactNode }) {
  const [instance] = useState(adapter);
  return (
    <AnnotationProvider adapter={instance} user={{ id: 'rita', name: 'Rita' }}>
      {children}
    </AnnotationProvider>
  );
}

const meta = {
  title: 'Review/AnnotationConfigEditor',
  component: AnnotationConfigEditor,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'Creates or edits a categorical, continuous or freeform annotation config. Names must be unique, an upper bound must be above the lower one, and a categorical config needs at least one category; each problem is shown beside its field and nothing is sent.',
      },
    },
  },
  render: (args) => <AnnotationConfigEditor {...args} className="ak:max-w-lg" />,
} satisfies Meta<typeof AnnotationConfigEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A new config. */
export const Default: Story = {};

/** The list of configs with the editor opened from it (the manager holds which config is edited). */
export const Controlled: Story = {
  render: () => <AnnotationConfigManager className="ak:max-w-lg" />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Edit helpfulness' }));
    await expect(canvas.getByRole('spinbutton', { name: 'Upper bound' })).toHaveValue(1);
  },
};

function Card({ title, adapter, children }: { title: string; adapter: () => AnnotationAdapter; children: ReactNode }) {
  return (
    <figure className="ak:m-0 ak:flex ak:flex-col ak:gap-1">
      <figcaption className="ak:text-xs ak:font-semibold ak:text-ak-muted">{title}</figcaption>
      <Provider adapter={adapter}>{children}</Provider>
    </figure>
  );
}

/** Editing, a duplicate name, bounds the wrong way round, and a backend that cannot save configs. */
export const AllStates: Story = {
  decorators: [],
  render: () => (
    <div className="ak:grid ak:grid-cols-1 ak:gap-4 ak:lg:grid-cols-2">
      <Card title="Editing an existing config" adapter={demoAdapter}>
        <AnnotationConfigEditor config={CONFIGS[0]} />
      </Card>
      <Card title="Duplicate name" adapter={demoAdapter}>
        <AnnotationConfigEditor aria-label="Duplicate name form" />
      </Card>
      <Card title="Bounds the wrong way round" adapter={demoAdapter}>
        <AnnotationConfigEditor config={CONFIGS[1]} aria-label="Bounds form" />
      </Card>
      <Card
        title="Backend cannot save configs"
        adapter={() => {
          const { upsertAnnotationConfig: _save, ...rest } = demoAdapter();
          return rest;
        }}
      >
        <AnnotationConfigEditor />
      </Card>
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const duplicate = within(await canvas.findByRole('form', { name: 'Duplicate name form' }));
    await userEvent.type(duplicate.getByRole('textbox', { name: 'Name' }), 'correctness');
    await userEvent.type(duplicate.getByRole('textbox', { name: 'Label 1' }), 'yes');
    await userEvent.click(duplicate.getByRole('button', { name: 'Save config' }));
    await expect(await duplicate.findByText('a config named "correctness" already exists')).toBeVisible();
    const bounds = within(canvas.getByRole('form', { name: 'Bounds form' }));
    await userEvent.clear(bounds.getByRole('spinbutton', { name: 'Upper bound' }));
    await userEvent.type(bounds.getByRole('spinbutton', { name: 'Upper bound' }), '-1');
    await userEvent.click(bounds.getByRole('button', { name: 'Save config' }));
    await expect(await bounds.findByText(/must be above the lower bound/)).toBeVisible();
  },
};

/** The same form from `useAnnotationConfigForm` alone: your markup, its state, validation and save. */
function HeadlessEditor() {
  const { configs } = useAnnotationConfigs();
  const form = useAnnotationConfigForm();
  const { state, issues } = form;
  const problem = (field: string) => issues.get(field)?.message;
  return (
    <form
      aria-label="Headless config editor"
      style={{ fontFamily: 'system-ui', display: 'grid', gap: 6, maxWidth: 320 }}
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit();
      }}
    >
      <label>
        Name <input value={state.name} aria-invalid={issues.has('name')} onChange={(event) => form.update({ name: event.target.value })} />
      </label>
      {problem('name') && <p role="alert">{problem('name')}</p>}
      <label>
        Type{' '}
        <select value={state.type} onChange={(event) => form.setType(event.target.value as AnnotationConfigType)}>
          <option value="categorical">categorical</option>
          <option value="continuous">continuous</option>
          <option value="freeform">freeform</option>
        </select>
      </label>
      {state.type === 'continuous' && (
        <label>
          Upper bound <input value={state.upperBound} onChange={(event) => form.update({ upperBound: event.target.value })} />
        </label>
      )}
      {problem('upperBound') && <p role="alert">{problem('upperBound')}</p>}
      {state.type === 'categorical' &&
        state.values.map((value, row) => (
          <label key={value.key}>
            Label {row + 1} <input value={value.label} onChange={(event) => form.setCategory(row, { label: event.target.value })} />
          </label>
        ))}
      {problem('values') && <p role="alert">{problem('values')}</p>}
      <button type="submit" disabled={!form.isSupported || form.isPending}>
        Save
      </button>
      {form.saveError && <p role="alert">{form.saveError.message}</p>}
      <p>Configs: {configs.map((config) => config.name).join(', ')}</p>
    </form>
  );
}

export const Headless: Story = {
  render: () => <HeadlessEditor />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByRole('textbox', { name: 'Name' }), 'stars');
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Type' }), 'continuous');
    await userEvent.type(canvas.getByRole('textbox', { name: 'Upper bound' }), 'many');
    await userEvent.click(canvas.getByRole('button', { name: 'Save' }));
    await expect(await canvas.findByRole('alert')).toHaveTextContent('"many" is not a number');
    await userEvent.clear(canvas.getByRole('textbox', { name: 'Upper bound' }));
    await userEvent.type(canvas.getByRole('textbox', { name: 'Upper bound' }), '5');
    await userEvent.click(canvas.getByRole('button', { name: 'Save' }));
    await expect(await canvas.findByText(/Configs: .*stars/)).toBeVisible();
  },
};
