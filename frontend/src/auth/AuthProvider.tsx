import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Provider as UrqlProvider } from "urql";
import { createApiClient, type LiveStatus } from "../api/client";
import { Loading } from "../components/States";
import { ChoosePassword } from "./ChoosePassword";
import { requestToken, saveSession, storedSession, watchSession, type Session } from "./token";
import { requestViewer, type Viewer } from "./viewer";

export type AuthContextValue = {
  session: Session | null;
  /** The server's answer to `viewer`; set whenever a session is. */
  viewer: Viewer | null;
  liveStatus: LiveStatus;
  /** Why the last session ended without the user signing out ("expired"), for the sign-in page. */
  ended: "expired" | null;
  signIn: (username: string, password: string) => Promise<void>;
  signOut: () => void;
  /** Holds one of these roles itself (ADMIN is no business role: it passes none of them). */
  hasRole: (...roles: string[]) => boolean;
  /** Holds this permission code (e.g. "lot.release"), as the server listed it. */
  can: (code: string) => boolean;
  /** Reads `viewer` again for the current token (after the user changed their password). */
  reloadViewer: () => Promise<void>;
  /** The password this tab signed in with, kept in memory only while it must be replaced. */
  signInPassword?: string | null;
};

export const AuthContext = createContext<AuthContextValue | null>(null);

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside <AuthProvider>");
  return value;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [initial] = useState(storedSession);
  const [session, setSession] = useState<Session | null>(initial.session);
  const [ended, setEnded] = useState<"expired" | null>(initial.expired ? "expired" : null);
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const [liveStatus, setLiveStatus] = useState<LiveStatus>("connecting");
  const [viewerFailure, setViewerFailure] = useState<string | null>(null);

  const keep = useCallback((next: Session | null) => {
    saveSession(next);
    setSession(next);
  }, []);
  const signOut = useCallback(() => {
    setEnded(null);
    setSignInPassword(null);
    keep(null);
  }, [keep]);
  const expire = useCallback(() => {
    setEnded("expired");
    keep(null);
  }, [keep]);

  // Only while a temporary password must be replaced, so the user does not type it twice.
  const [signInPassword, setSignInPassword] = useState<string | null>(null);
  const signIn = useCallback(
    async (username: string, password: string) => {
      const next = await requestToken(username, password);
      const viewer = await requestViewer(next.token);
      setEnded(null);
      setSignInPassword(viewer.passwordChangeRequired ? password : null);
      keep({ ...next, viewer });
    },
    [keep],
  );

  // Another tab signed in or out: this one follows (it does not write the storage back).
  useEffect(
    () =>
      watchSession((next) => {
        const current = sessionRef.current;
        // A tab whose token ran out clears it: here too that is an expiry, not a sign-out.
        // Already signed out here (its own timer ran out at the same moment): nothing to change.
        if (!next && !current) return;
        setEnded(!next && current && current.expiresAt <= Date.now() + 1000 ? "expired" : null);
        if (current?.token !== next?.token || current?.expiresAt !== next?.expiresAt) setSession(next);
      }),
    [],
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
    () => (token ? createApiClient({ token, onUnauthenticated: expire, onLiveStatus: setLiveStatus }) : null),
    [token, expire],
  );
  useEffect(() => () => void api?.socket.dispose(), [api]);

  // Sign out when the token expires, rather than on the next failed request.
  const expiresAt = session?.expiresAt;
  useEffect(() => {
    if (expiresAt === undefined) return;
    const timer = setTimeout(expire, Math.max(0, expiresAt - Date.now()));
    return () => clearTimeout(timer);
  }, [expiresAt, expire]);

  const reloadViewer = useCallback(async () => {
    const current = sessionRef.current;
    if (!current) return;
    const viewer = await requestViewer(current.token);
    if (!viewer.passwordChangeRequired) setSignInPassword(null);
    setSession((s) => (s?.token === current.token ? keepViewer(s, viewer) : s));
  }, []);

  const value = useMemo<AuthContextValue>(
    () => ({
      session,
      viewer: session?.viewer ?? null,
      liveStatus,
      ended,
      signIn,
      signOut,
      hasRole: (...roles) => !!session && roles.some((r) => session.roles.includes(r)),
      can: (code) => !!session?.viewer?.permissions?.includes(code),
      reloadViewer,
      signInPassword,
    }),
    [session, liveStatus, ended, signIn, signOut, reloadViewer, signInPassword],
  );

  // A temporary password (new account, reset) opens nothing but choosing one's own.
  const content = missingViewer ? (
    <ViewerPending failure={viewerFailure} onSignOut={signOut} />
  ) : session?.viewer?.passwordChangeRequired ? (
    <ChoosePassword />
  ) : (
    children
  );
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
  const { t } = useTranslation("auth");
  if (!failure) return <Loading label={t("loadingAccount")} />;
  return (
    <div className="state state-error" role="alert">
      <p>{failure}</p>
      <button type="button" onClick={onSignOut}>
        {t("signInAgain")}
      </button>
    </div>
  );
}
