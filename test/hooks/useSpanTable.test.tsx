import { act } from '@testing-library/react';
import type { MouseEvent } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { useSpanTable } from '../../src/hooks';
import { makeSpan, T0 } from '../components/trace-viewer/fixtures';
import { renderHookWithProvider } from '../support/render';

const spans = ['a', 'b', 'c'].map((id, index) => makeSpan({ spanId: id, name: id, startTime: T0 + index, endTime: T0 + index + 1 }));

/** A click as React hands it to a handler: `preventDefault` sets `defaultPrevented`. */
function click(init: { shiftKey?: boolean } = {}) {
  const event = { shiftKey: false, metaKey: false, ctrlKey: false, defaultPrevented: false, ...init } as MouseEvent<HTMLElement> & { defaultPrevented: boolean };
  event.preventDefault = () => {
    (event as { defaultPrevented: boolean }).defaultPrevented = true;
  };
  return event;
}

describe('useSpanTable.getRowProps', () => {
  it("runs the caller's onClick first and selects the row unless it called preventDefault()", () => {
    const { result } = renderHookWithProvider(() => useSpanTable({ spans }));
    const order: string[] = [];
    const row = () => result.current.items[1]!;
    act(() => result.current.getRowProps(row(), { onClick: () => order.push('caller') }).onClick(click()));
    order.push(`selected: ${result.current.selection.join(',')}`);
    expect(order).toEqual(['caller', 'selected: b']);

    act(() => result.current.getRowProps(row(), { onClick: (event) => event.preventDefault() }).onClick(click()));
    expect(result.current.selection).toEqual(['b']);
  });

  it("composes onDoubleClick the same way, and lays the caller's style over the row's position", () => {
    const onActivate = vi.fn();
    const { result } = renderHookWithProvider(() => useSpanTable({ spans, onActivate, rowHeight: 30 }));
    const item = result.current.items[2]!;
    const blocked = result.current.getRowProps(item, { onDoubleClick: (event) => event.preventDefault() });
    blocked.onDoubleClick(click());
    expect(onActivate).not.toHaveBeenCalled();
    const props = result.current.getRowProps(item, { style: { display: 'grid', height: 40 }, title: 'c row' });
    props.onDoubleClick(click());
    expect(onActivate).toHaveBeenCalledWith(spans[2], 2);
    expect(props.style).toEqual({ position: 'absolute', top: 60, left: 0, right: 0, height: 40, display: 'grid' });
    expect(props.title).toBe('c row');
  });

  it("keeps the row's id, role and state when the caller passes its own", () => {
    const { result } = renderHookWithProvider(() => useSpanTable({ spans }));
    const props = result.current.getRowProps(result.current.items[0]!, { id: 'mine', role: 'button', 'aria-selected': true });
    expect(props.id).toBe(`${result.current.rowIdPrefix}0`);
    expect(props.role).toBe('row');
    expect(props['aria-selected']).toBe(false);
  });
});
