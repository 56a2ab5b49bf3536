export { createMemoryAdapter, type MemoryAdapter, type MemoryAdapterOptions, type MemoryPersistence } from './adapter';
export type { MemoryDataset, MemoryExperiment, MemorySeed } from './records';
