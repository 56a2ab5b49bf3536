'use client';
import { useCallback, useInsertionEffect, useRef, useState, type MutableRefObject } from 'react';
import { useLatestRef } from './useLatestRef';

export interface ControllableStateControls<T> {
  /** True when the owner passes `value`. */
  isControlled: boolean;
  /** The latest value, readable in handlers without waiting for a render. */
  currentRef: MutableRefObject<T>;
  /** Replaces an uncontrolled value without reporting it (a default recomputed for new data). */
  reset: (next: T) => void;
}

/**
 * The `value` / `defaultValue` / `onValueChange` trio for one piece of UI state: controlled when
 * `value` is defined, otherwise held here. `onChange` fires either way, only on a real change.
 */
export function useControllableState<T>(
  value: T | undefined,
  defaultValue: T | (() => T),
  onChange?: (next: T) => void,
): [T, (next: T | ((previous: T) => T)) => void, ControllableStateControls<T>] {
  const [own, setOwn] = useState<T>(defaultValue);
  const isControlled = value !== undefined;
  const current = isControlled ? value : own;
  // Follows each committed value; `set` moves it ahead at once, so two updates in one handler chain.
  const currentRef = useRef(current);
  useInsertionEffect(() => {
    currentRef.current = current;
  });
  const onChangeRef = useLatestRef(onChange);
  const set = useCallback(
    (next: T | ((previous: T) => T)) => {
      const resolved = typeof next === 'function' ? (next as (previous: T) => T)(currentRef.current) : next;
      if (Object.is(resolved, currentRef.current)) return;
      currentRef.current = resolved;
      if (!isControlled) setOwn(resolved);
      onChangeRef.current?.(resolved);
    },
    [isControlled, onChangeRef],
  );
  const reset = useCallback((next: T) => {
    currentRef.current = next;
    setOwn(next);
  }, []);
  return [current, set, { isControlled, currentRef, reset }];
}
