export {
  DEFAULT_HTTP_CAPABILITIES,
  createHttpAdapter,
  errorFromWire,
  type HttpAdapter,
  type HttpAdapterOptions,
} from './adapter';
export {
  ForbiddenError,
  createAnnotationHandler,
  type AnnotationHandler,
  type AnnotationHandlerOptions,
  type AnnotationHandlerUser,
  type AnnotationIdentity,
} from './handler';
export { toNodeListener, type NodeRequestLike, type NodeResponseLike } from './node';
export { ROUTES as HTTP_ROUTES, STATUS_OF, type HttpOperation, type WireError, type WireErrorCode } from './protocol';
export type { HeadersOption } from '../../core/http';
