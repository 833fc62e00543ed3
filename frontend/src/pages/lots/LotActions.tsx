import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useAction } from "../../api/useAction";
import { useAuth } from "../../auth/AuthProvider";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { SignatureDialog } from "../../components/SignatureDialog";
import { enumLabel } from "../../i18n/enumLabel";
import { errorAt } from "../../lib/errors";
import { RecordInspectionMutation, RejectLotMutation, ReleaseLotMutation } from "./lotQueries";

type Lot = { id: string; lotNumber: string; status: string; supplier?: { id: string } | null };

/** QA steps on a quarantined lot: inspect, then release (e-signed) or reject. */
export function LotActions({ lot, onChanged }: { lot: Lot; onChanged: () => void }) {
  const { can } = useAuth();
  if (lot.status !== "QUARANTINE" && lot.status !== "ON_HOLD") return null;
  // Permission codes, not role names: ADMIN holds neither.
  const inspector = can("lot.inspect");
  const manager = can("lot.release");
  if (!inspector && !manager) return null;
  return (
    <div className="card action-bar">
      {inspector && <InspectionForm lot={lot} onDone={onChanged} />}
      {manager && <ReleaseControls lot={lot} onDone={onChanged} />}
    </div>
  );
}

function InspectionForm({ lot, onDone }: { lot: Lot; onDone: () => void }) {
  const { t } = useTranslation(["lots", "common"]);
  const [kind, setKind] = useState(lot.supplier ? "INCOMING" : "FINAL");
  const [result, setResult] = useState("PASS");
  const [sampleSize, setSampleSize] = useState("");
  const [defects, setDefects] = useState("0");
  const [notes, setNotes] = useState("");
  const action = useAction(RecordInspectionMutation);
  const at = (name: string) => errorAt(action.userErrors, "input", name);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await action.run({
      input: {
        lotId: lot.id,
        kind: kind as "INCOMING",
        result: result as "PASS",
        sampleSize: Number(sampleSize),
        defectsFound: Number(defects),
        notes: notes.trim() || null,
      },
    });
    if (done) onDone();
  };

  const placed = ["sampleSize", "defectsFound", "notes", "kind", "result"];
  return (
    <form onSubmit={submit} aria-label={t("actions.recordInspection")} className="grid-form">
      <h2>{t("actions.recordInspection")}</h2>
      <SelectField label={t("actions.kind")} value={kind} onChange={(e) => setKind(e.target.value)} error={at("kind")}>
        {["INCOMING", "IN_PROCESS", "FINAL"].map((value) => (
          <option key={value} value={value}>
            {enumLabel(value)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t("actions.result")} value={result} onChange={(e) => setResult(e.target.value)} error={at("result")}>
        {["PASS", "FAIL"].map((value) => (
          <option key={value} value={value}>
            {enumLabel(value)}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t("actions.sampleSize")}
        type="number"
        min={1}
        required
        value={sampleSize}
        onChange={(e) => setSampleSize(e.target.value)}
        error={at("sampleSize")}
      />
      <TextField
        label={t("actions.defectsFound")}
        type="number"
        min={0}
        required
        value={defects}
        onChange={(e) => setDefects(e.target.value)}
        error={at("defectsFound")}
      />
      <TextField label={t("actions.notesInternal")} value={notes} onChange={(e) => setNotes(e.target.value)} error={at("notes")} />
      <FormErrors
        messages={[
          ...action.userErrors.filter((e) => !placed.includes(e.field?.[1] ?? "")).map((e) => e.message),
          ...(action.failure ? [action.failure] : []),
        ]}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          {t("actions.recordInspection")}
        </button>
      </div>
    </form>
  );
}

function ReleaseControls({ lot, onDone }: { lot: Lot; onDone: () => void }) {
  const { t } = useTranslation("lots");
  const { session } = useAuth();
  const [signing, setSigning] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const release = useAction(ReleaseLotMutation);
  const reject = useAction(RejectLotMutation);

  return (
    <div>
      <h2>{t("actions.disposition")}</h2>
      <div className="actions">
        <button type="button" className="primary" onClick={() => setSigning(true)}>
          {t("actions.releaseLot")}
        </button>
        <button type="button" className="danger" onClick={() => setRejecting((r) => !r)}>
          {t("actions.rejectLot")}
        </button>
      </div>
      {rejecting && (
        <form
          className="inline-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await reject.run({ lotId: lot.id, reason: reason.trim() })) onDone();
          }}
        >
          <TextField label={t("actions.rejectReason")} required value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" className="danger" disabled={reject.busy || !reason.trim()}>
            {t("actions.reject", { lot: lot.lotNumber })}
          </button>
        </form>
      )}
      <FormErrors
        messages={[...reject.userErrors.map((e) => e.message), ...(reject.failure ? [reject.failure] : [])]}
      />
      {signing && (
        <SignatureDialog
          title={t("actions.releaseTitle", { lot: lot.lotNumber })}
          signer={session?.username ?? ""}
          meanings={["Released for distribution"]}
          busy={release.busy}
          errors={release.userErrors}
          failure={release.failure}
          onCancel={() => {
            setSigning(false);
            release.reset();
          }}
          onSign={async (signature) => {
            if (await release.run({ input: { lotId: lot.id, signature } })) {
              setSigning(false);
              onDone();
            }
          }}
        />
      )}
    </div>
  );
}
