'use client';
import { forwardRef, useEffect, useRef, type HTMLAttributes } from 'react';
import type { ReviewHotkeyDescription } from '../../hooks/useReviewHotkeys';
import { cn } from '../primitives/cn';

export interface HotkeyCheatSheetProps extends Omit<HTMLAttributes<HTMLDivElement>, 'title'> {
  /** The shortcuts to list, as `useReviewHotkeys` returns them. */
  hotkeys: readonly ReviewHotkeyDescription[];
  /** Whether the sheet is shown. */
  open: boolean;
  /** Called with false when the reviewer closes it (Escape, `?` or the close button). */
  onOpenChange: (open: boolean) => void;
  /** Heading and accessible name. Default `Keyboard shortcuts`. */
  title?: string;
  /** Text of the close button. Default `Close`. */
  closeLabel?: string;
  /** Column headings. Default `Key` and `Action`. */
  columnLabels?: [string, string];
}

/**
 * The `?` cheat sheet: a non-modal dialog listing every key. Focus moves into it when it opens
 * and back where it was when it closes.
 */
export const HotkeyCheatSheet = forwardRef<HTMLDivElement, HotkeyCheatSheetProps>(function HotkeyCheatSheet(
  { hotkeys, open, onOpenChange, title = 'Keyboard shortcuts', closeLabel = 'Close', columnLabels = ['Key', 'Action'], className, onKeyDown, ...props },
  ref,
) {
  const closeRef = useRef<HTMLButtonElement>(null);
  const returnFocusRef = useRef<Element | null>(null);
  useEffect(() => {
    if (!open) return;
    returnFocusRef.current = document.activeElement;
    closeRef.current?.focus();
    return () => {
      const previous = returnFocusRef.current;
      if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
    };
  }, [open]);
  if (!open) return null;
  return (
    <div
      role="dialog"
      aria-label={title}
      data-slot="hotkey-cheat-sheet"
      data-state="open"
      {...props}
      ref={ref}
      className={cn(
        'ak:rounded-ak-lg ak:border ak:border-ak-border ak:bg-ak-bg ak:p-3 ak:text-sm ak:text-ak-fg ak:shadow-lg',
        className,
      )}
      onKeyDown={(event) => {
        onKeyDown?.(event);
        if (event.defaultPrevented) return;
        if (event.key === 'Escape' || event.key === '?') {
          event.preventDefault();
          event.stopPropagation();
          onOpenChange(false);
        }
      }}
    >
      <div className="ak:mb-2 ak:flex ak:items-center ak:justify-between ak:gap-4">
        <p data-slot="hotkey-cheat-sheet-title" className="ak:m-0 ak:font-semibold">
          {title}
        </p>
        <button
          ref={closeRef}
          type="button"
          data-slot="hotkey-cheat-sheet-close"
          className="ak:cursor-pointer ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-surface ak:px-2 ak:py-0.5 ak:text-ak-fg ak:hover:bg-ak-surface-hover ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus"
          onClick={() => onOpenChange(false)}
        >
          {closeLabel}
        </button>
      </div>
      <table data-slot="hotkey-cheat-sheet-table" className="ak:w-full ak:border-collapse">
        <thead>
          <tr>
            <th scope="col" className="ak:py-1 ak:pr-4 ak:text-left ak:font-medium ak:text-ak-muted">
              {columnLabels[0]}
            </th>
            <th scope="col" className="ak:py-1 ak:text-left ak:font-medium ak:text-ak-muted">
              {columnLabels[1]}
            </th>
          </tr>
        </thead>
        <tbody>
          {hotkeys.map((hotkey) => (
            <tr key={hotkey.keys.join(' ')} data-slot="hotkey-cheat-sheet-row">
              <td className="ak:py-1 ak:pr-4 ak:align-top">
                <kbd className="ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-surface ak:px-1.5 ak:font-ak-mono ak:text-xs">
                  {hotkey.label}
                </kbd>
              </td>
              <td className="ak:py-1">{hotkey.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
