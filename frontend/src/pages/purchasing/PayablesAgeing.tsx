import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { AgeingTable } from "../../components/AgeingTable";
import { Empty, ErrorState, Loading } from "../../components/States";
import { formatDate } from "../../lib/format";
import { ApAgeingQuery } from "./payablesQueries";

/** What is owed to suppliers today, by days past due. */
export default function PayablesAgeing() {
  const { t } = useTranslation(["purchasing", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: ApAgeingQuery, requestPolicy: "cache-and-network" });
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label={t("payables.loading")} />;
  const ageing = data.apAgeing;
  return (
    <section aria-labelledby="payables-title">
      <div className="page-head">
        <h1 id="payables-title">{t("payables.title")}</h1>
        <span>{t("field.asOf", { date: formatDate(ageing.asOf) })}</span>
      </div>
      {ageing.rows.length === 0 ? (
        <Empty>{t("payables.empty")}</Empty>
      ) : (
        <AgeingTable
          label={t("payables.title")}
          partyHeading={t("common:field.supplier")}
          rows={ageing.rows.map((row) => ({ party: row.supplier, buckets: row.buckets }))}
          total={ageing.total}
        />
      )}
    </section>
  );
}
