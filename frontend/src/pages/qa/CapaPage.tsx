import { useState } from "react";
import { useTranslation } from "react-i18next";
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
import { enumLabel } from "../../i18n/enumLabel";
import { formatDate, formatDateTime, isoDate } from "../../lib/format";
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
  const { t } = useTranslation(["qa", "common"]);
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
  if (!data) return <Loading label={t("capa.loading")} />;
  const capa = data.node && "problemStatement" in data.node ? data.node : null;
  if (!capa) return <Empty>{t("capa.notFound")}</Empty>;
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
        {t("capa.ownerDue", { owner: capa.owner.displayName, due: formatDate(capa.dueOn) })}{" "}
        {capa.overdue && <StatusChip status="OVERDUE" />}· {t("capa.opened", { at: formatDateTime(capa.openedAt) })}
        {capa.closedAt && <> · {t("capa.closed", { at: formatDateTime(capa.closedAt) })}</>}
      </p>
      <p>
        {t("capa.nonconformances")}{" "}
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
            {t("capa.close")}
          </button>
        </div>
      )}
      <Section title={t("capa.actionsTitle", { done: capa.actions.length - openActions, total: capa.actions.length })}>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t("capa.col.kind")}</th>
              <th scope="col">{t("capa.col.action")}</th>
              <th scope="col">{t("work.col.owner")}</th>
              <th scope="col">{t("work.col.due")}</th>
              <th scope="col">{t("common:field.status")}</th>
              <th scope="col">{t("capa.col.evidence")}</th>
            </tr>
          </thead>
          <tbody>
            {capa.actions.map((a) => (
              <tr key={a.id} data-testid="capa-action">
                <td>{enumLabel(a.kind)}</td>
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
                      {t("capa.complete")}
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
                        label={t("capa.col.evidence")}
                        value={evidence}
                        onChange={(e) => setEvidence(e.target.value)}
                        error={errorAt(complete.userErrors, "input", "evidence")}
                      />
                      <button type="submit" className="primary" disabled={complete.busy}>
                        {t("capa.markDone")}
                      </button>
                      <button type="button" onClick={() => setCompleting(null)}>
                        {t("common:action.cancel")}
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
            aria-label={t("capa.addAction")}
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
              {t("capa.addAction")}
            </button>
          </form>
        )}
        <FormErrors messages={add.userErrors.filter((e) => e.field?.[1] !== "action").map((e) => e.message)} />
      </Section>
      <Section title={t("capa.effectiveness")}>
        {latest ? (
          <p data-testid="effectiveness">
            {latest.effective ? t("capa.effective") : t("capa.notEffective")}: {latest.evidence}{" "}
            <span className="muted">
              — {latest.checkedBy.displayName}, {formatDateTime(latest.checkedAt)}
            </span>
          </p>
        ) : (
          <Empty>{t("capa.noCheck")}</Empty>
        )}
        {open && manager && (
          <form
            className="inline-form"
            aria-label={t("capa.recordEffectiveness")}
            onSubmit={async (e) => {
              e.preventDefault();
              const input = { capaId: capa.id, effective: effective === "yes", evidence: checkEvidence.trim() };
              if (await check.run({ input })) {
                setCheckEvidence("");
                reload();
              }
            }}
          >
            <SelectField label={t("capa.outcome")} value={effective} onChange={(e) => setEffective(e.target.value)}>
              <option value="yes">{t("capa.effective")}</option>
              <option value="no">{t("capa.notEffective")}</option>
            </SelectField>
            <TextField
              label={t("capa.checkEvidence")}
              value={checkEvidence}
              onChange={(e) => setCheckEvidence(e.target.value)}
              error={errorAt(check.userErrors, "input", "evidence")}
            />
            <button type="submit" disabled={check.busy}>
              {t("capa.recordCheck")}
            </button>
          </form>
        )}
        <FormErrors messages={messages(check).filter((m) => m !== errorAt(check.userErrors, "input", "evidence"))} />
      </Section>
      {closing && (
        <SignatureDialog
          title={t("ncr.closeTitle", { number: capa.number })}
          signer={session?.username ?? ""}
          meanings={[t("capa.meaningClosed")]}
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
              ? t("capa.stillOpen", { count: openActions })
              : latest?.effective
                ? t("capa.readyToClose")
                : t("capa.noEffectiveCheck")}
          </p>
        </SignatureDialog>
      )}
    </section>
  );
}
