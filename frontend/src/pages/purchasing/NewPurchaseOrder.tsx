import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { ErrorState, Loading } from "../../components/States";
import { enumLabel } from "../../i18n/enumLabel";
import { CreatePurchaseOrderMutation, NewPurchaseOrderQuery } from "./purchaseOrderQueries";

type Line = { productId: string; quantity: string; unitPrice: string; expectedOn: string };
const EMPTY: Line = { productId: "", quantity: "1", unitPrice: "", expectedOn: "" };

/** A new purchase order from an approved supplier; prices prefilled from the supplier's list. */
export default function NewPurchaseOrder() {
  const { t } = useTranslation(["purchasing", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: NewPurchaseOrderQuery });
  const create = useAction(CreatePurchaseOrderMutation);
  const navigate = useNavigate();
  const [supplierId, setSupplierId] = useState("");
  const [warehouseId, setWarehouseId] = useState("");
  const [lines, setLines] = useState<Line[]>([EMPTY]);
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label={t("loadingSuppliers")} />;
  const suppliers = data.suppliers.edges.map((e) => e.node).filter((s) => s.approved);
  const supplier = suppliers.find((s) => s.id === supplierId);
  const priceOf = (productId: string) => supplier?.prices.find((p) => p.product.id === productId)?.unitPrice ?? "";
  const setLine = (index: number, change: Partial<Line>) => setLines(lines.map((l, i) => (i === index ? { ...l, ...change } : l)));
  const messages = [...create.userErrors.map((e) => e.message), ...(create.failure ? [create.failure] : [])];
  return (
    <section aria-labelledby="new-po-title">
      <h1 id="new-po-title">{t("newOrder.title")}</h1>
      <form
        aria-label={t("newOrder.title")}
        onSubmit={async (e) => {
          e.preventDefault();
          const made = await create.run({
            input: {
              supplierId,
              warehouseId,
              idempotencyKey: crypto.randomUUID(),
              lines: lines.map((l) => ({
                productId: l.productId,
                quantity: Number(l.quantity),
                unitPrice: l.unitPrice || null,
                expectedOn: l.expectedOn || null,
              })),
            },
          });
          if (made?.purchaseOrder) navigate(`/purchase-orders/${made.purchaseOrder.number}`);
        }}
      >
        <SelectField label={t("common:field.supplier")} value={supplierId} onChange={(e) => setSupplierId(e.target.value)}>
          <option value="">{t("newOrder.chooseSupplier")}</option>
          {suppliers.map((s) => (
            <option key={s.id} value={s.id}>
              {s.code} — {s.name} ({enumLabel(s.qualificationStatus)})
            </option>
          ))}
        </SelectField>
        <SelectField label={t("field.shipTo")} value={warehouseId} onChange={(e) => setWarehouseId(e.target.value)}>
          <option value="">{t("field.chooseWarehouse")}</option>
          {data.warehouses.map((w) => (
            <option key={w.id} value={w.id}>
              {w.code} — {w.name}
            </option>
          ))}
        </SelectField>
        {lines.map((line, index) => (
          <fieldset key={index}>
            <legend>{t("newOrder.line", { number: index + 1 })}</legend>
            <SelectField
              label={t("common:field.product")}
              value={line.productId}
              onChange={(e) => setLine(index, { productId: e.target.value, unitPrice: priceOf(e.target.value) })}
            >
              <option value="">{t("field.chooseProduct")}</option>
              {(supplier?.approvedProducts ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.sku} — {p.name}
                </option>
              ))}
            </SelectField>
            <TextField label={t("common:field.quantity")} type="number" min={1} value={line.quantity} onChange={(e) => setLine(index, { quantity: e.target.value })} />
            <TextField label={t("field.unitPrice")} inputMode="decimal" value={line.unitPrice} onChange={(e) => setLine(index, { unitPrice: e.target.value })} />
            <TextField label={t("newOrder.expectedOn")} type="date" value={line.expectedOn} onChange={(e) => setLine(index, { expectedOn: e.target.value })} />
          </fieldset>
        ))}
        <FormErrors messages={messages} />
        <div className="actions">
          <button type="button" onClick={() => setLines([...lines, EMPTY])}>
            {t("common:action.addLine")}
          </button>
          <button type="submit" className="primary" disabled={create.busy || !supplierId || !warehouseId}>
            {t("newOrder.saveDraft")}
          </button>
        </div>
      </form>
    </section>
  );
}
