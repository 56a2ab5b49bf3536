import { afterAll, afterEach, expect } from 'vitest';
import { createPhoenixAdapter } from '../../../src/adapters/phoenix';
import { describeAdapterConformance } from '../conformance';
import { startFakePhoenix } from './fake-phoenix';
import { seedFakePhoenix } from './seed';

// The fake must be listening before registration: the suite creates an adapter to read its capabilities.
const fake = await startFakePhoenix({ requireKnownTargets: false });
afterAll(() => fake.close());
afterEach(() => {
  // every request the adapter sent and every response it parsed was checked against the OpenAPI file
  expect(fake.violations).toEqual([]);
});

const create = () => createPhoenixAdapter({ baseUrl: fake.url, projectName: 'default' });

describeAdapterConformance({
  name: 'phoenix',
  create,
  reset: () => fake.reset(),
  seed: async (data) => {
    const adapter = create();
    await seedFakePhoenix(fake, adapter, data);
    return adapter;
  },
});
