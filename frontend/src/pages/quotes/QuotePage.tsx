import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { useAuth } from "../../auth/AuthProvider";
import { FormErrors } from "../../components/Field";
import { Section } from "../../components/Section";
import { StatusChip } from "../../components/StatusChip";
import { Empty, ErrorState, Loading } from "../../components/States";
import { formatDate, formatMoney, formatNumber } from "../../lib/format";
import { ConvertQuoteMutation, QuoteQuery } from "./quoteQueries";

const COLUMNS = ["number", "product", "quantity", "unitPrice", "discount", "net"] as const;

export default function QuotePage() {
  const { t } = useTranslation("quotes");
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const { viewer } = useAuth();
  const [{ data, error }, refetch] = useQuery({ query: QuoteQuery, variables: { id } });
  const convert = useAction(ConvertQuoteMutation);
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label={t("page.loading")} />;
  const quote = data.node && "validUntil" in data.node ? data.node : null;
  if (!quote) return <Empty>{t("page.missing")}</Empty>;
  const orderPath = (number: string) => (viewer?.isPartner ? `/portal/orders/${number}` : `/orders/${number}`);

  const run = async () => {
    const result = await convert.run({ input: { quoteId: quote.id } });
    if (result?.order) navigate(orderPath(result.order.number));
  };

  return (
    <section>
      <div className="page-head">
        <h1 data-testid="quote-title">
          {t("page.title", { number: quote.number })} <StatusChip status={quote.status} />
        </h1>
        {quote.status === "OPEN" && (
          <button type="button" className="primary" onClick={run} disabled={convert.busy}>
            {convert.busy ? t("page.converting") : t("page.convert")}
          </button>
        )}
      </div>
      <FormErrors messages={[...convert.userErrors.map((e) => e.message), ...(convert.failure ? [convert.failure] : [])]} />
      <dl className="facts">
        <div>
          <dt>{t("page.customer")}</dt>
          <dd>
            {quote.customer.code} — {quote.customer.name}
          </dd>
        </div>
        <div>
          <dt>{t("page.validUntil")}</dt>
          <dd>{formatDate(quote.validUntil)}</dd>
        </div>
        {quote.customerReference && (
          <div>
            <dt>{t("page.reference")}</dt>
            <dd>{quote.customerReference}</dd>
          </div>
        )}
        {quote.order && (
          <div>
            <dt>{t("page.order")}</dt>
            <dd>
              <Link to={orderPath(quote.order.number)}>{quote.order.number}</Link>
            </dd>
          </div>
        )}
      </dl>
      <Section title={t("page.lines")}>
        <div className="table-scroll">
          <table className="data">
            <thead>
              <tr>
                {COLUMNS.map((c, i) => (
                  <th key={c} scope="col" className={i >= 2 ? "num" : undefined}>
                    {t(`page.columns.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {quote.lines.map((l) => (
                <tr key={l.lineNumber}>
                  <td>{l.lineNumber}</td>
                  <td>
                    {l.product.sku} — {l.product.name}
                  </td>
                  <td className="num">{formatNumber(l.quantity)}</td>
                  <td className="num">{formatMoney(l.unitPrice, quote.currency)}</td>
                  <td className="num">{l.discountPercent}</td>
                  <td className="num">{formatMoney(l.lineTotal, quote.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <dl className="facts">
          <div>
            <dt>{t("page.totals")}</dt>
            <dd>{formatMoney(quote.subtotal, quote.currency)}</dd>
          </div>
          <div>
            <dt>{t("page.tax")}</dt>
            <dd>{formatMoney(quote.taxTotal, quote.currency)}</dd>
          </div>
          <div>
            <dt>{t("page.total")}</dt>
            <dd data-testid="quote-total">{formatMoney(quote.total, quote.currency)}</dd>
          </div>
        </dl>
      </Section>
    </section>
  );
}
