import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, setCsrfToken } from '../api';
import { useLocale, type Locale } from '../i18n/i18n';

export interface Me {
  id: string;
  email: string;
  displayName: string;
  role: 'admin' | 'coordinator' | 'caseworker' | 'responder' | 'analyst';
  locale: Locale;
  totpEnabled: boolean;
  org: { id: string; name: string; type: string; requireTotp: boolean };
}

export interface SessionState {
  stage: 'loading' | 'anonymous' | 'totp' | 'enrol' | 'active';
  user?: Me;
  permissions: string[];
}

interface SessionApi extends SessionState {
  refresh: () => Promise<void>;
  /** True when the user holds the coarse permission `Resource:action` (the server checks again). */
  can: (permission: string) => boolean;
  logout: () => Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

/** Loads the session from the server and keeps it; the UI only hides what the server would refuse anyway. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ stage: 'loading', permissions: [] });
  const { setLocale } = useLocale();
  const refresh = useCallback(async () => {
    const s = await api<{ stage: SessionState['stage']; csrfToken: string; user?: Me; permissions: string[] }>('GET', '/api/auth/session');
    setCsrfToken(s.csrfToken);
    setState({ stage: s.stage, user: s.user, permissions: s.permissions });
  }, []);
  useEffect(() => {
    refresh().catch(() => setState({ stage: 'anonymous', permissions: [] }));
  }, [refresh]);
  const logout = useCallback(async () => {
    await api('POST', '/api/auth/logout');
    await refresh();
  }, [refresh]);
  const can = useCallback((p: string) => state.permissions.includes(p), [state.permissions]);
  // Adopt the user's saved language once after sign-in unless they already chose one on this device.
  useEffect(() => {
    if (state.user && !localStorage.getItem('jisr.locale')) setLocale(state.user.locale);
  }, [state.user, setLocale]);
  return <SessionContext.Provider value={{ ...state, refresh, can, logout }}>{children}</SessionContext.Provider>;
}

/** The current session. */
export function useSession(): SessionApi {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
