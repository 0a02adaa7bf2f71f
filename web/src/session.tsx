/**
 * The signed-in user. The token lives in sessionStorage: it ends with the browser tab, and a
 * token that expired or was revoked (401) ends the session here too.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setToken, setUnauthenticatedHandler } from './api/client';
import type { LoginResponse, User } from './api/types';
import type { Role } from '../../src/domain/glossary';

const STORAGE_KEY = 'simboisker.session';

interface Session {
  token: string;
  expiresAt: string;
  user: User;
}

interface SessionContext {
  user: User | null;
  /** Why the last session ended, shown once on the login page. */
  endedReason: string | null;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  hasRole(...roles: Role[]): boolean;
}

const Context = createContext<SessionContext | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => restore());
  const [endedReason, setEndedReason] = useState<string | null>(null);
  setToken(session?.token ?? null);

  const end = useCallback((reason: string | null) => {
    sessionStorage.removeItem(STORAGE_KEY);
    setToken(null);
    setSession(null);
    setEndedReason(reason);
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => end('Sesi Anda telah berakhir. Silakan masuk lagi.'));
  }, [end]);

  const value = useMemo<SessionContext>(
    () => ({
      user: session?.user ?? null,
      endedReason,
      async login(username, password) {
        const response = await api.post<LoginResponse>('/api/auth/login', { username, password }, null);
        const next = { token: response.token, expiresAt: response.expiresAt, user: response.user };
        sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
        setToken(next.token);
        setEndedReason(null);
        setSession(next);
      },
      async logout() {
        // The server revokes the token; the local session ends even when that call fails.
        await api.post('/api/auth/logout', {}, null).catch(() => undefined);
        end(null);
      },
      hasRole: (...roles) => Boolean(session?.user.roles.some((role) => roles.includes(role))),
    }),
    [session, endedReason, end],
  );

  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): SessionContext {
  const context = useContext(Context);
  if (!context) throw new Error('useSession outside SessionProvider');

  return context;
}

function restore(): Session | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    if (!stored || new Date(stored.expiresAt) <= new Date()) return null;
    return stored;
  } catch {
    return null;
  }
}
