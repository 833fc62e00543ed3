import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Loading } from "../../components/States";
import { errorAt, type UserError } from "../../lib/errors";
import { formatNumber, isoDate } from "../../lib/format";
import { Dialog } from "../finance/Dialog";
import { ProductPicker, type Product } from "../orders/ProductPicker";
import { ProductionFormQuery, RecordProductionMutation } from "./buildQueries";

type Component = { lotId: string; quantity: string };
const wholeNumber = (value: string) => /^\d+$/.test(value.trim()) && Number(value) >= 1;

/**
 * An external build: a lot made outside a work order, from released component lots it consumes.
 * The new lot starts in quarantine; the server checks the components (released, in stock here).
 */
export function RecordProductionDialog({ onClose, onRecorded }: { onClose: () => void; onRecorded: (lot: { id: string }) => void }) {
  const { t } = useTranslation("builds");
  const [{ data }] = useQuery({ query: ProductionFormQuery });
  const record = useAction(RecordProductionMutation);
  const [product, setProduct] = useState<Product | null>(null);
  const [warehouseId, setWarehouse] = useState("");
  const [lotNumber, setLotNumber] = useState("");
  const [manufacturedOn, setManufacturedOn] = useState(() => isoDate());
  const [expiresOn, setExpiresOn] = useState("");
  const [quantity, setQuantity] = useState("");
  const [serials, setSerials] = useState("");
  const [components, setComponents] = useState<Component[]>([{ lotId: "", quantity: "" }]);
  const [local, setLocal] = useState<UserError[]>([]);
  const [key] = useState(() => crypto.randomUUID());

  const errors = [...local, ...record.userErrors];
  const at = (...path: (string | number)[]) => errorAt(errors, "input", ...path);
  const serialTracked = product?.trackingMode === "SERIAL";
  const lots = data?.lots.edges.map((e) => e.node) ?? [];
  const setComponent = (index: number, change: Partial<Component>) =>
    setComponents((all) => all.map((c, i) => (i === index ? { ...c, ...change } : c)));
  const placed = (field: readonly string[] | null) =>
    !!field &&
    (["productId", "warehouseId", "lotNumber", "manufacturedOn", "expiresOn", "quantity", "serialNumbers"].includes(field[1]) ||
      (field[1] === "components" && field.length > 3));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: UserError[] = [];
    const need = (ok: boolean, name: string, message: string) =>
      ok || problems.push({ field: ["input", name], message, code: "REQUIRED" });
    need(!!product, "productId", t("missingProduct"));
    need(!!warehouseId, "warehouseId", t("missingWarehouse"));
    need(!!lotNumber.trim(), "lotNumber", t("missingLotNumber"));
    need(wholeNumber(quantity), "quantity", t("badQuantity"));
    components.forEach((c, i) => {
      if (!wholeNumber(c.quantity))
        problems.push({ field: ["input", "components", String(i), "quantity"], message: t("badQuantity"), code: "INVALID" });
    });
    setLocal(problems);
    if (problems.length) return;
    // Component lots left unchosen go to the server, which names what is missing at the line.
    const result = await record.run({
      input: {
        productId: product!.id,
        warehouseId,
        lotNumber: lotNumber.trim(),
        manufacturedOn,
        expiresOn: expiresOn || null,
        quantity: Number(quantity),
        serialNumbers: serialTracked ? serials.split(/\s+/).filter(Boolean) : null,
        components: components.map((c) => ({ lotId: c.lotId, quantity: Number(c.quantity) })),
        idempotencyKey: key,
      },
    });
    if (result?.lot) onRecorded(result.lot);
  };

  return (
    <Dialog title={t("title")} onClose={onClose}>
      {!data ? (
        <Loading label={t("loading")} />
      ) : (
        <form onSubmit={submit} noValidate aria-label={t("title")}>
          <div className="grid-form">
            <ProductPicker product={product} error={at("productId")} onPick={setProduct} />
            <SelectField label={t("warehouse")} value={warehouseId} onChange={(e) => setWarehouse(e.target.value)} error={at("warehouseId")}>
              <option value="">{t("chooseWarehouse")}</option>
              {data.warehouses.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.code} — {w.name}
                </option>
              ))}
            </SelectField>
            <TextField label={t("lotNumber")} value={lotNumber} onChange={(e) => setLotNumber(e.target.value)} error={at("lotNumber")} />
            <TextField
              label={t("quantity")}
              type="number"
              min={1}
              step={1}
              inputMode="numeric"
              value={quantity}
              onChange={(e) => setQuantity(e.target.value)}
              error={at("quantity")}
            />
            <TextField
              label={t("manufacturedOn")}
              type="date"
              value={manufacturedOn}
              onChange={(e) => setManufacturedOn(e.target.value)}
              error={at("manufacturedOn")}
            />
            <TextField label={t("expiresOn")} type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} error={at("expiresOn")} />
            {serialTracked && (
              <div className={`field${at("serialNumbers") ? " field-invalid" : ""}`}>
                <label>
                  {t("serials")}
                  <textarea value={serials} rows={3} onChange={(e) => setSerials(e.target.value)} aria-invalid={at("serialNumbers") ? true : undefined} />
                </label>
                {at("serialNumbers") && (
                  <p className="field-error" role="alert">
                    {at("serialNumbers")}
                  </p>
                )}
              </div>
            )}
          </div>
          <fieldset className="return-line">
            <legend>{t("components")}</legend>
            {components.map((c, i) => {
              const available = lots.find((l) => l.id === c.lotId)?.stock.find((s) => s.warehouse.id === warehouseId)?.available;
              return (
                <div key={i} className="grid-form">
                  <SelectField
                    label={t("componentLot", { n: i + 1 })}
                    value={c.lotId}
                    onChange={(e) => setComponent(i, { lotId: e.target.value })}
                    error={at("components", i, "lotId")}
                    hint={available !== undefined && warehouseId ? t("available", { count: available, quantity: formatNumber(available) }) : undefined}
                  >
                    <option value="">{t("chooseLot")}</option>
                    {lots.map((l) => (
                      <option key={l.id} value={l.id}>
                        {l.lotNumber} ({l.product.sku})
                      </option>
                    ))}
                  </SelectField>
                  <TextField
                    label={t("componentQuantity", { n: i + 1 })}
                    type="number"
                    min={1}
                    step={1}
                    inputMode="numeric"
                    value={c.quantity}
                    onChange={(e) => setComponent(i, { quantity: e.target.value })}
                    error={at("components", i, "quantity")}
                  />
                  {components.length > 1 && (
                    <div className="actions">
                      <button type="button" onClick={() => setComponents((all) => all.filter((_, j) => j !== i))}>
                        {t("remove", { n: i + 1 })}
                      </button>
                    </div>
                  )}
                </div>
              );
            })}
            <button type="button" onClick={() => setComponents((all) => [...all, { lotId: "", quantity: "" }])}>
              {t("addComponent")}
            </button>
          </fieldset>
          <FormErrors
            messages={[...errors.filter((e) => !placed(e.field)).map((e) => e.message), ...(record.failure ? [record.failure] : [])]}
          />
          <div className="actions">
            <button type="submit" className="primary" disabled={record.busy}>
              {record.busy ? t("busy") : t("record")}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
