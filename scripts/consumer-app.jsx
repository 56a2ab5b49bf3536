// The app the consumer smoke test builds from the packed tarball: the kit's FeedbackButtons over
// the in-browser adapter; the test clicks the thumb and the vote is read back through a hook.
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { AnnotationProvider, FeedbackButtons, useAnnotations } from 'annokit';
import { createMemoryAdapter } from 'annokit/adapters/memory';
import 'annokit/styles.css';

const target = { kind: 'span', spanId: 'consumer-span' };

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
  return text === 'user_feedback=positive' && pressed === 'true' && styled
    ? { ok: true, message: `FeedbackButtons from the packed package stored a vote (${text}), thumb pressed, styles.css applied` }
    : {
        ok: false,
        message: `expected a stored positive vote and a pressed, styled thumb, got "${text}", pressed=${pressed}, height=${thumb?.height}, cursor=${thumb?.cursor}, border=${thumb?.borderTopStyle}`,
      };
};

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <AnnotationProvider adapter={createMemoryAdapter()} user={{ id: 'consumer-user' }}>
      <div data-ak-theme="light">
        <p>An assistant answer.</p>
        <FeedbackButtons target={target} askFor="never" />
        <StoredVotes />
      </div>
    </AnnotationProvider>
  </StrictMode>,
);
