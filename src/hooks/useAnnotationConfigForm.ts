'use client';
import { useCallback, useRef, useState } from 'react';
import { ValidationError, toAnnokitError, type AnnokitError, type ValidationIssue } from '../core/errors';
import type { AnnotationConfig, AnnotationConfigInput, AnnotationConfigType, OptimizationDirection } from '../core/model';
import { validateAnnotationConfigInput } from '../core/validation';
import { useAnnotationConfigs, useSaveAnnotationConfig } from './useAnnotationConfigs';

/** One category row of the form: text as typed; `key` is stable for the row's life (a React key). */
export interface AnnotationConfigFormCategory {
  key: number;
  label: string;
  score: string;
}

/** The config form as typed: numbers stay text until submit, so a half-typed `-` or `1e` is kept. */
export interface AnnotationConfigFormState {
  name: string;
  type: AnnotationConfigType;
  description: string;
  direction: OptimizationDirection;
  /** Categories (categorical configs); empty rows are left out when saving. */
  values: AnnotationConfigFormCategory[];
  lowerBound: string;
  upperBound: string;
}

/**
 * Which control a problem belongs to: `name`, `description`, `direction`, `lowerBound`,
 * `upperBound`, `values` (the categories as a whole) or `values.<row>.label` / `values.<row>.score`
 * (the row on screen, empty rows counted).
 */
export type AnnotationConfigFormField = string;

/** A problem with the form, for the field it names. Components word `not-a-number` and `duplicate-name`; `invalid` carries core's message. */
export interface AnnotationConfigFormIssue {
  code: 'not-a-number' | 'duplicate-name' | 'invalid';
  /** The value rejected (the text typed, the name taken). */
  value: unknown;
  /** The problem in English (core's validation message for `invalid`). */
  message: string;
}

export interface UseAnnotationConfigFormOptions {
  /** The config to edit; without one the form creates a new config. Default: none (create). */
  config?: AnnotationConfig | null;
  /** Called with the config the backend stored. */
  onSaved?: (config: AnnotationConfig) => void;
  /** Called when a submit finds problems (before sending or from the backend), e.g. to focus the first field to fix. */
  onInvalid?: (issues: ReadonlyMap<AnnotationConfigFormField, AnnotationConfigFormIssue>) => void;
}

export interface UseAnnotationConfigFormResult {
  state: AnnotationConfigFormState;
  /** `create` without a config, `edit` with one. */
  mode: 'create' | 'edit';
  /** Changes fields as typed; clears the "saved" status. */
  update: (patch: Partial<Omit<AnnotationConfigFormState, 'values' | 'type'>>) => void;
  /** Changes the type; freeform configs get direction `NONE`, and leaving freeform restores `MAXIMIZE`. */
  setType: (type: AnnotationConfigType) => void;
  /** Changes one category row's label or score text. */
  setCategory: (row: number, patch: Partial<Pick<AnnotationConfigFormCategory, 'label' | 'score'>>) => void;
  addCategory: () => void;
  /** Removes a category row; the last row stays. */
  removeCategory: (row: number) => void;
  /** Problems found by the last submit, by field (the first problem of each field). */
  issues: ReadonlyMap<AnnotationConfigFormField, AnnotationConfigFormIssue>;
  /**
   * Validates (numbers, core's rules, a name another config has) and saves. Resolves with the
   * stored config, or null when there were problems (see `issues`) or nothing could be saved.
   */
  submit: () => Promise<AnnotationConfig | null>;
  /** The name of the config saved last, until the next change. */
  savedName: string | null;
  /** False when the adapter cannot save configs: show the form disabled with the reason. */
  isSupported: boolean;
  isPending: boolean;
  /** The last save's failure that is not a problem with a field (network, server). */
  saveError: AnnokitError | null;
}

let rowCounter = 0;
const newRow = (label = '', score = ''): AnnotationConfigFormCategory => ({ key: ++rowCounter, label, score });

function initialState(config: AnnotationConfig | null | undefined): AnnotationConfigFormState {
  return {
    name: config?.name ?? '',
    type: config?.type ?? 'categorical',
    description: config?.description ?? '',
    direction: config?.optimizationDirection ?? 'MAXIMIZE',
    values:
      config?.type === 'categorical'
        ? config.values.map((value) => newRow(value.label, value.score == null ? '' : String(value.score)))
        : [newRow(), newRow()],
    lowerBound: config?.type === 'continuous' && config.lowerBound !== null ? String(config.lowerBound) : '',
    upperBound: config?.type === 'continuous' && config.upperBound !== null ? String(config.upperBound) : '',
  };
}

/** A field-level issue with the code that says how to word it. */
type CodedIssue = ValidationIssue & { code?: AnnotationConfigFormIssue['code'] };

/**
 * Which form control an issue belongs to: `config.values[2].label` → `values.<row>.label`, where
 * `rows` maps the index sent (empty rows are left out) back to the row on screen.
 */
function fieldOf(issue: ValidationIssue, rows: readonly number[], state: AnnotationConfigFormState): AnnotationConfigFormField {
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

/**
 * The form as a config input; `sent` gets the row on screen of each category sent (before a bad
 * number throws its ValidationError, whose issues name categories by the index sent).
 */
function toInput(state: AnnotationConfigFormState, config: AnnotationConfig | null | undefined, sent: { rows: number[] }): AnnotationConfigInput {
  const numberIssues: CodedIssue[] = [];
  const parseNumber = (text: string, field: string): number | null => {
    if (text.trim() === '') return null;
    const value = Number(text);
    if (!Number.isFinite(value)) {
      numberIssues.push({ field, value: text, message: `"${text}" is not a number`, code: 'not-a-number' });
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
  sent.rows = [];
  if (state.type === 'categorical') {
    const kept = state.values
      .map((value, row) => ({ value, row }))
      .filter(({ value }) => value.label.trim() !== '' || value.score.trim() !== '');
    sent.rows = kept.map(({ row }) => row);
    input = {
      ...base,
      type: 'categorical',
      values: kept.map(({ value }, index) => ({ label: value.label.trim(), score: parseNumber(value.score, `config.values[${index}].score`) })),
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
}

const NO_ISSUES: ReadonlyMap<AnnotationConfigFormField, AnnotationConfigFormIssue> = new Map();

/**
 * Headless state of the annotation config form (`AnnotationConfigEditor`): the fields as typed,
 * category rows, validation before anything is sent (numbers, core's rules: bounds, at least one
 * category, no label twice; a name another config has) with each problem tied to its field, and
 * the save through `useSaveAnnotationConfig`.
 */
export function useAnnotationConfigForm(options: UseAnnotationConfigFormOptions = {}): UseAnnotationConfigFormResult {
  const { config, onSaved, onInvalid } = options;
  const { configs } = useAnnotationConfigs();
  const saver = useSaveAnnotationConfig();
  const [state, setState] = useState(() => initialState(config));
  const [issues, setIssues] = useState(NO_ISSUES);
  const [savedName, setSavedName] = useState<string | null>(null);
  // The row on screen of each category sent, for a backend error that names a category by index.
  const sent = useRef({ rows: [] as number[] });

  const change = useCallback((next: (previous: AnnotationConfigFormState) => AnnotationConfigFormState) => {
    setState(next);
    setSavedName(null);
  }, []);
  const update = useCallback<UseAnnotationConfigFormResult['update']>((patch) => change((previous) => ({ ...previous, ...patch })), [change]);
  const setType = useCallback(
    (type: AnnotationConfigType) =>
      change((previous) => ({ ...previous, type, direction: type === 'freeform' ? 'NONE' : previous.direction === 'NONE' ? 'MAXIMIZE' : previous.direction })),
    [change],
  );
  const setCategory = useCallback<UseAnnotationConfigFormResult['setCategory']>(
    (row, patch) => change((previous) => ({ ...previous, values: previous.values.map((value, i) => (i === row ? { ...value, ...patch } : value)) })),
    [change],
  );
  const addCategory = useCallback(() => change((previous) => ({ ...previous, values: [...previous.values, newRow()] })), [change]);
  const removeCategory = useCallback(
    (row: number) => change((previous) => (previous.values.length <= 1 ? previous : { ...previous, values: previous.values.filter((_, i) => i !== row) })),
    [change],
  );

  const showIssues = (error: ValidationError) => {
    const next = new Map<AnnotationConfigFormField, AnnotationConfigFormIssue>();
    for (const issue of error.issues as readonly CodedIssue[]) {
      const field = fieldOf(issue, sent.current.rows, state);
      if (!next.has(field)) next.set(field, { code: issue.code ?? 'invalid', value: issue.value, message: issue.message });
    }
    setIssues(next);
    onInvalid?.(next);
  };

  const submit = async (): Promise<AnnotationConfig | null> => {
    if (!saver.isSupported) return null;
    let input: AnnotationConfigInput;
    try {
      input = validateAnnotationConfigInput(toInput(state, config, sent.current));
      const clash = configs.find((existing) => existing.name === input.name && existing.id !== config?.id);
      if (clash) {
        throw new ValidationError([
          { field: 'config.name', value: input.name, message: `a config named "${input.name}" already exists`, code: 'duplicate-name' } as CodedIssue,
        ]);
      }
    } catch (error) {
      if (error instanceof ValidationError) {
        showIssues(error);
        return null;
      }
      throw error;
    }
    setIssues(NO_ISSUES);
    try {
      const stored = await saver.save(input);
      setSavedName(stored.name);
      onSaved?.(stored);
      return stored;
    } catch (error) {
      const annokitError = toAnnokitError(error);
      if (annokitError instanceof ValidationError) showIssues(annokitError);
      return null;
    }
  };

  return {
    state,
    mode: config ? 'edit' : 'create',
    update,
    setType,
    setCategory,
    addCategory,
    removeCategory,
    issues,
    submit,
    savedName,
    isSupported: saver.isSupported,
    isPending: saver.isPending,
    saveError: saver.error && !(saver.error instanceof ValidationError) ? saver.error : null,
  };
}
