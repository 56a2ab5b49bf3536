'use client';
import {
  Children,
  cloneElement,
  forwardRef,
  isValidElement,
  type HTMLAttributes,
  type ReactNode,
  type Ref,
  type SyntheticEvent,
} from 'react';
import { composeEventHandlers } from '../../hooks/dom';

export function mergeRefs<T>(...refs: Array<Ref<T> | undefined>) {
  return (node: T | null) => {
    for (const ref of refs) {
      if (typeof ref === 'function') ref(node);
      else if (ref) (ref as { current: T | null }).current = node;
    }
  };
}

type AnyProps = Record<string, unknown>;

function mergeProps(slotProps: AnyProps, childProps: AnyProps): AnyProps {
  const merged: AnyProps = { ...slotProps, ...childProps };
  for (const key of Object.keys(slotProps)) {
    const ours = slotProps[key];
    const theirs = childProps[key];
    if (/^on[A-Z]/.test(key) && typeof ours === 'function' && typeof theirs === 'function') {
      merged[key] = composeEventHandlers(theirs as (e: SyntheticEvent) => void, ours as (e: SyntheticEvent) => void);
    } else if (key === 'className' && ours && theirs) {
      merged[key] = `${String(ours)} ${String(theirs)}`;
    } else if (key === 'style' && ours && theirs) {
      merged[key] = { ...(ours as object), ...(theirs as object) };
    }
  }
  return merged;
}

/**
 * Renders its only child with our props merged in (the `asChild` pattern): handlers composed,
 * classes joined, refs merged. Lets a design system's own button carry annokit's behaviour.
 */
export const Slot = forwardRef<HTMLElement, HTMLAttributes<HTMLElement> & { children?: ReactNode }>(
  function Slot({ children, ...props }, forwardedRef) {
    const child = Children.only(children);
    if (!isValidElement<AnyProps>(child)) return null;
    const childRef = (child.props as { ref?: Ref<HTMLElement> }).ref ?? (child as unknown as { ref?: Ref<HTMLElement> }).ref;
    return cloneElement(child, {
      ...mergeProps(props as AnyProps, child.props),
      ref: mergeRefs(forwardedRef, childRef),
    } as AnyProps);
  },
);
