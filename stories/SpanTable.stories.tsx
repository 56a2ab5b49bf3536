import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, within } from 'storybook/test';
import { createMemoryAdapter } from '../src/adapters/memory';
import { SpanTable, type SpanTableSort } from '../src';
import { formatSummary } from '../src/components/span-table';
import { useFilteredSpans, useSpanTable, useWindowedAnnotations } from '../src/hooks';
import type { AnnotationAdapter, Span } from '../src/core';
import { withAnnotationProvider } from './support/decorators';

const meta = {
  title: 'Review/SpanTable',
  component: SpanTable,
  tags: ['autodocs'],
  decorators: [withAnnotationProvider],
  parameters: { annokit: { traces: 300, latencyMs: 30 } },
  args: { height: 360, onSelectionChange: fn(), onRowActivate: fn() },
} satisfies Meta<typeof SpanTable>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Every span of the project, newest pages loading as you scroll; click a header to sort, shift-click rows to select a range. */
export const Default: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const grid = await canvas.findByRole('grid', { name: 'Spans' });
    await canvas.findAllByRole('row', { selected: false });
    await userEvent.click(within(grid).getByRole('button', { name: 'Latency' }));
    await expect(canvas.getByRole('columnheader', { name: /Latency/ })).toHaveAttribute('aria-sort', 'ascending');
    const rows = within(grid).getAllByRole('row').slice(1);
    await userEvent.click(rows[0]!);
    await userEvent.click(rows[3]!, { shiftKey: true } as never);
    await expect(args.onSelectionChange).toHaveBeenCalled();
  },
};

/** The owner keeps selection, sort and hidden columns, and filters to LLM spans. */
export const Controlled: Story = {
  render: function Render(args) {
    const [selection, setSelection] = useState<string[]>([]);
    const [sort, setSort] = useState<SpanTableSort>({ columnId: 'tokens', direction: 'descending' });
    const [hidden, setHidden] = useState<string[]>(['kind', 'output']);
    return (
      <div style={{ display: 'grid', gap: 8 }}>
        <SpanTable
          {...args}
          condition="span_kind == 'LLM'"
          selection={selection}
          onSelectionChange={setSelection}
          sort={sort}
          onSortChange={setSort}
          hiddenColumns={hidden}
          onHiddenColumnsChange={setHidden}
        />
        <p>
          {selection.length} selected · sorted by {sort ? `${sort.columnId} ${sort.direction}` : 'backend order'} · hidden: {hidden.join(', ') || 'none'}
        </p>
      </div>
    );
  },
};

function failingAdapter(): AnnotationAdapter {
  const base = createMemoryAdapter();
  return { ...base, listSpans: () => Promise.reject(new Error('The span store is unreachable (503).')) };
}
function noSpansAdapter(): AnnotationAdapter {
  const { listSpans: _omit, ...rest } = createMemoryAdapter();
  return rest as AnnotationAdapter;
}

/** Loaded, empty filter, backend error and an adapter that cannot list spans. */
export const AllStates: Story = {
  render: (args) => (
    <div style={{ display: 'grid', gap: 16 }}>
      <SpanTable {...args} height={180} aria-label="Loaded" />
      <SpanTable {...args} height={120} condition="name == 'no-such-span'" aria-label="Empty" />
      <SpanTable {...args} height={120} spans={[]} aria-label="No rows given" />
    </div>
  ),
};

/** Failing backend (stays readable) — a separate story because the provider is per story. */
export const ErrorState: Story = {
  name: 'AllStates: error',
  parameters: { annokit: { adapter: () => failingAdapter() } },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole('alert')).toHaveTextContent('unreachable');
  },
};

/** No `listSpans` on the adapter: the table says so instead of spinning. */
export const NoCapability: Story = {
  name: 'AllStates: no capability',
  parameters: { annokit: { adapter: () => noSpansAdapter() } },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByRole('note')).toHaveTextContent('cannot list spans');
  },
};

function HeadlessTable() {
  const { spans } = useFilteredSpans({ condition: "span_kind == 'LLM'" });
  const names = ['correctness'];
  // The table sorts by the annotations it is given, so it reports its rows and window back (React
  // re-renders at once, before anything is shown).
  const [shown, setShown] = useState<{ rows: readonly Span[]; firstRow: number }>({ rows: [], firstRow: 0 });
  const { byTarget } = useWindowedAnnotations({ rowCount: shown.rows.length, spanIdAt: (row) => shown.rows[row]!.spanId, firstRow: shown.firstRow, names });
  const table = useSpanTable({ spans, annotationNames: names, annotationsByTarget: byTarget, rowHeight: 28, defaultHiddenColumns: ['input', 'output', 'kind'] });
  const firstRow = table.windowStart;
  if (shown.rows !== table.rows || shown.firstRow !== firstRow) setShown({ rows: table.rows, firstRow });
  return (
    <div {...table.getViewportProps()} aria-label="LLM spans" style={{ height: 300, overflow: 'auto', position: 'relative', fontSize: 13 }}>
      <div role="row" style={{ display: 'flex', position: 'sticky', top: 0, background: 'var(--ak-color-ak-surface)', zIndex: 1 }}>
        {table.columns.map((column) => (
          <div key={column.id} {...table.getHeaderProps(column)} style={{ flex: 1, fontWeight: 600 }} onClick={() => table.toggleSort(column.id)}>
            {column.header}
          </div>
        ))}
      </div>
      <div role="rowgroup" style={{ position: 'relative', height: table.totalHeight }}>
        {table.items.map((item) => {
          const selected = table.isSelected(item.span.spanId);
          return (
            <div key={item.span.spanId} {...table.getRowProps(item, { style: { display: 'flex', background: selected ? 'var(--ak-color-ak-surface)' : undefined } })}>
              {table.columns.map((column) => (
                <div key={column.id} role="gridcell" style={{ flex: 1, overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' }}>
                  {column.annotationName
                    ? table.getAnnotationSummary(item.span, column.annotationName).map(formatSummary).join(' · ')
                    : table.getCellText(item.span, column.id)}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** The same grid from `useSpanTable` alone: your markup, its sorting, selection, keyboard and windowing. */
export const Headless: Story = { render: () => <HeadlessTable /> };
