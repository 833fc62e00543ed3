import type { Viewer } from "./viewer";

/** The access token, kept for this browser tab only. */
const KEY = "erp.token";

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

export function loadSession(): Session | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  try {
    const session = JSON.parse(raw) as Session;
    return session.expiresAt > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
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
    throw new LoginError("The server cannot be reached. Check your connection and retry.");
  }
  if (response.status === 401) throw new LoginError("The username or password is incorrect.");
  if (!response.ok) throw new LoginError(`Sign-in failed (HTTP ${response.status}).`);
  const body = (await response.json()) as { access_token: string };
  return sessionFromToken(body.access_token, username);
}
