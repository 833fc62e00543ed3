import { useQuery } from "urql";
import { Empty, ErrorState, Loading } from "../../components/States";
import { LotsTable } from "../lots/LotsTable";
import { LotsQuery } from "../lots/LotSearch";

/** Lots waiting for QA: quarantined on receipt or production, or put on hold. */
export default function QuarantineQueue() {
  const [{ data, error }, refetch] = useQuery({
    query: LotsQuery,
    variables: { status: ["QUARANTINE", "ON_HOLD"], after: null },
  });
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">Quarantine queue</h1>
      <p className="muted">Open a lot to record its inspection and, once it passes, release it with your signature.</p>
      {error && !data ? (
        <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />
      ) : !data ? (
        <Loading label="Loading quarantined lots…" />
      ) : data.lots.edges.length === 0 ? (
        <Empty>No lot is waiting for QA.</Empty>
      ) : (
        <LotsTable lots={data.lots.edges.map((e) => e.node)} />
      )}
    </section>
  );
}
