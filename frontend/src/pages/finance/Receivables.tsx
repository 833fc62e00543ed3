import { useState } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useQuery } from "urql";
import { Empty, ErrorState, Loading } from "../../components/States";
import { formatMoney } from "../../lib/format";
import { AgeingQuery } from "./financeQueries";
import { Statement } from "./Statement";

export const BUCKETS = [
  ["current", "Current"],
  ["days1To30", "1–30"],
  ["days31To60", "31–60"],
  ["days61To90", "61–90"],
  ["over90", "Over 90"],
] as const;

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
        <table className="data" aria-label="Ageing">
          <thead>
            <tr>
              <th scope="col">Customer</th>
              {BUCKETS.map(([key, label]) => (
                <th key={key} scope="col" className="num">
                  {label}
                </th>
              ))}
              <th scope="col" className="num">
                Total
              </th>
              <th scope="col" className="num">
                Unapplied credit
              </th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {ageing.rows.map((row) => (
              <tr key={row.customer.id}>
                <th scope="row">
                  {row.customer.code} <span className="muted">{row.customer.name}</span>
                </th>
                {BUCKETS.map(([key]) => (
                  <td key={key} className="num">
                    {formatMoney(row.buckets[key])}
                  </td>
                ))}
                <td className="num">{formatMoney(row.buckets.total)}</td>
                <td className="num">{formatMoney(row.buckets.unappliedCredit)}</td>
                <td>
                  <button type="button" className="link" onClick={() => setCustomerId(row.customer.id)} aria-label={`Statement ${row.customer.code}`}>
                    Statement
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              {BUCKETS.map(([key]) => (
                <td key={key} className="num">
                  {formatMoney(ageing.total[key])}
                </td>
              ))}
              <td className="num">{formatMoney(ageing.total.total)}</td>
              <td className="num">{formatMoney(ageing.total.unappliedCredit)}</td>
              <td />
            </tr>
          </tfoot>
        </table>
      )}
      {customerId && <Statement key={customerId} customerId={customerId} refunds />}
    </section>
  );
}
