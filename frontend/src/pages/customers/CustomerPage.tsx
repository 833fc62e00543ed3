import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { Section } from "../../components/Section";
import { StatusChip } from "../../components/StatusChip";
import { Empty, ErrorState, Loading } from "../../components/States";
import { enumLabel } from "../../i18n/enumLabel";
import { formatDateTime, formatMoney } from "../../lib/format";
import { DocumentsSection } from "../documents/DocumentsSection";
import { CustomerPageQuery, RECENT_ORDERS } from "./customerQueries";

/** A customer at a glance for staff: master data, credit, recent orders and its documents. */
export default function CustomerPage() {
  const { t } = useTranslation("customers");
  const { id = "" } = useParams();
  const [{ data, error }, refetch] = useQuery({ query: CustomerPageQuery, variables: { id, orders: RECENT_ORDERS } });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const customer = data?.node && "code" in data.node ? data.node : null;
  const heading = customer ? t("page.title", { code: customer.code }) : t("page.titleUnknown");

  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("page.loading")} />;
  if (!customer)
    return (
      <section>
        <h1>{t("page.titleUnknown")}</h1>
        <Empty>{t("page.missing")}</Empty>
        <Link to="/admin/customers">{t("page.back")}</Link>
      </section>
    );

  const orders = customer.orders.edges.map((e) => e.node);
  return (
    <article aria-labelledby="customer-title" data-testid="customer-page">
      <h1 id="customer-title">
        {heading} <span className="muted">{customer.name}</span>
      </h1>
      <p>
        <Link to="/admin/customers">{t("page.back")}</Link>
      </p>
      <dl className="facts" data-testid="customer-facts">
        <div>
          <dt>{t("page.name")}</dt>
          <dd>{customer.name}</dd>
        </div>
        <div>
          <dt>{t("page.code")}</dt>
          <dd>{customer.code}</dd>
        </div>
        <div>
          <dt>{t("page.kind")}</dt>
          <dd>{enumLabel(customer.kind)}</dd>
        </div>
        <div>
          <dt>{t("page.countryRegion")}</dt>
          <dd>{[customer.country, customer.region].filter(Boolean).join(" / ") || "–"}</dd>
        </div>
        <div>
          <dt>{t("page.gln")}</dt>
          <dd>{customer.gln ?? "–"}</dd>
        </div>
        <div>
          <dt>{t("page.creditLimit")}</dt>
          <dd data-testid="customer-credit-limit">{formatMoney(customer.creditLimit)}</dd>
        </div>
        <div>
          <dt>{t("page.openBalance")}</dt>
          <dd data-testid="customer-open-balance">{formatMoney(customer.receivableBalance)}</dd>
        </div>
        <div>
          <dt>{t("page.status")}</dt>
          <dd>{customer.active ? t("page.active") : t("page.inactive")}</dd>
        </div>
      </dl>
      <Section title={t("orders.title", { total: customer.orders.totalCount })}>
        {orders.length === 0 ? (
          <Empty>{t("orders.none")}</Empty>
        ) : (
          <div className="table-wrap">
            <table className="data" data-testid="customer-orders">
              <thead>
                <tr>
                  <th scope="col">{t("orders.number")}</th>
                  <th scope="col">{t("orders.status")}</th>
                  <th scope="col">{t("orders.created")}</th>
                  <th scope="col" className="num">
                    {t("orders.total")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {orders.map((o) => (
                  <tr key={o.id}>
                    <td>
                      <Link to={`/orders/${o.number}`}>{o.number}</Link>
                    </td>
                    <td>
                      <StatusChip status={o.status} />
                    </td>
                    <td>{formatDateTime(o.createdAt)}</td>
                    <td className="num">{formatMoney(o.total, o.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <DocumentsSection nodeId={customer.id} documents={customer.documents} onChanged={reload} title={t("documents.title")} />
    </article>
  );
}
