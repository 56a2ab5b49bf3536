// What the root entry (`annokit`) re-exports from core: everything but the outbox engine, its
// storages and its cross-tab leaders. The provider loads those on demand; an app that wants its own
// outbox imports them from `annokit/core`, so an app that does not pays nothing for them.
export type {
  Annotation,
  AnnotationConfig,
  AnnotationConfigInput,
  AnnotationConfigType,
  AnnotationInput,
  AnnotationQuery,
  AnnotationRef,
  AnnotationTarget,
  AnnotationTargetKind,
  AnnotatorKind,
  AttributeValue,
  Attributes,
  CategoricalAnnotationConfig,
  CategoricalValue,
  ContinuousAnnotationConfig,
  Dataset,
  DatasetExample,
  DatasetInput,
  Experiment,
  ExperimentEvaluation,
  ExperimentRun,
  FreeformAnnotationConfig,
  Note,
  NoteInput,
  OptimizationDirection,
  Page,
  Session,
  SessionQuery,
  Span,
  SpanEvent,
  SpanKind,
  SpanQuery,
  SpanStatus,
  SpanStatusCode,
} from './model';
export { ANNOTATOR_KINDS, OPTIMIZATION_DIRECTIONS, SPAN_KINDS } from './model';
export {
  AnnokitError,
  ValidationError,
  describeValue,
  isAnnokitError,
  isRetryableError,
  toAnnokitError,
  type AnnokitErrorCode,
  type AnnokitErrorOptions,
  type ValidationIssue,
} from './errors';
export {
  annotationConfigInputSchema,
  annotationInputSchema,
  annotationRefSchema,
  annotationTargetSchema,
  checkAgainstConfig,
  annotationFromInput,
  configFromInput,
  noteInputSchema,
  validateAnnotationConfigInput,
  validateAnnotationInput,
  validateAnnotationTarget,
  validateNoteInput,
  MAX_NAME_LENGTH,
} from './validation';
export {
  annotationKey,
  documentTarget,
  sameTarget,
  sessionTarget,
  spanTarget,
  targetId,
  targetKey,
  traceTarget,
} from './targets';
export {
  CAPABILITIES,
  capabilityMethods,
  getCapabilities,
  hasCapability,
  type AnnotationAdapter,
  type Capabilities,
  type Capability,
  type RequestOptions,
} from './adapter';
export { createId } from './ids';
export {
  SPAN_TARGET_HEADER,
  SPAN_TARGET_METADATA_KEY,
  formatSpanTargetHeader,
  spanTargetFromHeaders,
  spanTargetFromMetadata,
  validateSpanTarget,
  type SpanTarget,
} from './spanTarget';
export * as schema from './schema';
export {
  summarizeAnnotations,
  summarizeByNameAndKind,
  type AnnotationGroupSummary,
  type AnnotationSummary,
  type LabelShare,
} from './summary';
export * from './spans/index';
export * from './filter/index';
export * from './insights/index';
export {
  type AnnotationWrite,
  type EnqueueOptions,
  type ManyOptions,
  type OutboxBaseline,
  type OutboxChannel,
  type OutboxClock,
  type OutboxEntry,
  type OutboxEnvironment,
  type OutboxError,
  type OutboxEvent,
  type OutboxKeyState,
  type OutboxLeader,
  type OutboxLike,
  type OutboxOperation,
  type OutboxOptions,
  type OutboxSnapshot,
  type OutboxStorage,
  type OutboxTicket,
  type UpsertOptions,
} from './outbox/index';
