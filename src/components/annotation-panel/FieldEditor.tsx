'use client';
import * as Popover from '@radix-ui/react-popover';
import { useId } from 'react';
import type { AnnotationPanelField, UseAnnotationPanelResult } from '../../hooks/useAnnotationPanel';
import { formatHotkey, useApplePlatform } from '../../hooks/useReviewHotkeys';
import { useLocaleFormats } from '../../hooks/useLocaleFormats';
import { formatMessage } from '../../provider/messages';
import { cn } from '../primitives/cn';
import { buttonClass, inputClass, isSaveKey, type Messages } from './shared';

/** The reviewer's own inputs for one annotation name, generated from its config. */
export function FieldEditor({
  field,
  panel,
  messages: m,
  explaining,
  onExplainingChange,
}: {
  field: AnnotationPanelField;
  panel: UseAnnotationPanelResult;
  messages: Messages;
  explaining: boolean;
  onExplainingChange: (open: boolean) => void;
}) {
  const errorId = useId();
  const inputId = useId();
  const config = field.config!;
  const invalid = field.status === 'invalid';
  const describedBy = field.error ? errorId : undefined;
  const suggestion = field.suggestion;
  const formats = useLocaleFormats();
  const mac = useApplePlatform();
  return (
    <div
      data-slot="annotation-editor"
      role="group"
      aria-label={formatMessage(m.yourValue, { name: field.name })}
      className="ak:flex ak:flex-col ak:gap-2 ak:border-t ak:border-ak-border ak:pt-2"
    >
      {config.type === 'categorical' && (
        <div role="group" aria-label={formatMessage(m.labelGroup, { name: field.name })} data-slot="annotation-categories" className="ak:flex ak:flex-wrap ak:gap-1.5">
          {config.values.map((value, index) => {
            const selected = field.value.label === value.label;
            return (
              <button
                key={value.label}
                type="button"
                aria-pressed={selected}
                aria-describedby={describedBy}
                aria-keyshortcuts={index < 9 ? String(index + 1) : undefined}
                data-slot="annotation-category"
                data-state={selected ? 'on' : 'off'}
                className={cn(
                  buttonClass,
                  'ak:data-[state=on]:border-ak-accent ak:data-[state=on]:bg-ak-accent ak:data-[state=on]:text-ak-accent-fg',
                )}
                onClick={() => panel.setLabel(field.name, selected ? null : value.label)}
              >
                {index < 9 && (
                  <kbd aria-hidden="true" className="ak:font-ak-mono ak:text-xs ak:opacity-75">
                    {index + 1}
                  </kbd>
                )}
                {value.label}
              </button>
            );
          })}
        </div>
      )}
      {config.type === 'continuous' && (
        <div className="ak:flex ak:flex-wrap ak:items-center ak:gap-2">
          <label htmlFor={inputId} className="ak:text-sm">
            {m.score}
          </label>
          <input
            id={inputId}
            type="number"
            inputMode="decimal"
            step="any"
            data-slot="annotation-score-input"
            min={config.lowerBound ?? undefined}
            max={config.upperBound ?? undefined}
            value={field.value.score}
            aria-invalid={invalid}
            aria-describedby={describedBy}
            className={cn(inputClass, 'ak:w-28')}
            onChange={(event) => panel.setScore(field.name, event.target.value)}
          />
          {(config.lowerBound !== null || config.upperBound !== null) && (
            <span className="ak:text-xs ak:text-ak-muted">
              {formatMessage(m.scoreBounds, { lower: config.lowerBound ?? '−∞', upper: config.upperBound ?? '∞' })}
            </span>
          )}
        </div>
      )}
      {config.type === 'freeform' && (
        <div className="ak:flex ak:flex-col ak:gap-1">
          <label htmlFor={inputId} className="ak:text-sm">
            {formatMessage(m.freeformText, { name: field.name })}
          </label>
          <textarea
            id={inputId}
            rows={2}
            data-slot="annotation-freeform-input"
            value={field.value.explanation}
            aria-invalid={invalid}
            aria-describedby={describedBy}
            className={inputClass}
            onChange={(event) => panel.setExplanation(field.name, event.target.value)}
          />
        </div>
      )}
      <div className="ak:flex ak:flex-wrap ak:items-center ak:gap-2">
        {config.type !== 'freeform' && (
          <Popover.Root open={explaining} onOpenChange={onExplainingChange}>
            <Popover.Trigger asChild>
              <button type="button" aria-keyshortcuts="e" data-slot="annotation-explanation-trigger" className={buttonClass}>
                {field.value.explanation ? m.editExplanation : m.addExplanation}
              </button>
            </Popover.Trigger>
            <Popover.Content
              aria-label={formatMessage(m.explanationFor, { name: field.name })}
              data-slot="annotation-explanation-popover"
              side="bottom"
              align="start"
              sideOffset={4}
              className="ak:z-20 ak:flex ak:w-72 ak:flex-col ak:gap-2 ak:rounded-ak-lg ak:border ak:border-ak-border ak:bg-ak-bg ak:p-3 ak:text-ak-fg ak:shadow-lg"
            >
              <label htmlFor={`${inputId}-explanation`} className="ak:text-sm ak:font-medium">
                {formatMessage(m.explanationFor, { name: field.name })}
              </label>
              <textarea
                id={`${inputId}-explanation`}
                rows={4}
                data-slot="annotation-explanation-input"
                value={field.value.explanation}
                className={inputClass}
                onChange={(event) => panel.setExplanation(field.name, event.target.value)}
                onKeyDown={(event) => {
                  // The popover is a dialog, where the panel's keys stay quiet, so it saves on its own.
                  if (!isSaveKey(event)) return;
                  event.preventDefault();
                  void panel.save(field.name);
                  onExplainingChange(false);
                }}
              />
              <Popover.Close asChild>
                <button type="button" className={cn(buttonClass, 'ak:self-end')}>
                  {m.done}
                </button>
              </Popover.Close>
            </Popover.Content>
          </Popover.Root>
        )}
        {suggestion && (
          <span data-slot="annotation-suggestion" className="ak:inline-flex ak:flex-wrap ak:items-center ak:gap-1.5 ak:text-xs ak:text-ak-muted">
            <span>
              {m.suggestion}:{' '}
              <span className="ak:font-medium ak:text-ak-llm">
                {config.type === 'freeform'
                  ? (suggestion.explanation ?? '')
                  : [suggestion.label, suggestion.score === null ? null : formats.number(suggestion.score)]
                      .filter((part) => part !== null)
                      .join(' · ')}
              </span>
            </span>
            <button
              type="button"
              aria-keyshortcuts="a"
              data-slot="annotation-accept"
              className={buttonClass}
              onClick={() => void panel.accept(field.name)}
            >
              {m.accept} <kbd aria-hidden="true" className="ak:font-ak-mono ak:text-xs ak:opacity-75">A</kbd>
            </button>
          </span>
        )}
        {(field.status === 'dirty' || field.status === 'invalid') && (
          <button
            type="button"
            aria-keyshortcuts="Control+Enter Meta+Enter"
            data-slot="annotation-save"
            className={buttonClass}
            onClick={() => void panel.save(field.name)}
          >
            {m.save} <kbd aria-hidden="true" className="ak:font-ak-mono ak:text-xs ak:opacity-75">{formatHotkey('mod+Enter', mac)}</kbd>
          </button>
        )}
        <span data-slot="annotation-status" data-status={field.status} role="status" className="ak:text-xs ak:text-ak-muted">
          {field.status === 'saving' || field.status === 'retrying'
            ? m.saving
            : field.status === 'saved'
              ? m.saved
              : field.status === 'dirty'
                ? m.unsaved
                : ''}
        </span>
      </div>
      {field.error && (
        <div
          id={errorId}
          role="alert"
          data-slot="annotation-error"
          data-status={field.status}
          className="ak:flex ak:flex-wrap ak:items-center ak:gap-2 ak:text-ak-negative"
        >
          <span>
            {field.status === 'error'
              ? formatMessage(m.saveFailed, { message: field.error.message })
              : field.status === 'retrying'
                ? formatMessage(m.retrying, { message: field.error.message })
                : field.error.message}
          </span>
          {field.canRetry && (
            <button type="button" data-slot="annotation-retry" className={buttonClass} onClick={() => void panel.retry(field.name)}>
              {m.retry}
            </button>
          )}
          {(field.status === 'invalid' || field.status === 'error') && (
            <button type="button" data-slot="annotation-discard" className={buttonClass} onClick={() => panel.discard(field.name)}>
              {m.discard}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
