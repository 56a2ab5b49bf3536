import { ValidationError } from './errors';
import type {
  Annotation,
  AnnotationConfig,
  AnnotationConfigInput,
  AnnotationInput,
  AnnotationRef,
  NoteInput,
} from './model';
import { ANNOTATOR_KINDS, OPTIMIZATION_DIRECTIONS } from './model';
import * as s from './schema';
import { annotationTargetSchema, validateAnnotationTarget } from './targetSchema';

export { annotationTargetSchema, validateAnnotationTarget };

// Every module-level schema is marked pure so that a bundle keeps only the ones it uses.
const metadataSchema = /* @__PURE__ */ s.record(/* @__PURE__ */ s.unknown());

/** Annotation names are at most this long; Phoenix rejects longer ones. */
export const MAX_NAME_LENGTH = 256;

export const annotationInputSchema: s.Schema<AnnotationInput> = /* @__PURE__ */ s.refine(
  /* @__PURE__ */ s.object({
    target: annotationTargetSchema,
    name: /* @__PURE__ */ s.string({ nonEmpty: true, maxLength: MAX_NAME_LENGTH }),
    annotatorKind: /* @__PURE__ */ s.oneOf(ANNOTATOR_KINDS),
    label: /* @__PURE__ */ s.optional(/* @__PURE__ */ s.nullable(/* @__PURE__ */ s.string())),
    score: /* @__PURE__ */ s.optional(/* @__PURE__ */ s.nullable(/* @__PURE__ */ s.number())),
    explanation: /* @__PURE__ */ s.optional(/* @__PURE__ */ s.nullable(/* @__PURE__ */ s.string())),
    identifier: /* @__PURE__ */ s.optional(/* @__PURE__ */ s.string()),
    metadata: /* @__PURE__ */ s.optional(metadataSchema),
    userId: /* @__PURE__ */ s.optional(/* @__PURE__ */ s.nullable(/* @__PURE__ */ s.string())),
    idempotencyKey: /* @__PURE__ */ s.optional(/* @__PURE__ */ s.string({ nonEmpty: true })),
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

export const annotationRefSchema: s.Schema<AnnotationRef> = /* @__PURE__ */ s.object({
  target: annotationTargetSchema,
  name: /* @__PURE__ */ s.string({ nonEmpty: true }),
  identifier: /* @__PURE__ */ s.string(),
});

export const noteInputSchema: s.Schema<NoteInput> = /* @__PURE__ */ s.object({
  target: annotationTargetSchema,
  text: /* @__PURE__ */ s.string({ nonEmpty: true }),
  userId: /* @__PURE__ */ s.optional(/* @__PURE__ */ s.nullable(/* @__PURE__ */ s.string())),
});

const configBase = {
  id: /* @__PURE__ */ s.optional(/* @__PURE__ */ s.string({ nonEmpty: true })),
  name: /* @__PURE__ */ s.string({ nonEmpty: true, maxLength: MAX_NAME_LENGTH }),
  description: /* @__PURE__ */ s.optional(/* @__PURE__ */ s.nullable(/* @__PURE__ */ s.string())),
  optimizationDirection: /* @__PURE__ */ s.optional(/* @__PURE__ */ s.oneOf(OPTIMIZATION_DIRECTIONS)),
};

// A call rather than `{ ...configBase }` at module level: bundlers treat a spread as a possible
// side effect and would keep the config schemas in every bundle that imports this file.
function configObject<S extends Record<string, s.Schema<unknown>>>(shape: S) {
  return s.object({ ...configBase, ...shape });
}

export const annotationConfigInputSchema: s.Schema<AnnotationConfigInput> = /* @__PURE__ */ s.discriminated('type', {
  categorical: /* @__PURE__ */ s.refine(
    /* @__PURE__ */ configObject({
      type: /* @__PURE__ */ s.literal('categorical'),
      values: /* @__PURE__ */ s.array(/* @__PURE__ */ s.object({ label: /* @__PURE__ */ s.string({ nonEmpty: true }), score: /* @__PURE__ */ s.optional(/* @__PURE__ */ s.nullable(/* @__PURE__ */ s.number())) }), {
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
  continuous: /* @__PURE__ */ s.refine(
    /* @__PURE__ */ configObject({
      type: /* @__PURE__ */ s.literal('continuous'),
      lowerBound: /* @__PURE__ */ s.optional(/* @__PURE__ */ s.nullable(/* @__PURE__ */ s.number())),
      upperBound: /* @__PURE__ */ s.optional(/* @__PURE__ */ s.nullable(/* @__PURE__ */ s.number())),
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
  freeform: /* @__PURE__ */ configObject({ type: /* @__PURE__ */ s.literal('freeform') }),
}) as s.Schema<AnnotationConfigInput>;

/** @throws ValidationError */
export function validateNoteInput(input: unknown, path = 'note'): NoteInput {
  return s.parse(noteInputSchema, input, path);
}

/** @throws ValidationError */
export function validateAnnotationConfigInput(input: unknown, path = 'config'): AnnotationConfigInput {
  return s.parse(annotationConfigInputSchema, input, path);
}

/** An annotation as stored, from its input: the defaults filled in, and the id, source and times the store gives it. */
export function annotationFromInput(
  input: AnnotationInput,
  stored: Pick<Annotation, 'id' | 'source' | 'createdAt' | 'updatedAt'>,
): Annotation {
  return {
    id: stored.id,
    target: input.target,
    name: input.name,
    annotatorKind: input.annotatorKind,
    label: input.label ?? null,
    score: input.score ?? null,
    explanation: input.explanation ?? null,
    identifier: input.identifier ?? '',
    metadata: input.metadata ?? {},
    source: stored.source,
    userId: input.userId ?? null,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
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
