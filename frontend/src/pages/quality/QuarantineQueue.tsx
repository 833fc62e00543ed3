import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { graphql } from "../../graphql";
import { formatDate, formatNumber } from "../../lib/format";
import { inspectionState } from "../warehouse/workLists";

const QuarantineQueueQuery = graphql(`
  query QuarantineQueue($after: String) {
    lots(first: 100, after: $after, status: [QUARANTINE, ON_HOLD]) {
      edges {
        node {
          id
          lotNumber
          status
          expiresOn
          waitingSince
          daysWaiting
          product {
            id
            sku
            name
          }
          stock {
            onHand
            warehouse {
              id
              code
            }
          }
          inspections {
            id
            result
            inspectedAt
          }
          inspectionTasks {
            id
            status
          }
        }
      }
    }
  }
`);

/** Lots waiting for QA, the longest waiting first: quarantined on receipt or production, or put on hold. */
export default function QuarantineQueue() {
  const { t } = useTranslation(["quality", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: QuarantineQueueQuery, variables: { after: null } });
  const lots = [...(data?.lots.edges.map((e) => e.node) ?? [])].sort((a, b) => (b.daysWaiting ?? 0) - (a.daysWaiting ?? 0));
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">{t("queue.title")}</h1>
      <p className="muted">{t("queue.hint")}</p>
      {error && !data ? (
        <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />
      ) : !data ? (
        <Loading label={t("queue.loading")} />
      ) : lots.length === 0 ? (
        <Empty>{t("queue.empty")}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="quarantine-table">
            <thead>
              <tr>
                <th scope="col">{t("common:field.lot")}</th>
                <th scope="col">{t("common:field.product")}</th>
                <th scope="col">{t("common:field.status")}</th>
                <th scope="col">{t("queue.col.inspection")}</th>
                <th scope="col" className="num">
                  {t("queue.col.daysWaiting")}
                </th>
                <th scope="col">{t("queue.col.since")}</th>
                <th scope="col">{t("queue.col.stock")}</th>
                <th scope="col">{t("common:field.expiresOn")}</th>
              </tr>
            </thead>
            <tbody>
              {lots.map((lot) => (
                <tr key={lot.id} data-testid="queue-lot" data-lot={lot.lotNumber}>
                  <td>
                    <Link to={`/lots/${lot.id}`}>{lot.lotNumber}</Link>
                  </td>
                  <td>
                    <span className="sku">{lot.product.sku}</span> {lot.product.name}
                  </td>
                  <td>
                    <StatusChip status={lot.status} />
                  </td>
                  <td data-testid="inspection-state">{inspectionState(lot)}</td>
                  <td className="num" data-testid="days-waiting">
                    {formatNumber(lot.daysWaiting)}
                  </td>
                  <td>{formatDate(lot.waitingSince)}</td>
                  <td>{lot.stock.map((s) => `${formatNumber(s.onHand)} @ ${s.warehouse.code}`).join(", ") || "–"}</td>
                  <td>{formatDate(lot.expiresOn)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
