import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderPage, scriptedClient } from "../../test/render";
import CapaPage from "./CapaPage";

const action = (id: string, owner: string, status = "OPEN") => ({
  id,
  kind: "CORRECTIVE",
  description: `Action ${id}`,
  dueOn: "2026-12-20",
  status,
  evidence: status === "DONE" ? "Report" : null,
  completedAt: null,
  owner: { id: owner, displayName: owner },
  completedBy: null,
});

const capa = (actions: ReturnType<typeof action>[]) => ({
  id: "c1",
  number: "CAPA-2026-000009",
  title: "Seal failures",
  problemStatement: "Pouches tear",
  status: "OPEN",
  dueOn: "2026-12-31",
  overdue: false,
  openedAt: "2026-12-01T09:00:00+00:00",
  closedAt: null,
  owner: { id: "user-qa", displayName: "qa" },
  nonconformances: [{ id: "nc1", number: "NC-2026-000001", title: "Torn pouch", status: "OPEN" }],
  actions,
  effectivenessCheck: null,
  closureSignature: null,
});

const answer = (node: unknown) => ({ data: { node, viewer: { id: "user-warehouse", displayName: "warehouse" }, approvalDelegateCandidates: [] } });

describe("CapaPage", () => {
  it("shows why a CAPA cannot close (CAPA_INCOMPLETE) and keeps the dialog open", async () => {
    const client = scriptedClient({
      Capa: () => answer(capa([action("a1", "user-qa")])),
      CloseCapa: () => ({
        data: {
          closeCapa: {
            capa: null,
            userErrors: [{ field: ["input", "capaId"], code: "CAPA_INCOMPLETE", message: "CAPA CAPA-2026-000009 cannot close: 1 action(s) are open." }],
          },
        },
      }),
    });
    renderPage(<CapaPage />, { client, roles: ["QA_MANAGER"], username: "qa", path: "/qa/capas/c1", route: "/qa/capas/:id" });
    await userEvent.click(await screen.findByRole("button", { name: "Close CAPA…" }));
    const dialog = screen.getByRole("dialog");
    expect(within(dialog).getByText("1 action(s) still open.")).toBeInTheDocument();
    await userEvent.type(within(dialog).getByLabelText("Password"), "demo1234");
    await userEvent.click(within(dialog).getByRole("button", { name: "Sign" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("cannot close: 1 action(s) are open");
  });

  it("lets an action's owner complete it, and nobody else who is not a QA manager", async () => {
    const client = scriptedClient({
      Capa: () => answer(capa([action("a1", "user-warehouse"), action("a2", "user-qa")])),
    });
    renderPage(<CapaPage />, { client, roles: ["WAREHOUSE"], username: "warehouse", path: "/qa/capas/c1", route: "/qa/capas/:id" });
    const rows = await screen.findAllByTestId("capa-action");
    expect(within(rows[0]).getByRole("button", { name: "Complete…" })).toBeInTheDocument();
    expect(within(rows[1]).queryByRole("button", { name: "Complete…" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Close CAPA…" })).not.toBeInTheDocument();
    expect(screen.queryByRole("form", { name: "Add action" })).not.toBeInTheDocument();
  });
});
