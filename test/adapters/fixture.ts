import type {
  Attributes,
  Dataset,
  DatasetExample,
  Experiment,
  ExperimentRun,
  Span,
  SpanKind,
} from '../../src/core';

/** What the conformance suite hands to an adapter's `seed`: data the backend must then serve. */
export interface ConformanceData {
  spans: Span[];
  /** Datasets with their examples; a backend may give them ids of its own. */
  datasets: Array<Dataset & { examples: DatasetExample[] }>;
  /** Experiments on those datasets (by `datasetId` as given here), with their runs. */
  experiments: Array<Experiment & { runs: ExperimentRun[] }>;
}

const BASE = Date.UTC(2026, 0, 15, 9, 0, 0);
const hex = (value: number, length: number) => value.toString(16).padStart(length, '0');

/**
 * A small, hand-shaped project that exercises every span filter: three sessions and a trace
 * without one, two models, errors, equal start times (so pagination must break ties), a wide
 * trace (so pages split inside one trace), and one dataset with two experiments.
 * Ids look like OTel ids (16 and 32 hex digits) so fake backends that check them accept them.
 */
export function conformanceFixture(): ConformanceData {
  const spans: Span[] = [];
  let spanCounter = 0;
  const add = (
    traceIndex: number,
    parentId: string | null,
    kind: SpanKind,
    name: string,
    offsetMs: number,
    durationMs: number,
    attributes: Attributes,
    error = false,
  ): string => {
    const spanId = hex(0xa000 + ++spanCounter, 16);
    const startTime = BASE + traceIndex * 60_000 + offsetMs;
    spans.push({
      spanId,
      traceId: hex(0xbeef00 + traceIndex, 32),
      parentId,
      name,
      kind,
      startTime,
      endTime: startTime + durationMs,
      status: error ? { code: 'ERROR', message: 'upstream timed out' } : { code: 'OK', message: null },
      attributes,
      events: error
        ? [
            {
              name: 'exception',
              time: startTime + durationMs,
              attributes: { exception: { type: 'TimeoutError', message: 'upstream timed out' } },
            },
          ]
        : [],
    });
    return spanId;
  };

  const turns: Array<{ session: string | null; user: string; question: string; answer: string; model: string; error?: boolean; wide?: number }> = [
    { session: 'sess-refund-1', user: 'u-ana', question: 'Can I get a refund for order 1042?', answer: 'Yes, a refund was issued.', model: 'gpt-4o' },
    { session: 'sess-refund-1', user: 'u-ana', question: 'When will the money arrive?', answer: 'Within 5 business days.', model: 'gpt-4o' },
    { session: 'sess-ship-2', user: 'u-bo', question: 'Where is my parcel?', answer: 'It is out for delivery.', model: 'claude-sonnet-4', error: true },
    { session: null, user: 'u-cy', question: 'How do I reset my password?', answer: 'Use the "Forgot password" link.', model: 'claude-sonnet-4' },
    { session: 'sess-acct-3', user: 'u-dee', question: 'Change my email address', answer: 'Done: your email is updated.', model: 'gpt-4o', wide: 18 },
    { session: 'sess-acct-3', user: 'u-dee', question: 'And my phone number?', answer: 'Your phone number is updated too.', model: 'gpt-4o-mini' },
  ];

  turns.forEach((turn, traceIndex) => {
    const rootAttributes: Attributes = {
      input: { value: turn.question, mime_type: 'text/plain' },
      output: { value: turn.answer, mime_type: 'text/plain' },
      user: { id: turn.user },
      metadata: { channel: traceIndex % 2 ? 'web' : 'mobile' },
    };
    if (turn.session) rootAttributes.session = { id: turn.session };
    const root = add(traceIndex, null, 'AGENT', 'support-agent', 0, 2400, rootAttributes, turn.error);
    add(traceIndex, root, 'RETRIEVER', 'search-help-center', 20, 180, {
      input: { value: turn.question },
      retrieval: { documents: [{ document: { id: `kb-${traceIndex}`, content: 'Refunds take 5 days.', score: 0.82 } }] },
    });
    // Same start time as the retriever: a backend must still page through both exactly once.
    add(traceIndex, root, 'TOOL', 'lookup_order', 20, 90, {
      tool: { name: 'lookup_order', parameters: '{"type":"object"}' },
      input: { value: '{"order_id":"1042"}', mime_type: 'application/json' },
      output: { value: '{"status":"shipped"}', mime_type: 'application/json' },
    });
    add(
      traceIndex,
      root,
      'LLM',
      'generate-answer',
      300,
      1900,
      {
        llm: {
          model_name: turn.model,
          token_count: { prompt: 420 + traceIndex, completion: 60, total: 480 + traceIndex },
          input_messages: [{ message: { role: 'user', content: turn.question } }],
          output_messages: [{ message: { role: 'assistant', content: turn.answer } }],
        },
      },
      turn.error,
    );
    for (let extra = 0; extra < (turn.wide ?? 0); extra++) {
      add(traceIndex, root, 'TOOL', 'check_inventory', 400 + extra * 10, 8, {
        tool: { name: 'check_inventory' },
        input: { value: `{"sku":"SKU-${extra}"}`, mime_type: 'application/json' },
      });
    }
  });

  const roots = spans.filter((span) => span.parentId === null);
  const createdAt = new Date(BASE + 3_600_000).toISOString();
  const examples: DatasetExample[] = roots.slice(0, 4).map((span, index) => ({
    id: `example-${index + 1}`,
    input: { question: (span.attributes.input as Attributes).value },
    output: { answer: (span.attributes.output as Attributes).value },
    metadata: { span_kind: 'AGENT', annotations: { correctness: [{ label: index === 2 ? 'incorrect' : 'correct' }] } },
    spanId: span.spanId,
  }));
  const dataset = {
    id: 'dataset-support-golden',
    name: 'support-golden',
    description: 'Golden support answers',
    exampleCount: examples.length,
    metadata: {},
    createdAt,
    updatedAt: createdAt,
    examples,
  };
  const experiment = (id: string, name: string, labels: string[]): Experiment & { runs: ExperimentRun[] } => ({
    id,
    datasetId: dataset.id,
    name,
    createdAt,
    metadata: { model: name },
    runCount: examples.length,
    runs: examples.map((example, index) => ({
      id: `${id}-run-${index + 1}`,
      experimentId: id,
      exampleId: example.id!,
      output: { answer: `${name} answer ${index + 1}` },
      error: null,
      startTime: createdAt,
      endTime: createdAt,
      evaluations: [
        {
          name: 'correctness',
          annotatorKind: 'LLM',
          label: labels[index]!,
          score: labels[index] === 'correct' ? 1 : 0,
          explanation: `judged ${labels[index]}`,
          error: null,
        },
      ],
    })),
  });
  return {
    spans,
    datasets: [dataset],
    experiments: [
      experiment('experiment-a', 'gpt-4o baseline', ['correct', 'correct', 'incorrect', 'correct']),
      experiment('experiment-b', 'gpt-4o-mini candidate', ['correct', 'incorrect', 'correct', 'correct']),
    ],
  };
}
