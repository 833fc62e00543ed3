import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { ErrorState, Loading } from "../../components/States";
import { errorAt, type UserError } from "../../lib/errors";
import { formatNumber } from "../../lib/format";
import { TransferFormQuery, TransferStockMutation } from "./transferQueries";

type Done = { number: string; quantity: number; lot: { id: string; lotNumber: string }; fromWarehouse: { code: string }; toWarehouse: { code: string } };

export default function Transfers() {
  const { t } = useTranslation("transfers");
  const [{ data, error }, refetch] = useQuery({ query: TransferFormQuery, variables: {} });
  const [fromId, setFrom] = useState("");
  const [toId, setTo] = useState("");
  const [lotId, setLot] = useState("");
  const [quantity, setQuantity] = useState("1");
  const [serials, setSerials] = useState("");
  const [reference, setReference] = useState("");
  const [attempted, setAttempted] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  const [idempotencyKey, setKey] = useState(() => crypto.randomUUID());
  const transfer = useAction(TransferStockMutation);

  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading label={t("form.loading")} />;

  const lots = data.lots.edges.map((e) => e.node).filter((l) => !fromId || l.stock.some((s) => s.warehouse.id === fromId && s.available > 0));
  const lot = data.lots.edges.map((e) => e.node).find((l) => l.id === lotId);
  const available = lot?.stock.find((s) => s.warehouse.id === fromId)?.available;
  const serialTracked = lot?.product.trackingMode === "SERIAL";

  const missing: UserError[] = [];
  if (attempted) {
    if (!fromId) missing.push({ field: ["input", "fromWarehouseId"], message: t("form.missingFrom"), code: "REQUIRED" });
    if (!toId) missing.push({ field: ["input", "toWarehouseId"], message: t("form.missingTo"), code: "REQUIRED" });
    if (!lotId) missing.push({ field: ["input", "lotId"], message: t("form.missingLot"), code: "REQUIRED" });
    if (!/^\d+$/.test(quantity.trim()) || Number(quantity) < 1)
      missing.push({ field: ["input", "quantity"], message: t("form.badQuantity"), code: "REQUIRED" });
  }
  const errors = [...missing, ...transfer.userErrors];
  const at = (name: string) => errorAt(errors, "input", name);
  const placed = ["fromWarehouseId", "toWarehouseId", "lotId", "quantity", "serialNumbers", "reference"];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    setDone(null);
    if (!fromId || !toId || !lotId || !/^\d+$/.test(quantity.trim()) || Number(quantity) < 1) return;
    const result = await transfer.run({
      input: {
        lotId,
        fromWarehouseId: fromId,
        toWarehouseId: toId,
        quantity: Number(quantity),
        serialNumbers: serialTracked ? serials.split(/\s+/).filter(Boolean) : null,
        reference: reference.trim() || null,
        idempotencyKey,
      },
    });
    if (result?.transfer) {
      setDone(result.transfer);
      setKey(crypto.randomUUID());
      setAttempted(false);
      refetch({ requestPolicy: "network-only" });
    }
  };

  return (
    <section>
      <h1>{t("form.title")}</h1>
      {done && (
        <p className="state" role="status" data-testid="transfer-done">
          {t("form.done", {
            number: done.number,
            quantity: formatNumber(done.quantity),
            lot: done.lot.lotNumber,
            from: done.fromWarehouse.code,
            to: done.toWarehouse.code,
          })}{" "}
          <Link to={`/lots/${done.lot.id}`}>{t("form.seeLot")}</Link>
        </p>
      )}
      <form onSubmit={submit} noValidate aria-label={t("form.newTransfer")}>
        <Section title={t("form.newTransfer")}>
          <div className="grid-form">
            <SelectField label={t("form.from")} value={fromId} onChange={(e) => setFrom(e.target.value)} error={at("fromWarehouseId")}>
              <option value="">{t("form.chooseWarehouse")}</option>
              {data.warehouses.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.code} — {w.name}
                </option>
              ))}
            </SelectField>
            <SelectField label={t("form.to")} value={toId} onChange={(e) => setTo(e.target.value)} error={at("toWarehouseId")}>
              <option value="">{t("form.chooseWarehouse")}</option>
              {data.warehouses.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.code} — {w.name}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t("form.lot")}
              value={lotId}
              onChange={(e) => setLot(e.target.value)}
              error={at("lotId")}
              hint={available !== undefined && t("form.available", { count: available, quantity: formatNumber(available) })}
            >
              <option value="">{t("form.chooseLot")}</option>
              {lots.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.lotNumber} ({l.product.sku})
                </option>
              ))}
            </SelectField>
            <TextField
              label={t("form.quantity")}
              type="number"
              min={1}
              step={1}
              inputMode="numeric"
              value={quantity}
              onChange={(e) => setQuantity(e.target.value)}
              error={at("quantity")}
            />
            {serialTracked && (
              <label className="field">
                {t("form.serials")}
                <textarea value={serials} onChange={(e) => setSerials(e.target.value)} rows={3} />
                {at("serialNumbers") && <span className="field-error" role="alert">{at("serialNumbers")}</span>}
              </label>
            )}
            <TextField label={t("form.reference")} value={reference} onChange={(e) => setReference(e.target.value)} error={at("reference")} />
          </div>
          <FormErrors
            messages={[
              ...transfer.userErrors.filter((e) => !placed.includes(e.field?.[1] ?? "")).map((e) => e.message),
              ...(transfer.failure ? [transfer.failure] : []),
            ]}
          />
          <div className="actions">
            <button type="submit" className="primary" disabled={transfer.busy}>
              {transfer.busy ? t("form.busy") : t("form.transfer")}
            </button>
          </div>
        </Section>
      </form>
    </section>
  );
}
