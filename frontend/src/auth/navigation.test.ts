import { describe, expect, it } from "vitest";
import { homeFor, navFor, STAFF_NAV } from "./navigation";

const staff = (...roles: string[]) => ({ roles, isPartner: false });
const labels = (roles: string[], isPartner = false) => navFor({ roles, isPartner }).map((i) => i.label);

describe("navigation by role", () => {
  it("gives partners only the portal", () => {
    expect(labels(["PARTNER"], true)).toEqual(["My orders", "Quotes", "Shipments & certificates", "Recall notices", "Statement"]);
    expect(homeFor({ roles: ["PARTNER"], isPartner: true })).toBe("/portal");
  });

  it("follows the server on who is a partner, not the role list", () => {
    // A PARTNER+SALES user is staff when the server says so, and a partner when it says that.
    expect(labels(["PARTNER", "SALES"], false)).toEqual(["Orders", "New order", "Quotes", "Verify document"]);
    expect(homeFor({ roles: ["PARTNER", "WAREHOUSE"], isPartner: true })).toBe("/portal");
  });

  it("shows sales the order screens but not approvals", () => {
    expect(labels(["SALES"])).toEqual(["Orders", "New order", "Quotes", "Verify document"]);
  });

  it("shows a sales manager the approvals inbox", () => {
    expect(labels(["SALES_MANAGER"])).toContain("Approvals");
  });

  it("lands the warehouse on fulfilment and QA on the quarantine queue", () => {
    expect(homeFor(staff("WAREHOUSE"))).toBe("/warehouse");
    expect(labels(["WAREHOUSE"])).toContain("Goods receipt");
    expect(homeFor(staff("QA_INSPECTOR"))).toBe("/quality");
  });

  it("gives admins every staff screen", () => {
    // Every staff screen, with Licences and Approval rules and the finance desk.
    expect(labels(["ADMIN"])).toEqual(STAFF_NAV.map((i) => i.label));
  });
});
