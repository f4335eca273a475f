/** Who is signed in (GET /api/v1/session), shared by every page; sign-in and sign-out. */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, whenSignedOut } from './api';
import type { SessionUser } from './types';

interface SessionState {
  user: SessionUser | null | undefined; // undefined while checking
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

interface SessionAnswer {
  user: SessionUser;
  csrf_token: string;
}

declare global {
  interface Window {
    /** The session the server wrote into the page, when it had one (src/web/app-files.ts). */
    __BATON_SESSION__?: SessionAnswer;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  // A session written into the page saves asking the server who is signed in before the first render.
  const [user, setUser] = useState<SessionUser | null | undefined>(() => {
    const written = window.__BATON_SESSION__;
    if (!written) return undefined;
    setCsrfToken(written.csrf_token);
    return written.user;
  });

  const accept = (answer: SessionAnswer) => {
    setCsrfToken(answer.csrf_token);
    setUser(answer.user);
  };

  useEffect(() => {
    whenSignedOut(() => setUser(null));
    if (window.__BATON_SESSION__) {
      delete window.__BATON_SESSION__; // used once: after sign-out, the page asks again
      return;
    }
    api<SessionAnswer>('GET', '/api/v1/session')
      .then(accept)
      .catch((e: unknown) => {
        if (!(e instanceof ApiError) || e.status !== 401) console.error(e);
        setUser(null);
      });
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    accept(await api<SessionAnswer>('POST', '/api/v1/session', { email, password }));
  }, []);

  const signOut = useCallback(async () => {
    await api('DELETE', '/api/v1/session').catch(() => undefined);
    setCsrfToken('');
    setUser(null);
  }, []);

  return <SessionContext.Provider value={{ user, signIn, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The signed-in user (pages render only when there is one). */
export function useUser(): SessionUser {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}
