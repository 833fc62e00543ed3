import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { Provider as UrqlProvider } from "urql";
import { createApiClient, type LiveStatus } from "../api/client";
import { Loading } from "../components/States";
import { loadSession, requestToken, saveSession, type Session } from "./token";
import { requestViewer, type Viewer } from "./viewer";

export type AuthContextValue = {
  session: Session | null;
  /** The server's answer to `viewer`; set whenever a session is. */
  viewer: Viewer | null;
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
  const [viewerFailure, setViewerFailure] = useState<string | null>(null);

  const keep = useCallback((next: Session | null) => {
    saveSession(next);
    setSession(next);
  }, []);
  const signOut = useCallback(() => keep(null), [keep]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const next = await requestToken(username, password);
      keep({ ...next, viewer: await requestViewer(next.token) });
    },
    [keep],
  );

  // A session restored without its viewer (an older tab) asks for it once.
  const token = session?.token;
  const missingViewer = !!session && !session.viewer;
  useEffect(() => {
    if (!token || !missingViewer) return;
    let current = true;
    setViewerFailure(null);
    requestViewer(token).then(
      (viewer) => current && setSession((s) => (s?.token === token ? keepViewer(s, viewer) : s)),
      (error: Error) => current && setViewerFailure(error.message),
    );
    return () => {
      current = false;
    };
  }, [token, missingViewer]);

  // One client per token: a new token never reuses the old cache.
  const api = useMemo(
    () => (token ? createApiClient({ token, onUnauthenticated: signOut, onLiveStatus: setLiveStatus }) : null),
    [token, signOut],
  );
  useEffect(() => () => void api?.socket.dispose(), [api]);

  // Sign out when the token expires, rather than on the next failed request.
  const expiresAt = session?.expiresAt;
  useEffect(() => {
    if (expiresAt === undefined) return;
    const timer = setTimeout(signOut, Math.max(0, expiresAt - Date.now()));
    return () => clearTimeout(timer);
  }, [expiresAt, signOut]);

  const value = useMemo<AuthContextValue>(
    () => ({
      session,
      viewer: session?.viewer ?? null,
      liveStatus,
      signIn,
      signOut,
      hasRole: (...roles) =>
        !!session && (session.roles.includes("ADMIN") || roles.some((r) => session.roles.includes(r))),
    }),
    [session, liveStatus, signIn, signOut],
  );

  const content = missingViewer ? <ViewerPending failure={viewerFailure} onSignOut={signOut} /> : children;
  return (
    <AuthContext.Provider value={value}>
      {api ? <UrqlProvider value={api.client}>{content}</UrqlProvider> : content}
    </AuthContext.Provider>
  );
}

function keepViewer(session: Session, viewer: Viewer): Session {
  const next = { ...session, viewer };
  saveSession(next);
  return next;
}

function ViewerPending({ failure, onSignOut }: { failure: string | null; onSignOut: () => void }) {
  if (!failure) return <Loading label="Loading your account…" />;
  return (
    <div className="state state-error" role="alert">
      <p>{failure}</p>
      <button type="button" onClick={onSignOut}>
        Sign in again
      </button>
    </div>
  );
}
