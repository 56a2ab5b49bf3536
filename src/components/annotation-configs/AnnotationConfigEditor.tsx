'use client';
import { useComposedRefs } from '@radix-ui/react-compose-refs';
import { forwardRef, useId, useRef, type FormEvent, type HTMLAttributes, type ReactNode } from 'react';
import type { AnnotationConfig, AnnotationConfigType, OptimizationDirection } from '../../core/model';
import { OPTIMIZATION_DIRECTIONS } from '../../core/model';
import {
  useAnnotationConfigForm,
  type AnnotationConfigFormField,
  type AnnotationConfigFormIssue,
  type UseAnnotationConfigFormResult,
} from '../../hooks/useAnnotationConfigForm';
import { useAnnotationContext } from '../../provider/context';
import { formatMessage } from '../../provider/messages';
import { useMessages } from '../../provider/useMessages';
import { cn } from '../primitives/cn';
import { annotationConfigMessages } from './messages';

type Messages = typeof annotationConfigMessages;
type FieldKey = AnnotationConfigFormField;

export interface AnnotationConfigEditorProps extends Omit<HTMLAttributes<HTMLFormElement>, 'onSubmit'> {
  /** The config to edit; without one the form creates a new config. Default: none (create). */
  config?: AnnotationConfig | null;
  /** Called with the config the backend stored. */
  onSaved?: (config: AnnotationConfig) => void;
  /** Shows a Cancel button that calls this. Default: no Cancel button. */
  onCancel?: () => void;
}

const controlClass =
  'ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2 ak:py-1 ak:text-sm ak:text-ak-fg ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus ak:aria-[invalid=true]:border-ak-negative ak:disabled:opacity-60';
const buttonClass =
  'ak:inline-flex ak:cursor-pointer ak:items-center ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2.5 ak:py-1 ak:text-sm ak:text-ak-fg ak:hover:bg-ak-surface-hover ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus ak:disabled:cursor-not-allowed ak:disabled:opacity-60';

/**
 * A form that creates or edits a categorical, continuous or freeform annotation config, with
 * validation beside each field (unique name, upper bound above lower, at least one category,
 * no label twice) before anything is sent. Disabled with a reason when the adapter cannot save configs.
 */
export const AnnotationConfigEditor = forwardRef<HTMLFormElement, AnnotationConfigEditorProps>(function AnnotationConfigEditor(
  { config, onSaved, onCancel, className, ...props },
  ref,
) {
  const { theme } = useAnnotationContext('AnnotationConfigEditor');
  const m = useMessages('annotationConfigs', annotationConfigMessages);
  const formRef = useRef<HTMLFormElement | null>(null);
  const composedRef = useComposedRefs(ref, formRef);
  const form = useAnnotationConfigForm({
    config,
    ...(onSaved ? { onSaved } : {}),
    // Move to the first field to fix, so a keyboard or screen-reader user lands on it.
    onInvalid: () => requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()),
  });
  const { state, issues } = form;
  const id = useId();
  const headingId = `${id}-heading`;
  const errorId = (key: FieldKey) => `${id}-error-${key.replace(/\./g, '-')}`;
  const disabled = !form.isSupported;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void form.submit();
  };

  const issueMessage = (issue: AnnotationConfigFormIssue) =>
    issue.code === 'not-a-number'
      ? formatMessage(m.notANumber, { value: String(issue.value) })
      : issue.code === 'duplicate-name'
        ? formatMessage(m.duplicateName, { name: String(issue.value) })
        : issue.message;
  const fieldProps = (key: FieldKey) => ({
    'aria-invalid': issues.has(key) ? true : undefined,
    'aria-describedby': issues.has(key) ? errorId(key) : undefined,
  });
  const issueText = (key: FieldKey) =>
    issues.has(key) ? (
      <span id={errorId(key)} data-slot="annotation-config-field-error" className="ak:text-xs ak:text-ak-negative">
        {issueMessage(issues.get(key)!)}
      </span>
    ) : null;

  const title = config ? formatMessage(m.editTitle, { name: config.name }) : m.createTitle;
  const saveError = form.saveError;

  return (
    <form
      aria-labelledby={props['aria-label'] ? undefined : headingId}
      noValidate
      data-slot="annotation-config-editor"
      data-ak-theme={theme}
      data-mode={config ? 'edit' : 'create'}
      data-disabled={disabled ? '' : undefined}
      {...props}
      ref={composedRef}
      className={cn(
        'ak:flex ak:flex-col ak:gap-3 ak:rounded-ak-lg ak:border ak:border-ak-border ak:bg-ak-bg ak:p-4 ak:text-sm ak:text-ak-fg',
        className,
      )}
      onSubmit={onSubmit}
    >
      <h2 id={headingId} className="ak:m-0 ak:text-base ak:font-semibold">
        {title}
      </h2>
      {disabled && (
        <p id={`${id}-reason`} data-slot="annotation-config-reason" className="ak:m-0 ak:rounded-ak ak:bg-ak-surface ak:px-3 ak:py-2 ak:text-ak-muted">
          {m.unsupported}
        </p>
      )}
      <fieldset
        disabled={disabled}
        aria-describedby={disabled ? `${id}-reason` : undefined}
        className="ak:m-0 ak:flex ak:min-w-0 ak:flex-col ak:gap-3 ak:border-0 ak:p-0"
      >
        <div className="ak:flex ak:flex-col ak:gap-1">
          <label htmlFor={`${id}-name`}>{m.name}</label>
          <input
            id={`${id}-name`}
            data-slot="annotation-config-name"
            value={state.name}
            className={controlClass}
            {...fieldProps('name')}
            onChange={(event) => form.update({ name: event.target.value })}
          />
          {issueText('name')}
        </div>
        <div className="ak:flex ak:flex-wrap ak:gap-3">
          <div className="ak:flex ak:flex-col ak:gap-1">
            <label htmlFor={`${id}-type`}>{m.type}</label>
            <select
              id={`${id}-type`}
              data-slot="annotation-config-type"
              value={state.type}
              className={controlClass}
              onChange={(event) => form.setType(event.target.value as AnnotationConfigType)}
            >
              <option value="categorical">{m.typeCategorical}</option>
              <option value="continuous">{m.typeContinuous}</option>
              <option value="freeform">{m.typeFreeform}</option>
            </select>
          </div>
          <div className="ak:flex ak:flex-col ak:gap-1">
            <label htmlFor={`${id}-direction`}>{m.direction}</label>
            <select
              id={`${id}-direction`}
              data-slot="annotation-config-direction"
              value={state.direction}
              className={controlClass}
              onChange={(event) => form.update({ direction: event.target.value as OptimizationDirection })}
            >
              {OPTIMIZATION_DIRECTIONS.map((direction) => (
                <option key={direction} value={direction}>
                  {m[`direction${direction}`]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="ak:flex ak:flex-col ak:gap-1">
          <label htmlFor={`${id}-description`}>{m.description}</label>
          <textarea
            id={`${id}-description`}
            rows={2}
            data-slot="annotation-config-description"
            value={state.description}
            className={controlClass}
            onChange={(event) => form.update({ description: event.target.value })}
          />
        </div>
        {state.type === 'categorical' && (
          <CategoriesEditor form={form} messages={m} id={id} fieldProps={fieldProps} issueText={issueText} />
        )}
        {state.type === 'continuous' && (
          <div className="ak:flex ak:flex-wrap ak:gap-3">
            {(['lowerBound', 'upperBound'] as const).map((key) => (
              <div key={key} className="ak:flex ak:flex-col ak:gap-1">
                <label htmlFor={`${id}-${key}`}>{m[key]}</label>
                <input
                  id={`${id}-${key}`}
                  type="number"
                  step="any"
                  inputMode="decimal"
                  data-slot={`annotation-config-${key === 'lowerBound' ? 'lower' : 'upper'}-bound`}
                  value={state[key]}
                  className={cn(controlClass, 'ak:w-32')}
                  {...fieldProps(key)}
                  onChange={(event) => form.update({ [key]: event.target.value })}
                />
                {issueText(key)}
              </div>
            ))}
          </div>
        )}
        <div className="ak:flex ak:flex-wrap ak:items-center ak:gap-2">
          <button type="submit" data-slot="annotation-config-save" disabled={form.isPending} className={cn(buttonClass, 'ak:border-ak-accent ak:bg-ak-accent ak:text-ak-accent-fg ak:hover:bg-ak-accent')}>
            {form.isPending ? m.saving : m.save}
          </button>
          {onCancel && (
            <button type="button" className={buttonClass} onClick={onCancel}>
              {m.cancel}
            </button>
          )}
          <span role="status" data-slot="annotation-config-status" className="ak:text-xs ak:text-ak-muted">
            {form.savedName ? formatMessage(m.saved, { name: form.savedName }) : ''}
          </span>
        </div>
        {saveError && (
          <p role="alert" data-slot="annotation-config-error" className="ak:m-0 ak:text-ak-negative">
            {formatMessage(m.saveFailed, { message: saveError.message })}
          </p>
        )}
      </fieldset>
    </form>
  );
});

function CategoriesEditor({
  form,
  messages: m,
  id,
  fieldProps,
  issueText,
}: {
  form: UseAnnotationConfigFormResult;
  messages: Messages;
  id: string;
  fieldProps: (key: FieldKey) => Record<string, unknown>;
  issueText: (key: FieldKey) => ReactNode;
}) {
  const { state } = form;
  const hasGroupIssue = fieldProps('values')['aria-invalid'] === true;
  return (
    <fieldset
      data-slot="annotation-config-categories"
      className="ak:m-0 ak:flex ak:flex-col ak:gap-1.5 ak:rounded-ak ak:border ak:border-ak-border ak:p-2"
    >
      <legend className="ak:px-1">{m.categories}</legend>
      {state.values.map((value, index) => {
        const n = index + 1;
        return (
          <div key={value.key} data-slot="annotation-config-category" className="ak:flex ak:flex-wrap ak:items-start ak:gap-2">
            <div className="ak:flex ak:flex-col">
              <input
                aria-label={formatMessage(m.categoryLabel, { index: n })}
                id={`${id}-value-${index}`}
                value={value.label}
                className={controlClass}
                {...fieldProps(index === 0 && hasGroupIssue ? 'values' : `values.${index}.label`)}
                onChange={(event) => form.setCategory(index, { label: event.target.value })}
              />
              {issueText(`values.${index}.label`)}
            </div>
            <div className="ak:flex ak:flex-col">
              <input
                aria-label={formatMessage(m.categoryScore, { index: n })}
                type="number"
                step="any"
                inputMode="decimal"
                value={value.score}
                className={cn(controlClass, 'ak:w-24')}
                {...fieldProps(`values.${index}.score`)}
                onChange={(event) => form.setCategory(index, { score: event.target.value })}
              />
              {issueText(`values.${index}.score`)}
            </div>
            <button
              type="button"
              aria-label={formatMessage(m.removeCategory, { index: n })}
              className={buttonClass}
              disabled={state.values.length <= 1}
              onClick={() => form.removeCategory(index)}
            >
              ×
            </button>
          </div>
        );
      })}
      {issueText('values')}
      <button type="button" className={cn(buttonClass, 'ak:self-start')} onClick={form.addCategory}>
        {m.addCategory}
      </button>
    </fieldset>
  );
}
