import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { describeAdapterConformance } from './conformance';

describeAdapterConformance({
  name: 'memory',
  create: () => createMemoryAdapter(),
  seed: (data) => createMemoryAdapter({ seed: data }),
});
