/**
 * The adapter conformance suite against the real Phoenix, for every capability the Phoenix adapter
 * claims. Each test starts from a freshly made project: the project is deleted (with its spans,
 * sessions and annotations) and the suite's spans are stored again, under ids no other file uses.
 */
import { inject } from 'vitest';
import { createPhoenixAdapter } from '../../src/adapters/phoenix';
import { conformanceFixture, describeAdapterConformance } from '../adapters/conformance';
import { seedDatasetsAndExperiments, withFreshIds } from './support/conformance-data';
import { deleteProject, phoenixRest, uniqueName } from './support/rest';
import { seedSpans } from './support/seed';

const url = inject('phoenixUrl');
const rest = phoenixRest(url);
const project = uniqueName('conformance');
const data = withFreshIds(conformanceFixture());
const create = () => createPhoenixAdapter({ baseUrl: url, projectName: project });

describeAdapterConformance({
  name: `phoenix (real server ${inject('phoenixVersion')})`,
  create,
  data,
  reset: async () => {
    await deleteProject(rest, project);
    await seedSpans(url, project, data.spans);
  },
  seed: async (seeded) => {
    // reset() has stored the spans already
    const adapter = create();
    await seedDatasetsAndExperiments(rest, adapter, seeded);
    return adapter;
  },
});
