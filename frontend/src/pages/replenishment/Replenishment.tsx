import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { Empty, ErrorState, Loading } from "../../components/States";
import { graphql } from "../../graphql";
import { currentLocale } from "../../i18n";
import { enumLabel } from "../../i18n/enumLabel";
import { formatDateTime, formatNumber } from "../../lib/format";

const COLUMNS = ["request", "product", "quantity", "kind", "order", "raised", "age"] as const;
const NUMERIC: readonly string[] = ["quantity", "age"];

function daysAgo(n: number): string {
  return new Intl.RelativeTimeFormat(currentLocale(), { numeric: "auto" }).format(-n, "day");
}

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
  const { t } = useTranslation("replenishment");
  const [{ data, error }, refetch] = useQuery({ query: OpenRequestsQuery });
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label={t("loading")} />;
  const requests = data.replenishmentRequests.edges
    .map((e) => e.node)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const now = Date.now();
  return (
    <section>
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      {requests.length === 0 ? (
        <Empty>{t("none")}</Empty>
      ) : (
        <div className="table-scroll">
          <table className="data" data-testid="replenishment-table">
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th key={c} scope="col" className={NUMERIC.includes(c) ? "num" : undefined}>
                    {t(`columns.${c}`)}
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
                    <td>{enumLabel(r.kind)}</td>
                    <td>{r.order ? <Link to={`/orders/${r.order.number}`}>{r.order.number}</Link> : "–"}</td>
                    <td>{formatDateTime(r.createdAt)}</td>
                    <td className="num" data-testid="request-age">
                      {daysAgo(days)}
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
