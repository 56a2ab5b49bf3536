import { forwardRef, type ButtonHTMLAttributes, type Ref } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { AnnotationPanel, Feedback } from '../../src';
import { renderWithProvider } from '../support/render';

const target = { kind: 'span' as const, spanId: 'msg-1' };

/** A React 19 callback ref that returns a clean-up, recording what React did with it. */
function cleanupRef<T>(log: string[], name: string): Ref<T> {
  return (node: T | null) => {
    log.push(`${name}:${node === null ? 'null' : 'node'}`);
    return () => {
      log.push(`${name}:cleanup`);
    };
  };
}

describe('composed refs (React 19 ref clean-ups)', () => {
  it("runs the clean-ups of both the part's ref and the asChild element's own ref on unmount", () => {
    const log: string[] = [];
    const MyButton = forwardRef<HTMLButtonElement, ButtonHTMLAttributes<HTMLButtonElement>>(function MyButton(props, ref) {
      return <button ref={ref} {...props} />;
    });
    const view = renderWithProvider(
      <Feedback.Root target={target}>
        <Feedback.Up asChild ref={cleanupRef<HTMLButtonElement>(log, 'part')}>
          <MyButton ref={cleanupRef<HTMLButtonElement>(log, 'own')}>Yes</MyButton>
        </Feedback.Up>
      </Feedback.Root>,
    );
    expect(log).toEqual(['part:node', 'own:node']);
    view.unmount();
    // The clean-ups run instead of a call with null, as React 19 does for a single callback ref.
    expect(log).toEqual(['part:node', 'own:node', 'part:cleanup', 'own:cleanup']);
  });

  it("runs the clean-up of a ref given to a component that also keeps one of its own", () => {
    const log: string[] = [];
    const view = renderWithProvider(<AnnotationPanel target={target} ref={cleanupRef<HTMLElement>(log, 'panel')} />);
    expect(log).toEqual(['panel:node']);
    view.unmount();
    expect(log).toEqual(['panel:node', 'panel:cleanup']);
  });

  it('keeps the same composed ref across renders, so a host ref is not detached and attached on every render', () => {
    const ref = vi.fn();
    const view = renderWithProvider(<AnnotationPanel target={target} ref={ref} />);
    const calls = ref.mock.calls.length;
    view.rerender(<AnnotationPanel target={target} ref={ref} />);
    expect(ref.mock.calls.length).toBe(calls);
  });
});
