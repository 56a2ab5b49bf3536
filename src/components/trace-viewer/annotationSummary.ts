import type { Annotation, AnnotatorKind } from '../../core/model';

/** The annotations of one name by one kind of annotator, summarised for a badge. */
export interface AnnotationSummary {
  name: string;
  annotatorKind: AnnotatorKind;
  count: number;
  /** Labels by frequency, most common first; `share` is in [0, 1]. */
  labels: { label: string; count: number; share: number }[];
  /** Mean of the scores that are numbers, or null when none has a score. */
  meanScore: number | null;
}

const KIND_ORDER: Record<AnnotatorKind, number> = { HUMAN: 0, LLM: 1, CODE: 2 };

/**
 * Groups annotations by name and annotator kind (HUMAN, LLM and CODE are never mixed in one
 * summary) with label shares and mean score; sorted by name, then HUMAN, LLM, CODE.
 */
export function summarizeAnnotations(annotations: readonly Annotation[]): AnnotationSummary[] {
  const groups = new Map<string, { name: string; kind: AnnotatorKind; labels: Map<string, number>; scores: number[]; count: number }>();
  for (const annotation of annotations) {
    const kind: AnnotatorKind = annotation.annotatorKind in KIND_ORDER ? annotation.annotatorKind : 'CODE';
    const key = JSON.stringify([annotation.name, kind]);
    let group = groups.get(key);
    if (!group) {
      group = { name: String(annotation.name), kind, labels: new Map(), scores: [], count: 0 };
      groups.set(key, group);
    }
    group.count += 1;
    if (annotation.label != null && annotation.label !== '') {
      group.labels.set(annotation.label, (group.labels.get(annotation.label) ?? 0) + 1);
    }
    if (typeof annotation.score === 'number' && Number.isFinite(annotation.score)) group.scores.push(annotation.score);
  }
  return [...groups.values()]
    .map((group) => {
      const labelled = [...group.labels.values()].reduce((sum, count) => sum + count, 0);
      return {
        name: group.name,
        annotatorKind: group.kind,
        count: group.count,
        labels: [...group.labels.entries()]
          .map(([label, count]) => ({ label, count, share: count / labelled }))
          .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
        meanScore: group.scores.length ? group.scores.reduce((sum, score) => sum + score, 0) / group.scores.length : null,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || KIND_ORDER[a.annotatorKind] - KIND_ORDER[b.annotatorKind]);
}
