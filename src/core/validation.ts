import { ValidationError } from './errors';
import type {
  AnnotationConfig,
  AnnotationConfigInput,
  AnnotationInput,
  AnnotationRef,
  AnnotationTarget,
  NoteInput,
} from './model';
import { ANNOTATOR_KINDS, OPTIMIZATION_DIRECTIONS } from './model';
import * as s from './schema';

const id = s.string({ nonEmpty: true });

export const annotationTargetSchema: s.Schema<AnnotationTarget> = s.discriminated('kind', {
  span: s.object({ kind: s.literal('span'), spanId: id }),
  trace: s.object({ kind: s.literal('trace'), traceId: id }),
  session: s.object({ kind: s.literal('session'), sessionId: id }),
  document: s.object({ kind: s.literal('document'), spanId: id, position: s.number({ integer: true, min: 0 }) }),
}) as s.Schema<AnnotationTarget>;

const metadataSchema = s.record(s.unknown());

/** Annotation names are at most this long; Phoenix rejects longer ones. */
export const MAX_NAME_LENGTH = 256;

export const annotationInputSchema: s.Schema<AnnotationInput> = s.refine(
  s.object({
    target: annotationTargetSchema,
    name: s.string({ nonEmpty: true, maxLength: MAX_NAME_LENGTH }),
    annotatorKind: s.oneOf(ANNOTATOR_KINDS),
    label: s.optional(s.nullable(s.string())),
    score: s.optional(s.nullable(s.number())),
    explanation: s.optional(s.nullable(s.string())),
    identifier: s.optional(s.string()),
    metadata: s.optional(metadataSchema),
    userId: s.optional(s.nullable(s.string())),
    idempotencyKey: s.optional(s.string({ nonEmpty: true })),
  }),
  (input) =>
    (input.label ?? null) === null && (input.score ?? null) === null && (input.explanation ?? null) === null
      ? { field: 'label', value: input.label, message: 'an annotation needs a label, a score or an explanation' }
      : null,
) as s.Schema<AnnotationInput>;

/**
 * Validates a write before it goes anywhere. With `config`, also checks the value against it:
 * a categorical label must be one of its values, a continuous score must lie within its bounds.
 * @throws ValidationError naming the field and the value.
 */
export function validateAnnotationInput(
  input: unknown,
  options: { config?: AnnotationConfig | null; path?: string } = {},
): AnnotationInput {
  const path = options.path ?? 'annotation';
  const parsed = s.parse(annotationInputSchema, input, path);
  if (options.config) checkAgainstConfig(parsed, options.config, path);
  return { ...parsed, identifier: parsed.identifier ?? '', metadata: parsed.metadata ?? {} };
}

/** Checks a label or score against the config of the same name. @throws ValidationError */
export function checkAgainstConfig(
  input: Pick<AnnotationInput, 'label' | 'score'>,
  config: AnnotationConfig,
  path = 'annotation',
): void {
  const label = input.label ?? null;
  const score = input.score ?? null;
  if (config.type === 'categorical' && label !== null && !config.values.some((value) => value.label === label)) {
    throw new ValidationError([
      {
        field: `${path}.label`,
        value: label,
        message: `"${label}" is not a label of "${config.name}" (expected one of ${config.values
          .map((value) => `"${value.label}"`)
          .join(', ')})`,
      },
    ]);
  }
  if (config.type === 'continuous' && score !== null) {
    const { lowerBound, upperBound } = config;
    if ((lowerBound !== null && score < lowerBound) || (upperBound !== null && score > upperBound)) {
      throw new ValidationError([
        {
          field: `${path}.score`,
          value: score,
          message: `${score} is outside the bounds of "${config.name}" (${lowerBound ?? '-∞'} to ${upperBound ?? '∞'})`,
        },
      ]);
    }
  }
}

export const annotationRefSchema: s.Schema<AnnotationRef> = s.object({
  target: annotationTargetSchema,
  name: s.string({ nonEmpty: true }),
  identifier: s.string(),
});

export const noteInputSchema: s.Schema<NoteInput> = s.object({
  target: annotationTargetSchema,
  text: s.string({ nonEmpty: true }),
  userId: s.optional(s.nullable(s.string())),
});

const configBase = {
  id: s.optional(s.string({ nonEmpty: true })),
  name: s.string({ nonEmpty: true, maxLength: MAX_NAME_LENGTH }),
  description: s.optional(s.nullable(s.string())),
  optimizationDirection: s.optional(s.oneOf(OPTIMIZATION_DIRECTIONS)),
};

export const annotationConfigInputSchema: s.Schema<AnnotationConfigInput> = s.discriminated('type', {
  categorical: s.refine(
    s.object({
      ...configBase,
      type: s.literal('categorical'),
      values: s.array(s.object({ label: s.string({ nonEmpty: true }), score: s.optional(s.nullable(s.number())) }), {
        minLength: 1,
      }),
    }),
    (config) => {
      const seen = new Set<string>();
      for (const value of config.values) {
        if (seen.has(value.label)) {
          return { field: 'values', value: value.label, message: `the label "${value.label}" appears twice` };
        }
        seen.add(value.label);
      }
      return null;
    },
  ),
  continuous: s.refine(
    s.object({
      ...configBase,
      type: s.literal('continuous'),
      lowerBound: s.optional(s.nullable(s.number())),
      upperBound: s.optional(s.nullable(s.number())),
    }),
    (config) =>
      config.lowerBound != null && config.upperBound != null && !(config.upperBound > config.lowerBound)
        ? {
            field: 'upperBound',
            value: config.upperBound,
            message: `the upper bound (${config.upperBound}) must be above the lower bound (${config.lowerBound})`,
          }
        : null,
  ),
  freeform: s.object({ ...configBase, type: s.literal('freeform') }),
}) as s.Schema<AnnotationConfigInput>;

/** @throws ValidationError */
export function validateNoteInput(input: unknown, path = 'note'): NoteInput {
  return s.parse(noteInputSchema, input, path);
}

/** @throws ValidationError */
export function validateAnnotationConfigInput(input: unknown, path = 'config'): AnnotationConfigInput {
  return s.parse(annotationConfigInputSchema, input, path);
}

/** @throws ValidationError */
export function validateAnnotationTarget(input: unknown, path = 'target'): AnnotationTarget {
  return s.parse(annotationTargetSchema, input, path);
}

/** A config as stored, from its input: fills in the defaults. */
export function configFromInput(input: AnnotationConfigInput, id: string): AnnotationConfig {
  const base = {
    id,
    name: input.name,
    description: input.description ?? null,
  };
  switch (input.type) {
    case 'categorical':
      return {
        ...base,
        type: 'categorical',
        optimizationDirection: input.optimizationDirection ?? 'MAXIMIZE',
        values: input.values.map((value) => ({ label: value.label, score: value.score ?? null })),
      };
    case 'continuous':
      return {
        ...base,
        type: 'continuous',
        optimizationDirection: input.optimizationDirection ?? 'MAXIMIZE',
        lowerBound: input.lowerBound ?? null,
        upperBound: input.upperBound ?? null,
      };
    case 'freeform':
      return { ...base, type: 'freeform', optimizationDirection: input.optimizationDirection ?? 'NONE' };
  }
}
