import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useAction } from "../../api/useAction";
import { useAuth } from "../../auth/AuthProvider";
import { DownloadButton } from "../../components/Download";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { enumLabel } from "../../i18n/enumLabel";
import { errorAt } from "../../lib/errors";
import { PrintLabelsMutation } from "./labelQueries";

/** Who prints GS1 labels (the server checks the same roles). */
export const LABEL_PRINTERS = ["WAREHOUSE", "QA_INSPECTOR", "QA_MANAGER"];

/** Lot page: a dialog choosing the symbology and the copies; the PDF joins the lot's documents. */
export function PrintLotLabels({ lotId, onPrinted }: { lotId: string; onPrinted: () => void }) {
  const { t } = useTranslation("standards");
  const { hasRole } = useAuth();
  const [open, setOpen] = useState(false);
  if (!hasRole(...LABEL_PRINTERS)) return null;
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        {t("labels.open")}
      </button>
      {open && (
        <LabelDialog
          lotId={lotId}
          onClose={() => setOpen(false)}
          onPrinted={() => {
            setOpen(false);
            onPrinted();
          }}
        />
      )}
    </>
  );
}

function LabelDialog({ lotId, onClose, onPrinted }: { lotId: string; onClose: () => void; onPrinted: () => void }) {
  const { t } = useTranslation(["standards", "common"]);
  const [symbology, setSymbology] = useState<"GS1_DATAMATRIX" | "GS1_128">("GS1_DATAMATRIX");
  const [copies, setCopies] = useState("1");
  const action = useAction(PrintLabelsMutation);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await action.run({ input: { lotId, symbology, copies: Number(copies) } });
    if (done) onPrinted();
  };

  const placed = ["symbology", "copies"];
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="print-labels-title">
        <form onSubmit={submit}>
          <h2 id="print-labels-title">{t("labels.title")}</h2>
          <SelectField
            label={t("labels.symbology")}
            value={symbology}
            onChange={(e) => setSymbology(e.target.value as "GS1_DATAMATRIX" | "GS1_128")}
            error={errorAt(action.userErrors, "input", "symbology")}
          >
            <option value="GS1_DATAMATRIX">{enumLabel("GS1_DATAMATRIX")}</option>
            <option value="GS1_128">{enumLabel("GS1_128")}</option>
          </SelectField>
          <TextField
            label={t("labels.copies")}
            type="number"
            min={1}
            max={50}
            required
            value={copies}
            onChange={(e) => setCopies(e.target.value)}
            error={errorAt(action.userErrors, "input", "copies")}
          />
          <FormErrors
            messages={[
              ...action.userErrors.filter((e) => !placed.includes(e.field?.[1] ?? "")).map((e) => e.message),
              ...(action.failure ? [action.failure] : []),
            ]}
          />
          <div className="actions">
            <button type="submit" className="primary" disabled={action.busy}>
              {action.busy ? t("labels.printing") : t("labels.print")}
            </button>
            <button type="button" onClick={onClose} disabled={action.busy}>
              {t("common:action.cancel")}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

/** Shipment: one GS1-128 SSCC label per carton, offered for download once printed. */
export function PrintCartonLabels({ shipmentId }: { shipmentId: string }) {
  const { t } = useTranslation("standards");
  const { hasRole } = useAuth();
  const action = useAction(PrintLabelsMutation);
  const [printed, setPrinted] = useState<{ title: string; fileName: string; downloadUrl: string } | null>(null);
  if (!hasRole(...LABEL_PRINTERS)) return null;

  const print = async () => {
    const done = await action.run({ input: { shipmentId } });
    if (done?.document) setPrinted(done.document);
  };

  return (
    <p className="actions">
      <button type="button" onClick={print} disabled={action.busy}>
        {action.busy ? t("labels.printing") : t("labels.cartons")}
      </button>
      {printed && <DownloadButton url={printed.downloadUrl} fileName={printed.fileName} label={printed.title} />}
      <FormErrors messages={[...action.userErrors.map((e) => e.message), ...(action.failure ? [action.failure] : [])]} />
    </p>
  );
}
