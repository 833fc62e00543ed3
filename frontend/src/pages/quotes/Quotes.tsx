import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { useAuth } from "../../auth/AuthProvider";
import { StatusChip } from "../../components/StatusChip";
import { Empty, ErrorState, Loading } from "../../components/States";
import { formatDate, formatMoney } from "../../lib/format";
import { QuotesQuery } from "./quoteQueries";

const COLUMNS = ["quote", "customer", "status", "validUntil", "total"] as const;

export default function Quotes() {
  const { t } = useTranslation("quotes");
  const { viewer } = useAuth();
  const [{ data, error }, refetch] = useQuery({ query: QuotesQuery, variables: {} });
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label={t("list.loading")} />;
  const quotes = data.quotes.edges.map((e) => e.node);
  return (
    <section>
      <div className="page-head">
        <h1>{t("list.title")}</h1>
        {/* Partners see and convert their quotes; sales make them. */}
        {!viewer?.isPartner && (
          <Link to="/quotes/new" className="button primary">
            {t("list.newQuote")}
          </Link>
        )}
      </div>
      {quotes.length === 0 ? (
        <Empty>{t("list.none")}</Empty>
      ) : (
        <div className="table-scroll">
          <table className="data" data-testid="quotes-table">
            <thead>
              <tr>
                {COLUMNS.map((c, i) => (
                  <th key={c} scope="col" className={i === 4 ? "num" : undefined}>
                    {t(`list.columns.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {quotes.map((q) => (
                <tr key={q.id}>
                  <td>
                    <Link to={`/quotes/${q.id}`}>{q.number}</Link>
                  </td>
                  <td>
                    {q.customer.code} — {q.customer.name}
                  </td>
                  <td>
                    <StatusChip status={q.status} />
                  </td>
                  <td>{formatDate(q.validUntil)}</td>
                  <td className="num">{formatMoney(q.total, q.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
