// One page with every annokit component, as an app would server-render it: data the server has
// (spans) comes as props; what needs the adapter is fetched after hydration.
import { useState } from 'react';
import { createMemoryAdapter, generateDemoProject } from '../../src/adapters/memory';
import {
  AddToDatasetDialog,
  AnnotationConfigManager,
  AnnotationPanel,
  AnnotationProvider,
  BulkAnnotate,
  ExperimentComparison,
  FeedbackButtons,
  FeedbackScore,
  FilterBar,
  JudgeAgreement,
  Markdown,
  ReviewQueue,
  SessionView,
  SpanTable,
  TraceViewer,
  type Span,
} from '../../src';

const demo = generateDemoProject({ seed: 3, traces: 6 });
const trace: Span[] = demo.spans.filter((span) => span.traceId === demo.spans[0]!.traceId);
const roots = demo.spans.filter((span) => span.parentId === null);
const first = trace[0]!;

export function ServerPage() {
  const [adapter] = useState(() => createMemoryAdapter({ seed: demo }));
  return (
    <AnnotationProvider adapter={adapter} user={{ id: 'reviewer-1', name: 'Rita' }}>
      <main>
        <h1>Review</h1>
        <p>An assistant answer.</p>
        <FeedbackButtons target={{ kind: 'span', spanId: first.spanId }} />
        <FeedbackScore target={{ kind: 'span', spanId: first.spanId }} />
        <TraceViewer spans={trace} height={400} />
        <SpanTable spans={roots} annotationNames={['correctness']} height={300} />
        <AnnotationPanel target={{ kind: 'span', spanId: first.spanId }} />
        <FilterBar defaultValue="span_kind == 'LLM'" />
        <ReviewQueue spans={roots} />
        <BulkAnnotate spanIds={roots.map((span) => span.spanId)} />
        <SessionView sessionId={String((first.attributes as { session?: { id?: string } }).session?.id ?? 'none')} />
        <AddToDatasetDialog spans={roots.slice(0, 2)} />
        <ExperimentComparison datasetId={demo.datasets[0]?.id ?? 'none'} />
        <JudgeAgreement name="correctness" targets={roots.map((span) => ({ kind: "span" as const, spanId: span.spanId }))} />
        <AnnotationConfigManager />
        <Markdown source={'**Bold** and `code`'} />
      </main>
    </AnnotationProvider>
  );
}
