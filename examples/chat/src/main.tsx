import 'annokit/styles.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AdminPage } from './AdminPage';
import { ChatPage } from './ChatPage';
import { SignIn, useSession } from './session';

function App() {
  const admin = window.location.pathname.replace(/\/$/, '') === '/admin';
  const session = useSession();
  if (session.loading) return <p>Loading…</p>;
  const { user } = session;
  const needsReviewer = admin && user?.role !== 'reviewer';
  return (
    <>
      <header className="bar">
        <nav aria-label="Pages">
          <a href="/" aria-current={admin ? undefined : 'page'}>
            Chat
          </a>
          <a href="/admin" aria-current={admin ? 'page' : undefined}>
            Review
          </a>
        </nav>
        <span className="who">
          {user ? `${user.name} (${user.role})` : 'Not signed in'} · traces in {session.backend}
          {user ? (
            <button type="button" onClick={() => void session.signOut()}>
              Sign out
            </button>
          ) : null}
        </span>
      </header>
      <main>
        <h1>{admin ? 'Review console' : 'Chat'}</h1>
        {!user || needsReviewer ? (
          <SignIn role={admin ? 'reviewer' : 'user'} onSignIn={session.signIn} />
        ) : admin ? (
          <AdminPage user={user} />
        ) : (
          <ChatPage user={user} />
        )}
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
