import { describe, expect, it } from "vitest";
import { buildTraceGraph, type GraphLot } from "./traceGraph";

const customer = { id: "c1", code: "DIST-A", name: "Nordmed" };
const board: GraphLot = {
  id: "brd",
  lotNumber: "BRD-2401",
  status: "RELEASED",
  product: { sku: "CMP-BRD-01" },
  supplier: { id: "s1", code: "SUP-ALP", name: "Alpine" },
};
const pump: GraphLot = {
  id: "vp3",
  lotNumber: "VP3-2403",
  status: "RELEASED",
  product: { sku: "PMP-VP300" },
  components: [board],
  shipments: [{ id: "sh1", number: "SH-1", status: "SHIPPED", order: { number: "SO-9", customer } }],
};

describe("buildTraceGraph", () => {
  it("lays out suppliers, components, the lot, shipments and customers left to right", () => {
    const { nodes } = buildTraceGraph(pump);
    const column = (id: string) => nodes.find((n) => n.id === id)?.column;
    expect(column("supplier:s1")).toBe(0);
    expect(column("lot:brd")).toBe(1);
    expect(column("lot:vp3")).toBe(2);
    expect(column("shipment:sh1")).toBe(3);
    expect(column("customer:c1")).toBe(4);
    expect(nodes.find((n) => n.id === "lot:vp3")?.root).toBe(true);
  });

  it("connects each step of the chain once", () => {
    const { edges } = buildTraceGraph({ ...pump, components: [board, board] });
    expect(edges.map((e) => e.id).sort()).toEqual([
      "lot:brd->lot:vp3",
      "lot:vp3->shipment:sh1",
      "shipment:sh1->customer:c1",
      "supplier:s1->lot:brd",
    ]);
  });

  it("follows genealogy forward from a component lot", () => {
    const { nodes, edges } = buildTraceGraph({ ...board, consumedBy: [pump] });
    expect(nodes.find((n) => n.id === "lot:brd")?.root).toBe(true);
    expect(nodes.find((n) => n.id === "lot:vp3")?.column).toBe(2);
    expect(edges.some((e) => e.id === "shipment:sh1->customer:c1")).toBe(true);
  });
});
