// The app the consumer smoke test builds from the packed tarball: a provider over the in-browser
// adapter, a vote written through a hook, read back and rendered.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { AnnotationProvider, useAnnotations, useUpsertAnnotations } from 'annokit';
import { createMemoryAdapter } from 'annokit/adapters/memory';
import 'annokit/styles.css';

const target = { kind: 'span', spanId: 'consumer-span' };

function Vote() {
  const { annotations } = useAnnotations({ target });
  const { upsert } = useUpsertAnnotations();
  const [clicked, setClicked] = useState(false);
  useEffect(() => {
    if (annotations.some((a) => a.label === 'positive' && !a.id.startsWith('optimistic:'))) {
      document.body.setAttribute('data-consumer-ready', '');
    }
  }, [annotations]);
  return (
    <div data-ak-theme="light">
      <button
        type="button"
        onClick={() => {
          setClicked(true);
          void upsert({ target, name: 'user_feedback', annotatorKind: 'HUMAN', label: 'positive', score: 1, identifier: 'user:c' });
        }}
      >
        Helpful
      </button>
      <output>{annotations.map((a) => `${a.name}=${a.label}`).join(',')}</output>
      {clicked ? null : <AutoClick />}
    </div>
  );
}

function AutoClick() {
  useEffect(() => document.querySelector('button')?.click(), []);
  return null;
}

window.__consumerCheck = () => {
  const text = document.querySelector('output')?.textContent ?? '';
  const styled = getComputedStyle(document.querySelector('[data-ak-theme]')).fontFamily.includes('system-ui');
  return text === 'user_feedback=positive' && styled
    ? { ok: true, message: `a vote written and read back through the packed package (${text}); styles.css applied` }
    : { ok: false, message: `expected "user_feedback=positive" with styles applied, got "${text}", styled=${styled}` };
};

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <AnnotationProvider adapter={createMemoryAdapter()} user={{ id: 'c' }}>
      <Vote />
    </AnnotationProvider>
  </StrictMode>,
);
