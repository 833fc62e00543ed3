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
  const [{ data, error }, refetch] = useQuery({ query: QuarantineQueueQuery, variables: { after: null } });
  const lots = [...(data?.lots.edges.map((e) => e.node) ?? [])].sort((a, b) => (b.daysWaiting ?? 0) - (a.daysWaiting ?? 0));
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">Quarantine queue</h1>
      <p className="muted">Open a lot to record its inspection and, once it passes, release it with your signature.</p>
      {error && !data ? (
        <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />
      ) : !data ? (
        <Loading label="Loading quarantined lots…" />
      ) : lots.length === 0 ? (
        <Empty>No lot is waiting for QA.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="quarantine-table">
            <thead>
              <tr>
                <th scope="col">Lot</th>
                <th scope="col">Product</th>
                <th scope="col">Status</th>
                <th scope="col">Inspection</th>
                <th scope="col" className="num">
                  Days waiting
                </th>
                <th scope="col">Since</th>
                <th scope="col">Stock</th>
                <th scope="col">Expires</th>
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
