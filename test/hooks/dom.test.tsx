import { afterEach, describe, expect, it, vi } from 'vitest';
import { composeEventHandlers, isEditableTarget } from '../../src/hooks/dom';

function element(html: string, selector: string): Element {
  const host = document.createElement('div');
  host.innerHTML = html;
  document.body.append(host);
  return host.querySelector(selector)!;
}

afterEach(() => document.body.replaceChildren());

describe('isEditableTarget', () => {
  it.each([
    ['a text input', '<input type="text" data-target>'],
    ['an input without a type', '<input data-target>'],
    ['a search input', '<input type="search" data-target>'],
    ['a number input', '<input type="number" data-target>'],
    ['a textarea', '<textarea data-target></textarea>'],
    ['a select', '<select data-target><option>a</option></select>'],
    ['a contenteditable element', '<div contenteditable="true" data-target></div>'],
    ['an element inside a contenteditable region', '<div contenteditable=""><p><b data-target>x</b></p></div>'],
  ])('treats %s as a field the user types in', (_, html) => {
    expect(isEditableTarget(element(html, '[data-target]'))).toBe(true);
  });

  it.each([
    ['a checkbox', '<input type="checkbox" data-target>'],
    ['a radio', '<input type="radio" data-target>'],
    ['an input button', '<input type="button" data-target>'],
    ['a submit input', '<input type="submit" data-target>'],
    ['a button', '<button data-target>Go</button>'],
    ['a plain element', '<div tabindex="0" data-target></div>'],
  ])('treats %s as a place where keys are commands', (_, html) => {
    expect(isEditableTarget(element(html, '[data-target]'))).toBe(false);
  });

  it('is false for what is not an element (the window, null)', () => {
    expect(isEditableTarget(window)).toBe(false);
    expect(isEditableTarget(null)).toBe(false);
  });
});

describe('composeEventHandlers', () => {
  it("runs the caller's handler first, then ours", () => {
    const calls: string[] = [];
    const handler = composeEventHandlers<{ defaultPrevented: boolean }>(
      () => calls.push('theirs'),
      () => calls.push('ours'),
    );
    handler({ defaultPrevented: false });
    expect(calls).toEqual(['theirs', 'ours']);
  });

  it('skips ours when the caller prevented the default', () => {
    const ours = vi.fn();
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    composeEventHandlers<typeof event>((e) => e.preventDefault(), ours)(event);
    expect(ours).not.toHaveBeenCalled();
  });
});
