import type { Annotation, AnnotatorKind } from './model';

/** How one label is shared among the annotations of a name. */
export interface LabelShare {
  label: string;
  count: number;
  /** Between 0 and 1, of the annotations that have a label. */
  share: number;
}

/** Label shares and mean score of a set of annotations (usually one name on one target). */
export interface AnnotationSummary {
  count: number;
  countByKind: Record<AnnotatorKind, number>;
  /** Most frequent first, ties by label. */
  labels: LabelShare[];
  /** Mean of the finite scores present, or null when none has a score. */
  meanScore: number | null;
}

/** The summary of the annotations of one name by one kind of annotator (HUMAN, LLM and CODE kept apart). */
export interface AnnotationGroupSummary extends AnnotationSummary {
  name: string;
  annotatorKind: AnnotatorKind;
}

const KIND_ORDER: Record<AnnotatorKind, number> = { HUMAN: 0, LLM: 1, CODE: 2 };

/** Label shares and mean score of a set of annotations. */
export function summarizeAnnotations(annotations: readonly Annotation[]): AnnotationSummary {
  const countByKind: Record<AnnotatorKind, number> = { HUMAN: 0, LLM: 0, CODE: 0 };
  const labelCounts = new Map<string, number>();
  let labelled = 0;
  let scoreSum = 0;
  let scored = 0;
  for (const annotation of annotations) {
    if (annotation.annotatorKind in countByKind) countByKind[annotation.annotatorKind] += 1;
    if (annotation.label != null && annotation.label !== '') {
      labelled += 1;
      labelCounts.set(annotation.label, (labelCounts.get(annotation.label) ?? 0) + 1);
    }
    if (typeof annotation.score === 'number' && Number.isFinite(annotation.score)) {
      scored += 1;
      scoreSum += annotation.score;
    }
  }
  const labels = [...labelCounts]
    .map(([label, count]) => ({ label, count, share: count / labelled }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  return { count: annotations.length, countByKind, labels, meanScore: scored === 0 ? null : scoreSum / scored };
}

/**
 * Groups annotations by name and annotator kind and summarises each group; sorted by name, then
 * HUMAN, LLM, CODE. An unknown annotator kind from a backend is counted as CODE.
 */
export function summarizeByNameAndKind(annotations: readonly Annotation[]): AnnotationGroupSummary[] {
  const groups = new Map<string, { name: string; kind: AnnotatorKind; items: Annotation[] }>();
  for (const annotation of annotations) {
    const kind: AnnotatorKind = annotation.annotatorKind in KIND_ORDER ? annotation.annotatorKind : 'CODE';
    const key = JSON.stringify([annotation.name, kind]);
    let group = groups.get(key);
    if (!group) {
      group = { name: String(annotation.name), kind, items: [] };
      groups.set(key, group);
    }
    group.items.push(kind === annotation.annotatorKind ? annotation : { ...annotation, annotatorKind: kind });
  }
  return [...groups.values()]
    .map((group) => ({ ...summarizeAnnotations(group.items), name: group.name, annotatorKind: group.kind }))
    .sort((a, b) => a.name.localeCompare(b.name) || KIND_ORDER[a.annotatorKind] - KIND_ORDER[b.annotatorKind]);
}
