import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryAdapter } from '../../../src/adapters/memory';
import type { Span } from '../../../src/core';
import { SpanTable } from '../../../src';
import { renderWithProvider } from '../../support/render';
import { makeSpan, T0 } from '../trace-viewer/fixtures';

function spans(count: number): Span[] {
  return Array.from({ length: count }, (_, index) =>
    makeSpan({
      spanId: `s${index}`,
      traceId: `t${index}`,
      name: `step-${String.fromCharCode(97 + ((index * 7) % 26))}`,
      startTime: T0 + index * 1000,
      endTime: T0 + index * 1000 + (index % 5) * 100 + 10,
      attributes: { input: { value: `question ${index}` }, output: { value: `answer ${index}` } },
    }),
  );
}

function rowNames(): string[] {
  return screen
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('gridcell')[2]!.textContent ?? '');
}

function bodyRow(name: string) {
  return screen.getAllByRole('row').find((row) => within(row).queryAllByRole('gridcell')[2]?.textContent === name)!;
}

describe('SpanTable', () => {
  it('shows a row per span with name, latency and text previews', async () => {
    renderWithProvider(<SpanTable spans={spans(3)} annotationNames={[]} />);
    const grid = screen.getByRole('grid', { name: 'Spans' });
    expect(grid).toHaveAttribute('aria-rowcount', '4');
    const row = bodyRow('step-h');
    expect(within(row).getByText('question 1')).toBeInTheDocument();
    expect(within(row).getByText('110 ms')).toBeInTheDocument();
  });

  it('sorts by a column on header click and reports it with aria-sort', async () => {
    const user = userEvent.setup();
    renderWithProvider(<SpanTable spans={spans(4)} annotationNames={[]} />);
    const header = screen.getByRole('columnheader', { name: /Name/ });
    expect(header).toHaveAttribute('aria-sort', 'none');
    await user.click(within(header).getByRole('button'));
    expect(header).toHaveAttribute('aria-sort', 'ascending');
    expect(rowNames()).toEqual(['step-a', 'step-h', 'step-o', 'step-v']);
    await user.click(within(header).getByRole('button'));
    expect(header).toHaveAttribute('aria-sort', 'descending');
    expect(rowNames()).toEqual(['step-v', 'step-o', 'step-h', 'step-a']);
    const latency = screen.getByRole('columnheader', { name: /Latency/ });
    await user.click(within(latency).getByRole('button'));
    expect(header).toHaveAttribute('aria-sort', 'none');
    expect(rowNames()).toEqual(['step-a', 'step-h', 'step-o', 'step-v']);
  });

  it('selects a range with shift-click and toggles single rows with click', async () => {
    const user = userEvent.setup();
    const onSelectionChange = vi.fn();
    renderWithProvider(<SpanTable spans={spans(6)} annotationNames={[]} onSelectionChange={onSelectionChange} />);
    await user.click(bodyRow('step-h'));
    await user.keyboard('{Shift>}');
    await user.click(bodyRow('step-c'));
    await user.keyboard('{/Shift}');
    expect(onSelectionChange).toHaveBeenLastCalledWith(['s1', 's2', 's3', 's4']);
    expect(bodyRow('step-v')).toHaveAttribute('aria-selected', 'true');
    expect(bodyRow('step-a')).toHaveAttribute('aria-selected', 'false');
    await user.click(bodyRow('step-o'));
    expect(onSelectionChange).toHaveBeenLastCalledWith(['s1', 's3', 's4']);
    expect(screen.getByRole('status')).toHaveTextContent('3 selected');
  });

  it('keeps a controlled selection until the owner changes it', async () => {
    const user = userEvent.setup();
    function Owner() {
      const [selection, setSelection] = useState<string[]>(['s0']);
      return (
        <>
          <SpanTable spans={spans(3)} annotationNames={[]} selection={selection} onSelectionChange={(next) => setSelection(next.slice(0, 1))} />
          <output aria-label="owner">{selection.join(',')}</output>
        </>
      );
    }
    renderWithProvider(<Owner />);
    expect(bodyRow('step-a')).toHaveAttribute('aria-selected', 'true');
    await user.click(bodyRow('step-h'));
    // The owner keeps only the first id, so the clicked row stays unselected.
    expect(screen.getByLabelText('owner')).toHaveTextContent('s0');
    expect(bodyRow('step-h')).toHaveAttribute('aria-selected', 'false');
  });

  it('selects every span of the filter, loading the pages not yet fetched', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({ seed: { spans: spans(25) } });
    const onSelectionChange = vi.fn();
    renderWithProvider(<SpanTable query={{ limit: 10 }} annotationNames={[]} onSelectionChange={onSelectionChange} />, { adapter });
    await screen.findByText('10 spans loaded, more on scroll');
    await user.click(screen.getByRole('button', { name: 'Select all in this filter' }));
    await waitFor(() => expect(onSelectionChange).toHaveBeenCalled());
    expect(onSelectionChange.mock.lastCall![0]).toHaveLength(25);
    expect(screen.getByRole('status')).toHaveTextContent('25 spans · 25 selected');
    await user.click(screen.getByRole('button', { name: 'Clear selection' }));
    expect(onSelectionChange).toHaveBeenLastCalledWith([]);
  });

  it('hides and shows columns from the Columns menu', async () => {
    const user = userEvent.setup();
    const onHiddenColumnsChange = vi.fn();
    renderWithProvider(<SpanTable spans={spans(2)} annotationNames={[]} onHiddenColumnsChange={onHiddenColumnsChange} />);
    await user.click(screen.getByRole('button', { name: 'Columns' }));
    await user.click(screen.getByRole('checkbox', { name: 'Input' }));
    expect(onHiddenColumnsChange).toHaveBeenLastCalledWith(['input']);
    expect(screen.queryByRole('columnheader', { name: 'Input' })).not.toBeInTheDocument();
    expect(screen.queryByText('question 0')).not.toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Input' }));
    expect(screen.getByRole('columnheader', { name: 'Input' })).toBeInTheDocument();
  });

  it('is driven from the keyboard: arrows move, shift+arrows extend, space toggles, Enter opens', async () => {
    const user = userEvent.setup();
    const onRowActivate = vi.fn();
    const onSelectionChange = vi.fn();
    renderWithProvider(
      <SpanTable spans={spans(5)} annotationNames={[]} onRowActivate={onRowActivate} onSelectionChange={onSelectionChange} />,
    );
    const grid = screen.getByRole('grid');
    act(() => grid.focus());
    await user.keyboard('{ArrowDown}');
    expect(grid.getAttribute('aria-activedescendant')).toBe(bodyRow('step-h').id);
    await user.keyboard(' ');
    expect(onSelectionChange).toHaveBeenLastCalledWith(['s1']);
    await user.keyboard('{Shift>}{ArrowDown}{ArrowDown}{/Shift}');
    expect(onSelectionChange).toHaveBeenLastCalledWith(['s1', 's2', 's3']);
    await user.keyboard('{Enter}');
    expect(onRowActivate).toHaveBeenCalledWith(expect.objectContaining({ spanId: 's3' }), 3);
    await user.keyboard('{Control>}a{/Control}');
    expect(onSelectionChange.mock.lastCall![0]).toHaveLength(5);
    await user.keyboard('{Escape}');
    expect(onSelectionChange).toHaveBeenLastCalledWith([]);
  });

  it('renders only the rows around the viewport of a long list', async () => {
    renderWithProvider(<SpanTable spans={spans(5000)} annotationNames={[]} />);
    const grid = screen.getByRole('grid');
    expect(grid).toHaveAttribute('aria-rowcount', '5001');
    expect(screen.getAllByRole('row').length).toBeLessThan(40);
  });

  it('summarises each annotation name per row, HUMAN and LLM apart', async () => {
    const adapter = createMemoryAdapter({ seed: { spans: spans(2) } });
    await adapter.upsertAnnotations([
      { target: { kind: 'span', spanId: 's0' }, name: 'quality', annotatorKind: 'HUMAN', label: 'good', identifier: 'a' },
      { target: { kind: 'span', spanId: 's0' }, name: 'quality', annotatorKind: 'LLM', score: 0.25, identifier: 'judge' },
    ]);
    renderWithProvider(<SpanTable spans={spans(2)} annotationNames={['quality']} />, { adapter });
    const row = bodyRow('step-a');
    await waitFor(() => expect(within(row).getAllByRole('gridcell').at(-1)).toHaveTextContent('H good 100% · L 0.25'));
    expect(within(bodyRow('step-h')).getAllByRole('gridcell').at(-1)).toHaveTextContent('');
  });

  it('sorts by an annotation column using the annotations of every loaded row, not only the visible ones', async () => {
    const user = userEvent.setup();
    const rows = spans(1000);
    const adapter = createMemoryAdapter({ seed: { spans: rows } });
    await adapter.upsertAnnotations([
      { target: { kind: 'span', spanId: 's3' }, name: 'quality', annotatorKind: 'HUMAN', score: 0.1, identifier: 'a' },
      { target: { kind: 'span', spanId: 's900' }, name: 'quality', annotatorKind: 'LLM', score: 0.9, identifier: 'judge' },
      { target: { kind: 'span', spanId: 's950' }, name: 'quality', annotatorKind: 'HUMAN', label: 'good', identifier: 'a' },
    ]);
    renderWithProvider(<SpanTable spans={rows} annotationNames={['quality']} />, { adapter });
    const header = screen.getByRole('columnheader', { name: /quality/ });
    await user.click(within(header).getByRole('button'));
    expect(header).toHaveAttribute('aria-sort', 'ascending');
    // Scored spans first (by score), then labelled ones, then the unannotated rest in their order.
    await waitFor(() => expect(rowNames().slice(0, 5)).toEqual(['step-v', 'step-i', 'step-u', 'step-a', 'step-h']));
    expect(within(screen.getAllByRole('row')[2]!).getAllByRole('gridcell').at(-1)).toHaveTextContent('L 0.9');
    await user.click(within(header).getByRole('button'));
    expect(rowNames().slice(0, 3)).toEqual(['step-i', 'step-v', 'step-u']);
  });

  it('lists traces (root spans only) from the backend with query={{ rootsOnly: true }}', async () => {
    const roots = spans(3);
    const children = roots.map((root, index) =>
      makeSpan({ spanId: `child-${index}`, traceId: root.traceId, parentId: root.spanId, name: `tool-${index}`, startTime: root.startTime! + 1 }),
    );
    const adapter = createMemoryAdapter({ seed: { spans: [...roots, ...children] } });
    renderWithProvider(<SpanTable query={{ rootsOnly: true }} annotationNames={[]} />, { adapter });
    await waitFor(() => expect(screen.getByRole('grid')).toHaveAttribute('aria-rowcount', '4'));
    expect(rowNames().sort()).toEqual(['step-a', 'step-h', 'step-o']);
  });

  it('previews an LLM span by its last user message and its answer, not the raw input JSON', async () => {
    const llm = makeSpan({
      spanId: 'llm',
      name: 'compose-answer',
      kind: 'LLM',
      attributes: {
        input: { value: '{"messages":[{"role":"system"}]}', mime_type: 'application/json' },
        llm: {
          input_messages: [
            { message: { role: 'system', content: 'You are a support agent.' } },
            { message: { role: 'user', content: 'Where is my refund?' } },
          ],
          output_messages: [{ message: { role: 'assistant', content: 'It was sent today.' } }],
        },
      },
    });
    renderWithProvider(<SpanTable spans={[llm]} annotationNames={[]} />);
    const row = bodyRow('compose-answer');
    expect(within(row).getByText('Where is my refund?')).toBeInTheDocument();
    expect(within(row).getByText('It was sent today.')).toBeInTheDocument();
  });
});
