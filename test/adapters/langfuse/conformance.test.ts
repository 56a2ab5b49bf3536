import { afterAll, afterEach, expect } from 'vitest';
import { createLangfuseAdapter } from '../../../src/adapters/langfuse';
import { describeAdapterConformance } from '../conformance';
import { PUBLIC_KEY, SECRET_KEY, seedObservations, startFakeLangfuse } from './fake-langfuse';

const fake = await startFakeLangfuse();
afterAll(() => fake.close());
afterEach(() => {
  expect(fake.violations.splice(0)).toEqual([]);
});

const create = () => createLangfuseAdapter({ baseUrl: fake.url, publicKey: PUBLIC_KEY, secretKey: SECRET_KEY });

describeAdapterConformance({
  name: 'langfuse (fake on 127.0.0.1)',
  create,
  reset: () => fake.reset(),
  seed: (data) => {
    seedObservations(fake, data.spans);
    return create();
  },
});
