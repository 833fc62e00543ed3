import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { Provider as UrqlProvider } from "urql";
import { createApiClient, type LiveStatus } from "../api/client";
import { loadSession, requestToken, saveSession, type Session } from "./token";

export type AuthContextValue = {
  session: Session | null;
  liveStatus: LiveStatus;
  signIn: (username: string, password: string) => Promise<void>;
  signOut: () => void;
  hasRole: (...roles: string[]) => boolean;
};

export const AuthContext = createContext<AuthContextValue | null>(null);

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside <AuthProvider>");
  return value;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [liveStatus, setLiveStatus] = useState<LiveStatus>("connecting");

  const signOut = useCallback(() => {
    saveSession(null);
    setSession(null);
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const next = await requestToken(username, password);
    saveSession(next);
    setSession(next);
  }, []);

  // One client per signed-in session: a new token never reuses the old cache.
  const api = useMemo(
    () =>
      session
        ? createApiClient({ token: session.token, onUnauthenticated: signOut, onLiveStatus: setLiveStatus })
        : null,
    [session, signOut],
  );
  useEffect(() => () => void api?.socket.dispose(), [api]);

  // Sign out when the token expires, rather than on the next failed request.
  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(signOut, Math.max(0, session.expiresAt - Date.now()));
    return () => clearTimeout(timer);
  }, [session, signOut]);

  const value = useMemo<AuthContextValue>(
    () => ({
      session,
      liveStatus,
      signIn,
      signOut,
      hasRole: (...roles) =>
        !!session && (session.roles.includes("ADMIN") || roles.some((r) => session.roles.includes(r))),
    }),
    [session, liveStatus, signIn, signOut],
  );

  return (
    <AuthContext.Provider value={value}>
      {api ? <UrqlProvider value={api.client}>{children}</UrqlProvider> : children}
    </AuthContext.Provider>
  );
}
