export { createMemoryAdapter, type MemoryAdapter, type MemoryAdapterOptions, type MemoryPersistence } from './adapter';
export type { MemoryDataset, MemoryExperiment, MemorySeed } from './records';
export {
  demoAnnotationConfigs,
  generateDemoProject,
  generateTrace,
  type DemoProject,
  type DemoProjectOptions,
  type DemoTraceOptions,
} from './demo/project';
export { DEMO_BASE_TIME } from './demo/traces';
