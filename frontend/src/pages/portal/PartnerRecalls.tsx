import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors } from "../../components/Field";
import { Empty, ErrorState, Loading } from "../../components/States";
import { DownloadButton } from "../../components/Download";
import { StatusChip } from "../../components/StatusChip";
import type { ResultOf } from "../../graphql";
import { formatDateTime } from "../../lib/format";
import { ReconciliationTable } from "../recalls/ReconciliationTable";
import { AcknowledgeRecallMutation, PartnerRecallsQuery } from "../recalls/recallQueries";

type Recall = ResultOf<typeof PartnerRecallsQuery>["recalls"]["edges"][number]["node"];

/** Recall notices sent to the partner's company: acknowledged here, and the units it received accounted for. */
export default function PartnerRecalls() {
  const { t } = useTranslation("portal");
  const [{ data, error }, refetch] = useQuery({ query: PartnerRecallsQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("recalls.loading")} />;
  return (
    <section aria-labelledby="notices-title">
      <h1 id="notices-title">{t("recalls.title")}</h1>
      {data.recalls.edges.length === 0 ? (
        <Empty>{t("recalls.none")}</Empty>
      ) : (
        data.recalls.edges.map(({ node }) => <Notice key={node.id} recall={node} onChanged={reload} />)
      )}
    </section>
  );
}

function Notice({ recall, onChanged }: { recall: Recall; onChanged: () => void }) {
  const { t } = useTranslation("portal");
  const acknowledge = useAction(AcknowledgeRecallMutation);
  const notice = recall.notices[0];
  return (
    <article className="card notice" data-testid="recall-notice">
      <h2>
        {t("recalls.heading", { number: recall.number, recallClass: recall.recallClass })} <StatusChip status={recall.status} />
      </h2>
      <p>{recall.reason}</p>
      <p className="muted">
        {t("recalls.lotsNotified", {
          lots: recall.rootLots.map((l) => `${l.product.sku} ${l.lotNumber}`).join(", "),
          at: formatDateTime(notice?.notifiedAt ?? recall.initiatedAt),
        })}
      </p>
      {notice?.acknowledgedAt ? (
        <p>
          {notice.acknowledgedBy
            ? t("recalls.acknowledgedBy", { at: formatDateTime(notice.acknowledgedAt), name: notice.acknowledgedBy.displayName })
            : t("recalls.acknowledged", { at: formatDateTime(notice.acknowledgedAt) })}
        </p>
      ) : (
        <button
          type="button"
          className="primary"
          disabled={acknowledge.busy}
          onClick={async () => (await acknowledge.run({ recallId: recall.id })) && onChanged()}
        >
          {t("recalls.acknowledge")}
        </button>
      )}
      <FormErrors
        messages={[...acknowledge.userErrors.map((e) => e.message), ...(acknowledge.failure ? [acknowledge.failure] : [])]}
      />
      {notice?.fieldSafetyNotice && (
        <DownloadButton
          url={notice.fieldSafetyNotice.downloadUrl}
          fileName={notice.fieldSafetyNotice.fileName}
          label={t("recalls.fieldSafetyNotice")}
        />
      )}
      <h3>{t("recalls.unitsReceived")}</h3>
      <ReconciliationTable
        recallId={recall.id}
        lines={recall.reconciliation}
        editable={recall.status === "OPEN"}
        partner
        onSaved={onChanged}
      />
    </article>
  );
}
