import { useQuery } from "urql";
import { Section } from "../../components/Section";
import { Empty, Loading } from "../../components/States";
import { formatDateTime, formatNumber, humanize } from "../../lib/format";
import { LotMovesQuery } from "./transferQueries";

const TEXT = {
  title: "Moves",
  none: "No stock moves of this lot yet.",
  loading: "Loading moves…",
  columns: ["When", "Kind", "Warehouse", "Quantity", "Reference"],
};

/** The lot's stock moves, newest first: receipts, shipments, transfers out and in. */
export function LotMoves({ lotId }: { lotId: string }) {
  const [{ data }] = useQuery({ query: LotMovesQuery, variables: { id: lotId }, requestPolicy: "cache-and-network" });
  const moves =
    data?.node && "moves" in data.node
      ? data.node.moves.edges.map((e) => e.node).sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))
      : null;
  return (
    <Section title={TEXT.title}>
      {!moves ? (
        <Loading label={TEXT.loading} />
      ) : moves.length === 0 ? (
        <Empty>{TEXT.none}</Empty>
      ) : (
        <div className="table-scroll">
          <table className="data" data-testid="lot-moves">
            <thead>
              <tr>
                {TEXT.columns.map((c, i) => (
                  <th key={c} scope="col" className={i === 3 ? "num" : undefined}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {moves.map((m) => (
                <tr key={m.id}>
                  <td>{formatDateTime(m.occurredAt)}</td>
                  <td>{humanize(m.kind)}</td>
                  <td>{m.warehouse.code}</td>
                  <td className="num">{formatNumber(m.quantity)}</td>
                  <td>{m.reference ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
