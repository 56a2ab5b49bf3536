/**
 * The page of test/phoenix/no-key.test.ts: a chat app's answers with thumbs, writing through the
 * kit's HTTP adapter to the app's own handler (same origin, the session cookie authenticates).
 * Nothing here knows Phoenix's key; `/config.json` says who is signed in and which spans to show.
 */
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { AnnotationProvider, FeedbackButtons } from '../../../../src';
import { createHttpAdapter } from '../../../../src/adapters/http';

interface Config {
  user: string | null;
  spans: { allowed: string; refused: string };
}

const adapter = createHttpAdapter({ baseUrl: '/api/annotations' });

function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [name, setName] = useState('');
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        await fetch('/signin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
        onSignedIn();
      }}
    >
      <label>
        Your name <input value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <button type="submit">Sign in</button>
    </form>
  );
}

function App() {
  const [config, setConfig] = useState<Config | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = () => void fetch('/config.json').then(async (response) => setConfig((await response.json()) as Config));
  useEffect(load, []);
  if (!config) return <p>Loading…</p>;
  if (!config.user) return <SignIn onSignedIn={load} />;
  return (
    <AnnotationProvider adapter={adapter} user={{ id: config.user }}>
      <p>Signed in as {config.user}</p>
      <article aria-label="First answer">
        <p>The largest planet is Jupiter.</p>
        <FeedbackButtons target={{ kind: 'span', spanId: config.spans.allowed }} />
      </article>
      <article aria-label="Second answer">
        <p>The capital of France is Paris.</p>
        {/* a name the server's allow-list does not have */}
        <FeedbackButtons
          target={{ kind: 'span', spanId: config.spans.refused }}
          name="internal_grade"
          onError={(error) => setProblem(error.message)}
        />
      </article>
      {problem ? <p role="alert">{problem}</p> : null}
    </AnnotationProvider>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
