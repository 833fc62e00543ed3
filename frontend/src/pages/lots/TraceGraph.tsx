import { Background, Controls, MarkerType, ReactFlow, type Edge, type Node } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useMemo } from "react";
import { useNavigate } from "react-router";
import { buildTraceGraph, type GraphLot } from "../../lib/traceGraph";
import { humanize } from "../../lib/format";

const COLUMN_WIDTH = 210;
const ROW_HEIGHT = 86;

/** The drawn trace: suppliers → component lots → lot → lots made from it → shipments → customers. */
export function TraceGraph({ lot }: { lot: GraphLot }) {
  const navigate = useNavigate();
  const { nodes, edges } = useMemo(() => {
    const graph = buildTraceGraph(lot);
    const nodes: Node[] = graph.nodes.map((n) => ({
      id: n.id,
      position: { x: n.column * COLUMN_WIDTH, y: n.row * ROW_HEIGHT },
      data: {
        label: (
          <div>
            <strong>{n.label}</strong>
            <div className="node-detail">{n.detail}</div>
            {n.status && <div className="node-detail">{humanize(n.status)}</div>}
          </div>
        ),
      },
      className: `trace-node trace-${n.kind}${n.root ? " trace-root" : ""}${n.status ? ` status-${n.status}` : ""}`,
      sourcePosition: "right" as Node["sourcePosition"],
      targetPosition: "left" as Node["targetPosition"],
      connectable: false,
      draggable: false,
    }));
    const edges: Edge[] = graph.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      markerEnd: { type: MarkerType.ArrowClosed },
    }));
    return { nodes, edges };
  }, [lot]);

  return (
    <div className="trace-graph" data-testid="trace-graph" aria-label="Trace graph" role="img">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
        nodesConnectable={false}
        proOptions={{ hideAttribution: true }}
        onNodeClick={(_, node) => {
          if (node.id.startsWith("lot:")) navigate(`/lots/${node.id.slice(4)}`);
        }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
