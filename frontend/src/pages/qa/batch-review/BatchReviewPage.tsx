import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../../api/useAction";
import { useAuth } from "../../../auth/AuthProvider";
import { DownloadButton } from "../../../components/Download";
import { SelectField, TextField } from "../../../components/Field";
import { Section } from "../../../components/Section";
import { SignatureDialog } from "../../../components/SignatureDialog";
import { Empty, ErrorState, Loading } from "../../../components/States";
import { StatusChip } from "../../../components/StatusChip";
import i18n from "../../../i18n";
import { enumLabel } from "../../../i18n/enumLabel";
import { formatDateTime } from "../../../lib/format";
import { BatchReviewQuery, CloseDeviationMutation, ReviewBatchRecordMutation } from "./batchReviewQueries";

type Signed = { meaning: string; signedAt: string; signer: { displayName: string } } | null | undefined;
type Limits = { kind: string; unit?: string | null; min?: string | null; max?: string | null };
type Signing = { kind: "close"; deviationId: string; number: string } | { kind: "approve" } | { kind: "reject" };

const DISPOSITIONS = ["USE_AS_IS", "REWORK", "SCRAP"] as const;
type Disposition = (typeof DISPOSITIONS)[number];

function limits(p: Limits): string {
  if (p.kind === "PASS_FAIL") return i18n.t("qa:batchReview.passRequired");
  if (p.kind !== "NUMERIC") return "—";
  const range = i18n.t("qa:batchReview.range", { min: p.min ?? "–", max: p.max ?? "–" });
  return p.unit ? `${range} ${p.unit}` : range;
}

function signedBy(s: Signed): string {
  return s ? i18n.t("qa:batchReview.signedBy", { name: s.signer.displayName, at: formatDateTime(s.signedAt), meaning: s.meaning }) : "—";
}

/** QA's review of one batch record: every step as entered with its limits and signatures,
 * the deviations to close with a disposition, then the signed approval or rejection. */
export default function BatchReviewPage() {
  const { number = "" } = useParams();
  const { session, hasRole } = useAuth();
  const { t } = useTranslation(["qa", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: BatchReviewQuery, variables: { number } });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const close = useAction(CloseDeviationMutation);
  const review = useAction(ReviewBatchRecordMutation);
  const [signing, setSigning] = useState<Signing | null>(null);
  const [disposition, setDisposition] = useState<Disposition>("USE_AS_IS");
  const [rationale, setRationale] = useState("");
  const [comment, setComment] = useState("");
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("batchReview.loading")} />;
  const order = data.workOrder;
  const record = order?.batchRecord;
  if (!order || !record) return <Empty>{t("batchReview.notFound", { number })}</Empty>;
  const manager = hasRole("QA_MANAGER");
  const open = record.deviations.filter((d) => d.status === "OPEN");
  const reviewable = record.status === "READY_FOR_REVIEW";
  const action = signing?.kind === "close" ? close : review;
  const start = (next: Signing) => {
    close.reset();
    review.reset();
    setRationale("");
    setComment("");
    setDisposition("USE_AS_IS");
    setSigning(next);
  };
  return (
    <section aria-labelledby="batch-review-title">
      <h1 id="batch-review-title">{t("batchReview.title", { number: order.number })}</h1>
      <p>
        <StatusChip status={record.status} />{" "}
        <Trans
          t={t}
          i18nKey="batchReview.summary"
          values={{
            done: order.completedQuantity,
            quantity: order.quantity,
            sku: order.product.sku,
            name: order.product.name,
            version: order.bomVersion.version,
            number: order.number,
          }}
          components={{ wo: <Link to={`/work-orders/${order.number}`} /> }}
        />{" "}
        <StatusChip status={order.status} />
      </p>
      {order.outputLots.length > 0 && (
        <p>
          {t("batchReview.lotsMade")}{" "}
          {order.outputLots.map((l, i) => (
            <span key={l.id}>
              {i > 0 && ", "}
              <Link to={`/lots/${encodeURIComponent(l.id)}`}>{l.lotNumber}</Link> ({enumLabel(l.status)})
            </span>
          ))}
        </p>
      )}
      {record.review && (
        <p className="review-outcome" role="status">
          <Trans
            t={t}
            i18nKey={record.review.approved ? "batchReview.approvedBy" : "batchReview.rejectedBy"}
            values={{
              name: record.review.signature.signer.displayName,
              at: formatDateTime(record.review.signature.signedAt),
              meaning: record.review.signature.meaning,
            }}
            components={{ b: <strong /> }}
          />
          {record.review.comment && <> · {record.review.comment}</>}
        </p>
      )}
      {record.document && (
        <p>
          <DownloadButton url={record.document.downloadUrl} fileName={record.document.fileName} label={record.document.title} />
        </p>
      )}
      {manager && reviewable && (
        <div className="actions">
          <button type="button" className="primary" onClick={() => start({ kind: "approve" })}>
            {t("batchReview.approve")}
          </button>
          <button type="button" className="danger" onClick={() => start({ kind: "reject" })}>
            {t("batchReview.reject")}
          </button>
        </div>
      )}
      {manager && reviewable && open.length > 0 && (
        <p className="muted">{t("batchReview.closeDeviationsFirst")}</p>
      )}

      <Section title={t("batchReview.deviations", { count: record.deviations.length })}>
        {record.deviations.length === 0 ? (
          <Empty>{t("batchReview.noDeviation")}</Empty>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t("batchReview.col.deviation")}</th>
                  <th scope="col">{t("batchReview.col.step")}</th>
                  <th scope="col">{t("batchReview.col.value")}</th>
                  <th scope="col">{t("batchReview.col.raised")}</th>
                  <th scope="col">{t("common:field.status")}</th>
                  <th scope="col">{t("ncr.disposition")}</th>
                  <th scope="col">{t("batchReview.col.closed")}</th>
                </tr>
              </thead>
              <tbody>
                {record.deviations.map((d) => (
                  <tr key={d.id}>
                    <td>{d.number}</td>
                    <td>{d.stepSequence}</td>
                    <td>
                      {t("batchReview.valueWithLimits", { name: d.parameter.name, value: d.value, limits: limits(d.parameter) })}
                    </td>
                    <td>
                      {d.raisedBy.displayName}, {formatDateTime(d.raisedAt)}
                    </td>
                    <td>
                      <StatusChip status={d.status} />
                    </td>
                    <td>
                      {d.disposition ? enumLabel(d.disposition) : "—"}
                      {d.rationale && <div className="muted">{d.rationale}</div>}
                    </td>
                    <td>
                      {d.status === "OPEN" && manager ? (
                        <button
                          type="button"
                          onClick={() => start({ kind: "close", deviationId: d.id, number: d.number })}
                          aria-label={t("batchReview.closeDeviationFor", { number: d.number })}
                        >
                          {t("batchReview.closeDeviation")}
                        </button>
                      ) : (
                        signedBy(d.closure)
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section title={t("batchReview.steps")}>
        {record.steps.map((step) => (
          <fieldset key={step.sequence} role="group" aria-label={step.title}>
            <legend>
              {step.sequence}. {step.title}
            </legend>
            <p>
              <StatusChip status={step.status} />
              {step.requiresVerification && <span className="muted"> · {t("batchReview.verificationRequired")}</span>}
            </p>
            {step.values.length > 0 && (
              <div className="table-wrap">
                <table className="data">
                  <thead>
                    <tr>
                      <th scope="col">{t("batchReview.col.parameter")}</th>
                      <th scope="col">{t("batchReview.col.value")}</th>
                      <th scope="col">{t("batchReview.col.limits")}</th>
                      <th scope="col">{t("batchReview.col.result")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {step.values.map((v) => (
                      <tr key={v.parameter.code}>
                        <td>{v.parameter.name}</td>
                        <td>
                          {v.value}
                          {v.parameter.unit && v.parameter.kind === "NUMERIC" ? ` ${v.parameter.unit}` : ""}
                        </td>
                        <td>{limits(v.parameter)}</td>
                        <td>
                          {v.withinLimits ? (
                            t("batchReview.withinLimits")
                          ) : (
                            <strong>
                              {t("batchReview.outOfLimits")}
                              {v.deviation && ` — ${v.deviation.number}`}
                            </strong>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <dl className="facts">
              {step.comment && (
                <div>
                  <dt>{t("batchReview.comment")}</dt>
                  <dd>{step.comment}</dd>
                </div>
              )}
              <div>
                <dt>{t("batchReview.performed")}</dt>
                <dd>{signedBy(step.performed)}</dd>
              </div>
              {step.requiresVerification && (
                <div>
                  <dt>{t("batchReview.verified")}</dt>
                  <dd>{signedBy(step.verified)}</dd>
                </div>
              )}
            </dl>
          </fieldset>
        ))}
      </Section>

      {signing && (
        <SignatureDialog
          title={
            signing.kind === "close"
              ? t("batchReview.closeDeviationTitle", { number: signing.number })
              : signing.kind === "approve"
                ? t("batchReview.approveTitle", { number: order.number })
                : t("batchReview.rejectTitle", { number: order.number })
          }
          signer={session?.username ?? ""}
          meanings={
            signing.kind === "close"
              ? [t("batchReview.meaningClosed")]
              : signing.kind === "approve"
                ? [t("batchReview.meaningApproved")]
                : [t("batchReview.meaningRejected")]
          }
          busy={action.busy}
          errors={action.userErrors}
          failure={action.failure}
          onCancel={() => setSigning(null)}
          onSign={async (signature) => {
            const done =
              signing.kind === "close"
                ? await close.run({ input: { deviationId: signing.deviationId, disposition, rationale, signature } })
                : await review.run({
                    input: { workOrderId: order.id, approve: signing.kind === "approve", comment: comment || null, signature },
                  });
            if (done) {
              setSigning(null);
              reload();
            }
          }}
        >
          {signing.kind === "close" ? (
            <>
              <SelectField label={t("ncr.disposition")} value={disposition} onChange={(e) => setDisposition(e.target.value as Disposition)}>
                {DISPOSITIONS.map((d) => (
                  <option key={d} value={d}>
                    {enumLabel(d)}
                  </option>
                ))}
              </SelectField>
              <TextField label={t("batchReview.rationale")} required value={rationale} onChange={(e) => setRationale(e.target.value)} />
            </>
          ) : (
            <TextField
              label={signing.kind === "reject" ? t("batchReview.rejectReason") : t("batchReview.comment")}
              required={signing.kind === "reject"}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          )}
        </SignatureDialog>
      )}
    </section>
  );
}
