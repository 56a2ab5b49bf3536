import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useControllableState } from '../../src/hooks/useControllableState';

afterEach(() => vi.restoreAllMocks());

describe('useControllableState', () => {
  it('warns, naming the caller, when a value switches from controlled to uncontrolled', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { rerender } = renderHook(({ value }: { value?: string }) => useControllableState(value, 'a', undefined, 'FilterBar'), {
      initialProps: { value: 'b' as string | undefined },
    });
    expect(warn).not.toHaveBeenCalled();
    rerender({ value: undefined });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('FilterBar is changing from controlled to uncontrolled'));
  });

  it('warns when a value switches from uncontrolled to controlled', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { rerender } = renderHook(({ value }: { value?: string }) => useControllableState(value, 'a', undefined, 'SpanTable'), {
      initialProps: { value: undefined as string | undefined },
    });
    rerender({ value: 'b' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('SpanTable is changing from uncontrolled to controlled'));
  });

  it('reports a real change once, chains two updates in one handler, and ignores a set to the same value', () => {
    const onChange = vi.fn();
    const { result } = renderHook(() => useControllableState<number>(undefined, 1, onChange));
    act(() => {
      result.current[1]((n) => n + 1);
      result.current[1]((n) => n + 1);
    });
    expect(result.current[0]).toBe(3);
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenLastCalledWith(3);
    act(() => result.current[1](3));
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('reports a controlled change without changing what is shown, and reset does not report', () => {
    const onChange = vi.fn();
    const controlled = renderHook(() => useControllableState<number>(5, 1, onChange));
    act(() => controlled.result.current[1](6));
    expect(controlled.result.current[0]).toBe(5);
    expect(onChange).toHaveBeenCalledWith(6);
    const own = vi.fn();
    const uncontrolled = renderHook(() => useControllableState<number>(undefined, 1, own));
    act(() => uncontrolled.result.current[2].reset(9));
    expect(uncontrolled.result.current[0]).toBe(9);
    expect(own).not.toHaveBeenCalled();
    act(() => uncontrolled.result.current[1](10));
    expect(own).toHaveBeenCalledWith(10);
  });
});
