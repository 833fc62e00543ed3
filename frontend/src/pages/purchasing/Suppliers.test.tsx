import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import i18n from "../../i18n";
import { renderPage, scriptedClient } from "../../test/render";
import Suppliers from "./Suppliers";

const supplier = (code: string, status: string, extra: Record<string, unknown> = {}) => ({
  id: `s-${code}`,
  code,
  name: `${code} Ltd`,
  country: "DE",
  approved: status === "QUALIFIED" || status === "CONDITIONAL",
  qualificationStatus: status,
  qualifiedUntil: "2027-06-30",
  qualificationNote: null,
  approvedProducts: [],
  prices: [],
  ...extra,
});

const answer = () => ({
  data: {
    suppliers: {
      edges: [
        { node: supplier("SUP-CRV", "CONDITIONAL", { qualificationNote: "100 % incoming inspection", approvedProducts: [{ id: "p8", sku: "DRS-WD1010" }] }) },
        { node: supplier("SUP-NEW", "PENDING", { qualifiedUntil: null }) },
      ],
    },
    products: { edges: [{ node: { id: "p8", sku: "DRS-WD1010", name: "Dressing" } }, { node: { id: "p6", sku: "SUT-PGA30", name: "Suture" } }] },
  },
});

describe("Suppliers", () => {
  afterEach(() => i18n.changeLanguage("en"));

  it("reads in Chinese: headings, lead times and the qualification by name", async () => {
    await i18n.changeLanguage("zh-CN");
    const priced = () => {
      const data = answer().data;
      data.suppliers.edges[0].node.prices = [{ id: "pr1", product: { sku: "DRS-WD1010" }, unitPrice: "1234.50", currency: "EUR", leadTimeDays: 1 }] as never;
      return { data };
    };
    renderPage(<Suppliers />, { client: scriptedClient({ Suppliers: priced }), roles: ["QA_MANAGER"], username: "qa", path: "/suppliers", route: "/suppliers" });
    expect(await screen.findByRole("heading", { level: 1, name: "供应商" })).toBeInTheDocument();
    expect(screen.getByText("DRS-WD1010：€1,234.50，交货期 1 天")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "评定 SUP-NEW…" }));
    expect(within(screen.getByRole("dialog")).getByRole("option", { name: "有条件合格" })).toBeInTheDocument();
  });

  it("names one day of lead time in the singular", async () => {
    const priced = () => {
      const data = answer().data;
      data.suppliers.edges[0].node.prices = [{ id: "pr1", product: { sku: "DRS-WD1010" }, unitPrice: "12.00", currency: "EUR", leadTimeDays: 1 }] as never;
      return { data };
    };
    renderPage(<Suppliers />, { client: scriptedClient({ Suppliers: priced }), roles: ["BUYER"], username: "buyer", path: "/suppliers", route: "/suppliers" });
    expect(await screen.findByText("DRS-WD1010: €12.00, 1 day")).toBeInTheDocument();
  });

  it("shows qualification, condition and approved products; buyers cannot qualify", async () => {
    renderPage(<Suppliers />, { client: scriptedClient({ Suppliers: answer }), roles: ["BUYER"], username: "buyer", path: "/suppliers", route: "/suppliers" });
    const row = (await screen.findByText("SUP-CRV")).closest("tr")!;
    expect(within(row as HTMLElement).getByText("100 % incoming inspection")).toBeInTheDocument();
    expect(within(row as HTMLElement).getByText("DRS-WD1010")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Qualify/ })).toBeNull();
  });

  it("sends the QA decision with its signature and shows a refusal in the dialog", async () => {
    let sent: Record<string, unknown> | undefined;
    const client = scriptedClient({
      Suppliers: answer,
      SetSupplierQualification: (variables) => {
        sent = variables.input as Record<string, unknown>;
        return {
          data: {
            setSupplierQualification: {
              supplier: null,
              userErrors: [{ field: ["input", "validUntil"], code: "INVALID", message: "A QUALIFIED supplier needs a valid-until date." }],
            },
          },
        };
      },
    });
    renderPage(<Suppliers />, { client, roles: ["QA_MANAGER"], username: "qa", path: "/suppliers", route: "/suppliers" });
    await userEvent.click(await screen.findByRole("button", { name: "Qualify SUP-NEW…" }));
    const dialog = screen.getByRole("dialog");
    await userEvent.click(within(dialog).getByRole("checkbox", { name: "SUT-PGA30" }));
    await userEvent.type(within(dialog).getByLabelText("Password"), "demo1234");
    await userEvent.click(within(dialog).getByRole("button", { name: "Sign" }));
    expect(await within(dialog).findByText("A QUALIFIED supplier needs a valid-until date.")).toBeInTheDocument();
    expect(sent).toMatchObject({ supplierId: "s-SUP-NEW", status: "QUALIFIED", productIds: ["p6"], validUntil: null });
  });
});
