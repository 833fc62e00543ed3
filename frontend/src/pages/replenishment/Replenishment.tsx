import { Link } from "react-router";
import { useQuery } from "urql";
import { Empty, ErrorState, Loading } from "../../components/States";
import { graphql } from "../../graphql";
import { formatDateTime, formatNumber, humanize } from "../../lib/format";

const TEXT = {
  title: "Replenishment",
  intro: "Open requests raised by backordered order lines: what to buy or make.",
  none: "No open replenishment requests.",
  loading: "Loading requests…",
  columns: ["Request", "Product", "Quantity", "Kind", "Order", "Raised", "Age"],
  days: (n: number) => new Intl.RelativeTimeFormat(undefined, { numeric: "auto" }).format(-n, "day"),
};

const OpenRequestsQuery = graphql(`
  query OpenReplenishmentRequests {
    replenishmentRequests(first: 100, status: [OPEN]) {
      totalCount
      edges {
        node {
          id
          number
          quantity
          kind
          createdAt
          product { id sku name }
          order { id number }
        }
      }
    }
  }
`);

const DAY_MS = 86_400_000;

/** Open replenishment requests, oldest first: the longest-waiting backorder leads. */
export default function Replenishment() {
  const [{ data, error }, refetch] = useQuery({ query: OpenRequestsQuery });
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label={TEXT.loading} />;
  const requests = data.replenishmentRequests.edges
    .map((e) => e.node)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const now = Date.now();
  return (
    <section>
      <h1>{TEXT.title}</h1>
      <p className="muted">{TEXT.intro}</p>
      {requests.length === 0 ? (
        <Empty>{TEXT.none}</Empty>
      ) : (
        <div className="table-scroll">
          <table className="data" data-testid="replenishment-table">
            <thead>
              <tr>
                {TEXT.columns.map((c, i) => (
                  <th key={c} scope="col" className={i === 2 || i === 6 ? "num" : undefined}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => {
                const days = Math.floor((now - Date.parse(r.createdAt)) / DAY_MS);
                return (
                  <tr key={r.id}>
                    <td>{r.number}</td>
                    <td>
                      {r.product.sku} — {r.product.name}
                    </td>
                    <td className="num">{formatNumber(r.quantity)}</td>
                    <td>{humanize(r.kind)}</td>
                    <td>{r.order ? <Link to={`/orders/${r.order.number}`}>{r.order.number}</Link> : "–"}</td>
                    <td>{formatDateTime(r.createdAt)}</td>
                    <td className="num" data-testid="request-age">
                      {TEXT.days(days)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
