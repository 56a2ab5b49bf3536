import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryAdapter } from '../../src/adapters/memory';
import type { AnnotationAdapter } from '../../src/core';
import { AddToDatasetDialog, ExperimentComparison, JudgeAgreement } from '../../src';
import { renderWithProvider } from '../support/render';
import { insightsSeed, spanTargets } from '../support/insights';

function without(adapter: AnnotationAdapter, ...methods: (keyof AnnotationAdapter)[]): AnnotationAdapter {
  const copy = { ...adapter } as Record<string, unknown>;
  for (const method of methods) delete copy[method];
  return copy as unknown as AnnotationAdapter;
}

const targets = spanTargets('s1', 's2', 's3', 's4');

describe('JudgeAgreement', () => {
  it('shows kappa, the confusion matrix and the disagreement with the judge’s explanation', async () => {
    renderWithProvider(<JudgeAgreement name="correctness" targets={targets} />, { adapter: createMemoryAdapter({ seed: insightsSeed() }) });
    const region = await screen.findByRole('region', { name: 'Judge agreement: correctness' });
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'ready'));
    expect(within(region).getByText("Cohen's kappa").nextSibling).toHaveTextContent('0.4');
    const matrix = within(region).getByRole('table', { name: /Confusion matrix/ });
    const rows = within(matrix).getAllByRole('row');
    // header, then human correct: [1 correct, 0 incorrect], human incorrect: [1, 1]
    expect(within(rows[1]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['1', '0']);
    expect(within(rows[2]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['1', '1']);
    const disagreements = within(region).getByRole('group', { name: 'Disagreements (1)' });
    expect(within(disagreements).getByText('judge thinks correct')).toBeInTheDocument();
    expect(within(region).getByText(/1 target\(s\) have only human annotations/)).toBeInTheDocument();
  });

  it('links each disagreement to its span, by href or by callback from the keyboard', async () => {
    const onSelectSpan = vi.fn();
    const user = userEvent.setup();
    const seed = insightsSeed();
    const { unmount } = renderWithProvider(
      <JudgeAgreement name="correctness" targets={targets} getSpanHref={(t) => (t.kind === 'span' ? `/spans/${t.spanId}` : undefined)} />,
      { adapter: createMemoryAdapter({ seed }) },
    );
    expect(await screen.findByRole('link', { name: 'span s3' })).toHaveAttribute('href', '/spans/s3');
    unmount();
    renderWithProvider(<JudgeAgreement name="correctness" targets={targets} onSelectSpan={onSelectSpan} />, { adapter: createMemoryAdapter({ seed }) });
    const button = await screen.findByRole('button', { name: 'Open span s3' });
    button.focus();
    await user.keyboard('{Enter}');
    expect(onSelectSpan).toHaveBeenCalledWith('s3', { kind: 'span', spanId: 's3' });
  });

  it('switches the human ground truth uncontrolled, and only reports the change when controlled', async () => {
    const user = userEvent.setup();
    const onHumansChange = vi.fn();
    const { rerender } = renderWithProvider(
      <JudgeAgreement name="correctness" targets={targets} humans="majority" onHumansChange={onHumansChange} />,
      { adapter: createMemoryAdapter({ seed: insightsSeed() }) },
    );
    const select = await screen.findByRole('combobox', { name: 'Human ground truth' });
    await user.selectOptions(select, 'each');
    expect(onHumansChange).toHaveBeenCalledWith('each');
    expect(select).toHaveValue('majority');
    rerender(<JudgeAgreement name="correctness" targets={targets} humans="latest" onHumansChange={onHumansChange} />);
    expect(select).toHaveValue('latest');
  });

  it('exports the calibration set as a JSONL file', async () => {
    const user = userEvent.setup();
    const onExport = vi.fn();
    renderWithProvider(<JudgeAgreement name="correctness" targets={targets} onExport={onExport} />, { adapter: createMemoryAdapter({ seed: insightsSeed() }) });
    const button = await screen.findByRole('button', { name: 'Export calibration set (JSONL)' });
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    const file = onExport.mock.calls[0]![0] as { fileName: string; content: string };
    expect(file.fileName).toBe('calibration-correctness.jsonl');
    expect(file.content.trimEnd().split('\n')).toHaveLength(3);
  });

  it('says so when no target has both a human and a judge annotation, and disables the export', async () => {
    renderWithProvider(<JudgeAgreement name="correctness" targets={spanTargets('s4')} />, { adapter: createMemoryAdapter({ seed: insightsSeed() }) });
    expect(await screen.findByText('No target has both a human and a judge "correctness" annotation yet.')).toBeInTheDocument();
    expect(screen.getByRole('region')).toHaveAttribute('data-state', 'empty');
    expect(screen.getByRole('button', { name: /Export calibration set/ })).toBeDisabled();
  });
});

describe('ExperimentComparison', () => {
  it('compares the chosen experiment and filters the table by status', async () => {
    const user = userEvent.setup();
    const onStatusChange = vi.fn();
    renderWithProvider(<ExperimentComparison datasetId="d1" onStatusChange={onStatusChange} />, { adapter: createMemoryAdapter({ seed: insightsSeed() }) });
    const select = await screen.findByRole('combobox', { name: 'Experiment' });
    await screen.findByRole('option', { name: 'prompt v2' });
    await user.selectOptions(select, 'prompt v2');
    const table = await screen.findByRole('table', { name: '3 of 3 examples' });
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    const filter = screen.getByRole('group', { name: 'Filter examples by result' });
    const regressed = within(filter).getByRole('button', { name: 'Regressed 1' });
    await user.click(regressed);
    expect(regressed).toHaveAttribute('aria-pressed', 'true');
    expect(onStatusChange).toHaveBeenCalledWith('regressed');
    const filtered = screen.getByRole('table', { name: '1 of 3 examples' });
    expect(within(filtered).getByRole('rowheader', { name: /e1/ })).toBeInTheDocument();
  });

  it('shows the controlled status and experiment', async () => {
    const onStatusChange = vi.fn();
    const user = userEvent.setup();
    renderWithProvider(
      <ExperimentComparison datasetId="d1" experimentId="x1" status="improved" onStatusChange={onStatusChange} />,
      { adapter: createMemoryAdapter({ seed: insightsSeed() }) },
    );
    const table = await screen.findByRole('table', { name: '1 of 3 examples' });
    expect(within(table).getByRole('rowheader', { name: /e3/ })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'All 3' }));
    expect(onStatusChange).toHaveBeenCalledWith('all');
    expect(screen.getByRole('table', { name: '1 of 3 examples' })).toBeInTheDocument();
  });

  it('renders disabled with the reason when the adapter has no experiments', async () => {
    renderWithProvider(<ExperimentComparison datasetId="d1" />, {
      adapter: without(createMemoryAdapter({ seed: insightsSeed() }), 'listExperiments'),
    });
    expect(screen.getByText('Not available: this backend does not support experiments.')).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Experiment' })).toBeDisabled();
    expect(screen.getByRole('region')).toHaveAttribute('data-state', 'unsupported');
  });
});

describe('AddToDatasetDialog', () => {
  it('previews the examples and creates a dataset, then closes with Escape returning focus', async () => {
    const user = userEvent.setup();
    const seed = insightsSeed();
    const adapter = createMemoryAdapter({ seed });
    const onAdded = vi.fn();
    renderWithProvider(<AddToDatasetDialog spans={seed.spans!.slice(2)} onAdded={onAdded} />, { adapter });
    const trigger = screen.getByRole('button', { name: 'Add to dataset (2)' });
    await user.click(trigger);
    const dialog = screen.getByRole('dialog', { name: 'Add 2 example(s) to a dataset' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    const preview = within(dialog).getByRole('list', { name: 'Preview' });
    await waitFor(() => expect(within(preview).getAllByRole('listitem')).toHaveLength(2));
    expect(within(preview).getByText('span s3')).toBeInTheDocument();
    await user.type(within(dialog).getByRole('textbox', { name: 'Dataset name' }), 'hard cases');
    await user.click(within(dialog).getByRole('button', { name: 'Create dataset' }));
    expect(await within(dialog).findByRole('status')).toHaveTextContent('Added 2 example(s) to “hard cases”.');
    expect(onAdded).toHaveBeenCalledWith(expect.objectContaining({ name: 'hard cases', exampleCount: 2 }));
    expect((await adapter.listDatasets()).map((d) => d.name)).toEqual(['golden', 'hard cases']);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(trigger).toHaveFocus();
  });

  it('appends to an existing dataset chosen from the list', async () => {
    const user = userEvent.setup();
    const seed = insightsSeed();
    const adapter = createMemoryAdapter({ seed });
    renderWithProvider(<AddToDatasetDialog spans={seed.spans!.slice(3)} defaultOpen />, { adapter });
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: 'Append to an existing dataset' }));
    expect(await within(dialog).findByRole('combobox', { name: 'Dataset' })).toHaveValue('golden');
    await user.click(within(dialog).getByRole('button', { name: 'Add examples' }));
    await within(dialog).findByRole('status');
    expect((await adapter.listDatasets())[0]!.exampleCount).toBe(4);
  });

  it('shows an error from the backend, keeping the form', async () => {
    const user = userEvent.setup();
    const seed = insightsSeed();
    renderWithProvider(<AddToDatasetDialog spans={seed.spans!.slice(3)} defaultOpen defaultDatasetName="golden" />, {
      adapter: createMemoryAdapter({ seed }),
    });
    await user.click(screen.getByRole('button', { name: 'Create dataset' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('A dataset named "golden" already exists');
    expect(screen.getByRole('textbox', { name: 'Dataset name' })).toHaveValue('golden');
  });

  it('disables the form with the reason without the datasets capability, and still exports', async () => {
    const user = userEvent.setup();
    const onExport = vi.fn();
    const onOpenChange = vi.fn();
    const seed = insightsSeed();
    renderWithProvider(
      <AddToDatasetDialog spans={seed.spans!.slice(0, 2)} open onOpenChange={onOpenChange} onExport={onExport} />,
      { adapter: without(createMemoryAdapter({ seed }), 'createDataset') },
    );
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText('Not available: this backend does not support datasets.')).toBeInTheDocument();
    expect(within(dialog).getByRole('group', { name: 'Destination' })).toBeDisabled();
    expect(within(dialog).getByRole('button', { name: 'Create dataset' })).toBeDisabled();
    await waitFor(() => expect(within(dialog).getAllByRole('listitem')).toHaveLength(2));
    await user.click(within(dialog).getByRole('button', { name: 'Export CSV' }));
    expect(onExport).toHaveBeenCalledWith(expect.objectContaining({ fileName: 'examples.csv', mimeType: 'text/csv' }));
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(onOpenChange).toHaveBeenCalledWith(false);
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });
});

describe('ExperimentComparison tolerance', () => {
  it('counts score moves within the tolerance as unchanged', async () => {
    const seed = insightsSeed();
    const dataset = seed.datasets![0]!;
    dataset.examples[0]!.metadata = { annotations: { helpfulness: [{ score: 0.8, annotator_kind: 'HUMAN' }] } };
    seed.configs!.push({ id: 'cfg-h', name: 'helpfulness', description: null, optimizationDirection: 'MAXIMIZE', type: 'continuous', lowerBound: 0, upperBound: 1 });
    seed.experiments![0]!.runs[0]!.evaluations = [{ name: 'helpfulness', annotatorKind: 'LLM', label: null, score: 0.75, explanation: null, error: null }];
    const { rerender } = renderWithProvider(<ExperimentComparison datasetId="d1" experimentId="x1" names={['helpfulness']} />, {
      adapter: createMemoryAdapter({ seed }),
    });
    const row = await screen.findByRole('row', { name: /e1/ });
    expect(row).toHaveAttribute('data-status', 'regressed');
    rerender(<ExperimentComparison datasetId="d1" experimentId="x1" names={['helpfulness']} tolerance={0.1} />);
    await waitFor(() => expect(screen.getByRole('row', { name: /e1/ })).toHaveAttribute('data-status', 'unchanged'));
  });
});
