// annokit/server: Node (and other server runtimes), no React. Hands the span an answer came from to
// the browser, loads finished spans into a store the kit reads, and serves annokit's HTTP protocol
// in front of a backend (the same handler as annokit/adapters/http, whose import path keeps working).
export {
  NoActiveSpanError,
  getSpanTarget,
  spanTargetHeaders,
  spanTargetMessageMetadata,
  spanTargetMetadata,
  type GetSpanTargetOptions,
} from './spanTarget';
export {
  createSpanStoreExporter,
  type ReadableSpanLike,
  type SpanExportResult,
  type SpanStore,
  type SpanStoreExporter,
} from './exporter';
export {
  ForbiddenError,
  createAnnotationHandler,
  type AnnotationHandler,
  type AnnotationHandlerOptions,
  type AnnotationHandlerUser,
  type AnnotationIdentity,
} from '../adapters/http/handler';
export { toNodeListener, type NodeRequestLike, type NodeResponseLike } from '../adapters/http/node';
export {
  SPAN_TARGET_HEADER,
  SPAN_TARGET_METADATA_KEY,
  formatSpanTargetHeader,
  validateSpanTarget,
  type SpanTarget,
} from '../core/spanTarget';
