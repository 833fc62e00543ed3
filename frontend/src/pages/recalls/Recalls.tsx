import { Link } from "react-router";
import { useQuery } from "urql";
import { useAuth } from "../../auth/AuthProvider";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { formatDateTime } from "../../lib/format";
import { RecallsQuery } from "./recallQueries";

export default function Recalls() {
  const { can } = useAuth();
  const [{ data, error }, refetch] = useQuery({ query: RecallsQuery });
  return (
    <section aria-labelledby="recalls-title">
      <div className="page-head">
        <h1 id="recalls-title">Recalls</h1>
        {can("recall.initiate") && (
          <Link className="button primary" to="/recalls/new">
            New recall
          </Link>
        )}
      </div>
      {error && !data ? (
        <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />
      ) : !data ? (
        <Loading label="Loading recalls…" />
      ) : data.recalls.edges.length === 0 ? (
        <Empty>No recall has been initiated.</Empty>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Recall</th>
              <th scope="col">Class</th>
              <th scope="col">Lots</th>
              <th scope="col">Initiated</th>
              <th scope="col">Acknowledged</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {data.recalls.edges.map(({ node }) => (
              <tr key={node.id}>
                <td>
                  <Link to={`/recalls/${node.id}`}>{node.number}</Link>
                </td>
                <td>{node.recallClass}</td>
                <td>{node.rootLots.map((l) => l.lotNumber).join(", ")}</td>
                <td>{formatDateTime(node.initiatedAt)}</td>
                <td>
                  {node.notices.filter((n) => n.acknowledgedAt).length} / {node.notices.length}
                </td>
                <td>
                  <StatusChip status={node.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
