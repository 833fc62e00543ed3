import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { useAuth } from "../../auth/AuthProvider";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { formatDateTime } from "../../lib/format";
import { RecallsQuery } from "./recallQueries";

export default function Recalls() {
  const { can } = useAuth();
  const { t } = useTranslation(["recalls", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: RecallsQuery });
  return (
    <section aria-labelledby="recalls-title">
      <div className="page-head">
        <h1 id="recalls-title">{t("list.title")}</h1>
        {can("recall.initiate") && (
          <Link className="button primary" to="/recalls/new">
            {t("list.newRecall")}
          </Link>
        )}
      </div>
      {error && !data ? (
        <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />
      ) : !data ? (
        <Loading label={t("list.loading")} />
      ) : data.recalls.edges.length === 0 ? (
        <Empty>{t("list.empty")}</Empty>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t("list.col.recall")}</th>
              <th scope="col">{t("list.col.class")}</th>
              <th scope="col">{t("list.col.lots")}</th>
              <th scope="col">{t("list.col.initiated")}</th>
              <th scope="col">{t("list.col.acknowledged")}</th>
              <th scope="col">{t("common:field.status")}</th>
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
