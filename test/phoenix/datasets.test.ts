/**
 * Datasets against the real Phoenix: for the same annotated spans, the examples the kit makes
 * (`spansToExamples` over spans and annotations read through the Phoenix adapter, uploaded by the
 * adapter's `createDataset`) are the examples Phoenix's own "add spans to dataset" makes (the
 * GraphQL `createDataset` + `addSpansToDataset` mutations its UI calls), compared field by field
 * as Phoenix's REST API serves both; and Phoenix's Python client reads the kit's dataset.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createPhoenixAdapter } from '../../src/adapters/phoenix';
import { spansToExamples, spanTarget, type Span } from '../../src/core';
import { canonical } from './support/compare';
import { datasetProject, seedDatasetProject } from './support/dataset-project';
import { graphqlOrThrow, phoenixSpanIds } from './support/graphql';
import { runPython } from './support/python';
import { phoenixRest, uniqueName } from './support/rest';

const url = inject('phoenixUrl');
const data = datasetProject();
const adapter = createPhoenixAdapter({ baseUrl: url, projectName: data.project });
const rest = phoenixRest(url);

interface RestExample {
  id: string;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
  metadata: Record<string, unknown>;
  updated_at: string;
  source?: { span_id?: string | null } | null;
}

/** The spans both datasets take: every annotated span, the fixture and edge spans, a few of each kind. */
function chosenSpans(spans: readonly Span[]): Span[] {
  const annotated = new Set([
    ...data.kitAnnotations.map((annotation) => (annotation.target as { spanId?: string }).spanId),
    ...data.restAnnotations.map((row) => row.span_id),
    ...data.notes.map((note) => note.spanId),
  ]);
  const perKind = new Map<string, number>();
  return spans.filter((span) => {
    const seen = perKind.get(span.kind) ?? 0;
    perKind.set(span.kind, seen + 1);
    return annotated.has(span.spanId) || seen < 4 || span.name.startsWith('edge-') || !/^[0-9a-f]{16}$/.test(span.spanId) || span.attributes.llm !== undefined;
  });
}

async function examplesOf(datasetId: string): Promise<RestExample[]> {
  const body = await rest.json<{ data: { examples: RestExample[] } }>('GET', `/v1/datasets/${encodeURIComponent(datasetId)}/examples`);
  return body.data.examples;
}

let chosen: Span[] = [];
let kitExamples: RestExample[] = [];
let phoenixExamples: RestExample[] = [];
let kitDatasetName = '';

beforeAll(async () => {
  await seedDatasetProject(url, data);
  const all: Span[] = [];
  let cursor: string | null = null;
  do {
    const page = await adapter.listSpans({ cursor, limit: 1000 });
    all.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  chosen = chosenSpans(all);

  // the kit: spans and annotations through the adapter, examples by spansToExamples, uploaded by createDataset
  const annotations = await adapter.listAnnotations({ targets: chosen.map((span) => spanTarget(span.spanId)) });
  kitDatasetName = uniqueName('kit-dataset');
  const kitDataset = await adapter.createDataset({ name: kitDatasetName, examples: spansToExamples(chosen, annotations) });
  kitExamples = await examplesOf(kitDataset.id);

  // Phoenix's UI: createDataset, then addSpansToDataset with the spans' GraphQL ids
  const globalIds = new Map([...(await phoenixSpanIds(url, data.project))].map(([node, span]) => [span, node]));
  const created = await graphqlOrThrow<{ createDataset: { dataset: { id: string } } }>(
    url,
    'mutation Create($name: String!) { createDataset(input: { name: $name }) { dataset { id } } }',
    { name: uniqueName('phoenix-dataset') },
  );
  const datasetId = created.createDataset.dataset.id;
  await graphqlOrThrow(
    url,
    'mutation Add($id: ID!, $spans: [ID!]!) { addSpansToDataset(input: { datasetId: $id, spanIds: $spans }) { dataset { id } } }',
    { id: datasetId, spans: chosen.map((span) => globalIds.get(span.spanId)!) },
  );
  phoenixExamples = await examplesOf(datasetId);
}, 180_000);

/** Paths where two JSON values differ (`input.messages[0].role: kit "user", Phoenix "assistant"`). */
function jsonDifferences(kit: unknown, phoenix: unknown, path: string, out: string[]): void {
  if (JSON.stringify(kit) === JSON.stringify(phoenix)) return;
  const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
  if (Array.isArray(kit) && Array.isArray(phoenix) && kit.length === phoenix.length) {
    kit.forEach((entry, index) => jsonDifferences(entry, phoenix[index], `${path}[${index}]`, out));
    return;
  }
  if (isObject(kit) && isObject(phoenix)) {
    for (const key of [...new Set([...Object.keys(kit), ...Object.keys(phoenix)])].sort()) {
      jsonDifferences(kit[key], phoenix[key], path ? `${path}.${key}` : key, out);
    }
    return;
  }
  const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 160));
  out.push(`${path}: kit ${show(kit)}, Phoenix ${show(phoenix)}`);
}

type Json = Record<string, unknown>;
type Entry = Json & { metadata?: Json };

/**
 * The deliberate differences between the kit's examples and Phoenix's, each named (the README's
 * datasets section lists the same): the comparison undoes exactly these, counts how often each
 * applied, and every one must still apply somewhere.
 */
const KNOWN_DIFFERENCES = {
  toolCallIds: 'the kit keeps tool-call ids (`tool_calls[].id`, `tool_call_id`) so the messages replay through OpenAI-style APIs',
  messageParts: 'the kit keeps a message\'s non-text parts (`contents`: images, audio) that Phoenix drops',
  annotationFields:
    'an annotation carries `identifier` and `updated_at` (which reviewer, how recent); `user_id` is the user the kit was told about, where Phoenix writes its own account (`user_id`, `username`, `email`) and keeps the adapter\'s `annokit_user_id` in the metadata',
  annotationOrder: 'human annotations first, then LLM, then CODE, newest first, so `[0]` is the ground truth; Phoenix orders by its user name',
  notes: 'notes are not annotations: Phoenix lists a span\'s notes under `annotations.note`',
  documentAnnotations: 'a document\'s annotations are not its span\'s verdict: Phoenix lists those the adapter stores on the retrieval span',
} as const;
type KnownDifference = keyof typeof KNOWN_DIFFERENCES;

function withoutKitMessageExtras(io: Json, used: Map<KnownDifference, number>): Json {
  if (!Array.isArray(io.messages)) return io;
  const count = (name: KnownDifference) => used.set(name, (used.get(name) ?? 0) + 1);
  return {
    ...io,
    messages: (io.messages as Json[]).map((message) => {
      const { tool_call_id: toolCallId, contents, ...rest } = message;
      if (toolCallId !== undefined) count('toolCallIds');
      if (contents !== undefined) count('messageParts');
      if (!Array.isArray(rest.tool_calls)) return rest;
      return {
        ...rest,
        tool_calls: (rest.tool_calls as Json[]).map(({ id, ...call }) => {
          if (id !== undefined) count('toolCallIds');
          return call;
        }),
      };
    }),
  };
}

/** An annotation entry as both sides can state it: the verdict, the metadata it was written with, and who (the kit's user). */
function comparable(entry: Entry, side: 'kit' | 'phoenix'): Json {
  const metadata = { ...(entry.metadata ?? {}) };
  let user = entry.user_id ?? null;
  if (side === 'phoenix') {
    user = metadata.annokit_user_id ?? entry.user_id ?? null;
    delete metadata.annokit_user_id;
  }
  return { label: entry.label, score: entry.score, explanation: entry.explanation, annotator_kind: entry.annotator_kind, metadata, user };
}

describe('a dataset made from spans', () => {
  it('holds what Phoenix\'s own "add spans to dataset" makes of the same spans', () => {
    expect(kitExamples).toHaveLength(chosen.length);
    expect(phoenixExamples).toHaveLength(chosen.length);
    const phoenixBySpan = new Map(phoenixExamples.map((example) => [example.source?.span_id, example]));
    const used = new Map<KnownDifference, number>();
    const count = (name: KnownDifference) => used.set(name, (used.get(name) ?? 0) + 1);
    const differences: string[] = [];
    let entries = 0;
    for (const kit of kitExamples) {
      const spanId = kit.source?.span_id;
      const span = chosen.find((entry) => entry.spanId === spanId)!;
      const phoenix = phoenixBySpan.get(spanId);
      expect(phoenix, `Phoenix made no example of span ${spanId}`).toBeDefined();

      const { annotations: kitGroups = {}, ...kitMetadata } = kit.metadata as { annotations?: Record<string, Entry[]> };
      const { annotations: phoenixGroups = {}, ...phoenixMetadata } = phoenix!.metadata as { annotations?: Record<string, Entry[]> };
      const found: string[] = [];
      jsonDifferences(
        { input: withoutKitMessageExtras(kit.input, used), output: withoutKitMessageExtras(kit.output, used), metadata: kitMetadata },
        { input: phoenix!.input, output: phoenix!.output, metadata: phoenixMetadata },
        '',
        found,
      );

      const documentNames = new Set(
        data.kitAnnotations.filter((annotation) => annotation.target.kind === 'document' && annotation.target.spanId === spanId).map((annotation) => annotation.name),
      );
      const spanNames = new Set([
        ...data.kitAnnotations.filter((annotation) => annotation.target.kind === 'span' && annotation.target.spanId === spanId).map((annotation) => annotation.name),
        ...data.restAnnotations.filter((row) => row.span_id === spanId).map((row) => row.name),
      ]);
      for (const name of [...new Set([...Object.keys(kitGroups), ...Object.keys(phoenixGroups)])].sort()) {
        const kitEntries = kitGroups[name] ?? [];
        const phoenixEntries = phoenixGroups[name] ?? [];
        if (name === 'note' && kitEntries.length === 0) {
          count('notes');
          continue;
        }
        if (documentNames.has(name) && !spanNames.has(name) && kitEntries.length === 0) {
          count('documentAnnotations');
          continue;
        }
        entries += kitEntries.length;
        for (const entry of kitEntries) {
          expect(Object.keys(entry).sort()).toEqual(['annotator_kind', 'explanation', 'identifier', 'label', 'metadata', 'score', 'updated_at', 'user_id']);
        }
        for (const entry of phoenixEntries) {
          expect(Object.keys(entry).sort()).toEqual(['annotator_kind', 'email', 'explanation', 'label', 'metadata', 'score', 'user_id', 'username']);
        }
        if (kitEntries.length > 0) count('annotationFields');
        const kitSet = kitEntries.map((entry) => canonical(comparable(entry, 'kit'))).sort();
        const phoenixSet = phoenixEntries.map((entry) => canonical(comparable(entry, 'phoenix'))).sort();
        if (kitSet.join('\n') !== phoenixSet.join('\n')) {
          found.push(`metadata.annotations.${name}: kit ${kitSet.join(' | ')}; Phoenix ${phoenixSet.join(' | ')}`);
          continue;
        }
        const inOrder = kitEntries.map((entry) => canonical(comparable(entry, 'kit')));
        if (inOrder.join() !== phoenixEntries.map((entry) => canonical(comparable(entry, 'phoenix'))).join()) count('annotationOrder');
        // the kit's order: humans, then LLM, then CODE, each newest first
        const rank = { HUMAN: 0, LLM: 1, CODE: 2 } as Record<string, number>;
        const ranks = kitEntries.map((entry) => rank[entry.annotator_kind as string]!);
        expect(ranks, `annotations.${name} of span ${spanId} in the kit's order`).toEqual([...ranks].sort());
      }
      differences.push(...found.map((line) => `span ${spanId} (${span.kind} ${span.name}) ${line}`));
    }
    console.log(
      `[datasets] ${kitExamples.length} examples equal Phoenix's field by field (${entries} annotations); known differences: ` +
        [...used].map(([name, n]) => `${name} ${n}`).join(', '),
    );
    expect(differences, differences.slice(0, 40).join('\n')).toEqual([]);
    for (const name of Object.keys(KNOWN_DIFFERENCES) as KnownDifference[]) {
      expect(used.get(name) ?? 0, `the known difference "${name}" no longer applies: remove it`).toBeGreaterThan(0);
    }
  });

  it("reads back through Phoenix's Python client, ground truth where an evaluator looks for it", async () => {
    const read = await runPython<{ name: string; count: number; examples: { id: string; input: Json; output: Json; metadata: Json }[]; truth: Record<string, string | null> }>(
      `
      dataset = client().datasets.get_dataset(dataset=data["name"])
      examples = [{"id": e["id"], "input": e["input"], "output": e["output"], "metadata": e["metadata"]} for e in dataset.examples]
      # how an evaluator reads the ground truth: the first correctness annotation's label
      truth = {e["id"]: ((e["metadata"].get("annotations") or {}).get("correctness") or [{}])[0].get("label") for e in dataset.examples}
      result = {"name": dataset.name, "count": len(dataset), "examples": examples, "truth": truth}
      `,
      { input: { name: kitDatasetName } },
    );
    expect(read.name).toBe(kitDatasetName);
    expect(read.count).toBe(kitExamples.length);
    const byId = new Map(read.examples.map((example) => [example.id, example]));
    for (const example of kitExamples) {
      expect(byId.get(example.id), `example ${example.id} through the Python client`).toEqual({
        id: example.id,
        input: example.input,
        output: example.output,
        metadata: example.metadata,
      });
    }
    const labelled = kitExamples.filter((example) => ((example.metadata.annotations as Record<string, Entry[]>).correctness ?? []).length > 0);
    expect(labelled.length).toBeGreaterThan(10);
    for (const example of labelled) {
      expect(read.truth[example.id]).toBe((example.metadata.annotations as Record<string, Entry[]>).correctness![0]!.label);
    }
  });
});
