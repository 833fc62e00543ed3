import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { Section } from "../../components/Section";
import { Empty, Loading } from "../../components/States";
import { enumLabel } from "../../i18n/enumLabel";
import { formatDateTime, formatNumber } from "../../lib/format";
import { LotMovesQuery } from "./transferQueries";

const COLUMNS = ["when", "kind", "warehouse", "quantity", "reference"] as const;

/** The lot's stock moves, newest first: receipts, shipments, transfers out and in. */
export function LotMoves({ lotId }: { lotId: string }) {
  const { t } = useTranslation("transfers");
  const [{ data }] = useQuery({ query: LotMovesQuery, variables: { id: lotId }, requestPolicy: "cache-and-network" });
  const moves =
    data?.node && "moves" in data.node
      ? data.node.moves.edges.map((e) => e.node).sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))
      : null;
  return (
    <Section title={t("moves.title")}>
      {!moves ? (
        <Loading label={t("moves.loading")} />
      ) : moves.length === 0 ? (
        <Empty>{t("moves.none")}</Empty>
      ) : (
        <div className="table-scroll">
          <table className="data" data-testid="lot-moves">
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th key={c} scope="col" className={c === "quantity" ? "num" : undefined}>
                    {t(`moves.columns.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {moves.map((m) => (
                <tr key={m.id}>
                  <td>{formatDateTime(m.occurredAt)}</td>
                  <td>{enumLabel(m.kind)}</td>
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
