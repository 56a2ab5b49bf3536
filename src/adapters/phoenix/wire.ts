/**
 * Wire types, all taken from the types generated from Phoenix's OpenAPI contract
 * (`npm run generate:phoenix`), so a contract change shows up as a type error here.
 */
import type { components, operations } from './generated/phoenix';

export type WireSchemas = components['schemas'];
export type PhoenixOperations = operations;
export type OperationId = keyof operations;

type Parameters<K extends OperationId> = operations[K]['parameters'];

/** Query parameters of an operation, as the contract declares them. */
export type QueryOf<K extends OperationId> = NonNullable<Parameters<K>['query']>;
/** Path parameters of an operation. */
export type PathOf<K extends OperationId> = NonNullable<Parameters<K>['path']>;
/** JSON request body of an operation, `never` when it takes none. */
export type BodyOf<K extends OperationId> = operations[K] extends {
  requestBody: { content: { 'application/json': infer B } };
}
  ? B
  : operations[K] extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B
    : never;
/** JSON body of the 200 response. */
export type ResponseOf<K extends OperationId> = operations[K]['responses'] extends {
  200: { content: { 'application/json': infer R } };
}
  ? R
  : never;

export type WireAnnotationResult = WireSchemas['AnnotationResult'];
export type WireSpanAnnotation = WireSchemas['SpanAnnotation'];
export type WireTraceAnnotation = WireSchemas['TraceAnnotation'];
export type WireSessionAnnotation = WireSchemas['SessionAnnotation'];
export type WireSpanAnnotationData = WireSchemas['SpanAnnotationData'];
export type WireTraceAnnotationData = WireSchemas['TraceAnnotationData'];
export type WireSessionAnnotationData = WireSchemas['SessionAnnotationData'];
export type WireDocumentAnnotationData = WireSchemas['SpanDocumentAnnotationData'];
export type WireAnnotationConfig =
  | WireSchemas['CategoricalAnnotationConfig']
  | WireSchemas['ContinuousAnnotationConfig']
  | WireSchemas['FreeformAnnotationConfig'];
export type WireAnnotationConfigData = WireSchemas['CreateAnnotationConfigData'];
export type WireSpan = WireSchemas['Span'];
export type WireSession = WireSchemas['SessionData'];
export type WireDataset = WireSchemas['Dataset'];
export type WireDatasetExample = WireSchemas['DatasetExample'];
export type WireExperiment = WireSchemas['Experiment'];
export type WireExperimentRun = WireSchemas['ExperimentRun'];
export type WireUploadDatasetBody = BodyOf<'uploadDataset'>;

/** A stored annotation row of any of the three readable target kinds. */
export type WireAnnotationRow = WireSpanAnnotation | WireTraceAnnotation | WireSessionAnnotation;
