/**
 * The kit and Phoenix's own Python client (`arize-phoenix-client`, what the seed's users script
 * with) see the same annotations. Also the proof of `runPython`, which later suites build on.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createPhoenixAdapter } from '../../src/adapters/phoenix';
import { conformanceFixture } from '../adapters/conformance';
import { withFreshIds } from './support/conformance-data';
import { PythonError, runPython } from './support/python';
import { uniqueName } from './support/rest';
import { seedSpans } from './support/seed';

const url = inject('phoenixUrl');
const project = uniqueName('python-client');
const data = withFreshIds(conformanceFixture());
const adapter = createPhoenixAdapter({ baseUrl: url, projectName: project });
const [root, retriever] = data.spans;

beforeAll(async () => {
  await seedSpans(url, project, data.spans);
});

interface PythonAnnotation {
  name: string;
  span_id: string;
  annotator_kind: string;
  identifier: string;
  result: { label: string | null; score: number | null; explanation: string | null };
  metadata: Record<string, unknown>;
}

describe('the Phoenix Python client', () => {
  it('reads back what the adapter wrote, and the adapter reads what the client logged', async () => {
    const target = { kind: 'span', spanId: root!.spanId } as const;
    await adapter.upsertAnnotations([
      { target, name: 'user_feedback', annotatorKind: 'HUMAN', label: 'positive', score: 1, identifier: 'user-7', userId: 'user-7' },
    ]);
    const { fromKit, version } = await runPython<{ fromKit: PythonAnnotation[]; version: string }>(
      `
      from importlib.metadata import version
      from phoenix.client import Client
      px = client()
      rows = px.spans.get_span_annotations(span_ids=[data["kitSpan"]], project_identifier=data["project"])
      px.spans.add_span_annotation(
          span_id=data["pythonSpan"],
          annotation_name="correctness",
          annotator_kind="LLM",
          label="correct",
          score=1.0,
          explanation="matches the policy",
          sync=True,
      )
      result = {"fromKit": rows, "version": version("arize-phoenix-client")}
      `,
      { input: { kitSpan: root!.spanId, pythonSpan: retriever!.spanId, project } },
    );
    expect(version).toBe(inject('phoenixClientVersion'));
    expect(fromKit).toHaveLength(1);
    expect(fromKit[0]).toMatchObject({
      name: 'user_feedback',
      span_id: root!.spanId,
      annotator_kind: 'HUMAN',
      // the identifier embeds the target, so a retract by (name, identifier) touches this span only
      identifier: `annokit:span:${root!.spanId}:user-7`,
      result: { label: 'positive', score: 1 },
      metadata: { annokit_user_id: 'user-7' },
    });

    const [logged] = await adapter.listAnnotations({ targets: [{ kind: 'span', spanId: retriever!.spanId }] });
    expect(logged).toMatchObject({
      name: 'correctness',
      annotatorKind: 'LLM',
      label: 'correct',
      score: 1,
      explanation: 'matches the policy',
      identifier: '',
      source: 'API',
    });
  });

  it('reports a failing snippet with its Python traceback', async () => {
    const error = await runPython('raise ValueError("no such span")').then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(PythonError);
    expect((error as Error).message).toContain('ValueError: no such span');
  });
});
