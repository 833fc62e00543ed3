import { useState } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useQuery } from "urql";
import { AgeingTable, BUCKETS } from "../../components/AgeingTable";
import { Empty, ErrorState, Loading } from "../../components/States";
import { formatMoney } from "../../lib/format";
import { AgeingQuery } from "./financeQueries";
import { Statement } from "./Statement";

/** Receivables ageing today, per customer and in total; a customer's statement on demand. */
export default function Receivables() {
  const [{ data, error }, refetch] = useQuery({ query: AgeingQuery, variables: { asOf: null } });
  const [customerId, setCustomerId] = useState<string | null>(null);
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label="Loading receivables…" />;
  const ageing = data.arAgeing;
  const chart = BUCKETS.map(([key, label]) => ({ bucket: label, amount: Number(ageing.total[key]) }));
  return (
    <section aria-labelledby="receivables-title">
      <div className="page-head">
        <h1 id="receivables-title">Receivables</h1>
        <span>As of {ageing.asOf}</span>
      </div>
      <figure className="card chart" aria-label="Ageing chart">
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={chart}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="bucket" />
            <YAxis />
            <Tooltip />
            <Bar dataKey="amount" fill="#3367d6" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      {ageing.rows.length === 0 ? (
        <Empty>Nothing is owed.</Empty>
      ) : (
        <AgeingTable
          label="Ageing"
          partyHeading="Customer"
          rows={ageing.rows.map((row) => ({ party: row.customer, buckets: row.buckets }))}
          total={ageing.total}
          columns={[
            {
              header: "Unapplied credit",
              numeric: true,
              cell: (row) => formatMoney(row.buckets.unappliedCredit),
              total: (total) => formatMoney(total.unappliedCredit),
            },
            {
              header: null,
              cell: (row) => (
                <button type="button" className="link" onClick={() => setCustomerId(row.party.id)} aria-label={`Statement ${row.party.code}`}>
                  Statement
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
