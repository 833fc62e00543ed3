import { useQuery } from "urql";
import { Empty, ErrorState, Loading } from "../../components/States";
import { formatMoney } from "../../lib/format";
import { BUCKETS } from "../finance/Receivables";
import { ApAgeingQuery } from "./payablesQueries";

/** What is owed to suppliers today, by days past due. */
export default function PayablesAgeing() {
  const [{ data, error }, refetch] = useQuery({ query: ApAgeingQuery, requestPolicy: "cache-and-network" });
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label="Loading payables…" />;
  const ageing = data.apAgeing;
  return (
    <section aria-labelledby="payables-title">
      <div className="page-head">
        <h1 id="payables-title">Payables ageing</h1>
        <span>As of {ageing.asOf}</span>
      </div>
      {ageing.rows.length === 0 ? (
        <Empty>Nothing is owed to suppliers.</Empty>
      ) : (
        <table className="data" aria-label="Payables ageing">
          <thead>
            <tr>
              <th scope="col">Supplier</th>
              {BUCKETS.map(([key, label]) => (
                <th key={key} scope="col" className="num">
                  {label}
                </th>
              ))}
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {ageing.rows.map((row) => (
              <tr key={row.supplier.id}>
                <th scope="row">
                  {row.supplier.code} <span className="muted">{row.supplier.name}</span>
                </th>
                {BUCKETS.map(([key]) => (
                  <td key={key} className="num">
                    {formatMoney(row.buckets[key])}
                  </td>
                ))}
                <td className="num">{formatMoney(row.buckets.total)}</td>
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
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
