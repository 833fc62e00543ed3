import { useState, type FormEvent } from "react";
import { Trans, useTranslation } from "react-i18next";
import { useAction } from "../../api/useAction";
import { FormErrors, TextField } from "../../components/Field";
import { errorAt, type UserError } from "../../lib/errors";
import { formatNumber } from "../../lib/format";
import { Dialog } from "../finance/Dialog";
import { RecordReturnMutation } from "./returnQueries";

export type ReturnableLine = {
  quantity: number;
  product: { id: string; sku: string; name: string };
  lot: { id: string; lotNumber: string };
  serials: readonly { id: string; serialNumber: string }[];
};

type Entry = { quantity: string; serials: string[] };

/**
 * Takes goods back from one shipment: per shipped lot the quantity (and, for serial-tracked
 * products, which serials), and why. The server decides what may come back; its refusals
 * stand at the line they name, and what was typed stays.
 */
export function RecordReturnDialog({
  shipment,
  onClose,
  onRecorded,
}: {
  shipment: { id: string; number: string; lines: readonly ReturnableLine[] };
  onClose: () => void;
  onRecorded: (number: string) => void;
}) {
  const { t } = useTranslation("returns");
  const record = useAction(RecordReturnMutation);
  const [entries, setEntries] = useState<Entry[]>(() => shipment.lines.map(() => ({ quantity: "", serials: [] })));
  const [reason, setReason] = useState("");
  const [local, setLocal] = useState<UserError[]>([]);
  const [key] = useState(() => crypto.randomUUID());

  const update = (index: number, change: Partial<Entry>) =>
    setEntries((all) => all.map((e, i) => (i === index ? { ...e, ...change } : e)));

  // The lines sent, remembered by their place on the form so the server's paths map back.
  const sent = entries.map((e, index) => ({ e, index })).filter(({ e }) => e.quantity.trim() !== "");
  const formIndex = (path: readonly string[]) =>
    path[1] === "lines" && path[2] !== undefined ? sent[Number(path[2])]?.index : undefined;
  const serverErrors: UserError[] = record.userErrors.map((e) => {
    const index = e.field ? formIndex(e.field) : undefined;
    return index === undefined || !e.field ? e : { ...e, field: ["input", "lines", String(index), ...e.field.slice(3)] };
  });
  const errors = [...local, ...serverErrors];
  const lineError = (index: number, name: string) => errorAt(errors, "input", "lines", index, name);
  const placed = (field: readonly string[] | null) =>
    !!field && (field[1] === "reason" || (field[1] === "lines" && field.length > 3));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: UserError[] = [];
    entries.forEach((e, i) => {
      if (e.quantity.trim() !== "" && !/^\d+$/.test(e.quantity.trim()))
        problems.push({ field: ["input", "lines", String(i), "quantity"], message: t("dialog.badQuantity"), code: "INVALID" });
    });
    if (sent.length === 0) problems.push({ field: ["input", "lines"], message: t("dialog.nothing"), code: "REQUIRED" });
    setLocal(problems);
    if (problems.length) return;
    const result = await record.run({
      input: {
        shipmentId: shipment.id,
        reason: reason.trim(),
        idempotencyKey: key,
        lines: sent.map(({ e, index }) => ({
          lotId: shipment.lines[index].lot.id,
          quantity: Number(e.quantity),
          serialNumbers: shipment.lines[index].serials.length > 0 ? e.serials : null,
        })),
      },
    });
    if (result?.customerReturn) onRecorded(result.customerReturn.number);
  };

  return (
    <Dialog title={t("dialog.title", { shipment: shipment.number })} onClose={onClose}>
      <form onSubmit={submit} noValidate aria-label={t("dialog.record")}>
        {shipment.lines.map((line, index) => (
          <fieldset key={`${line.product.id}-${line.lot.id}`} className="return-line">
            <legend>
              <Trans
                t={t}
                i18nKey="dialog.line"
                values={{ sku: line.product.sku, lot: line.lot.lotNumber }}
                components={{ sku: <span className="sku" /> }}
              />{" "}
              <span className="muted">
                {t("dialog.shipped", { count: line.quantity, quantity: formatNumber(line.quantity) })}
              </span>
            </legend>
            <TextField
              label={t("dialog.quantity")}
              type="number"
              min={0}
              max={line.quantity}
              step={1}
              inputMode="numeric"
              value={entries[index].quantity}
              onChange={(e) => update(index, { quantity: e.target.value })}
              error={lineError(index, "quantity") ?? lineError(index, "lotId")}
            />
            {line.serials.length > 0 && (
              <fieldset className="checklist">
                <legend>{t("dialog.serials")}</legend>
                {line.serials.map((s) => (
                  <label key={s.id}>
                    <input
                      type="checkbox"
                      checked={entries[index].serials.includes(s.serialNumber)}
                      onChange={(e) => {
                        const chosen = e.target.checked
                          ? [...entries[index].serials, s.serialNumber]
                          : entries[index].serials.filter((x) => x !== s.serialNumber);
                        update(index, { serials: chosen, quantity: String(chosen.length || "") });
                      }}
                    />{" "}
                    {s.serialNumber}
                  </label>
                ))}
                {lineError(index, "serialNumbers") && (
                  <p className="field-error" role="alert">
                    {lineError(index, "serialNumbers")}
                  </p>
                )}
              </fieldset>
            )}
          </fieldset>
        ))}
        <TextField label={t("dialog.reason")} value={reason} onChange={(e) => setReason(e.target.value)} error={errorAt(errors, "input", "reason")} />
        <FormErrors
          messages={[
            ...errors.filter((e) => !placed(e.field)).map((e) => e.message),
            ...(record.failure ? [record.failure] : []),
          ]}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={record.busy}>
            {record.busy ? t("dialog.busy") : t("dialog.record")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
