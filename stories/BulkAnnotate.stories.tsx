import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { createMemoryAdapter } from '../src/adapters/memory';
import { BulkAnnotate } from '../src/components/bulk-annotate';
import { AnnokitError, type AnnotationAdapter } from '../src/core';
import { useAnnotationConfigs, useBulkAnnotate } from '../src/hooks';
import { DEMO_USER, demoProject } from './support/decorators';
import { StateCard, never } from './support/StateCard';

/** LLM spans of the shared demo project, as a span table's selection would hand them over. */
const SPAN_IDS: string[] = demoProject()
  .spans.filter((span) => span.kind === 'LLM')
  .slice(0, 12)
  .map((span) => span.spanId);

const meta = {
  title: 'Review/BulkAnnotate',
  component: BulkAnnotate,
  tags: ['autodocs'],
  args: { spanIds: SPAN_IDS, onApplied: fn(), onNameChange: fn() },
  parameters: {
    annokit: { latencyMs: 30 },
    docs: {
      description: {
        component:
          'Applies one annotation, chosen from a config, to every selected span as the current reviewer: previews how many already carry one from them, asks before overwriting, shows progress, reports failed batches with a retry, and offers undo. Text comes from the `bulkAnnotate` messages namespace.',
      },
    },
  },
  render: (args) => <BulkAnnotate {...args} className="ak:max-w-2xl" />,
} satisfies Meta<typeof BulkAnnotate>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Twelve selected spans: pick a label, apply, then undo. */
export const Default: Story = {
  play: async ({ canvasElement, args }) => {
    const form = await within(canvasElement).findByRole('form', { name: 'Annotate selected spans' }, { timeout: 5000 });
    const canvas = within(form);
    await canvas.findByText('Applies to 12 spans.', {}, { timeout: 5000 });
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Label' }), 'correct');
    await userEvent.click(canvas.getByRole('button', { name: 'Apply to 12 spans' }));
    await expect(await canvas.findByText('Applied to 12 of 12 spans.')).toBeVisible();
    await waitFor(() => expect(args.onApplied).toHaveBeenCalledWith({ done: 12, failed: 0 }));
    // The preview now counts the reviewer's own annotations that a second apply would overwrite.
    await canvas.findByText('Applies to 12 spans. 12 already carry one from you and will be overwritten.');
    await userEvent.click(canvas.getByRole('button', { name: 'Undo' }));
    await expect(await canvas.findByText('Undone: the spans hold what they held before.')).toBeVisible();
  },
};

function ControlledBulk() {
  const [selection, setSelection] = useState<string[]>([]);
  const [name, setName] = useState('correctness');
  const { configs } = useAnnotationConfigs();
  return (
    <div className="ak:flex ak:max-w-2xl ak:flex-col ak:gap-2 ak:text-sm ak:text-ak-fg">
      <fieldset>
        <legend>Selected on the page</legend>
        {SPAN_IDS.slice(0, 6).map((spanId, index) => (
          <label key={spanId} style={{ marginRight: 8 }}>
            <input
              type="checkbox"
              checked={selection.includes(spanId)}
              onChange={(event) => setSelection(event.currentTarget.checked ? [...selection, spanId] : selection.filter((id) => id !== spanId))}
            />{' '}
            Span {index + 1}
          </label>
        ))}
      </fieldset>
      <label>
        Config chosen by the page{' '}
        <select value={name} onChange={(event) => setName(event.currentTarget.value)}>
          {configs.map((config) => (
            <option key={config.id}>{config.name}</option>
          ))}
        </select>
      </label>
      <BulkAnnotate spanIds={selection} name={name} onNameChange={setName} />
    </div>
  );
}

/** The page owns the selection (`spanIds`) and the chosen config (`name` / `onNameChange`). */
export const Controlled: Story = {
  render: () => <ControlledBulk />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const form = within(await canvas.findByRole('form', { name: 'Annotate selected spans' }, { timeout: 5000 }));
    await expect(form.getByText('Select spans first.')).toBeVisible();
    for (const index of [1, 2, 4]) await userEvent.click(canvas.getByRole('checkbox', { name: `Span ${index}` }));
    await form.findByText('Applies to 3 spans.');
    await expect(form.getByRole('button', { name: 'Apply to 3 spans' })).toBeDisabled();
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Config chosen by the page' }), 'helpfulness');
    await expect(form.getByRole('combobox', { name: 'Annotation' })).toHaveValue('helpfulness');
    await expect(form.getByRole('spinbutton', { name: 'Score' })).toBeVisible();
    await userEvent.selectOptions(form.getByRole('combobox', { name: 'Annotation' }), 'hallucination');
    await expect(canvas.getByRole('combobox', { name: 'Config chosen by the page' })).toHaveValue('hallucination');
  },
};

const IDS = SPAN_IDS.slice(0, 5);
const demo = demoProject();
const store = () => createMemoryAdapter({ seed: { spans: demo.spans, configs: demo.configs } });
const unavailable = (what: string) => new AnnokitError(`${what}: Phoenix answered 503 Service Unavailable`, { code: 'server', status: 503, retryable: false });

/** Two of the spans already carry the demo reviewer's `correctness` (reads wait for that write). */
function withOwnAnnotations(): AnnotationAdapter {
  const base = store();
  const written = base.upsertAnnotations(
    IDS.slice(0, 2).map((spanId) => ({
      target: { kind: 'span' as const, spanId },
      name: 'correctness',
      annotatorKind: 'HUMAN' as const,
      label: 'incorrect',
      score: 0,
      identifier: DEMO_USER.id,
      userId: DEMO_USER.id,
    })),
  );
  return { ...base, listAnnotations: (query) => written.then(() => base.listAnnotations(query)) };
}

/** The second write request fails; every other one (and so a retry) goes through. */
function failsSecondBatch(): AnnotationAdapter {
  const base = store();
  let calls = 0;
  return {
    ...base,
    upsertAnnotations: (inputs, options) => (++calls === 2 ? Promise.reject(unavailable('Batch 2')) : base.upsertAnnotations(inputs, options)),
  };
}

function Card({ title, adapter, spanIds = IDS, user }: { title: string; adapter: () => AnnotationAdapter; spanIds?: string[]; user?: null }) {
  return (
    <StateCard title={title} adapter={adapter} {...(user === null ? { user } : {})}>
      {(captionId) => <BulkAnnotate spanIds={spanIds} batchSize={2} aria-labelledby={captionId} />}
    </StateCard>
  );
}

/**
 * Nothing selected, configs loading / failing / unsupported, no reviewer, preview failing, the
 * overwrite question, a partial failure with retry, writes the outbox is retrying while the backend
 * is down, done with undo, and undo unsupported.
 */
export const AllStates: Story = {
  render: () => (
    <div className="ak:grid ak:grid-cols-1 ak:gap-4 ak:lg:grid-cols-2">
      <Card title="Nothing selected" adapter={store} spanIds={[]} />
      <Card title="Loading configs" adapter={() => ({ ...store(), listAnnotationConfigs: never })} />
      <Card title="Configs failed" adapter={() => ({ ...store(), listAnnotationConfigs: () => Promise.reject(unavailable('Configs')) })} />
      <Card
        title="No annotation configs on this backend"
        adapter={() => {
          const { listAnnotationConfigs: _omit, ...rest } = store();
          return rest;
        }}
      />
      <Card title="No reviewer signed in" adapter={store} user={null} />
      <Card title="Preview failed" adapter={() => ({ ...store(), listAnnotations: () => Promise.reject(unavailable('Annotations')) })} />
      <Card title="Asks before overwriting" adapter={withOwnAnnotations} />
      <Card title="Partial failure, then retry" adapter={failsSecondBatch} />
      <Card
        title="Backend down: retrying"
        adapter={() => ({ ...store(), upsertAnnotations: () => Promise.reject(new AnnokitError('Phoenix is unreachable', { code: 'network' })) })}
      />
      <Card title="Done, with undo" adapter={store} />
      <Card
        title="Undo not available"
        adapter={() => {
          const { deleteAnnotations: _omit, ...rest } = store();
          return rest;
        }}
      />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const card = async (name: string) => within(await canvas.findByRole('figure', { name }, { timeout: 5000 }));
    const pickAndApply = async (name: string) => {
      const form = await card(name);
      await form.findByText(/^Applies to 5 spans\./, {}, { timeout: 5000 });
      await userEvent.selectOptions(form.getByRole('combobox', { name: 'Label' }), 'correct');
      await userEvent.click(form.getByRole('button', { name: 'Apply to 5 spans' }));
      return form;
    };
    // The form (and its notice) appears once the card's configs have loaded: wait for it, as for every other card.
    await expect(await (await card('Nothing selected')).findByText('Select spans first.', {}, { timeout: 5000 })).toBeVisible();
    await expect((await card('Loading configs')).getByRole('status')).toHaveTextContent('Loading annotation configs…');
    await expect(await (await card('Configs failed')).findByRole('alert')).toHaveTextContent(
      'Could not load the annotation configs: Configs: Phoenix answered 503 Service Unavailable',
    );
    await expect((await card('No annotation configs on this backend')).getByRole('note')).toHaveTextContent('this backend has no annotation configs');
    await expect((await card('No reviewer signed in')).getByRole('note')).toHaveTextContent('Sign in to annotate in bulk.');
    const preview = await card('Preview failed');
    await expect(await preview.findByRole('alert')).toHaveTextContent('Could not check which spans you have already annotated');
    await expect(preview.getByRole('button', { name: 'Apply to 5 spans' })).toBeDisabled();

    const overwrite = await pickAndApply('Asks before overwriting');
    await expect(overwrite.getByRole('alertdialog', { name: 'Overwrite 2 of your annotations?' })).toBeVisible();

    const partial = await pickAndApply('Partial failure, then retry');
    await expect(await partial.findByRole('alert')).toHaveTextContent('2 spans failed: Batch 2: Phoenix answered 503 Service Unavailable');
    await expect(partial.getByRole('status')).toHaveTextContent('Applied to 3 of 5 spans.');
    await userEvent.click(partial.getByRole('button', { name: 'Retry failed' }));
    await waitFor(() => expect(partial.getByRole('status')).toHaveTextContent('Applied to 5 of 5 spans.'));
    await expect(partial.queryByRole('alert')).toBeNull();

    // Unreachable: nothing failed for good, the outbox keeps trying and says so.
    const down = await pickAndApply('Backend down: retrying');
    await expect(await down.findByText('5 spans not written yet, trying again: Phoenix is unreachable', {}, { timeout: 5000 })).toBeVisible();
    await expect(down.getByRole('button', { name: 'Retry now' })).toBeVisible();

    const done = await pickAndApply('Done, with undo');
    await expect(await done.findByText('Applied to 5 of 5 spans.')).toBeVisible();
    await expect(done.getByRole('button', { name: 'Undo' })).toBeEnabled();

    const noUndo = await pickAndApply('Undo not available');
    await expect(await noUndo.findByText('Applied to 5 of 5 spans.')).toBeVisible();
    await expect(noUndo.getByRole('note')).toHaveTextContent('Undo is not available: this backend cannot delete annotations.');
    await expect(noUndo.queryByRole('button', { name: 'Undo' })).toBeNull();
  },
};

/** The same bulk write from `useBulkAnnotate` alone: one button that marks the selection correct. */
function HeadlessBulk({ spanIds }: { spanIds: readonly string[] }) {
  const bulk = useBulkAnnotate({ spanIds, name: 'correctness', batchSize: 4 });
  const failed = bulk.failures.reduce((sum, failure) => sum + failure.spanIds.length, 0);
  return (
    <div role="group" aria-label="Headless bulk" style={{ fontFamily: 'system-ui', maxWidth: 560, padding: 8, border: '1px dashed #999' }}>
      <p>
        {bulk.isLoadingPreview ? 'Checking…' : `${bulk.total} spans selected, ${bulk.existingCount} already marked by you.`}
      </p>
      <button type="button" disabled={!bulk.canWrite || bulk.isLoadingPreview || bulk.status === 'applying'} onClick={() => void bulk.apply({ label: 'correct', score: 1 })}>
        Mark all correct
      </button>{' '}
      <button type="button" disabled={!bulk.canUndo} onClick={() => void bulk.undo()}>
        Take it back
      </button>
      {bulk.status === 'applying' ? <progress aria-label="Writing" value={bulk.doneCount} max={bulk.total} /> : null}
      <p role="status">
        {bulk.status === 'done' ? `${bulk.doneCount} written${failed ? `, ${failed} failed` : ''}.` : bulk.status === 'undone' ? 'Taken back.' : ''}
      </p>
    </div>
  );
}

export const Headless: Story = {
  render: (args) => <HeadlessBulk spanIds={args.spanIds} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByText('12 spans selected, 0 already marked by you.', {}, { timeout: 5000 });
    await userEvent.click(canvas.getByRole('button', { name: 'Mark all correct' }));
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('12 written.'));
    await canvas.findByText('12 spans selected, 12 already marked by you.');
    await userEvent.click(canvas.getByRole('button', { name: 'Take it back' }));
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Taken back.'));
  },
};
