import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { StatusChip } from "../../components/StatusChip";
import { graphql, type ResultOf } from "../../graphql";
import { errorAt } from "../../lib/errors";

const OpenOrdersQuery = graphql(`
  query ReceivableOrders {
    purchaseOrders(first: 100, status: [SENT, PARTIALLY_RECEIVED]) {
      edges {
        node {
          id number status
          supplier { id code name }
          shipTo { id code }
          lines { id lineNumber quantity receivedQuantity product { id sku name } }
        }
      }
    }
  }
`);

const ReceiveAgainstOrderMutation = graphql(`
  mutation ReceiveAgainstOrder($input: ReceiveGoodsInput!) {
    receiveGoods(input: $input) {
      receipt { id number purchaseOrder { id status } }
      lots { id lotNumber status supplierLotNumber product { sku } }
      userErrors { field message code }
    }
  }
`);

type Order = ResultOf<typeof OpenOrdersQuery>["purchaseOrders"]["edges"][number]["node"];
type Received = NonNullable<ResultOf<typeof ReceiveAgainstOrderMutation>["receiveGoods"]>;
type Entry = { quantity: string; lotNumber: string; supplierLotNumber: string; expiresOn: string };
const BLANK: Entry = { quantity: "", lotNumber: "", supplierLotNumber: "", expiresOn: "" };

/** The purchase order a delivery is received against; without one, `otherwise` (a free receipt). */
export function ReceiptAgainstOrder({ otherwise }: { otherwise: React.ReactNode }) {
  const { t } = useTranslation("purchasing");
  const [{ data }, refetch] = useQuery({ query: OpenOrdersQuery });
  const [orderId, setOrderId] = useState("");
  const [received, setReceived] = useState<Received | null>(null);
  const orders = data?.purchaseOrders.edges.map((e) => e.node) ?? [];
  const order = orders.find((o) => o.id === orderId);
  return (
    <>
      {received && (
        <div className="card success" role="status">
          {t("receipt.received", { number: received.receipt?.number ?? "" })}{" "}
          {received.lots.map((lot) => (
            <span key={lot.id}>
              <Link to={`/lots/${lot.id}`}>
                {lot.product.sku} {lot.lotNumber}
              </Link>{" "}
              <StatusChip status={lot.status} />{" "}
            </span>
          ))}
          {received.receipt?.purchaseOrder && (
            <>
              {" "}
              {t("receipt.orderStatus")} <StatusChip status={received.receipt.purchaseOrder.status} />
            </>
          )}
        </div>
      )}
      <SelectField label={t("field.purchaseOrder")} value={orderId} onChange={(e) => setOrderId(e.target.value)}>
        <option value="">{t("receipt.none")}</option>
        {orders.map((o) => (
          <option key={o.id} value={o.id}>
            {t("receipt.option", { number: o.number, supplier: o.supplier.code, warehouse: o.shipTo.code })}
          </option>
        ))}
      </SelectField>
      {order ? (
        <OrderLines
          key={order.id}
          order={order}
          onReceived={(done) => {
            setReceived(done);
            refetch({ requestPolicy: "network-only" });
          }}
        />
      ) : (
        otherwise
      )}
    </>
  );
}

function OrderLines({ order, onReceived }: { order: Order; onReceived: (done: Received) => void }) {
  const { t } = useTranslation(["purchasing", "common"]);
  const [entries, setEntries] = useState<Record<string, Entry>>({});
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const action = useAction(ReceiveAgainstOrderMutation);
  const entry = (lineId: string) => entries[lineId] ?? BLANK;
  const change = (lineId: string, part: Partial<Entry>) => setEntries({ ...entries, [lineId]: { ...entry(lineId), ...part } });
  const filled = order.lines.filter((l) => entry(l.id).quantity !== "");
  const at = (index: number, field: string) => errorAt(action.userErrors, "input", "lines", index, field);
  const messages = [...action.userErrors.filter((e) => !e.field || e.field.length < 4).map((e) => e.message), ...(action.failure ? [action.failure] : [])];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await action.run({
      input: {
        supplierId: order.supplier.id,
        warehouseId: order.shipTo.id,
        purchaseOrderId: order.id,
        idempotencyKey,
        lines: filled.map((l) => ({
          productId: l.product.id,
          purchaseOrderLineId: l.id,
          quantity: Number(entry(l.id).quantity),
          lotNumber: entry(l.id).lotNumber.trim(),
          supplierLotNumber: entry(l.id).supplierLotNumber.trim() || null,
          expiresOn: entry(l.id).expiresOn || null,
        })),
      },
    });
    if (done) {
      setEntries({});
      setIdempotencyKey(crypto.randomUUID());
      onReceived(done);
    }
  };

  return (
    <form onSubmit={submit} aria-label={t("receipt.form", { number: order.number })} noValidate>
      <Section title={t("receipt.from", { number: order.number, supplier: order.supplier.name })}>
        <p>
          <StatusChip status={order.status} />
        </p>
        {order.lines.map((l) => {
          const index = filled.indexOf(l);
          return (
            <fieldset key={l.id}>
              <legend>
                {t("receipt.line", {
                  line: l.lineNumber,
                  sku: l.product.sku,
                  name: l.product.name,
                  ordered: l.quantity,
                  received: l.receivedQuantity,
                })}
              </legend>
              <div className="grid-form">
                <TextField label={t("common:field.quantity")} type="number" min={1} value={entry(l.id).quantity} onChange={(e) => change(l.id, { quantity: e.target.value })} error={index >= 0 ? at(index, "quantity") : undefined} />
                <TextField label={t("receipt.lotNumber")} value={entry(l.id).lotNumber} onChange={(e) => change(l.id, { lotNumber: e.target.value })} error={index >= 0 ? at(index, "lotNumber") : undefined} />
                <TextField label={t("receipt.supplierLotNumber")} value={entry(l.id).supplierLotNumber} onChange={(e) => change(l.id, { supplierLotNumber: e.target.value })} error={index >= 0 ? at(index, "supplierLotNumber") : undefined} />
                <TextField label={t("receipt.expiresOn")} type="date" value={entry(l.id).expiresOn} onChange={(e) => change(l.id, { expiresOn: e.target.value })} error={index >= 0 ? at(index, "expiresOn") : undefined} />
              </div>
            </fieldset>
          );
        })}
      </Section>
      <FormErrors messages={messages} />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy || filled.length === 0}>
          {t("receipt.submit")}
        </button>
      </div>
    </form>
  );
}
