import { describe, expect, it } from "vitest";
import { adminNavFor, homeFor, navFor, STAFF_NAV } from "./navigation";

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

  it("gives admins every staff screen to read, and none that acts", () => {
    const system = ["users.manage", "config.edit", "masterdata.edit", "webhooks.manage", "audit.read"];
    const admin = navFor({ roles: ["ADMIN"], isPartner: false, permissions: system }).map((i) => i.label);
    const acting = STAFF_NAV.filter((i) => i.permission && !system.includes(i.permission)).map((i) => i.label);
    expect(acting).toEqual(expect.arrayContaining(["New order", "Approvals", "Goods receipt"]));
    expect(admin).toEqual(STAFF_NAV.map((i) => i.label).filter((label) => !acting.includes(label)));
    expect(admin).toContain("Approval rules");
    expect(admin).toContain("Licences");
    expect(adminNavFor({ roles: ["ADMIN"], isPartner: false, permissions: system }).map((i) => i.label)).toContain(
      "Roles & permissions",
    );
  });

  it("decides acting screens from permission codes, not role names", () => {
    // ADMIN with QA_MANAGER decides approvals as QA manager; without the code, nobody does.
    const both = { roles: ["ADMIN", "QA_MANAGER"], isPartner: false };
    expect(navFor({ ...both, permissions: ["order.approve", "users.manage"] }).map((i) => i.label)).toContain("Approvals");
    expect(navFor({ ...both, permissions: ["users.manage"] }).map((i) => i.label)).not.toContain("Approvals");
    expect(navFor({ roles: ["SALES"], isPartner: false, permissions: [] }).map((i) => i.label)).not.toContain("New order");
    expect(adminNavFor({ roles: ["SALES"], isPartner: false, permissions: ["order.create"] })).toEqual([]);
  });
});
