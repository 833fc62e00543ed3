import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAction } from "../../api/useAction";
import { FormErrors, TextField } from "../../components/Field";
import type { ResultOf } from "../../graphql";
import { AmendOrderMutation, ShortCloseMutation, UpdateDraftMutation } from "./changeQueries";
import { type Product, ProductPicker } from "./ProductPicker";
import type { OrderDetailQuery } from "./orderQueries";

type Order = NonNullable<ResultOf<typeof OrderDetailQuery>["salesOrder"]>;
// `number`: the order's line number ("Line 2 quantity" is line 2 even if line 1 was cancelled).
type LineDraft = { number: number; lineId?: string; productId?: string; sku?: string; quantity: string; discount: string; unitPrice: string };

/**
 * Changing an order the way the server offers it (`availableActions`): EDIT a draft
 * in place, AMEND a submitted order into a new version, SHORT_CLOSE its open lines.
 */
export function OrderChanges({ order, onChanged }: { order: Order; onChanged: () => void }) {
  const { t } = useTranslation("orders");
  const offered = (action: string) => (order.availableActions as readonly string[]).includes(action);
  const [open, setOpen] = useState<"edit" | "amend" | "close" | null>(null);
  if (!offered("EDIT") && !offered("AMEND") && !offered("SHORT_CLOSE")) return null;
  const done = () => {
    setOpen(null);
    onChanged();
  };
  return (
    <div className="card action-bar" aria-label={t("changes.label")}>
      <div className="actions">
        {offered("EDIT") && open !== "edit" && (
          <button type="button" onClick={() => setOpen("edit")}>
            {t("changes.editDraft")}
          </button>
        )}
        {offered("AMEND") && open !== "amend" && (
          <button type="button" onClick={() => setOpen("amend")}>
            {t("changes.amendOrder")}
          </button>
        )}
        {offered("SHORT_CLOSE") && open !== "close" && (
          <button type="button" onClick={() => setOpen("close")}>
            {t("changes.shortCloseOpen")}
          </button>
        )}
      </div>
      {open === "edit" && <ChangeForm order={order} mode="edit" onDone={done} onCancel={() => setOpen(null)} />}
      {open === "amend" && <ChangeForm order={order} mode="amend" onDone={done} onCancel={() => setOpen(null)} />}
      {open === "close" && <ShortCloseForm order={order} onDone={done} onCancel={() => setOpen(null)} />}
    </div>
  );
}

function initialLines(order: Order): LineDraft[] {
  return order.lines
    .filter((l) => l.status === "OPEN")
    .map((l) => ({
      number: l.lineNumber,
      sku: l.product.sku,
      lineId: l.id,
      productId: l.product.id,
      quantity: String(l.quantity),
      discount: String(Number(l.discountPercent)),
      unitPrice: l.unitPrice,
    }));
}

function ChangeForm({
  order,
  mode,
  onDone,
  onCancel,
}: {
  order: Order;
  mode: "edit" | "amend";
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation(["orders", "common"]);
  const edit = useAction(UpdateDraftMutation);
  const amend = useAction(AmendOrderMutation);
  const [lines, setLines] = useState<LineDraft[]>(() => initialLines(order));
  const [reference, setReference] = useState(order.customerReference ?? "");
  const [date, setDate] = useState(order.requestedDeliveryDate ?? "");
  const [reason, setReason] = useState("");
  const [shipTo, setShipTo] = useState({
    name: order.shipTo?.name ?? "",
    street: order.shipTo?.street ?? "",
    postalCode: order.shipTo?.postalCode ?? "",
    city: order.shipTo?.city ?? "",
    country: order.shipTo?.country ?? "",
    region: order.shipTo?.region ?? "",
  });
  const [newProduct, setNewProduct] = useState<Product | null>(null);
  const [added, setAdded] = useState(0); // remounts the picker empty after each added line
  const before = initialLines(order);
  const nextNumber = Math.max(0, ...order.lines.map((l) => l.lineNumber), ...lines.map((l) => l.number)) + 1;
  const set = (i: number, patch: Partial<LineDraft>) =>
    setLines((all) => all.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const shipToGiven = Object.values(shipTo).some((v) => v.trim());

  const save = async () => {
    if (mode === "edit") {
      const result = await edit.run({
        input: {
          orderId: order.id,
          customerReference: reference || null,
          requestedDeliveryDate: date || null,
          ...(shipToGiven ? { shipTo } : {}),
          lines: lines.map((l, i) => ({
            productId: l.productId!,
            quantity: Number(l.quantity),
            discountPercent: l.discount || "0",
            // A price typed over the list price is checked as on create (PRICE_MISMATCH).
            ...(l.lineId && l.unitPrice !== before[i]?.unitPrice ? { unitPrice: l.unitPrice } : {}),
          })),
        },
      });
      if (result) onDone();
      return;
    }
    type Change = { lineId?: string; productId?: string; quantity?: number; discountPercent?: string; unitPrice?: string };
    const changed = lines.flatMap((l, i): Change[] => {
      const was = before[i];
      if (!l.lineId) return [{ productId: l.productId!, quantity: Number(l.quantity), discountPercent: l.discount || "0" }];
      const change: Change = { lineId: l.lineId };
      if (l.quantity !== was.quantity) change.quantity = Number(l.quantity);
      if (l.discount !== was.discount) change.discountPercent = l.discount || "0";
      if (l.unitPrice !== was.unitPrice) change.unitPrice = l.unitPrice;
      return Object.keys(change).length > 1 ? [change] : [];
    });
    const result = await amend.run({
      input: {
        orderId: order.id,
        expectedVersion: order.version,
        reason,
        lines: changed,
        ...(date !== (order.requestedDeliveryDate ?? "") ? { requestedDeliveryDate: date || null } : {}),
        ...(shipToGiven ? { shipTo } : {}),
        idempotencyKey: crypto.randomUUID(),
      },
    });
    if (result) onDone();
  };
  const action = mode === "edit" ? edit : amend;
  const messages = [...action.userErrors.map((e) => e.message), ...(action.failure ? [action.failure] : [])];
  return (
    <form
      className="inline-form"
      aria-label={mode === "edit" ? t("changes.editDraft") : t("changes.amendOrder")}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {lines.map((l, i) => (
        <fieldset key={l.lineId ?? `new-${l.number}`}>
          <legend>
            {l.sku ? t("changes.lineWithSku", { number: l.number, sku: l.sku }) : t("changes.line", { number: l.number })}
          </legend>
          <TextField label={t("changes.lineQuantity", { number: l.number })} type="number" min={0} value={l.quantity} onChange={(e) => set(i, { quantity: e.target.value })} />
          <TextField label={t("changes.lineDiscount", { number: l.number })} inputMode="decimal" value={l.discount} onChange={(e) => set(i, { discount: e.target.value })} />
          {l.lineId && (
            <TextField label={t("changes.lineUnitPrice", { number: l.number })} inputMode="decimal" value={l.unitPrice} onChange={(e) => set(i, { unitPrice: e.target.value })} />
          )}
        </fieldset>
      ))}
      <div className="actions">
        <ProductPicker key={added} product={newProduct} onPick={setNewProduct} />
        <button
          type="button"
          disabled={!newProduct}
          onClick={() => {
            if (!newProduct) return;
            setLines((all) => [
              ...all,
              { number: nextNumber, productId: newProduct.id, sku: newProduct.sku, quantity: "1", discount: "0", unitPrice: "" },
            ]);
            setNewProduct(null);
            setAdded((n) => n + 1);
          }}
        >
          {t("common:action.addLine")}
        </button>
      </div>
      {mode === "edit" && <TextField label={t("changes.customerReference")} value={reference} onChange={(e) => setReference(e.target.value)} />}
      <TextField label={t("changes.requested")} type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      <fieldset>
        <legend>{t("changes.shipTo")}</legend>
        <TextField label={t("changes.shipToName")} value={shipTo.name} onChange={(e) => setShipTo({ ...shipTo, name: e.target.value })} />
        <TextField label={t("changes.street")} value={shipTo.street} onChange={(e) => setShipTo({ ...shipTo, street: e.target.value })} />
        <TextField label={t("changes.postalCode")} value={shipTo.postalCode} onChange={(e) => setShipTo({ ...shipTo, postalCode: e.target.value })} />
        <TextField label={t("changes.city")} value={shipTo.city} onChange={(e) => setShipTo({ ...shipTo, city: e.target.value })} />
        <TextField label={t("changes.country")} value={shipTo.country} onChange={(e) => setShipTo({ ...shipTo, country: e.target.value })} />
        <TextField label={t("changes.region")} value={shipTo.region} onChange={(e) => setShipTo({ ...shipTo, region: e.target.value })} />
      </fieldset>
      {mode === "amend" && <TextField label={t("changes.reasonForChange")} required value={reason} onChange={(e) => setReason(e.target.value)} />}
      <div className="actions">
        <button type="button" onClick={onCancel}>
          {t("common:action.close")}
        </button>
        <button type="submit" className="primary" disabled={action.busy || (mode === "amend" && !reason.trim())}>
          {mode === "edit" ? t("changes.saveDraft") : t("changes.saveAmendment")}
        </button>
      </div>
      <FormErrors messages={messages} />
    </form>
  );
}

function ShortCloseForm({ order, onDone, onCancel }: { order: Order; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation("orders");
  const close = useAction(ShortCloseMutation);
  const [reason, setReason] = useState("");
  const messages = [...close.userErrors.map((e) => e.message), ...(close.failure ? [close.failure] : [])];
  return (
    <form
      className="inline-form"
      aria-label={t("changes.shortClose")}
      onSubmit={async (e) => {
        e.preventDefault();
        if (await close.run({ input: { orderId: order.id, reason: reason.trim(), idempotencyKey: crypto.randomUUID() } })) onDone();
      }}
    >
      <TextField label={t("changes.reasonForClosing")} required value={reason} onChange={(e) => setReason(e.target.value)} />
      <div className="actions">
        <button type="button" onClick={onCancel}>
          {t("changes.keepOpen")}
        </button>
        <button type="submit" className="danger" disabled={close.busy || !reason.trim()}>
          {t("changes.closeRemaining")}
        </button>
      </div>
      <FormErrors messages={messages} />
    </form>
  );
}
