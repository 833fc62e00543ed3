import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { useAuth } from "../../auth/AuthProvider";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { SignatureDialog } from "../../components/SignatureDialog";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { errorAt } from "../../lib/errors";
import { enumLabel } from "../../i18n/enumLabel";
import { formatDateTime } from "../../lib/format";
import {
  AddNonconformanceNoteMutation,
  CloseNonconformanceMutation,
  DecideNonconformanceMutation,
  NonconformanceQuery,
} from "./qaQueries";

const DISPOSITIONS = ["USE_AS_IS", "REWORK", "SCRAP", "RETURN_TO_SUPPLIER", "RELEASE"] as const;
type Disposition = (typeof DISPOSITIONS)[number];

/** One nonconformance: what it concerns, its notes and holds; QA decides and closes it, e-signed. */
export default function NonconformancePage() {
  const { id = "" } = useParams();
  const { hasRole, session } = useAuth();
  const { t } = useTranslation(["qa", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: NonconformanceQuery, variables: { id } });
  const [deciding, setDeciding] = useState(false);
  const [closing, setClosing] = useState(false);
  const [rootCause, setRootCause] = useState("");
  const [disposition, setDisposition] = useState<Disposition>("USE_AS_IS");
  const [note, setNote] = useState("");
  const decide = useAction(DecideNonconformanceMutation);
  const close = useAction(CloseNonconformanceMutation);
  const addNote = useAction(AddNonconformanceNoteMutation);
  const reload = () => refetch({ requestPolicy: "network-only" });

  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("ncr.loading")} />;
  const nc = data.node && "number" in data.node ? data.node : null;
  if (!nc) return <Empty>{t("ncr.notFound")}</Empty>;
  const manager = hasRole("QA_MANAGER");

  return (
    <section aria-labelledby="nc-title">
      <h1 id="nc-title">
        {nc.number} <StatusChip status={nc.status} />
      </h1>
      <p>
        <strong>{nc.title}</strong> — {enumLabel(nc.source)}, {enumLabel(nc.severity)}
      </p>
      <p>{nc.description}</p>
      <p className="muted">
        {t("ncr.opened", { at: formatDateTime(nc.openedAt), by: nc.openedBy.displayName })}
        {/* Each clause carries its own leading separator: a space in English, a comma in Chinese. */}
        {nc.lot && (
          <Trans
            t={t}
            i18nKey="ncr.onLot"
            values={{ lotNumber: nc.lot.lotNumber, sku: nc.lot.product.sku, status: enumLabel(nc.lot.status) }}
            components={{ lot: <Link to={`/lots/${nc.lot.id}`} /> }}
          />
        )}
        {nc.customer && t("ncr.forCustomer", { code: nc.customer.code })}
      </p>
      {nc.rootCause && (
        <p>
          {t("ncr.decided", { rootCause: nc.rootCause, disposition: enumLabel(nc.disposition ?? "") })}
          {nc.dispositionComment ? ` (${nc.dispositionComment})` : ""}
        </p>
      )}
      {manager && (
        <div className="actions">
          {nc.status === "OPEN" && (
            <button type="button" className="primary" onClick={() => setDeciding(true)}>
              {t("ncr.decide")}
            </button>
          )}
          {nc.status === "DISPOSITIONED" && (
            <button type="button" className="primary" onClick={() => setClosing(true)}>
              {t("ncr.close")}
            </button>
          )}
        </div>
      )}
      <Section title={t("work.capas")}>
        {nc.capas.length === 0 ? (
          <Empty>{t("ncr.noCapa")}</Empty>
        ) : (
          <ul>
            {nc.capas.map((c) => (
              <li key={c.id}>
                <Link to={`/qa/capas/${encodeURIComponent(c.id)}`}>{c.number}</Link> <StatusChip status={c.status} />
              </li>
            ))}
          </ul>
        )}
        {manager && nc.status !== "CANCELLED" && (
          <Link to={`/qa/capas/new?nc=${encodeURIComponent(nc.id)}`}>{t("ncr.createCapa")}</Link>
        )}
      </Section>
      <Section title={t("work.holds")}>
        {nc.holds.length === 0 ? (
          <Empty>{t("ncr.noHold")}</Empty>
        ) : (
          <ul>
            {nc.holds.map((h) => (
              <li key={h.id}>
                {h.number}: {h.scope === "WHOLE_LOT" ? t("lotQuality.wholeLot") : t("work.units", { quantity: h.quantity })}
                {h.warehouse ? ` @ ${h.warehouse.code}` : ""} <StatusChip status={h.status} />
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={t("common:field.notes")}>
        {nc.notes.length === 0 ? (
          <Empty>{t("ncr.noNotes")}</Empty>
        ) : (
          <ul>
            {nc.notes.map((n, i) => (
              <li key={i}>
                {n.text} <span className="muted">— {n.author.displayName}, {formatDateTime(n.createdAt)}</span>
              </li>
            ))}
          </ul>
        )}
        <form
          className="inline-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await addNote.run({ input: { nonconformanceId: nc.id, text: note.trim() } })) {
              setNote("");
              reload();
            }
          }}
        >
          <TextField label={t("ncr.note")} value={note} onChange={(e) => setNote(e.target.value)} />
          <button type="submit" disabled={addNote.busy || !note.trim()}>
            {t("ncr.addNote")}
          </button>
        </form>
        <FormErrors messages={[...addNote.userErrors.map((e) => e.message), ...(addNote.failure ? [addNote.failure] : [])]} />
      </Section>
      {deciding && (
        <SignatureDialog
          title={t("ncr.decideTitle", { number: nc.number })}
          signer={session?.username ?? ""}
          meanings={[t("ncr.meaningDecided")]}
          busy={decide.busy}
          errors={decide.userErrors.filter((e) => e.field?.[1] !== "rootCause")}
          failure={decide.failure}
          onCancel={() => {
            setDeciding(false);
            decide.reset();
          }}
          onSign={async (signature) => {
            const done = await decide.run({
              input: { nonconformanceId: nc.id, rootCause: rootCause.trim(), disposition, signature },
            });
            if (done) {
              setDeciding(false);
              reload();
            }
          }}
        >
          <TextField
            label={t("ncr.rootCause")}
            required
            value={rootCause}
            onChange={(e) => setRootCause(e.target.value)}
            error={errorAt(decide.userErrors, "input", "rootCause")}
          />
          <SelectField
            label={t("ncr.disposition")}
            value={disposition}
            onChange={(e) => setDisposition(e.target.value as Disposition)}
          >
            {DISPOSITIONS.map((d) => (
              <option key={d} value={d}>
                {enumLabel(d)}
              </option>
            ))}
          </SelectField>
        </SignatureDialog>
      )}
      {closing && (
        <SignatureDialog
          title={t("ncr.closeTitle", { number: nc.number })}
          signer={session?.username ?? ""}
          meanings={[t("ncr.meaningClosed")]}
          busy={close.busy}
          errors={close.userErrors}
          failure={close.failure}
          onCancel={() => {
            setClosing(false);
            close.reset();
          }}
          onSign={async (signature) => {
            if (await close.run({ input: { nonconformanceId: nc.id, signature } })) {
              setClosing(false);
              reload();
            }
          }}
        />
      )}
    </section>
  );
}
