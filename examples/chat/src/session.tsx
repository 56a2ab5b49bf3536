import { useCallback, useEffect, useState, type FormEvent } from 'react';

export interface User {
  id: string;
  name: string;
  role: 'user' | 'reviewer';
}

/** The cookie session the example's server keeps (GET / POST / DELETE /api/session). */
export function useSession() {
  const [state, setState] = useState<{ user: User | null; backend: string | null; loading: boolean }>({ user: null, backend: null, loading: true });
  const refresh = useCallback(async () => {
    const response = await fetch('/api/session');
    const body = (await response.json()) as { user: User | null; backend: string };
    setState({ user: body.user, backend: body.backend, loading: false });
  }, []);
  useEffect(() => void refresh(), [refresh]);
  const signIn = useCallback(
    async (name: string, role: User['role']) => {
      const response = await fetch('/api/session', { method: 'POST', body: JSON.stringify({ name, role }) });
      if (!response.ok) throw new Error(((await response.json()) as { error: string }).error);
      await refresh();
    },
    [refresh],
  );
  const signOut = useCallback(async () => {
    await fetch('/api/session', { method: 'DELETE' });
    await refresh();
  }, [refresh]);
  return { ...state, signIn, signOut };
}

export function SignIn({ onSignIn, role }: { onSignIn: (name: string, role: User['role']) => Promise<void>; role: User['role'] }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSignIn(name, role).catch((caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)));
  };
  return (
    <form onSubmit={submit} className="signin">
      <label>
        {role === 'reviewer' ? 'Reviewer name' : 'Your name'}
        <input value={name} onChange={(event) => setName(event.target.value)} required />
      </label>
      <button type="submit">{role === 'reviewer' ? 'Sign in as reviewer' : 'Sign in'}</button>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  );
}
