import type { Annotation, AnnotatorKind } from '../../core/model';
import { summarizeAnnotations, type AnnotationSummary } from '../../hooks/useAnnotationPanel';

/** The annotations of one name by one kind of annotator, summarised for a badge. */
export interface AnnotationBadgeSummary extends AnnotationSummary {
  name: string;
  annotatorKind: AnnotatorKind;
}

const KIND_ORDER: Record<AnnotatorKind, number> = { HUMAN: 0, LLM: 1, CODE: 2 };

/**
 * Groups annotations by name and annotator kind (HUMAN, LLM and CODE are never mixed in one
 * badge) and summarises each group with the annotation panel's `summarizeAnnotations` (label
 * shares, mean score); sorted by name, then HUMAN, LLM, CODE.
 */
export function summarizeByNameAndKind(annotations: readonly Annotation[]): AnnotationBadgeSummary[] {
  const groups = new Map<string, { name: string; kind: AnnotatorKind; list: Annotation[] }>();
  for (const annotation of annotations) {
    const kind: AnnotatorKind = annotation.annotatorKind in KIND_ORDER ? annotation.annotatorKind : 'CODE';
    const key = JSON.stringify([annotation.name, kind]);
    const group = groups.get(key);
    if (group) group.list.push(annotation);
    else groups.set(key, { name: String(annotation.name), kind, list: [annotation] });
  }
  return [...groups.values()]
    .map(({ name, kind, list }) => ({ ...summarizeAnnotations(list), name, annotatorKind: kind }))
    .sort((a, b) => a.name.localeCompare(b.name) || KIND_ORDER[a.annotatorKind] - KIND_ORDER[b.annotatorKind]);
}
