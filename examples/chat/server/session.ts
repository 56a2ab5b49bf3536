import { randomUUID } from 'node:crypto';

/** The signed-in person: end users chat and vote; reviewers also open /admin. */
export interface SessionUser {
  id: string;
  name: string;
  role: 'user' | 'reviewer';
}

export const SESSION_COOKIE = 'annokit_example_session';

function cookie(request: Request, name: string): string | null {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
}

/**
 * Cookie sessions held in this process: the example's stand-in for your auth. The cookie holds a
 * random id only; who it is stays on the server, so the browser cannot claim another user's id.
 */
export function createSessions() {
  const sessions = new Map<string, SessionUser>();
  return {
    userOf(request: Request): SessionUser | null {
      const id = cookie(request, SESSION_COOKIE);
      return id === null ? null : (sessions.get(id) ?? null);
    },
    /** Signs in: answers with the cookie to set. */
    signIn(input: unknown): { user: SessionUser; setCookie: string } | { error: string } {
      const { name, role } = (typeof input === 'object' && input !== null ? input : {}) as { name?: unknown; role?: unknown };
      if (typeof name !== 'string' || !/^[\p{L}\p{N} ._-]{1,40}$/u.test(name.trim())) {
        return { error: `name: expected 1 to 40 letters, digits, spaces, dots, dashes or underscores, got ${JSON.stringify(name)}` };
      }
      if (role !== undefined && role !== 'user' && role !== 'reviewer') {
        return { error: `role: expected "user" or "reviewer", got ${JSON.stringify(role)}` };
      }
      const display = name.trim();
      const user: SessionUser = { id: display.toLowerCase().replace(/\s+/g, '-'), name: display, role: role ?? 'user' };
      const id = randomUUID();
      sessions.set(id, user);
      return { user, setCookie: `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax` };
    },
    signOut(request: Request): string {
      const id = cookie(request, SESSION_COOKIE);
      if (id !== null) sessions.delete(id);
      return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
    },
  };
}
