import { act, fireEvent, render, renderHook, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useRef } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { formatHotkey, matchesHotkey, useReviewHotkeys, type ReviewHotkey } from '../../src/hooks/useReviewHotkeys';

function Harness({ hotkeys, scoped = false }: { hotkeys: ReviewHotkey[]; scoped?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const { isCheatSheetOpen, hotkeys: list } = useReviewHotkeys(hotkeys, scoped ? { scopeRef: ref } : {});
  return (
    <div>
      <div ref={ref} data-testid="scope">
        <button type="button">inside</button>
        <input aria-label="text" />
        <textarea aria-label="area" />
        <div contentEditable suppressContentEditableWarning aria-label="rich" role="textbox" tabIndex={0}>
          <span>x</span>
        </div>
        <div role="dialog" aria-label="popover">
          <button type="button">in dialog</button>
        </div>
      </div>
      <button type="button">outside</button>
      <output aria-label="cheat sheet">{isCheatSheetOpen ? list.map((item) => `${item.label}: ${item.description}`).join('; ') : 'closed'}</output>
    </div>
  );
}

describe('useReviewHotkeys', () => {
  it('runs the handler of the matching key with the key that matched', async () => {
    const pick = vi.fn();
    render(<Harness hotkeys={[{ keys: ['1', '2'], description: 'pick', handler: pick }]} />);
    screen.getByRole('button', { name: 'inside' }).focus();
    await userEvent.keyboard('2');
    expect(pick).toHaveBeenCalledTimes(1);
    expect(pick.mock.calls[0]?.[1]).toBe('2');
  });

  it('stays quiet while typing in an input, a textarea or contenteditable', async () => {
    const note = vi.fn();
    render(<Harness hotkeys={[{ keys: 'n', description: 'note', handler: note }]} />);
    await userEvent.click(screen.getByRole('textbox', { name: 'text' }));
    await userEvent.keyboard('n');
    await userEvent.click(screen.getByRole('textbox', { name: 'area' }));
    await userEvent.keyboard('n');
    fireEvent.keyDown(screen.getByText('x'), { key: 'n' });
    expect(note).not.toHaveBeenCalled();
    expect(screen.getByRole('textbox', { name: 'text' })).toHaveValue('n');
  });

  it('fires mod+Enter inside inputs when the key allows it, with Ctrl or Meta', async () => {
    const save = vi.fn();
    render(<Harness hotkeys={[{ keys: 'mod+Enter', description: 'save', handler: save, allowInInputs: true }]} />);
    await userEvent.click(screen.getByRole('textbox', { name: 'text' }));
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await userEvent.keyboard('{Meta>}{Enter}{/Meta}');
    await userEvent.keyboard('{Enter}');
    expect(save).toHaveBeenCalledTimes(2);
  });

  it('ignores keys that feed an IME composition', () => {
    const pick = vi.fn();
    render(<Harness hotkeys={[{ keys: '1', description: 'pick', handler: pick }]} />);
    const button = screen.getByRole('button', { name: 'inside' });
    fireEvent.keyDown(button, { key: '1', isComposing: true });
    fireEvent.keyDown(button, { key: '1', keyCode: 229 });
    expect(pick).not.toHaveBeenCalled();
    fireEvent.keyDown(button, { key: '1' });
    expect(pick).toHaveBeenCalledTimes(1);
  });

  it('leaves keys pressed inside a dialog to the dialog', async () => {
    const pick = vi.fn();
    render(<Harness hotkeys={[{ keys: '1', description: 'pick', handler: pick }]} />);
    screen.getByRole('button', { name: 'in dialog' }).focus();
    await userEvent.keyboard('1');
    expect(pick).not.toHaveBeenCalled();
  });

  it('stays quiet while a modal dialog is open elsewhere on the page', async () => {
    const pick = vi.fn();
    render(<Harness hotkeys={[{ keys: '1', description: 'pick', handler: pick }]} />);
    const modal = document.createElement('div');
    modal.setAttribute('role', 'dialog');
    modal.setAttribute('aria-modal', 'true');
    document.body.append(modal);
    screen.getByRole('button', { name: 'inside' }).focus();
    await userEvent.keyboard('1');
    expect(pick).not.toHaveBeenCalled();
    modal.remove();
    await userEvent.keyboard('1');
    expect(pick).toHaveBeenCalledTimes(1);
  });

  it('listens only inside its scope when given one', async () => {
    const pick = vi.fn();
    render(<Harness scoped hotkeys={[{ keys: '1', description: 'pick', handler: pick }]} />);
    screen.getByRole('button', { name: 'outside' }).focus();
    await userEvent.keyboard('1');
    expect(pick).not.toHaveBeenCalled();
    screen.getByRole('button', { name: 'inside' }).focus();
    await userEvent.keyboard('1');
    expect(pick).toHaveBeenCalledTimes(1);
  });

  it('toggles a cheat sheet that lists every key with ?', async () => {
    render(<Harness hotkeys={[{ keys: ['1', '2'], label: '1–2', description: 'pick', handler: () => {} }, { keys: 'mod+Enter', description: 'save', handler: () => {} }]} />);
    screen.getByRole('button', { name: 'inside' }).focus();
    expect(screen.getByRole('status', { name: 'cheat sheet' })).toHaveTextContent('closed');
    await userEvent.keyboard('?');
    expect(screen.getByRole('status', { name: 'cheat sheet' })).toHaveTextContent(/1–2: pick; (Ctrl|⌘)\+Enter: save; \?: Show or hide these shortcuts/);
    await userEvent.keyboard('?');
    expect(screen.getByRole('status', { name: 'cheat sheet' })).toHaveTextContent('closed');
  });

  it('follows a controlled cheat-sheet state and reports changes', () => {
    const onChange = vi.fn();
    const { result } = renderHook(() => useReviewHotkeys([], { cheatSheetOpen: false, onCheatSheetOpenChange: onChange }));
    act(() => result.current.setCheatSheetOpen(true));
    expect(onChange).toHaveBeenCalledWith(true);
    expect(result.current.isCheatSheetOpen).toBe(false);
  });

  it('does nothing when disabled or when a key is disabled', async () => {
    const pick = vi.fn();
    const { rerender } = renderHook(({ enabled }) => useReviewHotkeys([{ keys: '1', description: 'pick', handler: pick, enabled }]), {
      initialProps: { enabled: false },
    });
    await userEvent.keyboard('1');
    expect(pick).not.toHaveBeenCalled();
    rerender({ enabled: true });
    await userEvent.keyboard('1');
    expect(pick).toHaveBeenCalledTimes(1);
  });
});

describe('matchesHotkey', () => {
  const key = (key: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
  });
  it('treats shift as part of typing ? but not of a letter', () => {
    expect(matchesHotkey(key('?', { shiftKey: true }), '?')).toBe(true);
    expect(matchesHotkey(key('N', { shiftKey: true }), 'n')).toBe(false);
    expect(matchesHotkey(key('J', { shiftKey: true }), 'shift+j')).toBe(true);
    expect(matchesHotkey(key('n', { ctrlKey: true }), 'n')).toBe(false);
  });
  it('writes mod as ⌘ on a Mac and Ctrl elsewhere', () => {
    expect(formatHotkey('mod+Enter', true)).toBe('⌘+Enter');
    expect(formatHotkey('mod+Enter', false)).toBe('Ctrl+Enter');
    expect(formatHotkey('n', false)).toBe('N');
  });
});
