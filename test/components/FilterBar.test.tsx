import { render, renderHook, act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { FilterBar } from '../../src';
import { completionSourceFromAnnotations } from '../../src/core';
import { useFilterBar } from '../../src/hooks';
import { makeAnnotation } from '../core/filter/fixtures';
import { renderWithProvider } from '../support/render';

const source = completionSourceFromAnnotations([
  makeAnnotation('s1', 'correctness', { label: 'correct' }),
  makeAnnotation('s2', 'correctness', { label: 'incorrect' }),
  makeAnnotation('s2', 'helpfulness', { score: 0.2 }),
]);

describe('FilterBar', () => {
  it('shows the chips of its default value and removes one with its button (uncontrolled)', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    render(
      <FilterBar
        defaultValue="annotations['correctness'].label == 'incorrect' and latency_ms >= 1000"
        onValueChange={onValueChange}
      />,
    );
    const list = screen.getByRole('list', { name: 'Active filters' });
    expect(within(list).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'correctness: incorrect×',
      'latency ≥ 1000 ms×',
    ]);
    await user.click(screen.getByRole('button', { name: 'Remove filter: latency ≥ 1000 ms' }));
    expect(onValueChange).toHaveBeenLastCalledWith("annotations['correctness'].label == 'incorrect'");
    expect(within(screen.getByRole('list', { name: 'Active filters' })).getAllByRole('listitem')).toHaveLength(1);
  });

  it('edits the same condition as text and applies it with Enter', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    render(<FilterBar defaultValue="span_kind == 'LLM'" onValueChange={onValueChange} recentStorageKey={null} />);
    const toggle = screen.getByRole('button', { name: 'Edit as text' });
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    const input = screen.getByRole('combobox', { name: 'Filter spans' });
    expect(input).toHaveValue("span_kind == 'LLM'");
    await user.clear(input);
    await user.type(input, 'latency_ms > 5{Enter}');
    expect(onValueChange).toHaveBeenLastCalledWith('latency_ms > 5');
    await user.click(toggle);
    expect(screen.getByRole('listitem')).toHaveTextContent('latency_ms > 5');
  });

  it('reports no change when the applied condition stays the same, uncontrolled or controlled', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    const onModeChange = vi.fn();
    const view = render(
      <FilterBar defaultValue="span_kind == 'LLM'" defaultMode="text" onValueChange={onValueChange} onModeChange={onModeChange} recentStorageKey={null} />,
    );
    const input = screen.getByRole('combobox', { name: 'Filter spans' });
    // Enter on the applied text, and the same text with spaces around it: nothing changed.
    await user.click(input);
    await user.keyboard('{Enter}');
    await user.type(input, '  {Enter}');
    expect(onValueChange).not.toHaveBeenCalled();
    const bar = renderHook(() => useFilterBar({ value: 'latency_ms > 5', onValueChange, mode: 'chips', onModeChange, recentStorageKey: null }));
    act(() => bar.result.current.apply(' latency_ms > 5 '));
    act(() => bar.result.current.setMode('chips'));
    expect(onValueChange).not.toHaveBeenCalled();
    expect(onModeChange).not.toHaveBeenCalled();
    act(() => bar.result.current.apply('latency_ms > 6'));
    expect(onValueChange).toHaveBeenCalledExactlyOnceWith('latency_ms > 6');
    view.unmount();
  });

  it('shows a parse error inline at its range and does not apply the condition', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    const { container } = render(<FilterBar defaultMode="text" onValueChange={onValueChange} />);
    const input = screen.getByRole('combobox', { name: 'Filter spans' });
    await user.type(input, "latency_ms > '100'{Enter}");
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent("cannot compare number and string: `latency_ms > '100'`, write 100 instead of '100'");
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(/cannot compare number and string/);
    expect(container.querySelector('[data-slot="filter-bar"]')).toHaveAttribute('data-state', 'invalid');
    expect(container.querySelector('mark')).toHaveTextContent("latency_ms > '100'");
    expect(screen.getByRole('button', { name: 'Apply' })).toBeDisabled();
    expect(onValueChange).not.toHaveBeenCalled();
  });

  it('suggests annotation names and labels seen in the data, chosen with the keyboard', async () => {
    const user = userEvent.setup();
    render(<FilterBar defaultMode="text" completionSource={source} recentStorageKey={null} />);
    const input = screen.getByRole('combobox', { name: 'Filter spans' });
    await user.type(input, "annotations[['co"); // `[[` types one `[`
    expect(input).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['correctnessannotation']);
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('option')).toHaveAttribute('aria-selected', 'true');
    expect(input).toHaveAttribute('aria-activedescendant', screen.getByRole('option').id);
    await user.keyboard('{Enter}');
    expect(input).toHaveValue("annotations['correctness']");
    await user.type(input, ".label == '");
    expect(screen.getAllByRole('option').map((o) => o.firstChild?.textContent)).toEqual(['correct', 'incorrect']);
    await user.keyboard('{ArrowDown}{ArrowDown}{Tab}');
    expect(input).toHaveValue("annotations['correctness'].label == 'incorrect'");
    await user.keyboard('{Escape}');
    expect(input).toHaveAttribute('aria-expanded', 'false');
  });

  it('remembers applied conditions and offers them when the input is empty', async () => {
    const user = userEvent.setup();
    const { unmount } = render(<FilterBar defaultMode="text" recentStorageKey="test:recent" />);
    await user.type(screen.getByRole('combobox'), "name == 'a'{Enter}");
    unmount();
    expect(JSON.parse(localStorage.getItem('test:recent')!)).toEqual(["name == 'a'"]);
    const onValueChange = vi.fn();
    render(<FilterBar defaultMode="text" recentStorageKey="test:recent" onValueChange={onValueChange} />);
    await user.click(screen.getByRole('combobox'));
    const option = screen.getByRole('option');
    expect(option).toHaveTextContent("name == 'a'recent");
    await user.click(option);
    expect(onValueChange).toHaveBeenLastCalledWith("name == 'a'");
  });

  it('ignores a corrupt recent-conditions entry', () => {
    localStorage.setItem('test:recent', '{not json');
    const { result } = renderHook(() => useFilterBar({ recentStorageKey: 'test:recent' }));
    expect(result.current.recent).toEqual([]);
  });

  it('follows its value when controlled, and leaves it to the owner', async () => {
    const user = userEvent.setup();
    function Owner() {
      const [value, setValue] = useState("status_code == 'ERROR'");
      return (
        <>
          <FilterBar value={value} onValueChange={setValue} recentStorageKey={null} />
          <output aria-label="condition">{value}</output>
          <button type="button" onClick={() => setValue("span_kind == 'TOOL'")}>
            preset
          </button>
        </>
      );
    }
    render(<Owner />);
    expect(screen.getByRole('listitem')).toHaveTextContent('status: ERROR');
    await user.click(screen.getByRole('button', { name: 'preset' }));
    expect(screen.getByRole('listitem')).toHaveTextContent('kind: TOOL');
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(screen.getByRole('status', { name: 'condition' })).toHaveTextContent('');
    expect(screen.getByText('No filters: every span is shown.')).toBeInTheDocument();
  });

  it('adds a chip from the add-filter form', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    render(<FilterBar onValueChange={onValueChange} completionSource={source} recentStorageKey={null} />);
    await user.click(screen.getByRole('button', { name: '+ Add filter' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a filter' });
    await user.type(within(dialog).getByRole('combobox', { name: 'Annotation name' }), 'correctness');
    await user.type(within(dialog).getByRole('combobox', { name: 'Labels (comma-separated)' }), 'incorrect, partial');
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(onValueChange).toHaveBeenLastCalledWith("annotations['correctness'].label in ['incorrect', 'partial']");
    expect(screen.getByRole('listitem')).toHaveTextContent('correctness: incorrect or partial');
  });

  it('keeps a controlled value that does not parse, offering text mode to fix it', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    render(<FilterBar value="name == 'x' and r" onValueChange={onValueChange} recentStorageKey={null} />);
    expect(screen.getByText(/Invalid condition: `r` is not a condition/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '+ Add filter' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Edit as text' }));
    expect(screen.getByRole('combobox')).toHaveValue("name == 'x' and r");
    expect(onValueChange).not.toHaveBeenCalled();
  });

  it('disables every control when disabled', () => {
    render(<FilterBar defaultValue="latency_ms > 1" disabled />);
    for (const button of screen.getAllByRole('button')) expect(button).toBeDisabled();
  });

  it('takes its text from the provider messages', () => {
    renderWithProvider(<FilterBar defaultMode="text" />, { messages: { filterBar: { label: 'Filtrer les spans' } } });
    expect(screen.getByRole('combobox', { name: 'Filtrer les spans' })).toBeInTheDocument();
  });
});

describe('useFilterBar', () => {
  it('keeps chips and text on one model', () => {
    const { result } = renderHook(() => useFilterBar({ defaultValue: "span_kind == 'LLM'", recentStorageKey: null }));
    act(() => result.current.addChip({ kind: 'status', statusCodes: ['ERROR'] }));
    expect(result.current.value).toBe("span_kind == 'LLM' and status_code == 'ERROR'");
    expect(result.current.draft).toBe("span_kind == 'LLM' and status_code == 'ERROR'");
    act(() => result.current.removeChip(0));
    expect(result.current.value).toBe("status_code == 'ERROR'");
    act(() => result.current.setDraft('latency_ms >'));
    expect(result.current.error?.range).toEqual({ start: 12, end: 12 });
    let applied = true;
    act(() => {
      applied = result.current.commit();
    });
    expect(applied).toBe(false);
    expect(result.current.value).toBe("status_code == 'ERROR'");
  });
});
