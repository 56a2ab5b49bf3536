import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { AnnotationConfigEditor, AnnotationConfigManager } from '../../../src/components/annotation-configs';
import type { AnnotationAdapter, AnnotationConfig } from '../../../src/core';
import { CONFIGS, createWrapper, seededAdapter, without } from './fixture';

function renderEditor(adapter: AnnotationAdapter = seededAdapter(), config: AnnotationConfig | null = null, onSaved = vi.fn()) {
  const Wrapper = createWrapper(adapter);
  render(
    <Wrapper>
      <AnnotationConfigEditor config={config} onSaved={onSaved} />
    </Wrapper>,
  );
  return { adapter, onSaved };
}

const byName = async (adapter: AnnotationAdapter, name: string) =>
  (await adapter.listAnnotationConfigs!()).find((config) => config.name === name);

describe('AnnotationConfigEditor', () => {
  it('creates a categorical config with its labels and scores', async () => {
    const { adapter, onSaved } = renderEditor();
    await userEvent.type(screen.getByRole('textbox', { name: 'Name' }), 'tone');
    await userEvent.type(screen.getByRole('textbox', { name: 'Label 1' }), 'polite');
    await userEvent.type(screen.getByRole('spinbutton', { name: 'Score 1' }), '1');
    await userEvent.type(screen.getByRole('textbox', { name: 'Label 2' }), 'rude');
    await userEvent.type(screen.getByRole('spinbutton', { name: 'Score 2' }), '0');
    await userEvent.click(screen.getByRole('button', { name: 'Add category' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Label 3' }), 'neutral');
    await userEvent.click(screen.getByRole('button', { name: 'Save config' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(await byName(adapter, 'tone')).toMatchObject({
      type: 'categorical',
      optimizationDirection: 'MAXIMIZE',
      values: [
        { label: 'polite', score: 1 },
        { label: 'rude', score: 0 },
        { label: 'neutral', score: null },
      ],
    });
    expect(screen.getByRole('status')).toHaveTextContent('Saved tone');
  });

  it('creates a continuous config with its bounds and direction', async () => {
    const { adapter } = renderEditor();
    await userEvent.type(screen.getByRole('textbox', { name: 'Name' }), 'latency_score');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Type' }), 'continuous');
    await userEvent.type(screen.getByRole('spinbutton', { name: 'Lower bound' }), '0');
    await userEvent.type(screen.getByRole('spinbutton', { name: 'Upper bound' }), '10');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Optimization direction' }), 'MINIMIZE');
    await userEvent.click(screen.getByRole('button', { name: 'Save config' }));
    await waitFor(async () =>
      expect(await byName(adapter, 'latency_score')).toMatchObject({ type: 'continuous', lowerBound: 0, upperBound: 10, optimizationDirection: 'MINIMIZE' }),
    );
  });

  it('refuses a name that is taken, beside the field, and sends nothing', async () => {
    const adapter = seededAdapter();
    const save = vi.spyOn(adapter, 'upsertAnnotationConfig');
    const Wrapper = createWrapper(adapter);
    render(
      <Wrapper>
        <AnnotationConfigManager />
      </Wrapper>,
    );
    await screen.findByText('correctness');
    await userEvent.click(screen.getByRole('button', { name: 'New config' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Name' }), 'correctness');
    await userEvent.type(screen.getByRole('textbox', { name: 'Label 1' }), 'yes');
    await userEvent.click(screen.getByRole('button', { name: 'Save config' }));
    const name = screen.getByRole('textbox', { name: 'Name' });
    await waitFor(() => expect(name).toHaveAttribute('aria-invalid', 'true'));
    expect(name).toHaveAccessibleDescription('a config named "correctness" already exists');
    await waitFor(() => expect(name).toHaveFocus());
    expect(save).not.toHaveBeenCalled();
  });

  it('refuses an upper bound that is not above the lower bound', async () => {
    const adapter = seededAdapter();
    const save = vi.spyOn(adapter, 'upsertAnnotationConfig');
    renderEditor(adapter);
    await userEvent.type(screen.getByRole('textbox', { name: 'Name' }), 'quality');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Type' }), 'continuous');
    await userEvent.type(screen.getByRole('spinbutton', { name: 'Lower bound' }), '5');
    await userEvent.type(screen.getByRole('spinbutton', { name: 'Upper bound' }), '5');
    await userEvent.click(screen.getByRole('button', { name: 'Save config' }));
    const upper = screen.getByRole('spinbutton', { name: 'Upper bound' });
    await waitFor(() => expect(upper).toHaveAttribute('aria-invalid', 'true'));
    expect(upper).toHaveAccessibleDescription('the upper bound (5) must be above the lower bound (5)');
    expect(save).not.toHaveBeenCalled();
  });

  it('refuses a categorical config without categories, and a label given twice', async () => {
    const adapter = seededAdapter();
    const save = vi.spyOn(adapter, 'upsertAnnotationConfig');
    renderEditor(adapter);
    await userEvent.type(screen.getByRole('textbox', { name: 'Name' }), 'tone');
    await userEvent.click(screen.getByRole('button', { name: 'Save config' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Label 1' })).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByRole('textbox', { name: 'Label 1' })).toHaveAccessibleDescription(/at least 1/);

    await userEvent.type(screen.getByRole('textbox', { name: 'Label 1' }), 'polite');
    await userEvent.type(screen.getByRole('textbox', { name: 'Label 2' }), 'polite');
    await userEvent.click(screen.getByRole('button', { name: 'Save config' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Label 2' })).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByRole('textbox', { name: 'Label 2' })).toHaveAccessibleDescription('the label "polite" appears twice');
    expect(save).not.toHaveBeenCalled();
  });

  it('edits an existing config in place, keeping its id', async () => {
    const { adapter } = renderEditor(seededAdapter(), CONFIGS[1]!);
    expect(screen.getByRole('heading', { name: 'Edit relevance' })).toBeInTheDocument();
    const upper = screen.getByRole('spinbutton', { name: 'Upper bound' });
    expect(upper).toHaveValue(1);
    await userEvent.clear(upper);
    await userEvent.type(upper, '5');
    await userEvent.click(screen.getByRole('button', { name: 'Save config' }));
    await waitFor(async () => expect(await byName(adapter, 'relevance')).toMatchObject({ id: 'c2', upperBound: 5 }));
    expect((await adapter.listAnnotationConfigs!()).filter((config) => config.name === 'relevance')).toHaveLength(1);
  });

  it('is disabled with the reason when the adapter cannot save configs', async () => {
    renderEditor(without(seededAdapter(), 'upsertAnnotationConfig'));
    expect(screen.getByText(/this backend cannot create or edit annotation configs/)).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Name' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Save config' })).toBeDisabled();
  });
});

describe('AnnotationConfigManager', () => {
  it('lists the configs and opens the editor for one', async () => {
    const Wrapper = createWrapper(seededAdapter());
    render(
      <Wrapper>
        <AnnotationConfigManager />
      </Wrapper>,
    );
    const list = await screen.findByRole('list', { name: 'Annotation configs' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(3));
    expect(within(list).getAllByRole('listitem')[0]).toHaveTextContent('correctness');
    await userEvent.click(screen.getByRole('button', { name: 'Edit correctness' }));
    expect(screen.getByRole('form', { name: 'Edit correctness' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form')).toBeNull();
  });
});
