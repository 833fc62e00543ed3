import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AuthProvider, useAuth } from "./AuthProvider";

// A token whose claims say PARTNER and SALES: only the server knows which this user is.
const claims = { roles: ["PARTNER", "SALES"], exp: Math.floor(Date.now() / 1000) + 3600 };
const token = `h.${btoa(JSON.stringify(claims))}.s`;
const viewer = { id: "u9", username: "mixed", displayName: "Mixed User", roles: ["PARTNER", "SALES"], isPartner: false };

function serve() {
  const fetch = vi.fn(async (url: RequestInfo | URL) => {
    const path = String(url);
    const body = path.startsWith("/auth/token") ? { access_token: token } : { data: { viewer } };
    return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

function Probe() {
  const { viewer, signIn } = useAuth();
  return (
    <>
      <p data-testid="viewer">{viewer ? `${viewer.username}: ${viewer.isPartner ? "partner" : "staff"}` : "nobody"}</p>
      <button type="button" onClick={() => void signIn("mixed", "demo1234")}>
        Sign in
      </button>
    </>
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("AuthProvider", () => {
  it("asks the server who signed in and keeps its isPartner answer", async () => {
    const fetch = serve();
    render(
      <AuthProvider>
        <Probe />
      </AuthProvider>,
    );
    expect(screen.getByTestId("viewer")).toHaveTextContent("nobody");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("mixed: staff")).toBeInTheDocument();
    expect(fetch.mock.calls.map(([url]) => String(url).split("?")[0])).toEqual(["/auth/token", "/graphql"]);
    expect(JSON.parse(localStorage.getItem("erp.token")!).viewer).toMatchObject({ isPartner: false });
  });

  it("fetches the viewer of a session restored without one before showing the app", async () => {
    serve();
    localStorage.setItem(
      "erp.token",
      JSON.stringify({ token, username: "mixed", roles: claims.roles, expiresAt: Date.now() + 3_600_000 }),
    );
    render(
      <AuthProvider>
        <Probe />
      </AuthProvider>,
    );
    expect(screen.getByRole("status")).toHaveTextContent("Loading your account…");
    expect(await screen.findByText("mixed: staff")).toBeInTheDocument();
  });
});
