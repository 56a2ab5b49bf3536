'use client';
import { useInsertionEffect, useRef, type RefObject } from 'react';

/**
 * A ref that holds the value of the last committed render, for handlers, timers and effects that
 * must see the latest props without being recreated. It is written after render (a render React
 * throws away never leaks into it), in an insertion effect: that runs before every layout and
 * passive effect of the commit, so those already read the new value, and unlike a layout effect it
 * raises no warning on the server under React 18.
 */
export function useLatestRef<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useInsertionEffect(() => {
    ref.current = value;
  });
  return ref;
}
