import { describe, expect, it } from "vitest";
import { inspectionState, quantityToShip } from "./workLists";

describe("work lists", () => {
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
