import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { SelectField } from "../../components/Field";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { enumLabel } from "../../i18n/enumLabel";
import { formatDate, formatMoney } from "../../lib/format";
import { CustomersQuery, InvoicesQuery } from "./financeQueries";

const STATUSES = ["OPEN", "PARTIALLY_PAID", "PAID", "CREDITED", "VOID"] as const;
type Status = (typeof STATUSES)[number];

/** Invoices, filtered by status, customer and whether they are overdue. */
export default function Invoices() {
  const { t } = useTranslation(["finance", "common"]);
  const [status, setStatus] = useState<Status | "">("");
  const [customerId, setCustomerId] = useState("");
  const [overdue, setOverdue] = useState(false);
  const [{ data: customers }] = useQuery({ query: CustomersQuery });
  const [{ data, error, fetching }, refetch] = useQuery({
    query: InvoicesQuery,
    variables: {
      status: status ? [status] : null,
      customerId: customerId || null,
      overdue: overdue ? true : null,
    },
  });
  return (
    <section aria-labelledby="invoices-title">
      <div className="page-head">
        <h1 id="invoices-title">{t("invoices.title")}</h1>
      </div>
      <div className="card filters">
        <SelectField label={t("common:field.status")} value={status} onChange={(e) => setStatus(e.target.value as Status | "")}>
          <option value="">{t("common:state.all")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s === "PARTIALLY_PAID" ? t("invoices.partlyPaid") : enumLabel(s)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("common:field.customer")} value={customerId} onChange={(e) => setCustomerId(e.target.value)}>
          <option value="">{t("invoices.allCustomers")}</option>
          {customers?.customers.edges.map(({ node }) => (
            <option key={node.id} value={node.id}>
              {node.code} · {node.name}
            </option>
          ))}
        </SelectField>
        <label className="checkbox">
          <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} /> {t("invoices.overdueOnly")}
        </label>
      </div>
      {error && !data ? (
        <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />
      ) : !data || (fetching && !data) ? (
        <Loading label={t("invoices.loading")} />
      ) : data.invoices.edges.length === 0 ? (
        <Empty>{t("invoices.empty")}</Empty>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t("field.invoice")}</th>
              <th scope="col">{t("common:field.customer")}</th>
              <th scope="col">{t("field.order")}</th>
              <th scope="col">{t("invoices.issued")}</th>
              <th scope="col">{t("field.due")}</th>
              <th scope="col">{t("common:field.status")}</th>
              <th scope="col" className="num">
                {t("common:field.total")}
              </th>
              <th scope="col" className="num">
                {t("invoices.open")}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.invoices.edges.map(({ node }) => (
              <tr key={node.id}>
                <td>
                  <Link to={`/invoices/${encodeURIComponent(node.id)}`}>{node.number}</Link>
                </td>
                <td>{node.customer.code}</td>
                <td>{node.order.number}</td>
                <td>{formatDate(node.issuedOn)}</td>
                <td>{formatDate(node.dueOn)}</td>
                <td>
                  <StatusChip status={node.status} />
                </td>
                <td className="num">{formatMoney(node.total, node.currency)}</td>
                <td className="num">{formatMoney(node.balance, node.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
