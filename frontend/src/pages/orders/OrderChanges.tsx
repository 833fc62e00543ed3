import { useState } from "react";
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
  const offered = (action: string) => (order.availableActions as readonly string[]).includes(action);
  const [open, setOpen] = useState<"edit" | "amend" | "close" | null>(null);
  if (!offered("EDIT") && !offered("AMEND") && !offered("SHORT_CLOSE")) return null;
  const done = () => {
    setOpen(null);
    onChanged();
  };
  return (
    <div className="card action-bar" aria-label="Order changes">
      <div className="actions">
        {offered("EDIT") && open !== "edit" && (
          <button type="button" onClick={() => setOpen("edit")}>
            Edit draft
          </button>
        )}
        {offered("AMEND") && open !== "amend" && (
          <button type="button" onClick={() => setOpen("amend")}>
            Amend order
          </button>
        )}
        {offered("SHORT_CLOSE") && open !== "close" && (
          <button type="button" onClick={() => setOpen("close")}>
            Short-close…
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
      aria-label={mode === "edit" ? "Edit draft" : "Amend order"}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {lines.map((l, i) => (
        <fieldset key={l.lineId ?? `new-${l.number}`}>
          <legend>
            Line {l.number}
            {l.sku && ` · ${l.sku}`}
          </legend>
          <TextField label={`Line ${l.number} quantity`} type="number" min={0} value={l.quantity} onChange={(e) => set(i, { quantity: e.target.value })} />
          <TextField label={`Line ${l.number} discount %`} inputMode="decimal" value={l.discount} onChange={(e) => set(i, { discount: e.target.value })} />
          {l.lineId && (
            <TextField label={`Line ${l.number} unit price`} inputMode="decimal" value={l.unitPrice} onChange={(e) => set(i, { unitPrice: e.target.value })} />
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
          Add line
        </button>
      </div>
      {mode === "edit" && <TextField label="Customer reference" value={reference} onChange={(e) => setReference(e.target.value)} />}
      <TextField label="Requested delivery date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      <fieldset>
        <legend>Ship-to</legend>
        <TextField label="Ship-to name" value={shipTo.name} onChange={(e) => setShipTo({ ...shipTo, name: e.target.value })} />
        <TextField label="Street" value={shipTo.street} onChange={(e) => setShipTo({ ...shipTo, street: e.target.value })} />
        <TextField label="Postal code" value={shipTo.postalCode} onChange={(e) => setShipTo({ ...shipTo, postalCode: e.target.value })} />
        <TextField label="City" value={shipTo.city} onChange={(e) => setShipTo({ ...shipTo, city: e.target.value })} />
        <TextField label="Country" value={shipTo.country} onChange={(e) => setShipTo({ ...shipTo, country: e.target.value })} />
        <TextField label="Region" value={shipTo.region} onChange={(e) => setShipTo({ ...shipTo, region: e.target.value })} />
      </fieldset>
      {mode === "amend" && <TextField label="Reason for change" required value={reason} onChange={(e) => setReason(e.target.value)} />}
      <div className="actions">
        <button type="button" onClick={onCancel}>
          Close
        </button>
        <button type="submit" className="primary" disabled={action.busy || (mode === "amend" && !reason.trim())}>
          {mode === "edit" ? "Save draft" : "Save amendment"}
        </button>
      </div>
      <FormErrors messages={messages} />
    </form>
  );
}

function ShortCloseForm({ order, onDone, onCancel }: { order: Order; onDone: () => void; onCancel: () => void }) {
  const close = useAction(ShortCloseMutation);
  const [reason, setReason] = useState("");
  const messages = [...close.userErrors.map((e) => e.message), ...(close.failure ? [close.failure] : [])];
  return (
    <form
      className="inline-form"
      aria-label="Short-close"
      onSubmit={async (e) => {
        e.preventDefault();
        if (await close.run({ input: { orderId: order.id, reason: reason.trim(), idempotencyKey: crypto.randomUUID() } })) onDone();
      }}
    >
      <TextField label="Reason for closing" required value={reason} onChange={(e) => setReason(e.target.value)} />
      <div className="actions">
        <button type="button" onClick={onCancel}>
          Keep lines open
        </button>
        <button type="submit" className="danger" disabled={close.busy || !reason.trim()}>
          Close remaining lines
        </button>
      </div>
      <FormErrors messages={messages} />
    </form>
  );
}
