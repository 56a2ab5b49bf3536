'use client';
import { forwardRef, useId, useRef, useState, type FormEvent, type HTMLAttributes, type ReactNode } from 'react';
import { ValidationError, toAnnokitError, type ValidationIssue } from '../../core/errors';
import type { AnnotationConfig, AnnotationConfigInput, AnnotationConfigType, OptimizationDirection } from '../../core/model';
import { OPTIMIZATION_DIRECTIONS } from '../../core/model';
import { validateAnnotationConfigInput } from '../../core/validation';
import { useAnnotationConfigs, useSaveAnnotationConfig } from '../../hooks/useAnnotationConfigs';
import { useAnnotationContext } from '../../provider/context';
import { formatMessage } from '../../provider/messages';
import { useMessages } from '../../provider/useMessages';
import { cn } from '../primitives/cn';
import { annotationConfigMessages } from './messages';

type Messages = typeof annotationConfigMessages;

export interface AnnotationConfigEditorProps extends Omit<HTMLAttributes<HTMLFormElement>, 'onSubmit'> {
  /** The config to edit; without one the form creates a new config. Default: none (create). */
  config?: AnnotationConfig | null;
  /** Called with the config the backend stored. */
  onSaved?: (config: AnnotationConfig) => void;
  /** Shows a Cancel button that calls this. Default: no Cancel button. */
  onCancel?: () => void;
}

interface FormState {
  name: string;
  type: AnnotationConfigType;
  description: string;
  direction: OptimizationDirection;
  values: Array<{ key: number; label: string; score: string }>;
  lowerBound: string;
  upperBound: string;
}

/** Which form control an issue belongs to: `config.values[2].label` → `values.2.label`. */
type FieldKey = string;

let rowCounter = 0;
const row = (label = '', score = '') => ({ key: ++rowCounter, label, score });

function initialState(config: AnnotationConfig | null | undefined): FormState {
  return {
    name: config?.name ?? '',
    type: config?.type ?? 'categorical',
    description: config?.description ?? '',
    direction: config?.optimizationDirection ?? 'MAXIMIZE',
    values:
      config?.type === 'categorical'
        ? config.values.map((value) => row(value.label, value.score == null ? '' : String(value.score)))
        : [row(), row()],
    lowerBound: config?.type === 'continuous' && config.lowerBound !== null ? String(config.lowerBound) : '',
    upperBound: config?.type === 'continuous' && config.upperBound !== null ? String(config.upperBound) : '',
  };
}

/**
 * Which form control an issue belongs to: `config.values[2].label` → `values.<row>.label`, where
 * `rows` maps the index sent (empty rows are left out) back to the row on screen.
 */
function fieldKeyOf(issue: ValidationIssue, rows: readonly number[], state: FormState): FieldKey {
  const path = issue.field.replace(/^config\.?/, '');
  const match = /^values\[(\d+)\]\.(label|score)/.exec(path);
  if (match) return `values.${rows[Number(match[1])] ?? match[1]}.${match[2]}`;
  if (path === 'values' && typeof issue.value === 'string') {
    // A label given twice: point at the later row that repeats it.
    const label = issue.value;
    const row = state.values.map((value) => value.label.trim()).lastIndexOf(label);
    if (row >= 0) return `values.${row}.label`;
  }
  return path.split(/[.[]/)[0] || 'name';
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
  const { configs } = useAnnotationConfigs();
  const saver = useSaveAnnotationConfig();
  const [state, setState] = useState(() => initialState(config));
  const [issues, setIssues] = useState<Map<FieldKey, string>>(new Map());
  const [savedName, setSavedName] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement | null>(null);
  const id = useId();
  const headingId = `${id}-heading`;
  const errorId = (key: FieldKey) => `${id}-error-${key.replace(/\./g, '-')}`;
  const disabled = !saver.isSupported;

  const update = (patch: Partial<FormState>) => {
    setState((previous) => ({ ...previous, ...patch }));
    setSavedName(null);
  };

  // The row on screen of each category sent, for errors that name a category by its index.
  const sentRows = useRef<number[]>([]);

  const toInput = (): AnnotationConfigInput => {
    const numberIssues: ValidationIssue[] = [];
    const parseNumber = (text: string, field: string): number | null => {
      if (text.trim() === '') return null;
      const value = Number(text);
      if (!Number.isFinite(value)) {
        numberIssues.push({ field, value: text, message: formatMessage(m.notANumber, { value: text }) });
        return null;
      }
      return value;
    };
    const base = {
      ...(config ? { id: config.id } : {}),
      name: state.name.trim(),
      description: state.description.trim() === '' ? null : state.description,
      optimizationDirection: state.direction,
    };
    let input: AnnotationConfigInput;
    if (state.type === 'categorical') {
      const kept = state.values
        .map((value, row) => ({ value, row }))
        .filter(({ value }) => value.label.trim() !== '' || value.score.trim() !== '');
      sentRows.current = kept.map(({ row }) => row);
      input = {
        ...base,
        type: 'categorical',
        values: kept.map(({ value }, index) => ({
          label: value.label.trim(),
          score: parseNumber(value.score, `config.values[${index}].score`),
        })),
      };
    } else if (state.type === 'continuous') {
      input = {
        ...base,
        type: 'continuous',
        lowerBound: parseNumber(state.lowerBound, 'config.lowerBound'),
        upperBound: parseNumber(state.upperBound, 'config.upperBound'),
      };
    } else {
      input = { ...base, type: 'freeform' };
    }
    if (numberIssues.length > 0) throw new ValidationError(numberIssues);
    return input;
  };

  const showIssues = (error: ValidationError) => {
    const next = new Map<FieldKey, string>();
    for (const issue of error.issues) {
      const key = fieldKeyOf(issue, sentRows.current, state);
      if (!next.has(key)) next.set(key, issue.message);
    }
    setIssues(next);
    // Move to the first field to fix, so a keyboard or screen-reader user lands on it.
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (disabled) return;
    let input: AnnotationConfigInput;
    try {
      input = validateAnnotationConfigInput(toInput());
      const clash = configs.find((existing) => existing.name === input.name && existing.id !== config?.id);
      if (clash) {
        throw new ValidationError([{ field: 'config.name', value: input.name, message: formatMessage(m.duplicateName, { name: input.name }) }]);
      }
    } catch (error) {
      if (error instanceof ValidationError) showIssues(error);
      else throw error;
      return;
    }
    setIssues(new Map());
    try {
      const stored = await saver.save(input);
      setSavedName(stored.name);
      onSaved?.(stored);
    } catch (error) {
      const annokitError = toAnnokitError(error);
      if (annokitError instanceof ValidationError) showIssues(annokitError);
    }
  };

  const fieldProps = (key: FieldKey) => ({
    'aria-invalid': issues.has(key) ? true : undefined,
    'aria-describedby': issues.has(key) ? errorId(key) : undefined,
  });
  const issueText = (key: FieldKey) =>
    issues.has(key) ? (
      <span id={errorId(key)} data-slot="annotation-config-field-error" className="ak:text-xs ak:text-ak-negative">
        {issues.get(key)}
      </span>
    ) : null;

  const title = config ? formatMessage(m.editTitle, { name: config.name }) : m.createTitle;
  const saveError = saver.error && !(saver.error instanceof ValidationError) ? saver.error : null;

  return (
    <form
      aria-labelledby={props['aria-label'] ? undefined : headingId}
      noValidate
      data-slot="annotation-config-editor"
      data-ak-theme={theme}
      data-mode={config ? 'edit' : 'create'}
      data-disabled={disabled ? '' : undefined}
      {...props}
      ref={(node) => {
        formRef.current = node;
        if (typeof ref === 'function') ref(node);
        else if (ref) ref.current = node;
      }}
      className={cn(
        'ak:flex ak:flex-col ak:gap-3 ak:rounded-ak-lg ak:border ak:border-ak-border ak:bg-ak-bg ak:p-4 ak:text-sm ak:text-ak-fg',
        className,
      )}
      onSubmit={(event) => void onSubmit(event)}
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
            onChange={(event) => update({ name: event.target.value })}
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
              onChange={(event) => {
                const type = event.target.value as AnnotationConfigType;
                update({ type, direction: type === 'freeform' ? 'NONE' : state.direction === 'NONE' ? 'MAXIMIZE' : state.direction });
              }}
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
              onChange={(event) => update({ direction: event.target.value as OptimizationDirection })}
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
            onChange={(event) => update({ description: event.target.value })}
          />
        </div>
        {state.type === 'categorical' && (
          <CategoriesEditor state={state} update={update} messages={m} id={id} fieldProps={fieldProps} issueText={issueText} />
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
                  onChange={(event) => update({ [key]: event.target.value })}
                />
                {issueText(key)}
              </div>
            ))}
          </div>
        )}
        <div className="ak:flex ak:flex-wrap ak:items-center ak:gap-2">
          <button type="submit" data-slot="annotation-config-save" disabled={saver.isPending} className={cn(buttonClass, 'ak:border-ak-accent ak:bg-ak-accent ak:text-ak-accent-fg ak:hover:bg-ak-accent')}>
            {saver.isPending ? m.saving : m.save}
          </button>
          {onCancel && (
            <button type="button" className={buttonClass} onClick={onCancel}>
              {m.cancel}
            </button>
          )}
          <span role="status" data-slot="annotation-config-status" className="ak:text-xs ak:text-ak-muted">
            {savedName ? formatMessage(m.saved, { name: savedName }) : ''}
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
  state,
  update,
  messages: m,
  id,
  fieldProps,
  issueText,
}: {
  state: FormState;
  update: (patch: Partial<FormState>) => void;
  messages: Messages;
  id: string;
  fieldProps: (key: FieldKey) => Record<string, unknown>;
  issueText: (key: FieldKey) => ReactNode;
}) {
  const hasGroupIssue = fieldProps('values')['aria-invalid'] === true;
  const setValue = (index: number, patch: Partial<{ label: string; score: string }>) =>
    update({ values: state.values.map((value, i) => (i === index ? { ...value, ...patch } : value)) });
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
                onChange={(event) => setValue(index, { label: event.target.value })}
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
                onChange={(event) => setValue(index, { score: event.target.value })}
              />
              {issueText(`values.${index}.score`)}
            </div>
            <button
              type="button"
              aria-label={formatMessage(m.removeCategory, { index: n })}
              className={buttonClass}
              disabled={state.values.length <= 1}
              onClick={() => update({ values: state.values.filter((_, i) => i !== index) })}
            >
              ×
            </button>
          </div>
        );
      })}
      {issueText('values')}
      <button type="button" className={cn(buttonClass, 'ak:self-start')} onClick={() => update({ values: [...state.values, row()] })}>
        {m.addCategory}
      </button>
    </fieldset>
  );
}
