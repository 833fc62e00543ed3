import { render } from "@testing-library/react";
import { Client, makeResult, type Exchange, type Operation } from "@urql/core";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes } from "react-router";
import { Provider as UrqlProvider } from "urql";
import { filter, fromPromise, fromValue, map, mergeMap, pipe } from "wonka";
import { AuthContext, type AuthContextValue } from "../auth/AuthProvider";
import type { Viewer } from "../auth/viewer";

/** What the test server answers to an operation: data, or GraphQL errors with codes. */
export type Answer = { data?: Record<string, unknown> | null; errors?: { message: string; code: string }[] };
type Handler = (variables: Record<string, unknown>) => Answer | Promise<Answer>;

/**
 * A real urql client whose transport answers by operation name, so components
 * run their own queries and mutations against scripted server responses. A
 * handler may answer later (a promise), to show what the screen does meanwhile.
 */
export function scriptedClient(handlers: Record<string, Handler>, calls: Operation[] = []): Client {
  const answer: Exchange = () => (ops$) =>
    pipe(
      ops$,
      filter((op) => op.kind !== "teardown"),
      mergeMap((op) => {
        calls.push(op);
        const name = op.query.definitions.find((d) => d.kind === "OperationDefinition")?.name?.value ?? "";
        const handler = handlers[name];
        if (!handler) throw new Error(`no scripted answer for ${name}`);
        const result = ({ data = null, errors }: Answer) =>
          makeResult(op, {
            data,
            errors: errors?.map((e) => ({ message: e.message, extensions: { code: e.code } })),
          });
        const answer = handler(op.variables as Record<string, unknown>);
        return answer instanceof Promise ? pipe(fromPromise(answer), map(result)) : fromValue(result(answer));
      }),
    );
  return new Client({ url: "/graphql", exchanges: [answer] });
}

export function renderPage(
  ui: ReactElement,
  {
    client,
    roles = ["SALES"],
    username = "sales",
    isPartner = false,
    path = "/",
    route = "*",
    permissions = null,
  }: {
    client: Client;
    roles?: string[];
    username?: string;
    isPartner?: boolean;
    path?: string;
    route?: string;
    permissions?: string[] | null;
  },
) {
  const viewer = { id: `user-${username}`, username, displayName: username, roles: roles as Viewer["roles"], isPartner, passwordChangeRequired: false, permissions, language: null };
  const auth: AuthContextValue = {
    session: { token: "t", username, roles, expiresAt: Date.now() + 3600_000, viewer },
    viewer,
    liveStatus: "live",
    ended: null,
    signIn: async () => {},
    signOut: () => {},
    hasRole: (...wanted) => wanted.some((r) => roles.includes(r)),
    can: (code) => (permissions ?? []).includes(code),
    reloadViewer: async () => {},
  };
  return render(
    <AuthContext.Provider value={auth}>
      <UrqlProvider value={client}>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path={route} element={ui} />
          </Routes>
        </MemoryRouter>
      </UrqlProvider>
    </AuthContext.Provider>,
  );
}
