import { useState } from "react";
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
import { formatDateTime, humanize } from "../../../lib/format";
import { BatchReviewQuery, CloseDeviationMutation, ReviewBatchRecordMutation } from "./batchReviewQueries";

type Signed = { meaning: string; signedAt: string; signer: { displayName: string } } | null | undefined;
type Limits = { kind: string; unit?: string | null; min?: string | null; max?: string | null };
type Signing = { kind: "close"; deviationId: string; number: string } | { kind: "approve" } | { kind: "reject" };

const DISPOSITIONS = ["USE_AS_IS", "REWORK", "SCRAP"] as const;
type Disposition = (typeof DISPOSITIONS)[number];

function limits(p: Limits): string {
  if (p.kind === "PASS_FAIL") return "Pass required";
  if (p.kind !== "NUMERIC") return "—";
  return `${p.min ?? "–"} to ${p.max ?? "–"}${p.unit ? ` ${p.unit}` : ""}`;
}

function signedBy(s: Signed): string {
  return s ? `${s.signer.displayName}, ${formatDateTime(s.signedAt)} — “${s.meaning}”` : "—";
}

/** QA's review of one batch record: every step as entered with its limits and signatures,
 * the deviations to close with a disposition, then the signed approval or rejection. */
export default function BatchReviewPage() {
  const { number = "" } = useParams();
  const { session, hasRole } = useAuth();
  const [{ data, error }, refetch] = useQuery({ query: BatchReviewQuery, variables: { number } });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const close = useAction(CloseDeviationMutation);
  const review = useAction(ReviewBatchRecordMutation);
  const [signing, setSigning] = useState<Signing | null>(null);
  const [disposition, setDisposition] = useState<Disposition>("USE_AS_IS");
  const [rationale, setRationale] = useState("");
  const [comment, setComment] = useState("");
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label="Loading batch record…" />;
  const order = data.workOrder;
  const record = order?.batchRecord;
  if (!order || !record) return <Empty>No batch record for work order {number}.</Empty>;
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
      <h1 id="batch-review-title">Batch record {order.number}</h1>
      <p>
        <StatusChip status={record.status} /> {order.completedQuantity} of {order.quantity} × {order.product.sku} —{" "}
        {order.product.name}, BOM v{order.bomVersion.version} · work order{" "}
        <Link to={`/work-orders/${order.number}`}>{order.number}</Link> <StatusChip status={order.status} />
      </p>
      {order.outputLots.length > 0 && (
        <p>
          Lots made:{" "}
          {order.outputLots.map((l, i) => (
            <span key={l.id}>
              {i > 0 && ", "}
              <Link to={`/lots/${encodeURIComponent(l.id)}`}>{l.lotNumber}</Link> ({humanize(l.status)})
            </span>
          ))}
        </p>
      )}
      {record.review && (
        <p className="review-outcome" role="status">
          <strong>
            {record.review.approved ? "Approved" : "Rejected"} by {record.review.signature.signer.displayName}
          </strong>{" "}
          on {formatDateTime(record.review.signature.signedAt)} — “{record.review.signature.meaning}”
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
            Approve batch record…
          </button>
          <button type="button" className="danger" onClick={() => start({ kind: "reject" })}>
            Reject batch record…
          </button>
        </div>
      )}
      {manager && reviewable && open.length > 0 && (
        <p className="muted">Close the open deviations before approving.</p>
      )}

      <Section title={`Deviations (${record.deviations.length})`}>
        {record.deviations.length === 0 ? (
          <Empty>No deviation raised.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Deviation</th>
                  <th scope="col">Step</th>
                  <th scope="col">Value</th>
                  <th scope="col">Raised</th>
                  <th scope="col">Status</th>
                  <th scope="col">Disposition</th>
                  <th scope="col">Closed</th>
                </tr>
              </thead>
              <tbody>
                {record.deviations.map((d) => (
                  <tr key={d.id}>
                    <td>{d.number}</td>
                    <td>{d.stepSequence}</td>
                    <td>
                      {d.parameter.name}: {d.value} (limits {limits(d.parameter)})
                    </td>
                    <td>
                      {d.raisedBy.displayName}, {formatDateTime(d.raisedAt)}
                    </td>
                    <td>
                      <StatusChip status={d.status} />
                    </td>
                    <td>
                      {d.disposition ? humanize(d.disposition) : "—"}
                      {d.rationale && <div className="muted">{d.rationale}</div>}
                    </td>
                    <td>
                      {d.status === "OPEN" && manager ? (
                        <button
                          type="button"
                          onClick={() => start({ kind: "close", deviationId: d.id, number: d.number })}
                          aria-label={`Close deviation ${d.number}…`}
                        >
                          Close deviation…
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

      <Section title="Steps">
        {record.steps.map((step) => (
          <fieldset key={step.sequence} role="group" aria-label={step.title}>
            <legend>
              {step.sequence}. {step.title}
            </legend>
            <p>
              <StatusChip status={step.status} />
              {step.requiresVerification && <span className="muted"> · verification required</span>}
            </p>
            {step.values.length > 0 && (
              <div className="table-wrap">
                <table className="data">
                  <thead>
                    <tr>
                      <th scope="col">Parameter</th>
                      <th scope="col">Value</th>
                      <th scope="col">Limits</th>
                      <th scope="col">Result</th>
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
                          {v.withinLimits ? "Within limits" : <strong>Out of limits{v.deviation && ` — ${v.deviation.number}`}</strong>}
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
                  <dt>Comment</dt>
                  <dd>{step.comment}</dd>
                </div>
              )}
              <div>
                <dt>Performed</dt>
                <dd>{signedBy(step.performed)}</dd>
              </div>
              {step.requiresVerification && (
                <div>
                  <dt>Verified</dt>
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
              ? `Close deviation ${signing.number}`
              : signing.kind === "approve"
                ? `Approve batch record ${order.number}`
                : `Reject batch record ${order.number}`
          }
          signer={session?.username ?? ""}
          meanings={
            signing.kind === "close"
              ? ["Deviation closed"]
              : signing.kind === "approve"
                ? ["Batch record approved"]
                : ["Batch record rejected"]
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
              <SelectField label="Disposition" value={disposition} onChange={(e) => setDisposition(e.target.value as Disposition)}>
                {DISPOSITIONS.map((d) => (
                  <option key={d} value={d}>
                    {humanize(d)}
                  </option>
                ))}
              </SelectField>
              <TextField label="Rationale" required value={rationale} onChange={(e) => setRationale(e.target.value)} />
            </>
          ) : (
            <TextField
              label={signing.kind === "reject" ? "Reason for rejecting" : "Comment"}
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
