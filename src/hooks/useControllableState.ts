'use client';
import { useControllableState as useRadixControllableState } from '@radix-ui/react-use-controllable-state';
import { useCallback, useInsertionEffect, useRef, type MutableRefObject } from 'react';

export interface ControllableStateControls<T> {
  /** True when the owner passes `value`. */
  isControlled: boolean;
  /** The latest value, readable in handlers without waiting for a render. */
  currentRef: MutableRefObject<T>;
  /** Replaces an uncontrolled value without reporting it (a default recomputed for new data). */
  reset: (next: T) => void;
}

const NOTHING = Symbol('nothing');

/**
 * The `value` / `defaultValue` / `onValueChange` trio for one piece of UI state, held by
 * `@radix-ui/react-use-controllable-state` (which warns, in development, when a component switches
 * between controlled and uncontrolled). On top of it: functional updates chain within one handler
 * (each reads `currentRef`), and the two controls the trace viewer and span table need.
 * `onChange` fires only on a real change: at once when controlled, after the render when not.
 */
export function useControllableState<T>(
  value: T | undefined,
  defaultValue: T | (() => T),
  onChange?: (next: T) => void,
  /** The component or hook named in the development warning. */
  caller = 'An annokit component',
): [T, (next: T | ((previous: T) => T)) => void, ControllableStateControls<T>] {
  // A value set by `reset`, which the uncontrolled change report must not pass on.
  const silentRef = useRef<T | typeof NOTHING>(NOTHING);
  const report = useCallback(
    (next: T) => {
      const silent = silentRef.current;
      silentRef.current = NOTHING;
      if (silent !== NOTHING && Object.is(silent, next)) return;
      onChange?.(next);
    },
    [onChange],
  );
  const [current, setRadix] = useRadixControllableState<T>({
    prop: value,
    defaultProp: defaultValue as T,
    onChange: report,
    caller,
  });
  const isControlled = value !== undefined;
  // Follows each committed value; `set` moves it ahead at once, so two updates in one handler chain.
  const currentRef = useRef(current);
  useInsertionEffect(() => {
    currentRef.current = current;
  });
  const set = useCallback(
    (next: T | ((previous: T) => T)) => {
      const resolved = typeof next === 'function' ? (next as (previous: T) => T)(currentRef.current) : next;
      if (Object.is(resolved, currentRef.current)) return;
      currentRef.current = resolved;
      // A value, not a function: Radix would resolve a function against the rendered value.
      setRadix(() => resolved);
    },
    [setRadix],
  );
  const reset = useCallback(
    (next: T) => {
      if (Object.is(next, currentRef.current)) return;
      currentRef.current = next;
      silentRef.current = next;
      setRadix(() => next);
    },
    [setRadix],
  );
  return [current, set, { isControlled, currentRef, reset }];
}
