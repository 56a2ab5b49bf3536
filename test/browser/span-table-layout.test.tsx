import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-react';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { SpanTable } from '../../src/components/span-table';
import { AnnotationProvider, createAnnokitQueryClient } from '../../src/provider';
import { makeSpan, T0 } from '../components/trace-viewer/fixtures';

const spans = Array.from({ length: 50 }, (_, index) =>
  makeSpan({ spanId: `s${index}`, name: `step-${index}`, startTime: T0 + index, endTime: T0 + index + 20, attributes: { input: { value: `q${index}` } } }),
);

describe('SpanTable layout in Chromium', () => {
  it('keeps header and cells aligned when the table is narrower than its columns and scrolls sideways', async () => {
    const screen = await render(
      <AnnotationProvider adapter={createMemoryAdapter()} queryClient={createAnnokitQueryClient()}>
        <div style={{ width: 480 }}>
          <SpanTable spans={spans} annotationNames={['quality']} height={300} />
        </div>
      </AnnotationProvider>,
    );
    const grid = screen.container.querySelector<HTMLElement>('[role="grid"]')!;
    await expect.poll(() => grid.querySelectorAll('[data-slot="span-table-row"]').length).toBeGreaterThan(3);
    expect(grid.scrollWidth).toBeGreaterThan(grid.clientWidth);
    for (const column of ['name', 'output', 'annotation:quality']) {
      const header = grid.querySelector(`[role="columnheader"][data-column="${column}"]`)!.getBoundingClientRect();
      const cell = grid.querySelector(`[data-slot="span-table-row"] [data-column="${column}"]`)!.getBoundingClientRect();
      expect(Math.abs(cell.left - header.left)).toBeLessThan(1);
      expect(Math.abs(cell.width - header.width)).toBeLessThan(1);
    }
    grid.scrollLeft = grid.scrollWidth;
    const header = grid.querySelector('[role="columnheader"][data-column="annotation:quality"]')!.getBoundingClientRect();
    const cell = grid.querySelector('[data-slot="span-table-row"] [data-column="annotation:quality"]')!.getBoundingClientRect();
    expect(Math.abs(cell.left - header.left)).toBeLessThan(1);
  });
});

describe('SpanTable virtual window in Chromium', () => {
  it('renders rows down to the bottom of the viewport after the table grows, without a scroll', async () => {
    const many = Array.from({ length: 500 }, (_, index) => makeSpan({ spanId: `r${index}`, name: `row-${index}`, startTime: T0 + index, endTime: T0 + index + 5 }));
    const client = createAnnokitQueryClient();
    const adapter = createMemoryAdapter();
    const ui = (height: number) => (
      <AnnotationProvider adapter={adapter} queryClient={client}>
        <SpanTable spans={many} annotationNames={[]} height={height} rowHeight={36} />
      </AnnotationProvider>
    );
    const screen = await render(ui(200));
    const grid = screen.container.querySelector<HTMLElement>('[role="grid"]')!;
    const lastRowBottom = () =>
      Math.max(...[...grid.querySelectorAll<HTMLElement>('[data-slot="span-table-row"]')].map((row) => row.getBoundingClientRect().bottom));
    await expect.poll(() => lastRowBottom()).toBeGreaterThanOrEqual(grid.getBoundingClientRect().bottom);
    await screen.rerender(ui(900));
    await expect.poll(() => grid.getBoundingClientRect().height).toBeGreaterThan(800);
    await expect.poll(() => lastRowBottom()).toBeGreaterThanOrEqual(grid.getBoundingClientRect().bottom);
  });
});
