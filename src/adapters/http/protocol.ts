/**
 * The annokit HTTP protocol: one JSON operation per adapter method, relative to a base URL the
 * host chooses. `openapi.json` in this folder is its specification; this table is what the client
 * and the handler both route by, so the two cannot drift apart.
 */
import type { Capability } from '../../core/adapter';
import type { AnnokitErrorCode } from '../../core/errors';

export const ROUTES = {
  getCapabilities: ['GET', '/capabilities'],
  upsertAnnotations: ['POST', '/annotations/upsert'],
  listAnnotations: ['POST', '/annotations/query'],
  deleteAnnotations: ['POST', '/annotations/delete'],
  addNote: ['POST', '/notes'],
  listNotes: ['POST', '/notes/query'],
  listAnnotationConfigs: ['GET', '/annotation-configs'],
  upsertAnnotationConfig: ['POST', '/annotation-configs'],
  listSpans: ['POST', '/spans/query'],
  getTrace: ['GET', '/traces/{traceId}'],
  listSessions: ['GET', '/sessions'],
  listDatasets: ['GET', '/datasets'],
  createDataset: ['POST', '/datasets'],
  listDatasetExamples: ['GET', '/datasets/{datasetId}/examples'],
  listExperiments: ['GET', '/datasets/{datasetId}/experiments'],
  listExperimentRuns: ['GET', '/experiments/{experimentId}/runs'],
} as const;

export type HttpOperation = keyof typeof ROUTES;

/** The capability an operation belongs to; `null` for the required annotation methods. */
export const OPERATION_CAPABILITY: Record<HttpOperation, Capability | null> = {
  getCapabilities: null,
  upsertAnnotations: null,
  listAnnotations: null,
  deleteAnnotations: 'deleteAnnotations',
  addNote: 'notes',
  listNotes: 'notes',
  listAnnotationConfigs: 'annotationConfigs',
  upsertAnnotationConfig: 'editAnnotationConfigs',
  listSpans: 'spans',
  getTrace: 'traces',
  listSessions: 'sessions',
  listDatasets: 'datasets',
  createDataset: 'datasets',
  listDatasetExamples: 'datasets',
  listExperiments: 'experiments',
  listExperimentRuns: 'experiments',
};

/** Error codes on the wire: annokit's own, plus `forbidden` for a request the handler's policy refuses. */
export type WireErrorCode = AnnokitErrorCode | 'forbidden';

/** The body of every non-2xx answer. */
export interface WireError {
  error: {
    code: WireErrorCode;
    message: string;
    /** For `validation`: each rejected field. */
    issues?: { field: string; message: string }[];
  };
}

/** The status each error code is answered with. */
export const STATUS_OF: Record<WireErrorCode, number> = {
  validation: 400,
  authentication: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  server: 502,
  network: 502,
  timeout: 504,
  unsupported: 501,
  unknown: 500,
};
