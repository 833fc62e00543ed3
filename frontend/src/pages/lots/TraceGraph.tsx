import { Background, Controls, MarkerType, ReactFlow, type Edge, type Node } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { buildTraceGraph, type GraphLot, type TraceNode } from "../../lib/traceGraph";
import { enumLabel } from "../../i18n/enumLabel";

const COLUMN_WIDTH = 210;
const ROW_HEIGHT = 86;

function nodeName(node: TraceNode): string {
  return `${node.label} (${node.detail}${node.status ? `, ${enumLabel(node.status)}` : ""})`;
}

/** A lot's node is a link to that lot: the one control a node has, reachable by Tab. */
function NodeLabel({ node }: { node: TraceNode }) {
  const body = (
    <>
      <strong>{node.label}</strong>
      <div className="node-detail">{node.detail}</div>
      {node.status && <div className="node-detail">{enumLabel(node.status)}</div>}
    </>
  );
  if (node.kind !== "lot") return <div>{body}</div>;
  return (
    <Link to={`/lots/${node.id.slice(4)}`} className="trace-node-link">
      {body}
    </Link>
  );
}

/** The drawn trace: suppliers → component lots → lot → lots made from it → shipments → customers,
 * with the same trace as a list for screen readers and keyboards. */
export function TraceGraph({ lot }: { lot: GraphLot }) {
  const { t } = useTranslation("lots");
  const graph = useMemo(() => buildTraceGraph(lot), [lot]);
  const { nodes, edges } = useMemo(() => {
    const nodes: Node[] = graph.nodes.map((n) => ({
      id: n.id,
      position: { x: n.column * COLUMN_WIDTH, y: n.row * ROW_HEIGHT },
      data: { label: <NodeLabel node={n} /> },
      className: `trace-node trace-${n.kind}${n.root ? " trace-root" : ""}${n.status ? ` status-${n.status}` : ""}`,
      sourcePosition: "right" as Node["sourcePosition"],
      targetPosition: "left" as Node["targetPosition"],
      connectable: false,
      draggable: false,
      // The link inside is the focus stop; a focusable wrapper around it would nest controls.
      focusable: false,
      selectable: false,
    }));
    const edges: Edge[] = graph.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      focusable: false,
      markerEnd: { type: MarkerType.ArrowClosed },
    }));
    return { nodes, edges };
  }, [graph]);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));

  return (
    <>
      <div className="trace-graph" data-testid="trace-graph" role="group" aria-label={t("trace.graph")}>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          fitView
          nodesConnectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          elementsSelectable={false}
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
      <details className="trace-list" data-testid="trace-list">
        <summary>{t("trace.listTitle")}</summary>
        <h3>{t("trace.nodes")}</h3>
        <ul>
          {graph.nodes.map((n) => (
            <li key={n.id}>
              {n.kind === "lot" ? <Link to={`/lots/${n.id.slice(4)}`}>{nodeName(n)}</Link> : nodeName(n)}
            </li>
          ))}
        </ul>
        <h3>{t("trace.edges")}</h3>
        <ul>
          {graph.edges.map((e) => {
            const from = byId.get(e.source);
            const to = byId.get(e.target);
            return <li key={e.id}>{t("trace.edge", { from: from?.label ?? e.source, to: to?.label ?? e.target })}</li>;
          })}
        </ul>
      </details>
    </>
  );
}
