import i18n from "../i18n";
import type { Viewer } from "./viewer";

/**
 * The access token, shared by every tab of this browser: localStorage, whose `storage`
 * event tells the other tabs of a sign-in or sign-out (`watchSession`). Not a cookie: the
 * API takes a bearer token only, so no request carries credentials the browser adds by
 * itself, and there is nothing for a cross-site request to forge (no CSRF token needed).
 */
export const SESSION_KEY = "erp.token";
const KEY = SESSION_KEY;

export type Session = {
  token: string;
  username: string;
  roles: string[];
  expiresAt: number; // epoch milliseconds
  // The server's `viewer`, fetched once after sign-in (absent until then).
  viewer?: Viewer;
};

function decodeClaims(token: string): Record<string, unknown> {
  const payload = token.split(".")[1] ?? "";
  const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
  return JSON.parse(json) as Record<string, unknown>;
}

export function sessionFromToken(token: string, username: string): Session {
  const claims = decodeClaims(token);
  const roles = Array.isArray(claims.roles) ? claims.roles.map(String) : [];
  const exp = typeof claims.exp === "number" ? claims.exp * 1000 : Date.now() + 3600_000;
  return { token, username, roles, expiresAt: exp };
}

function parseSession(raw: string | null): Session | null {
  if (!raw) return null;
  try {
    const session = JSON.parse(raw) as Session;
    return typeof session?.token === "string" && typeof session.expiresAt === "number" ? session : null;
  } catch {
    return null;
  }
}

/** The stored session, if any, and whether it has already expired. */
export function storedSession(): { session: Session | null; expired: boolean } {
  const session = parseSession(localStorage.getItem(KEY));
  if (!session) return { session: null, expired: false };
  if (session.expiresAt > Date.now()) return { session, expired: false };
  localStorage.removeItem(KEY);
  return { session: null, expired: true };
}

export function loadSession(): Session | null {
  return storedSession().session;
}

export function saveSession(session: Session | null): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}

/** Calls `onChange` when another tab of this browser signs in or out; returns the unsubscribe. */
export function watchSession(onChange: (session: Session | null) => void): () => void {
  const listener = (event: StorageEvent) => {
    // `key` is null when the other tab cleared all of localStorage.
    if (event.key !== KEY && event.key !== null) return;
    const session = parseSession(event.key === null ? null : event.newValue);
    onChange(session && session.expiresAt > Date.now() ? session : null);
  };
  window.addEventListener("storage", listener);
  return () => window.removeEventListener("storage", listener);
}

export class LoginError extends Error {}

export async function requestToken(username: string, password: string): Promise<Session> {
  let response: Response;
  try {
    response = await fetch("/auth/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    throw new LoginError(i18n.t("error.unreachable"));
  }
  if (response.status === 401) throw new LoginError(i18n.t("auth:wrongPassword"));
  if (response.status === 403)
    throw new LoginError(i18n.t("auth:locked"));
  if (!response.ok) throw new LoginError(i18n.t("auth:failedHttp", { status: response.status }));
  const body = (await response.json()) as { access_token: string };
  return sessionFromToken(body.access_token, username);
}
