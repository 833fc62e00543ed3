import { useQuery } from "urql";
import { AgeingTable } from "../../components/AgeingTable";
import { Empty, ErrorState, Loading } from "../../components/States";
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
        <AgeingTable
          label="Payables ageing"
          partyHeading="Supplier"
          rows={ageing.rows.map((row) => ({ party: row.supplier, buckets: row.buckets }))}
          total={ageing.total}
        />
      )}
    </section>
  );
}
