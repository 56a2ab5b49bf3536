/**
 * An annotated Phoenix project for the differential suites (filter, datasets, experiments): varied
 * spans (the filter tests' generated project, plus the hand-made spans the filter tests name by id)
 * and annotations from every source a Phoenix project holds — HUMAN votes and labels written
 * through the kit's adapter, LLM and CODE annotations written over REST the way Phoenix's Python
 * client writes them (identifier `''`), several of one name on a span, labels without scores and
 * scores without labels, notes, a document annotation and a trace annotation. Runs in Node and in
 * a browser (fetch only).
 *
 * Span ids are deterministic (the filter tests name some of them: `span_id == 'llm'`), and Phoenix
 * keeps span ids unique across the server, so {@link seedAnnotatedProject} deletes the project
 * first and then stores it again.
 */
import { createPhoenixAdapter } from '../../../src/adapters/phoenix';
import type { AnnotationInput, Span } from '../../../src/core';
import { generateProject, namedSpans } from '../../core/filter/fixtures';
import { deleteProject, phoenixRest } from './rest';
import { seedSpans } from './seed';

/** Traces the filter tests' generator makes (five spans each). */
const GENERATED_TRACES = 210;

/** A REST annotation row as Phoenix's Python client posts it (`identifier` `''` unless given). */
export interface RestAnnotation {
  span_id: string;
  name: string;
  annotator_kind: 'HUMAN' | 'LLM' | 'CODE';
  result: { label: string | null; score: number | null; explanation: string | null };
  identifier?: string;
  metadata?: Record<string, unknown>;
}

export interface AnnotatedProject {
  /** The Phoenix project name. */
  project: string;
  spans: Span[];
  /** Written through the kit's Phoenix adapter (identifiers embed the target). */
  kitAnnotations: AnnotationInput[];
  /** Written with `POST /v1/span_annotations`, as the Python client does. */
  restAnnotations: RestAnnotation[];
  /** Notes (Phoenix stores them as annotations named `note`), through the adapter. */
  notes: { spanId: string; text: string; userId: string }[];
}

function hex(prefix: string, index: number, length: number): string {
  return `${prefix}${index.toString(16)}`.padStart(length, '0').slice(-length);
}

/** The project's spans and annotations; the same on every call. */
export function annotatedProject(project = 'annokit-annotated'): AnnotatedProject {
  const generated = generateProject(GENERATED_TRACES, 14);
  const spanIds = new Map<string, string>();
  const traceIds = new Map<string, string>();
  const spanId = (id: string) => {
    if (!spanIds.has(id)) spanIds.set(id, hex('a0', spanIds.size, 16));
    return spanIds.get(id)!;
  };
  const traceId = (id: string) => {
    if (!traceIds.has(id)) traceIds.set(id, hex('a0', traceIds.size, 32));
    return traceIds.get(id)!;
  };
  const spans: Span[] = [
    ...generated.spans.map((span) => ({
      ...span,
      spanId: spanId(span.spanId),
      traceId: traceId(span.traceId),
      parentId: span.parentId === null ? null : spanId(span.parentId),
    })),
    ...namedSpans(),
  ];

  const kitAnnotations: AnnotationInput[] = [];
  const restAnnotations: RestAnnotation[] = [];
  const result = (label: string | null, score: number | null, explanation: string | null = null) => ({ label, score, explanation });
  // the generator's annotations: LLM ones as an evaluation script logs them, HUMAN ones as a reviewer in the kit
  generated.annotations.forEach((annotation, index) => {
    const target = spanId((annotation.target as { spanId: string }).spanId);
    if (annotation.annotatorKind === 'HUMAN') {
      const reviewer = `reviewer-${index % 3}`;
      kitAnnotations.push({
        target: { kind: 'span', spanId: target },
        name: annotation.name,
        annotatorKind: 'HUMAN',
        label: annotation.label,
        score: annotation.score,
        explanation: annotation.explanation,
        identifier: reviewer,
        userId: reviewer,
      });
    } else {
      restAnnotations.push({
        span_id: target,
        name: annotation.name,
        annotator_kind: annotation.annotatorKind,
        result: result(annotation.label, annotation.score, annotation.explanation),
      });
    }
  });
  const llmSpans = spans.filter((span) => span.kind === 'LLM');
  // thumbs from end users: several on one span, some up some down, labels with scores
  llmSpans.slice(0, 60).forEach((span, index) => {
    const voters = index % 4 === 0 ? ['alice', 'bob'] : index % 4 === 1 ? ['alice'] : index % 4 === 2 ? ['bob', 'carol'] : [];
    voters.forEach((user, position) => {
      const up = (index + position) % 3 !== 0;
      kitAnnotations.push({
        target: { kind: 'span', spanId: span.spanId },
        name: 'thumbs',
        annotatorKind: 'HUMAN',
        label: up ? 'up' : 'down',
        score: up ? 1 : 0,
        identifier: user,
        userId: user,
      });
    });
  });
  // CODE checks: labels without scores, some scores without labels
  spans.filter((span) => span.kind === 'TOOL').slice(0, 80).forEach((span, index) => {
    restAnnotations.push({
      span_id: span.spanId,
      name: 'format',
      annotator_kind: 'CODE',
      result: index % 5 === 0 ? result(null, index % 2) : result(index % 3 === 0 ? 'invalid' : 'valid', null),
    });
  });
  // a freeform LLM annotation: an explanation only
  llmSpans.slice(20, 40).forEach((span, index) => {
    restAnnotations.push({
      span_id: span.spanId,
      name: 'tone',
      annotator_kind: 'LLM',
      result: result(null, null, index % 2 ? 'Polite and brief' : 'Curt; mentions a REFUND'),
    });
  });
  // the hand-made spans carry the filter tests' annotations
  kitAnnotations.push(
    { target: { kind: 'span', spanId: 'tool' }, name: 'correctness', annotatorKind: 'HUMAN', label: 'correct', score: 1, identifier: 'reviewer-0', userId: 'reviewer-0' },
    { target: { kind: 'span', spanId: 'llm' }, name: 'thumbs', annotatorKind: 'HUMAN', label: 'up', score: 1, identifier: 'alice', userId: 'alice' },
    { target: { kind: 'span', spanId: 'llm' }, name: 'thumbs', annotatorKind: 'HUMAN', label: 'down', score: 0, identifier: 'bob', userId: 'bob' },
    { target: { kind: 'span', spanId: 'tool' }, name: 'thumbs', annotatorKind: 'HUMAN', label: 'up', score: 1, identifier: 'alice', userId: 'alice' },
    { target: { kind: 'span', spanId: 'tool' }, name: 'q', annotatorKind: 'HUMAN', label: 'x', identifier: 'alice', userId: 'alice' },
    { target: { kind: 'span', spanId: 'pair' }, name: 'q', annotatorKind: 'HUMAN', label: 'y', score: 0.5, identifier: 'alice', userId: 'alice' },
    // a document annotation, which the adapter stores on its retrieval span (documentAnnotations: 'span')
    {
      target: { kind: 'document', spanId: spans.find((span) => span.kind === 'RETRIEVER')!.spanId, position: 0 },
      name: 'relevance',
      annotatorKind: 'HUMAN',
      label: 'relevant',
      score: 1,
      identifier: 'alice',
      userId: 'alice',
    },
    // a trace annotation of a name the span filter reads: span conditions never see it
    { target: { kind: 'trace', traceId: 't2' }, name: 'correctness', annotatorKind: 'HUMAN', label: 'incorrect', score: 0, identifier: 'alice', userId: 'alice' },
  );
  restAnnotations.push(
    { span_id: 'llm', name: 'correctness', annotator_kind: 'LLM', result: result('incorrect', 0, 'Contradicts the refund policy') },
    { span_id: 'tool', name: 'helpfulness', annotator_kind: 'LLM', result: result(null, 0.4) },
  );
  const notes = [
    { spanId: 'tool', text: 'check the timeout', userId: 'alice' },
    { spanId: llmSpans[3]!.spanId, text: 'Looks fine', userId: 'bob' },
  ];
  return { project, spans, kitAnnotations, restAnnotations, notes };
}

/**
 * Stores the project in Phoenix from scratch (the project is deleted first): spans, then the
 * adapter's annotations and notes, then the REST annotations with `sync=true`.
 */
export async function seedAnnotatedProject(baseUrl: string, data: AnnotatedProject, fetchImpl?: typeof fetch): Promise<void> {
  const rest = phoenixRest(baseUrl, fetchImpl);
  await deleteProject(rest, data.project);
  await seedSpans(baseUrl, data.project, data.spans, { fetch: fetchImpl });
  const adapter = createPhoenixAdapter({ baseUrl, projectName: data.project, fetch: fetchImpl });
  for (let start = 0; start < data.kitAnnotations.length; start += 500) {
    await adapter.upsertAnnotations(data.kitAnnotations.slice(start, start + 500));
  }
  for (let start = 0; start < data.restAnnotations.length; start += 500) {
    await rest.call('annotateSpans', 'POST', '/v1/span_annotations?sync=true', {
      data: data.restAnnotations.slice(start, start + 500).map((row) => ({ identifier: '', metadata: {}, ...row })),
    });
  }
  for (const note of data.notes) {
    await adapter.addNote({ target: { kind: 'span', spanId: note.spanId }, text: note.text, userId: note.userId }, { idempotencyKey: `${data.project}:${note.spanId}` });
  }
}
