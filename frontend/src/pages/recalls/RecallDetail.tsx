import { useEffect, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { useAuth } from "../../auth/AuthProvider";
import { DownloadButton } from "../../components/Download";
import { TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { SignatureDialog } from "../../components/SignatureDialog";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { enumLabel } from "../../i18n/enumLabel";
import { formatDateTime } from "../../lib/format";
import { AcknowledgementForm } from "./AcknowledgementForm";
import { ReconciliationTable } from "./ReconciliationTable";
import { CloseRecallMutation, RecallDetailQuery } from "./recallQueries";

const REFRESH_MS = 15_000;

/** A recall and its notices; refreshes while acknowledgements are outstanding. */
export default function RecallDetail() {
  const { id = "" } = useParams();
  const [{ data, error }, refetch] = useQuery({ query: RecallDetailQuery, variables: { id } });
  const recall = data?.node && "notices" in data.node ? data.node : null;
  const outstanding = recall?.notices.some((n) => !n.acknowledgedAt) ?? false;
  const { can, session } = useAuth();
  const { t } = useTranslation(["recalls", "common"]);
  const [closing, setClosing] = useState(false);
  const [justification, setJustification] = useState("");
  const [acknowledging, setAcknowledging] = useState<string | null>(null);
  const close = useAction(CloseRecallMutation);

  useEffect(() => {
    if (!outstanding) return;
    const timer = setInterval(() => refetch({ requestPolicy: "network-only" }), REFRESH_MS);
    return () => clearInterval(timer);
  }, [outstanding, refetch]);

  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label={t("detail.loading")} />;
  if (!recall) return <Empty>{t("detail.notFound")}</Empty>;

  const acknowledged = recall.notices.filter((n) => n.acknowledgedAt).length;
  const reload = () => refetch({ requestPolicy: "network-only" });
  const open = recall.status === "OPEN";
  return (
    <article aria-labelledby="recall-title">
      <h1 id="recall-title">
        {t("detail.title", { number: recall.number, recallClass: recall.recallClass })} <StatusChip status={recall.status} />
      </h1>
      <p>{recall.reason}</p>
      <p className="muted">
        {t("detail.initiated", { at: formatDateTime(recall.initiatedAt), by: recall.initiatedBy.displayName })}
        {recall.closedAt && <> · {t("detail.closed", { at: formatDateTime(recall.closedAt) })}</>}
        {recall.closureJustification && <> · {t("detail.justificationWas", { text: recall.closureJustification })}</>}
      </p>
      {recall.status === "OPEN" && can("recall.close") && (
        <div className="actions">
          <button type="button" className="primary" onClick={() => setClosing(true)}>
            {t("detail.close")}
          </button>
        </div>
      )}
      {closing && (
        <SignatureDialog
          title={t("detail.closeTitle", { number: recall.number })}
          signer={session?.username ?? ""}
          meanings={[t("detail.meaningClosed")]}
          busy={close.busy}
          errors={close.userErrors.filter((e) => e.code !== "RECALL_NOT_RECONCILED")}
          failure={close.failure}
          onCancel={() => {
            setClosing(false);
            close.reset();
          }}
          onSign={async (signature) => {
            const done = await close.run({
              input: { recallId: recall.id, justification: justification.trim() || null, signature },
            });
            if (done) {
              setClosing(false);
              refetch({ requestPolicy: "network-only" });
            }
          }}
        >
          <p>{recall.reconciled ? t("detail.reconciled") : t("detail.notReconciled")}</p>
          <TextField
            label={t("detail.justification")}
            value={justification}
            onChange={(e) => setJustification(e.target.value)}
            error={close.userErrors.find((e) => e.code === "RECALL_NOT_RECONCILED")?.message}
          />
        </SignatureDialog>
      )}
      <Section title={t("detail.acknowledgements", { acknowledged, total: recall.notices.length })}>
        <progress max={recall.notices.length || 1} value={acknowledged} aria-label={t("detail.acknowledgedNotices")} />
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t("common:field.customer")}</th>
              <th scope="col">{t("detail.col.notified")}</th>
              <th scope="col">{t("list.col.acknowledged")}</th>
              <th scope="col">{t("detail.col.fsn")}</th>
            </tr>
          </thead>
          <tbody>
            {recall.notices.map((n) => (
              <tr key={n.customer.id}>
                <td>
                  {n.customer.name} ({n.customer.code})
                </td>
                <td>{formatDateTime(n.notifiedAt)}</td>
                <td data-testid={`acknowledgement-${n.customer.code}`}>
                  {n.acknowledgedAt ? (
                    <>
                      {t("detail.acknowledgedBy", { at: formatDateTime(n.acknowledgedAt), by: n.acknowledgedBy?.displayName ?? "–" })}
                      {n.acknowledgementChannel && ` · ${enumLabel(n.acknowledgementChannel)}`}
                      {n.acknowledgedByContact && ` · ${n.acknowledgedByContact}`}
                      {n.acknowledgementNote && <span className="muted"> — {n.acknowledgementNote}</span>}
                    </>
                  ) : (
                    <>
                      <StatusChip status={n.overdue ? "OVERDUE" : "PENDING"} />{" "}
                      {open && acknowledging !== n.customer.id && (
                        <button type="button" onClick={() => setAcknowledging(n.customer.id)}>
                          {t("detail.recordAck")}
                        </button>
                      )}
                      {acknowledging === n.customer.id && (
                        <AcknowledgementForm
                          recallId={recall.id}
                          customer={n.customer}
                          onCancel={() => setAcknowledging(null)}
                          onDone={() => {
                            setAcknowledging(null);
                            reload();
                          }}
                        />
                      )}
                    </>
                  )}
                </td>
                <td>
                  {n.fieldSafetyNotice && (
                    <DownloadButton
                      url={n.fieldSafetyNotice.downloadUrl}
                      fileName={n.fieldSafetyNotice.fileName}
                      label={t("detail.fsnFile", { code: n.customer.code })}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title={t("detail.reconciliation")}>
        <ReconciliationTable recallId={recall.id} lines={recall.reconciliation} editable={open} onSaved={reload} />
      </Section>
      <Section title={t("detail.affectedLots")}>
        <ul className="plain">
          {recall.affectedLots.map((l) => (
            <li key={l.id}>
              <Link to={`/lots/${l.id}`}>{l.lotNumber}</Link> {l.product.sku} <StatusChip status={l.status} />
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t("detail.affectedShipments")}>
        {recall.affectedShipments.length === 0 ? (
          <Empty>{t("detail.noShipment")}</Empty>
        ) : (
          <ul className="plain">
            {recall.affectedShipments.map((s) => (
              <li key={s.id}>
                <Trans
                  t={t}
                  i18nKey="detail.shipment"
                  values={{
                    number: s.number,
                    order: s.order.number,
                    customer: s.order.customer.code,
                    at: formatDateTime(s.shippedAt),
                  }}
                  components={{ order: <Link to={`/orders/${s.order.number}`} /> }}
                />
              </li>
            ))}
          </ul>
        )}
      </Section>
    </article>
  );
}
