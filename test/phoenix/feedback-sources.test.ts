/**
 * The seed's LLM evaluations, as its users log them right after tracing: Phoenix's Python client
 * (`log_span_annotations_dataframe`, default `sync=False`) may run before Phoenix has stored the
 * spans it evaluates. Phoenix accepts the evaluations, queues them and stores them once the spans
 * arrive (it retries every 10 s); the kit then reads them like any other. The fake Phoenix
 * (test/adapters/phoenix) does the same; the browser suite beside this file covers the rest.
 */
import { expect, inject, it } from 'vitest';
import { createPhoenixAdapter } from '../../src/adapters/phoenix';
import { LOG_LLM_EVALUATIONS, makeChatTurn, restSpanAnnotations, waitForAnnotations } from './support/feedback';
import { runPython } from './support/python';
import { uniqueName } from './support/rest';
import { seedSpans } from './support/seed';

const url = inject('phoenixUrl');

it('stores LLM evaluations logged before their spans arrived once the spans do, and the kit reads them', async () => {
  const project = uniqueName('feedback-early-evals');
  const turn = makeChatTurn();
  await runPython(LOG_LLM_EVALUATIONS, {
    input: { evaluations: { correctness: [{ spanId: turn.llm.spanId, label: 'correct', score: 1, explanation: 'Matches the retrieved document.' }] } },
  });
  // Phoenix answered, but has nowhere to put the evaluation yet
  expect(await restSpanAnnotations(url, project, [turn.llm.spanId])).toEqual([]);

  await seedSpans(url, project, turn.spans);
  await waitForAnnotations(url, project, [turn.llm.spanId], (rows) => rows.length === 1, 45_000);
  const adapter = createPhoenixAdapter({ baseUrl: url, projectName: project });
  expect(await adapter.listAnnotations({ targets: [{ kind: 'span', spanId: turn.llm.spanId }] })).toMatchObject([
    { name: 'correctness', annotatorKind: 'LLM', label: 'correct', score: 1, explanation: 'Matches the retrieved document.', identifier: '', userId: null },
  ]);
});
