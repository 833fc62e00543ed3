import { describe, expect, it } from "vitest";
import { homeFor, navFor } from "./navigation";

const labels = (roles: string[]) => navFor(roles).map((i) => i.label);

describe("navigation by role", () => {
  it("gives partners only the portal", () => {
    expect(labels(["PARTNER"])).toEqual(["My orders", "Shipments & certificates", "Recall notices"]);
    expect(homeFor(["PARTNER"])).toBe("/portal");
  });

  it("shows sales the order screens but not approvals", () => {
    expect(labels(["SALES"])).toEqual(["Orders", "New order"]);
  });

  it("shows a sales manager the approvals inbox", () => {
    expect(labels(["SALES_MANAGER"])).toContain("Approvals");
  });

  it("lands the warehouse on fulfilment and QA on the quarantine queue", () => {
    expect(homeFor(["WAREHOUSE"])).toBe("/warehouse");
    expect(labels(["WAREHOUSE"])).toContain("Goods receipt");
    expect(homeFor(["QA_INSPECTOR"])).toBe("/quality");
  });

  it("gives admins every staff screen", () => {
    expect(labels(["ADMIN"])).toHaveLength(10);
  });
});
