import { describe, expect, it } from "vitest";
import { byDueDate, inspectionState, quantityToShip } from "./workLists";

const order = (number: string, promised: string | null, requested: string | null) => ({
  number,
  promisedDeliveryDate: promised,
  requestedDeliveryDate: requested,
  lines: [],
});

describe("work lists", () => {
  it("orders the fulfilment queue by promised, else requested date, undated last", () => {
    const sorted = byDueDate([
      order("SO-4", null, null),
      order("SO-3", null, "2026-12-03"),
      order("SO-2", "2026-12-10", "2026-12-01"),
      order("SO-1", "2026-12-02", null),
    ]);
    expect(sorted.map((o) => o.number)).toEqual(["SO-1", "SO-3", "SO-2", "SO-4"]);
  });

  it("counts what is still to ship on open lines only", () => {
    expect(
      quantityToShip({
        lines: [
          { quantity: 10, shippedQuantity: 4, status: "OPEN" },
          { quantity: 5, shippedQuantity: 2, status: "SHORT_CLOSED" },
          { quantity: 3, shippedQuantity: 0, status: "OPEN" },
        ],
      }),
    ).toBe(9);
  });

  it("says where a lot stands with QA", () => {
    expect(inspectionState({ inspections: [], inspectionTasks: [] })).toBe("Not inspected");
    expect(inspectionState({ inspections: [], inspectionTasks: [{ status: "PENDING" }] })).toBe("Inspection due");
    expect(
      inspectionState({
        inspections: [
          { result: "FAIL", inspectedAt: "2026-11-01T10:00:00Z" },
          { result: "PASS", inspectedAt: "2026-11-20T10:00:00Z" },
        ],
        inspectionTasks: [],
      }),
    ).toBe("Passed");
  });
});
