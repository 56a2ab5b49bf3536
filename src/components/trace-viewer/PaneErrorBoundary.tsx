'use client';
import { Component, type ErrorInfo, type ReactNode } from 'react';

export interface PaneErrorBoundaryProps {
  /** Renders what to show instead of the failed pane; `reset` re-renders the children. */
  fallback: (error: unknown, reset: () => void) => ReactNode;
  /** Called once per caught error (for the host's error reporting). */
  onError?: (error: unknown, info: ErrorInfo) => void;
  /** When any of these change, a failed pane tries again (e.g. another span was selected). */
  resetKeys?: readonly unknown[];
  children?: ReactNode;
}

interface State {
  error: { value: unknown } | null;
  resetKeys: readonly unknown[] | undefined;
}

/** Keeps one pane's render error inside that pane: the tree survives a details crash and vice versa. */
export class PaneErrorBoundary extends Component<PaneErrorBoundaryProps, State> {
  override state: State = { error: null, resetKeys: this.props.resetKeys };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: { value: error } };
  }

  static getDerivedStateFromProps(props: PaneErrorBoundaryProps, state: State): Partial<State> | null {
    const changed =
      props.resetKeys !== state.resetKeys &&
      (props.resetKeys?.length !== state.resetKeys?.length ||
        props.resetKeys?.some((key, index) => !Object.is(key, state.resetKeys?.[index])));
    if (changed) return { resetKeys: props.resetKeys, error: null };
    return props.resetKeys !== state.resetKeys ? { resetKeys: props.resetKeys } : null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    this.props.onError?.(error, info);
  }

  reset = () => this.setState({ error: null });

  override render() {
    return this.state.error ? this.props.fallback(this.state.error.value, this.reset) : this.props.children;
  }
}
