export {
  createPhoenixAdapter,
  type PhoenixAdapter,
  type PhoenixAdapterOptions,
} from './adapter';
export type { HeadersOption } from './http';
export {
  NOTE_NAME,
  USER_ID_METADATA_KEY,
  attributeFilter,
  fromPhoenixAnnotation,
  fromPhoenixConfig,
  fromPhoenixDataset,
  fromPhoenixEvaluation,
  fromPhoenixExample,
  fromPhoenixExperiment,
  fromPhoenixNote,
  fromPhoenixRun,
  fromPhoenixSession,
  toPhoenixAnnotation,
  toPhoenixConfig,
  toPhoenixSpanQuery,
  toPhoenixUpload,
  type PhoenixAnnotationRow,
  type PhoenixAnnotationWrite,
} from './convert';
export { decodeIdentifier, encodeIdentifier } from './identifiers';
