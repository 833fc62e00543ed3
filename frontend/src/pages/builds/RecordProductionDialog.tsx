import { useState, type FormEvent } from "react";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Loading } from "../../components/States";
import { errorAt, type UserError } from "../../lib/errors";
import { formatNumber, isoDate } from "../../lib/format";
import { Dialog } from "../finance/Dialog";
import { ProductPicker, type Product } from "../orders/ProductPicker";
import { ProductionFormQuery, RecordProductionMutation } from "./buildQueries";

const TEXT = {
  title: "Record production",
  warehouse: "Warehouse",
  chooseWarehouse: "Choose a warehouse…",
  lotNumber: "Lot number",
  manufacturedOn: "Manufactured on",
  expiresOn: "Expires on (empty: from the shelf life)",
  quantity: "Quantity made",
  serials: "Serial numbers (one per line)",
  components: "Component lots",
  componentLot: (n: number) => `Component lot ${n}`,
  componentQuantity: (n: number) => `Quantity used ${n}`,
  chooseLot: "Choose a lot…",
  addComponent: "Add component",
  remove: (n: number) => `Remove component ${n}`,
  record: "Record production",
  busy: "Recording…",
  missingProduct: "Choose a product",
  missingWarehouse: "Choose a warehouse",
  missingLotNumber: "Enter the new lot's number",
  badQuantity: "Enter a whole number of units, at least 1",
  available: (n: number) => `${formatNumber(n)} available here`,
};

type Component = { lotId: string; quantity: string };
const wholeNumber = (value: string) => /^\d+$/.test(value.trim()) && Number(value) >= 1;

/**
 * An external build: a lot made outside a work order, from released component lots it consumes.
 * The new lot starts in quarantine; the server checks the components (released, in stock here).
 */
export function RecordProductionDialog({ onClose, onRecorded }: { onClose: () => void; onRecorded: (lot: { id: string }) => void }) {
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
    need(!!product, "productId", TEXT.missingProduct);
    need(!!warehouseId, "warehouseId", TEXT.missingWarehouse);
    need(!!lotNumber.trim(), "lotNumber", TEXT.missingLotNumber);
    need(wholeNumber(quantity), "quantity", TEXT.badQuantity);
    components.forEach((c, i) => {
      if (!wholeNumber(c.quantity))
        problems.push({ field: ["input", "components", String(i), "quantity"], message: TEXT.badQuantity, code: "INVALID" });
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
    <Dialog title={TEXT.title} onClose={onClose}>
      {!data ? (
        <Loading label="Loading warehouses and lots…" />
      ) : (
        <form onSubmit={submit} noValidate aria-label={TEXT.title}>
          <div className="grid-form">
            <ProductPicker product={product} error={at("productId")} onPick={setProduct} />
            <SelectField label={TEXT.warehouse} value={warehouseId} onChange={(e) => setWarehouse(e.target.value)} error={at("warehouseId")}>
              <option value="">{TEXT.chooseWarehouse}</option>
              {data.warehouses.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.code} — {w.name}
                </option>
              ))}
            </SelectField>
            <TextField label={TEXT.lotNumber} value={lotNumber} onChange={(e) => setLotNumber(e.target.value)} error={at("lotNumber")} />
            <TextField
              label={TEXT.quantity}
              type="number"
              min={1}
              step={1}
              inputMode="numeric"
              value={quantity}
              onChange={(e) => setQuantity(e.target.value)}
              error={at("quantity")}
            />
            <TextField
              label={TEXT.manufacturedOn}
              type="date"
              value={manufacturedOn}
              onChange={(e) => setManufacturedOn(e.target.value)}
              error={at("manufacturedOn")}
            />
            <TextField label={TEXT.expiresOn} type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} error={at("expiresOn")} />
            {serialTracked && (
              <div className={`field${at("serialNumbers") ? " field-invalid" : ""}`}>
                <label>
                  {TEXT.serials}
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
            <legend>{TEXT.components}</legend>
            {components.map((c, i) => {
              const available = lots.find((l) => l.id === c.lotId)?.stock.find((s) => s.warehouse.id === warehouseId)?.available;
              return (
                <div key={i} className="grid-form">
                  <SelectField
                    label={TEXT.componentLot(i + 1)}
                    value={c.lotId}
                    onChange={(e) => setComponent(i, { lotId: e.target.value })}
                    error={at("components", i, "lotId")}
                    hint={available !== undefined && warehouseId ? TEXT.available(available) : undefined}
                  >
                    <option value="">{TEXT.chooseLot}</option>
                    {lots.map((l) => (
                      <option key={l.id} value={l.id}>
                        {l.lotNumber} ({l.product.sku})
                      </option>
                    ))}
                  </SelectField>
                  <TextField
                    label={TEXT.componentQuantity(i + 1)}
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
                        {TEXT.remove(i + 1)}
                      </button>
                    </div>
                  )}
                </div>
              );
            })}
            <button type="button" onClick={() => setComponents((all) => [...all, { lotId: "", quantity: "" }])}>
              {TEXT.addComponent}
            </button>
          </fieldset>
          <FormErrors
            messages={[...errors.filter((e) => !placed(e.field)).map((e) => e.message), ...(record.failure ? [record.failure] : [])]}
          />
          <div className="actions">
            <button type="submit" className="primary" disabled={record.busy}>
              {record.busy ? TEXT.busy : TEXT.record}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
