import { useState } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { useAuth } from "../../auth/AuthProvider";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { SignatureDialog } from "../../components/SignatureDialog";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import type { UserError } from "../../lib/errors";
import { errorAt } from "../../lib/errors";
import { formatDate, formatDateTime, humanize, isoDate } from "../../lib/format";
import { ActionFields, emptyAction, type ActionDraft } from "./CapaActionFields";
import {
  AddCapaActionMutation,
  CapaQuery,
  CloseCapaMutation,
  CompleteCapaActionMutation,
  RecordCapaEffectivenessMutation,
} from "./capaQueries";

const messages = (a: { userErrors: readonly UserError[]; failure: string | null }) => [
  ...a.userErrors.map((e) => e.message),
  ...(a.failure ? [a.failure] : []),
];

/** One CAPA: its nonconformances, actions (completed with evidence), effectiveness checks and closure. */
export default function CapaPage() {
  const { id = "" } = useParams();
  const { hasRole, session, viewer } = useAuth();
  const [{ data, error }, refetch] = useQuery({ query: CapaQuery, variables: { id } });
  const [completing, setCompleting] = useState<string | null>(null);
  const [evidence, setEvidence] = useState("");
  const [adding, setAdding] = useState<ActionDraft>(emptyAction(isoDate(new Date(Date.now() + 14 * 86_400_000))));
  const [effective, setEffective] = useState("yes");
  const [checkEvidence, setCheckEvidence] = useState("");
  const [closing, setClosing] = useState(false);
  const complete = useAction(CompleteCapaActionMutation);
  const add = useAction(AddCapaActionMutation);
  const check = useAction(RecordCapaEffectivenessMutation);
  const close = useAction(CloseCapaMutation);
  const reload = () => refetch({ requestPolicy: "network-only" });

  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label="Loading CAPA…" />;
  const capa = data.node && "problemStatement" in data.node ? data.node : null;
  if (!capa) return <Empty>No such CAPA.</Empty>;
  const manager = hasRole("QA_MANAGER");
  const open = capa.status === "OPEN";
  const users = [...(data.viewer ? [data.viewer] : []), ...data.approvalDelegateCandidates];
  const openActions = capa.actions.filter((a) => a.status !== "DONE").length;
  const latest = capa.effectivenessCheck;

  return (
    <section aria-labelledby="capa-title">
      <h1 id="capa-title">
        {capa.number} <StatusChip status={capa.status} />
      </h1>
      <p>
        <strong>{capa.title}</strong>
      </p>
      <p>{capa.problemStatement}</p>
      <p className="muted">
        Owner {capa.owner.displayName} · due {formatDate(capa.dueOn)} {capa.overdue && <StatusChip status="OVERDUE" />}·
        opened {formatDateTime(capa.openedAt)}
        {capa.closedAt && <> · closed {formatDateTime(capa.closedAt)}</>}
      </p>
      <p>
        Nonconformances:{" "}
        {capa.nonconformances.map((nc, i) => (
          <span key={nc.id}>
            {i > 0 && ", "}
            <Link to={`/qa/nonconformances/${encodeURIComponent(nc.id)}`}>{nc.number}</Link> {nc.title}
          </span>
        ))}
      </p>
      {open && manager && (
        <div className="actions">
          <button type="button" className="primary" onClick={() => setClosing(true)}>
            Close CAPA…
          </button>
        </div>
      )}
      <Section title={`Actions (${capa.actions.length - openActions} of ${capa.actions.length} done)`}>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Action</th>
              <th scope="col">Owner</th>
              <th scope="col">Due</th>
              <th scope="col">Status</th>
              <th scope="col">Evidence</th>
            </tr>
          </thead>
          <tbody>
            {capa.actions.map((a) => (
              <tr key={a.id} data-testid="capa-action">
                <td>{humanize(a.kind)}</td>
                <td>{a.description}</td>
                <td>{a.owner.displayName}</td>
                <td>{formatDate(a.dueOn)}</td>
                <td>
                  <StatusChip status={a.status} />
                </td>
                <td>
                  {a.status === "DONE" ? (
                    <>
                      {a.evidence}{" "}
                      <span className="muted">
                        — {a.completedBy?.displayName}, {formatDateTime(a.completedAt)}
                      </span>
                    </>
                  ) : open && (manager || a.owner.id === viewer?.id) && completing !== a.id ? (
                    <button type="button" onClick={() => (setCompleting(a.id), setEvidence(""), complete.reset())}>
                      Complete…
                    </button>
                  ) : null}
                  {completing === a.id && (
                    <form
                      className="inline-form"
                      onSubmit={async (e) => {
                        e.preventDefault();
                        const input = { capaId: capa.id, actionId: a.id, evidence: evidence.trim() };
                        if (await complete.run({ input })) {
                          setCompleting(null);
                          reload();
                        }
                      }}
                    >
                      <TextField
                        label="Evidence"
                        value={evidence}
                        onChange={(e) => setEvidence(e.target.value)}
                        error={errorAt(complete.userErrors, "input", "evidence")}
                      />
                      <button type="submit" className="primary" disabled={complete.busy}>
                        Mark done
                      </button>
                      <button type="button" onClick={() => setCompleting(null)}>
                        Cancel
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <FormErrors messages={messages(complete).filter((m) => m !== errorAt(complete.userErrors, "input", "evidence"))} />
        {open && manager && (
          <form
            className="inline-form"
            aria-label="Add action"
            onSubmit={async (e) => {
              e.preventDefault();
              const action = { ...adding, description: adding.description.trim(), ownerId: adding.ownerId || users[0]?.id || "" };
              if (await add.run({ input: { capaId: capa.id, action } })) {
                setAdding(emptyAction(adding.dueOn));
                reload();
              }
            }}
          >
            <ActionFields
              value={{ ...adding, ownerId: adding.ownerId || users[0]?.id || "" }}
              onChange={setAdding}
              users={users}
              errors={add.userErrors}
              at={["input", "action"]}
            />
            <button type="submit" disabled={add.busy}>
              Add action
            </button>
          </form>
        )}
        <FormErrors messages={add.userErrors.filter((e) => e.field?.[1] !== "action").map((e) => e.message)} />
      </Section>
      <Section title="Effectiveness">
        {latest ? (
          <p data-testid="effectiveness">
            {latest.effective ? "Effective" : "Not effective"}: {latest.evidence}{" "}
            <span className="muted">
              — {latest.checkedBy.displayName}, {formatDateTime(latest.checkedAt)}
            </span>
          </p>
        ) : (
          <Empty>No effectiveness check recorded yet.</Empty>
        )}
        {open && manager && (
          <form
            className="inline-form"
            aria-label="Record effectiveness"
            onSubmit={async (e) => {
              e.preventDefault();
              const input = { capaId: capa.id, effective: effective === "yes", evidence: checkEvidence.trim() };
              if (await check.run({ input })) {
                setCheckEvidence("");
                reload();
              }
            }}
          >
            <SelectField label="Outcome" value={effective} onChange={(e) => setEffective(e.target.value)}>
              <option value="yes">Effective</option>
              <option value="no">Not effective</option>
            </SelectField>
            <TextField
              label="Check evidence"
              value={checkEvidence}
              onChange={(e) => setCheckEvidence(e.target.value)}
              error={errorAt(check.userErrors, "input", "evidence")}
            />
            <button type="submit" disabled={check.busy}>
              Record check
            </button>
          </form>
        )}
        <FormErrors messages={messages(check).filter((m) => m !== errorAt(check.userErrors, "input", "evidence"))} />
      </Section>
      {closing && (
        <SignatureDialog
          title={`Close ${capa.number}`}
          signer={session?.username ?? ""}
          meanings={["CAPA closed"]}
          busy={close.busy}
          errors={close.userErrors}
          failure={close.failure}
          onCancel={() => {
            setClosing(false);
            close.reset();
          }}
          onSign={async (signature) => {
            if (await close.run({ input: { capaId: capa.id, signature } })) {
              setClosing(false);
              reload();
            }
          }}
        >
          <p>
            {openActions > 0
              ? `${openActions} action(s) still open.`
              : latest?.effective
                ? "Every action is done and the latest check found it effective."
                : "No effective check recorded yet."}
          </p>
        </SignatureDialog>
      )}
    </section>
  );
}
