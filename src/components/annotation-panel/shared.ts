import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { LocaleFormats } from '../../hooks/useLocaleFormats';
import type { annotationPanelMessages } from './messages';

// What the annotation panel's parts (AnnotationPanel, FieldEditor, NotesSection, AnnotationItem) share.

export type Messages = typeof annotationPanelMessages;

export function formatTime(iso: string, formats: LocaleFormats): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formats.dateTime(date);
}

export const buttonClass =
  'ak:inline-flex ak:cursor-pointer ak:items-center ak:gap-1.5 ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2.5 ak:py-1 ak:text-sm ak:text-ak-fg ak:hover:bg-ak-surface-hover ak:focus-visible:outline-2 ak:focus-visible:outline-offset-1 ak:focus-visible:outline-ak-focus ak:disabled:cursor-not-allowed ak:disabled:opacity-60';
export const inputClass =
  'ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:py-1 ak:text-sm ak:text-ak-fg ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus ak:aria-[invalid=true]:border-ak-negative ak:disabled:opacity-60';

/** mod+Enter: save from a text box. */
export function isSaveKey(event: ReactKeyboardEvent) {
  return event.key === 'Enter' && (event.ctrlKey || event.metaKey);
}
