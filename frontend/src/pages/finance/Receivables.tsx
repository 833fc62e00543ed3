import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useQuery } from "urql";
import { AgeingTable, BUCKETS, bucketLabel } from "../../components/AgeingTable";
import { Empty, ErrorState, Loading } from "../../components/States";
import { formatDate, formatMoney, formatNumber } from "../../lib/format";
import { AgeingQuery } from "./financeQueries";
import { Statement } from "./Statement";

/** Receivables ageing today, per customer and in total; a customer's statement on demand. */
export default function Receivables() {
  const { t } = useTranslation(["finance", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: AgeingQuery, variables: { asOf: null } });
  const [customerId, setCustomerId] = useState<string | null>(null);
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label={t("receivables.loading")} />;
  const ageing = data.arAgeing;
  const chart = BUCKETS.map(([key]) => ({ bucket: bucketLabel(key), amount: Number(ageing.total[key]) }));
  return (
    <section aria-labelledby="receivables-title">
      <div className="page-head">
        <h1 id="receivables-title">{t("receivables.title")}</h1>
        <span>{t("field.asOf", { date: formatDate(ageing.asOf) })}</span>
      </div>
      <figure className="card chart" aria-label={t("receivables.chart")}>
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={chart}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="bucket" />
            <YAxis tickFormatter={(value: number) => formatNumber(value)} />
            <Tooltip formatter={(value) => formatMoney(String(value))} />
            <Bar dataKey="amount" name={t("common:field.amount")} fill="#3367d6" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      {ageing.rows.length === 0 ? (
        <Empty>{t("receivables.empty")}</Empty>
      ) : (
        <AgeingTable
          label={t("receivables.table")}
          partyHeading={t("common:field.customer")}
          rows={ageing.rows.map((row) => ({ party: row.customer, buckets: row.buckets }))}
          total={ageing.total}
          columns={[
            {
              header: t("receivables.unappliedCredit"),
              numeric: true,
              cell: (row) => formatMoney(row.buckets.unappliedCredit),
              total: (total) => formatMoney(total.unappliedCredit),
            },
            {
              header: null,
              cell: (row) => (
                <button type="button" className="link" onClick={() => setCustomerId(row.party.id)} aria-label={t("statement.titleFor", { code: row.party.code })}>
                  {t("statement.title")}
                </button>
              ),
            },
          ]}
        />
      )}
      {customerId && <Statement key={customerId} customerId={customerId} refunds />}
    </section>
  );
}
