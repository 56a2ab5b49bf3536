import { act, renderHook } from '@testing-library/react';
import type { UIEvent } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useFixedRowWindow, type UseFixedRowWindowOptions } from '../../src/hooks';

/** A scrolling element whose height the test sets (jsdom lays nothing out). */
function viewport(height: number) {
  const node = document.createElement('div');
  let clientHeight = height;
  Object.defineProperty(node, 'clientHeight', { get: () => clientHeight });
  return { node, resize: (next: number) => (clientHeight = next) };
}

/** A ResizeObserver the test triggers by hand. */
function fakeResizeObserver() {
  const observers: { callback: () => void; observed: Element[]; disconnected: boolean }[] = [];
  class Fake {
    entry: (typeof observers)[number];
    constructor(callback: () => void) {
      this.entry = { callback, observed: [], disconnected: false };
      observers.push(this.entry);
    }
    observe(node: Element) {
      this.entry.observed.push(node);
    }
    unobserve() {}
    disconnect() {
      this.entry.disconnected = true;
    }
  }
  vi.stubGlobal('ResizeObserver', Fake);
  return observers;
}

const scrollEvent = (node: HTMLElement) => ({ currentTarget: node }) as unknown as UIEvent<HTMLElement>;

function setup(options: Partial<UseFixedRowWindowOptions> = {}) {
  return renderHook((props: Partial<UseFixedRowWindowOptions>) => useFixedRowWindow({ rowCount: 1_000, rowHeight: 20, overscan: 2, initialViewportHeight: 100, ...props }), {
    initialProps: options,
  });
}

afterEach(() => vi.unstubAllGlobals());

describe('useFixedRowWindow', () => {
  it('renders the rows in the viewport plus the overscan, and follows the scroll', () => {
    const { result } = setup();
    expect(result.current.rows).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(result.current.totalHeight).toBe(20_000);
    const { node } = viewport(100);
    act(() => result.current.viewportRef(node));
    node.scrollTop = 500;
    act(() => result.current.onScroll(scrollEvent(node)));
    expect([result.current.start, result.current.end]).toEqual([23, 32]);
    expect(result.current.rows).toEqual([23, 24, 25, 26, 27, 28, 29, 30, 31]);
  });

  it('keeps the kept row rendered in row order when it is outside the window', () => {
    const { result, rerender } = setup({ keepRow: 500 });
    expect(result.current.rows).toEqual([0, 1, 2, 3, 4, 5, 6, 500]);
    const { node } = viewport(100);
    act(() => result.current.viewportRef(node));
    node.scrollTop = 4_000;
    act(() => result.current.onScroll(scrollEvent(node)));
    rerender({ keepRow: 3 });
    expect(result.current.rows[0]).toBe(3);
    expect(result.current.rows.slice(1)).toEqual([198, 199, 200, 201, 202, 203, 204, 205, 206]);
  });

  it('follows the viewport size through a ResizeObserver, and stops observing when the element goes', () => {
    const observers = fakeResizeObserver();
    const { result } = setup();
    const { node, resize } = viewport(100);
    act(() => result.current.viewportRef(node));
    expect(observers[0]!.observed).toEqual([node]);
    resize(400);
    act(() => observers[0]!.callback());
    expect(result.current.viewportHeight).toBe(400);
    expect(result.current.visibleCount).toBe(20);
    expect(result.current.end).toBe(22);
    act(() => result.current.viewportRef(null));
    expect(observers[0]!.disconnected).toBe(true);
  });

  it('scrolls the least distance that shows a row whole below the header', () => {
    const { result } = setup({ headerHeight: 20 });
    const { node } = viewport(100);
    act(() => result.current.viewportRef(node));
    act(() => result.current.scrollToRow(10));
    // Row 10 spans 200–220 under a 20 px header: its bottom must reach 240 − 100.
    expect(node.scrollTop).toBe(140);
    expect(result.current.start).toBe(5);
    act(() => result.current.scrollToRow(12));
    expect(node.scrollTop).toBe(180);
    act(() => result.current.scrollToRow(3));
    expect(node.scrollTop).toBe(60);
    act(() => result.current.scrollToRow(4));
    expect(node.scrollTop).toBe(60);
  });

  it('reports each scroll with the first visible row and the viewport height', () => {
    const onScroll = vi.fn();
    const { result } = setup({ onScroll });
    const { node } = viewport(300);
    node.scrollTop = 210;
    act(() => result.current.onScroll(scrollEvent(node)));
    expect(onScroll).toHaveBeenCalledWith(10, 300);
  });
});
