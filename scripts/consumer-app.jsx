// The app the consumer smoke test builds from the packed tarball, once per supported React version:
// the kit's FeedbackButtons over the in-browser adapter (the test clicks the thumb and the vote is
// read back through a hook), beside the trace viewer, span table and annotation panel.
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { AnnotationPanel, AnnotationProvider, FeedbackButtons, SpanTable, TraceViewer, useAnnotations } from 'annokit';
import { createMemoryAdapter, generateDemoProject } from 'annokit/adapters/memory';
import 'annokit/styles.css';

const target = { kind: 'span', spanId: 'consumer-span' };
const demo = generateDemoProject({ seed: 3, traces: 4 });
const trace = demo.spans.filter((span) => span.traceId === demo.spans[0].traceId);
const roots = demo.spans.filter((span) => span.parentId === null);

function StoredVotes() {
  const { annotations } = useAnnotations({ target });
  useEffect(() => {
    if (annotations.some((a) => a.label === 'positive' && !a.id.startsWith('optimistic:'))) {
      document.body.setAttribute('data-consumer-ready', '');
    }
  }, [annotations]);
  return <output>{annotations.map((a) => `${a.name}=${a.label}`).join(',')}</output>;
}

window.__consumerCheck = () => {
  const text = document.querySelector('output')?.textContent ?? '';
  const up = document.querySelector('button[aria-label="Good response"]');
  const pressed = up?.getAttribute('aria-pressed');
  // styles.css reached the page: the theme font, and the thumb's look from the feedback utilities
  // (a button's defaults are auto height, default cursor and an outset border; colours are left
  // out because they transition, so they depend on when the check runs).
  const thumb = up ? getComputedStyle(up) : null;
  const styled =
    getComputedStyle(document.querySelector('[data-ak-theme]')).fontFamily.includes('system-ui') &&
    thumb?.height === '32px' &&
    thumb.cursor === 'pointer' &&
    thumb.borderTopStyle === 'solid';
  const rendered =
    document.querySelectorAll('[role="treeitem"]').length > 2 &&
    document.querySelectorAll('[data-slot="span-table-row"]').length > 2 &&
    !!document.querySelector('[data-slot="annotation-panel"][data-state="ready"]');
  return text === 'user_feedback=positive' && pressed === 'true' && styled && rendered
    ? { ok: true, message: `FeedbackButtons from the packed package stored a vote (${text}), thumb pressed, styles.css applied; trace viewer, span table and annotation panel rendered` }
    : {
        ok: false,
        message: `expected a stored positive vote, a pressed, styled thumb and the review components, got "${text}", pressed=${pressed}, height=${thumb?.height}, cursor=${thumb?.cursor}, border=${thumb?.borderTopStyle}, review components rendered=${rendered}`,
      };
};

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <AnnotationProvider adapter={createMemoryAdapter({ seed: demo })} user={{ id: 'consumer-user' }}>
      <div data-ak-theme="light">
        <p>An assistant answer.</p>
        <FeedbackButtons target={target} askFor="never" />
        <StoredVotes />
        <TraceViewer spans={trace} height={360} />
        <SpanTable spans={roots} annotationNames={['correctness']} height={240} />
        <AnnotationPanel target={{ kind: 'span', spanId: roots[0].spanId }} />
      </div>
    </AnnotationProvider>
  </StrictMode>,
);
