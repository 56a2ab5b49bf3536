/**
 * Experiments against the real Phoenix, in Chromium: a dataset the kit made from annotated spans
 * (through the Phoenix adapter, from the page), an experiment run on it by Phoenix's Python
 * experiment API (`client.experiments.run_experiment`, a deterministic task and a code evaluator),
 * and the kit's `ExperimentComparison` over the Phoenix adapter showing exactly the improved,
 * regressed and unchanged examples that task and evaluator imply against the annotations preserved
 * in the examples' metadata.
 */
import { useState } from 'react';
import { expect, inject, it } from 'vitest';
import { commands } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { createPhoenixAdapter } from '../../src/adapters/phoenix';
import { ExperimentComparison } from '../../src/components/experiments';
import { spansToExamples, spanTarget, type AnnotationInput, type Span } from '../../src/core';
import { AnnotationProvider, createAnnokitQueryClient } from '../../src/provider';
import { randomHex, uniqueName } from './support/rest';
import { seedSpans } from './support/seed';

const url = inject('phoenixUrl');
const project = uniqueName('experiments');
const adapter = createPhoenixAdapter({ baseUrl: url, projectName: project });
// config names are unique across a Phoenix server: this run's own
const name = uniqueName('resolved');

const QUESTIONS = [
  'How do I get a refund?',
  'Where is my parcel?',
  'Can I have a refund for a late order?',
  'What are your opening hours?',
  'Refund my subscription please',
  'Do you ship to Norway?',
  'Is a refund possible after 30 days?',
  'How do I change my password?',
  'I want a refund now',
  'Which sizes do you stock?',
  'Refund status for order 7',
  'Can I pay with PayPal?',
  'My refund has not arrived',
  'Do you have gift cards?',
  'What is your refund policy?',
  'Is there a student discount?',
];

/** The code evaluator's rule, written once here and once in Python below: the answer mentions a refund. */
const resolves = (question: string) => (question.toLowerCase().includes('refund') ? 1 : 0);

/** What each example starts from: a reviewer's verdict; an LLM judge's only; or nothing. */
function baselineOf(index: number): { human?: number; llm?: number } {
  if (index >= 14) return {};
  if (index >= 12) return { llm: index % 2 };
  // humans disagree with the rule on every third example, in both directions; an LLM judge that
  // always says 0 sits beside them and must not be the baseline ("prefer human")
  const rule = resolves(QUESTIONS[index]!);
  return { human: index % 3 === 0 ? 1 - rule : rule, llm: 0 };
}

function spansOf(): Span[] {
  const traceId = randomHex(16);
  const start = Date.parse('2026-03-01T10:00:00Z');
  return QUESTIONS.map((question, index) => ({
    spanId: randomHex(8),
    traceId,
    parentId: null,
    name: 'answer',
    kind: 'LLM',
    startTime: start + index * 1000,
    endTime: start + index * 1000 + 400,
    status: { code: 'OK', message: null },
    attributes: {
      llm: {
        input_messages: [{ message: { role: 'user', content: question } }],
        output_messages: [{ message: { role: 'assistant', content: `About: ${question}` } }],
      },
    },
    events: [],
  }));
}

it('shows a Python experiment on a kit-made dataset against the annotations kept in its examples', { timeout: 180_000 }, async () => {
  const spans = spansOf();
  await seedSpans(url, project, spans);
  await adapter.upsertAnnotationConfig({
    name,
    type: 'categorical',
    description: 'The answer resolves the request',
    optimizationDirection: 'MAXIMIZE',
    values: [
      { label: 'resolved', score: 1 },
      { label: 'unresolved', score: 0 },
    ],
  });
  const annotations: AnnotationInput[] = [];
  spans.forEach((span, index) => {
    const { human, llm } = baselineOf(index);
    const target = spanTarget(span.spanId);
    const verdict = (score: number) => ({ label: score ? 'resolved' : 'unresolved', score });
    if (human !== undefined) annotations.push({ target, name, annotatorKind: 'HUMAN', ...verdict(human), identifier: 'reviewer', userId: 'reviewer' });
    if (llm !== undefined) annotations.push({ target, name, annotatorKind: 'LLM', ...verdict(llm), identifier: 'judge' });
  });
  await adapter.upsertAnnotations(annotations);

  // the kit makes the dataset, from the page
  const stored = await adapter.listAnnotations({ targets: spans.map((span) => spanTarget(span.spanId)) });
  const dataset = await adapter.createDataset({ name: uniqueName('kit-experiment-dataset'), examples: spansToExamples(spans, stored) });

  // Phoenix's Python experiment API runs a task and a code evaluator on it
  const ran = await commands.runPython<{ experimentId: string; runs: number; evaluations: number }>(
    `
    px = client()
    dataset = px.datasets.get_dataset(dataset=data["dataset"])

    def task(input):
        return {"answer": input["messages"][-1]["content"]}

    def resolves(output):
        ok = "refund" in output["answer"].lower()
        return {"score": 1.0 if ok else 0.0, "label": "resolved" if ok else "unresolved"}

    experiment = px.experiments.run_experiment(
        dataset=dataset,
        task=task,
        evaluators={data["name"]: resolves},
        experiment_name="refund-keyword",
        print_summary=False,
    )
    result = {
        "experimentId": experiment["experiment_id"],
        "runs": len(experiment["task_runs"]),
        "evaluations": len(experiment["evaluation_runs"]),
    }
    `,
    { dataset: dataset.id, name },
    { timeoutMs: 150_000 },
  );
  expect(ran).toMatchObject({ runs: QUESTIONS.length, evaluations: QUESTIONS.length });

  // what the task and evaluator imply, example by example
  const expected = { improved: 0, regressed: 0, unchanged: 0, no_baseline: 0 };
  QUESTIONS.forEach((question, index) => {
    const { human, llm } = baselineOf(index);
    const baseline = human ?? llm;
    const current = resolves(question);
    if (baseline === undefined) expected.no_baseline++;
    else if (current > baseline) expected.improved++;
    else if (current < baseline) expected.regressed++;
    else expected.unchanged++;
  });
  expect(expected.improved).toBeGreaterThan(0);
  expect(expected.regressed).toBeGreaterThan(0);
  expect(expected.unchanged).toBeGreaterThan(0);

  function Page() {
    const [queryClient] = useState(createAnnokitQueryClient);
    return (
      <AnnotationProvider adapter={adapter} queryClient={queryClient} user={{ id: 'reviewer' }}>
        <ExperimentComparison datasetId={dataset.id} defaultExperimentId={ran.experimentId} />
      </AnnotationProvider>
    );
  }
  const screen = await render(<Page />);
  const rows = () => [...document.querySelectorAll('[data-slot="experiment-comparison-row"]')];
  await expect.poll(() => rows().length, { timeout: 30_000 }).toBe(QUESTIONS.length);
  const count = (status: string) => rows().filter((row) => row.getAttribute('data-status') === status).length;
  expect({ improved: count('improved'), regressed: count('regressed'), unchanged: count('unchanged'), no_baseline: count('no_baseline') }).toEqual(expected);
  // the summary the reviewer filters by says the same
  for (const [status, n] of Object.entries(expected)) {
    const item = document.querySelector(`[data-slot="experiment-comparison-filter-item"][data-value="${status}"]`);
    expect(item?.textContent, `the ${status} filter`).toMatch(new RegExp(`\\b${n}$`));
  }
  // and each example reads the evaluation Phoenix stored for its run, with the direction of the config
  await expect.element(screen.getByRole('columnheader', { name })).toBeVisible();
  console.log(`[experiments] ExperimentComparison over Phoenix: ${JSON.stringify(expected)} of ${QUESTIONS.length} examples`);
});
