import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryAdapter } from '../../../src/adapters/memory';
import { AnnokitError, type Annotation } from '../../../src/core';
import { BulkAnnotate } from '../../../src';
import { controllableAdapter, renderWithProvider } from '../../support/render';
import { makeSpan } from '../trace-viewer/fixtures';

const ids = ['s1', 's2', 's3', 's4', 's5'];

async function setup(options: { existing?: Record<string, string>; batchSize?: number } = {}) {
  const base = createMemoryAdapter({ seed: { spans: ids.map((spanId) => makeSpan({ spanId })) } });
  await base.upsertAnnotationConfig({ type: 'categorical', name: 'quality', values: [{ label: 'good', score: 1 }, { label: 'bad', score: 0 }] });
  const existing = Object.entries(options.existing ?? {});
  if (existing.length)
    await base.upsertAnnotations(
      existing.map(([spanId, label]) => ({
        target: { kind: 'span' as const, spanId },
        name: 'quality',
        annotatorKind: 'HUMAN' as const,
        label,
        explanation: 'my earlier call',
        identifier: 'reviewer-1',
        userId: 'reviewer-1',
      })),
    );
  // Someone else's annotation is never counted or touched.
  await base.upsertAnnotations([
    { target: { kind: 'span', spanId: 's1' }, name: 'quality', annotatorKind: 'HUMAN', label: 'bad', identifier: 'other', userId: 'other' },
  ]);
  // Lets a test make writes fail after a number of successful calls.
  const failing = { after: Infinity, calls: 0, error: () => new AnnokitError('backend is down', { code: 'network' }) };
  const flaky = {
    ...base,
    upsertAnnotations: (...args: Parameters<typeof base.upsertAnnotations>) => {
      failing.calls += 1;
      if (failing.calls > failing.after) return Promise.reject(failing.error());
      return base.upsertAnnotations(...args);
    },
  };
  const gate = controllableAdapter(flaky);
  const view = renderWithProvider(<BulkAnnotate spanIds={ids} batchSize={options.batchSize ?? 50} />, { adapter: gate.adapter });
  return { ...view, base, gate, failing };
}

async function mine(base: ReturnType<typeof createMemoryAdapter>): Promise<Map<string, Annotation>> {
  const all = await base.listAnnotations({ targets: ids.map((spanId) => ({ kind: 'span', spanId })), names: ['quality'], identifiers: ['reviewer-1'] });
  return new Map(all.map((annotation) => [annotation.target.kind === 'span' ? annotation.target.spanId : '', annotation]));
}

describe('BulkAnnotate', () => {
  it("previews how many spans already carry the reviewer's annotation", async () => {
    await setup({ existing: { s2: 'bad', s4: 'good' } });
    expect(await screen.findByText('Applies to 5 spans. 2 already carry one from you and will be overwritten.')).toBeInTheDocument();
  });

  it('writes to every span without asking when nothing would be overwritten', async () => {
    const user = userEvent.setup();
    const { base } = await setup();
    await screen.findByText('Applies to 5 spans.');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Label' }), 'good');
    await user.click(screen.getByRole('button', { name: 'Apply to 5 spans' }));
    expect(await screen.findByText('Applied to 5 of 5 spans.')).toBeInTheDocument();
    const stored = await mine(base);
    expect([...stored.values()].map((annotation) => [annotation.label, annotation.score])).toEqual(Array(5).fill(['good', 1]));
  });

  it('asks before overwriting, and writes nothing when cancelled', async () => {
    const user = userEvent.setup();
    const { base, gate } = await setup({ existing: { s2: 'bad' } });
    await screen.findByText(/1 already carry one/);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Label' }), 'good');
    await user.click(screen.getByRole('button', { name: 'Apply to 5 spans' }));
    expect(screen.getByRole('alertdialog', { name: 'Overwrite 1 of your annotations?' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(gate.calls.upsertAnnotations).toBeUndefined();
    await user.click(screen.getByRole('button', { name: 'Apply to 5 spans' }));
    await user.click(screen.getByRole('button', { name: 'Overwrite' }));
    await screen.findByText('Applied to 5 of 5 spans.');
    expect((await mine(base)).get('s2')!.label).toBe('good');
  });

  it('shows batches the outbox is retrying, and they land once the backend is back', async () => {
    const user = userEvent.setup();
    const { base, failing } = await setup({ batchSize: 2 });
    await screen.findByText('Applies to 5 spans.');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Label' }), 'bad');
    failing.after = failing.calls + 1;
    await user.click(screen.getByRole('button', { name: 'Apply to 5 spans' }));
    expect(await screen.findByText('3 spans not written yet, trying again: backend is down')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    failing.after = Infinity;
    await user.click(screen.getByRole('button', { name: 'Retry now' }));
    await screen.findByText('Applied to 5 of 5 spans.');
    expect((await mine(base)).size).toBe(5);
  });

  it('reports failed batches and retries only them', async () => {
    const user = userEvent.setup();
    const { base, gate, failing } = await setup({ batchSize: 2 });
    await screen.findByText('Applies to 5 spans.');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Label' }), 'bad');
    // The first batch goes through, then the backend refuses the rest.
    failing.error = () => new AnnokitError('backend is down', { code: 'server', status: 501, retryable: false });
    failing.after = failing.calls + 1;
    await user.click(screen.getByRole('button', { name: 'Apply to 5 spans' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('3 spans failed: backend is down');
    expect(screen.getByText('Applied to 2 of 5 spans.')).toBeInTheDocument();
    expect([...(await mine(base)).keys()].sort()).toEqual(['s1', 's2']);
    failing.after = Infinity;
    await user.click(screen.getByRole('button', { name: 'Retry failed' }));
    await screen.findByText('Applied to 5 of 5 spans.');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect((await mine(base)).size).toBe(5);
    expect(gate.calls.upsertAnnotations!.length).toBeGreaterThanOrEqual(4);
  });

  it('undoes a write: earlier values come back and new annotations are deleted', async () => {
    const user = userEvent.setup();
    const { base } = await setup({ existing: { s3: 'bad' } });
    await screen.findByText(/1 already carry one/);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Label' }), 'good');
    await user.click(screen.getByRole('button', { name: 'Apply to 5 spans' }));
    await user.click(screen.getByRole('button', { name: 'Overwrite' }));
    await screen.findByText('Applied to 5 of 5 spans.');
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByText('Undone: the spans hold what they held before.');
    const stored = await mine(base);
    expect([...stored.keys()]).toEqual(['s3']);
    expect(stored.get('s3')).toMatchObject({ label: 'bad', explanation: 'my earlier call' });
    const others = await base.listAnnotations({ targets: [{ kind: 'span', spanId: 's1' }], identifiers: ['other'] });
    expect(others).toHaveLength(1);
  });

  it('keeps a controlled annotation name until the owner changes it', async () => {
    const user = userEvent.setup();
    const base = createMemoryAdapter({ seed: { spans: ids.map((spanId) => makeSpan({ spanId })) } });
    await base.upsertAnnotationConfig({ type: 'categorical', name: 'quality', values: [{ label: 'good' }] });
    await base.upsertAnnotationConfig({ type: 'continuous', name: 'helpfulness', lowerBound: 0, upperBound: 1 });
    const onNameChange = vi.fn();
    function Owner() {
      const [name, setName] = useState('helpfulness');
      return (
        <>
          <BulkAnnotate spanIds={ids} name={name} onNameChange={(next) => (onNameChange(next), setName(next))} />
          <output aria-label="owner">{name}</output>
        </>
      );
    }
    renderWithProvider(<Owner />, { adapter: base });
    const select = await screen.findByRole('combobox', { name: 'Annotation' });
    expect(select).toHaveValue('helpfulness');
    expect(screen.getByRole('spinbutton', { name: 'Score' })).toBeInTheDocument();
    await user.selectOptions(select, 'quality');
    expect(onNameChange).toHaveBeenCalledWith('quality');
    expect(screen.getByLabelText('owner')).toHaveTextContent('quality');
    expect(screen.getByRole('combobox', { name: 'Label' })).toBeInTheDocument();
  });

  it('says why it cannot start when the configs fail to load, and when the backend has none', async () => {
    const base = createMemoryAdapter();
    const { unmount } = renderWithProvider(<BulkAnnotate spanIds={ids} />, {
      adapter: { ...base, listAnnotationConfigs: () => Promise.reject(new AnnokitError('Phoenix answered 503', { code: 'server', status: 503, retryable: false })) },
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load the annotation configs: Phoenix answered 503');
    expect(screen.queryByRole('button', { name: /Apply/ })).not.toBeInTheDocument();
    unmount();
    const { listAnnotationConfigs: _omit, ...noConfigs } = base;
    renderWithProvider(<BulkAnnotate spanIds={ids} />, { adapter: noConfigs });
    expect(screen.getByRole('note')).toHaveTextContent('this backend has no annotation configs');
  });

  it('will not apply while it cannot tell what would be overwritten', async () => {
    const user = userEvent.setup();
    const base = createMemoryAdapter({ seed: { spans: ids.map((spanId) => makeSpan({ spanId })) } });
    await base.upsertAnnotationConfig({ type: 'categorical', name: 'quality', values: [{ label: 'good' }] });
    renderWithProvider(<BulkAnnotate spanIds={ids} />, {
      adapter: { ...base, listAnnotations: () => Promise.reject(new AnnokitError('annotations store offline', { code: 'network', retryable: false })) },
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not check which spans you have already annotated: annotations store offline');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Label' }), 'good');
    expect(screen.getByRole('button', { name: 'Apply to 5 spans' })).toBeDisabled();
  });
});
