// A server component: the spans are computed on the server and cross to the client components as
// props; the provider, thumbs, trace viewer, span table and annotation panel render on the server.
import { AnnotationPanel, FeedbackButtons, SpanTable, TraceViewer } from 'annokit';
import { generateDemoProject } from 'annokit/adapters/memory';
import { Providers } from './providers';

const demo = generateDemoProject({ seed: 3, traces: 6 });
const trace = demo.spans.filter((span) => span.traceId === demo.spans[0].traceId);
const roots = demo.spans.filter((span) => span.parentId === null);
const answer = roots[0];

export default function Page() {
  return (
    <Providers>
      <main style={{ display: 'grid', gap: 16, padding: 16 }}>
        <h1>Review</h1>
        <section aria-label="Chat">
          <p>{String(answer.attributes.output?.value ?? 'An assistant answer.')}</p>
          <FeedbackButtons target={{ kind: 'span', spanId: answer.spanId }} askFor="never" />
        </section>
        <TraceViewer spans={trace} height={420} />
        <SpanTable spans={roots} annotationNames={['correctness']} height={260} />
        <AnnotationPanel target={{ kind: 'span', spanId: answer.spanId }} />
      </main>
    </Providers>
  );
}
