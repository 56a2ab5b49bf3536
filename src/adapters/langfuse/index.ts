export { createLangfuseAdapter, type LangfuseAdapter, type LangfuseAdapterOptions } from './adapter';
export {
  META as LANGFUSE_METADATA_KEYS,
  fromLangfuseConfig,
  fromLangfuseDataset,
  fromLangfuseDatasetItem,
  fromLangfuseScore,
  fromLangfuseTrace,
  scoreIdFor,
  sourceOfKind,
  toLangfuseConfig,
  toLangfuseDatasetItem,
  toLangfuseScore,
  type LangfuseDataset,
  type LangfuseDatasetItem,
  type LangfuseScoreConfig,
  type LangfuseScoreConfigWrite,
  type LangfuseScoreRow,
  type LangfuseScoreWrite,
  type LangfuseTrace,
} from './convert';
export type { HeadersOption } from '../../core/http';
