/**
 * Lays out a lot's genealogy as a left-to-right graph: suppliers, component
 * lots, the lot, lots made from it, shipments, customers. Pure data in, nodes
 * and edges out, so the drawing library only draws.
 */
export type GraphLot = {
  id: string;
  lotNumber: string;
  status: string;
  product: { sku: string };
  supplier?: { id: string; code: string; name: string } | null;
  shipments?: readonly {
    id: string;
    number: string;
    status: string;
    order: { number: string; customer: { id: string; code: string; name: string } };
  }[];
  components?: readonly GraphLot[];
  consumedBy?: readonly GraphLot[];
};

export type TraceNodeKind = "supplier" | "lot" | "shipment" | "customer";
export type TraceNode = {
  id: string;
  kind: TraceNodeKind;
  label: string;
  detail: string;
  status?: string;
  root?: boolean;
  column: number;
  row: number;
};
export type TraceEdge = { id: string; source: string; target: string };

export function buildTraceGraph(root: GraphLot): { nodes: TraceNode[]; edges: TraceEdge[] } {
  const lots = new Map<string, { lot: GraphLot; generation: number }>();
  const edges = new Map<string, TraceEdge>();
  const addEdge = (source: string, target: string) => {
    const id = `${source}->${target}`;
    edges.set(id, { id, source, target });
  };

  const visit = (lot: GraphLot, generation: number) => {
    const seen = lots.get(lot.id);
    if (seen) {
      // Keep the richest copy (deeper queries carry more relations).
      if (!seen.lot.shipments && lot.shipments) seen.lot = { ...seen.lot, ...lot };
      return;
    }
    lots.set(lot.id, { lot, generation });
    for (const component of lot.components ?? []) {
      addEdge(`lot:${component.id}`, `lot:${lot.id}`);
      visit(component, generation - 1);
    }
    for (const product of lot.consumedBy ?? []) {
      addEdge(`lot:${lot.id}`, `lot:${product.id}`);
      visit(product, generation + 1);
    }
  };
  visit(root, 0);

  const generations = [...lots.values()].map((l) => l.generation);
  const minGeneration = Math.min(...generations);
  const lotColumns = Math.max(...generations) - minGeneration + 1;
  const nodes: TraceNode[] = [];
  const rows = new Map<number, number>();
  const place = (node: Omit<TraceNode, "row">) => {
    if (nodes.some((n) => n.id === node.id)) return;
    const row = rows.get(node.column) ?? 0;
    rows.set(node.column, row + 1);
    nodes.push({ ...node, row });
  };

  const ordered = [...lots.values()].sort((a, b) => a.generation - b.generation);
  for (const { lot, generation } of ordered) {
    const column = 1 + generation - minGeneration;
    if (lot.supplier) {
      place({ id: `supplier:${lot.supplier.id}`, kind: "supplier", label: lot.supplier.code, detail: lot.supplier.name, column: column - 1 });
      addEdge(`supplier:${lot.supplier.id}`, `lot:${lot.id}`);
    }
    place({
      id: `lot:${lot.id}`,
      kind: "lot",
      label: lot.lotNumber,
      detail: lot.product.sku,
      status: lot.status,
      root: lot.id === root.id,
      column,
    });
  }
  for (const { lot } of ordered) {
    for (const shipment of lot.shipments ?? []) {
      const customer = shipment.order.customer;
      place({
        id: `shipment:${shipment.id}`,
        kind: "shipment",
        label: shipment.number,
        detail: `order ${shipment.order.number}`,
        status: shipment.status,
        column: lotColumns + 1,
      });
      place({ id: `customer:${customer.id}`, kind: "customer", label: customer.code, detail: customer.name, column: lotColumns + 2 });
      addEdge(`lot:${lot.id}`, `shipment:${shipment.id}`);
      addEdge(`shipment:${shipment.id}`, `customer:${customer.id}`);
    }
  }
  return { nodes, edges: [...edges.values()] };
}
