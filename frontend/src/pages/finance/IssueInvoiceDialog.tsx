import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAction } from "../../api/useAction";
import { FormErrors } from "../../components/Field";
import { IssueInvoiceMutation } from "../orders/orderQueries";
import { Dialog } from "./Dialog";

export type InvoiceableShipment = { id: string; number: string; status: string; invoices: readonly { status: string }[] };

/** Shipments that may be invoiced now: delivered (or shipped, if invoiced on shipment) and on no live invoice. */
export function invoiceableShipments(shipments: readonly InvoiceableShipment[], onShipped = false): InvoiceableShipment[] {
  return shipments.filter(
    (s) => (s.status === "DELIVERED" || (onShipped && s.status === "SHIPPED")) && s.invoices.every((i) => i.status === "VOID"),
  );
}

export function IssueInvoiceDialog({
  orderId,
  shipments,
  onClose,
  onDone,
}: {
  orderId: string;
  shipments: InvoiceableShipment[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation("finance");
  const issue = useAction(IssueInvoiceMutation);
  const [chosen, setChosen] = useState<string[]>(shipments.map((s) => s.id));
  const [key] = useState(() => crypto.randomUUID());
  return (
    <Dialog title={t("issueInvoice.title")} onClose={onClose}>
      {shipments.length > 0 ? (
        <ul className="checklist">
          {shipments.map((s) => (
            <li key={s.id}>
              <label>
                <input
                  type="checkbox"
                  checked={chosen.includes(s.id)}
                  onChange={(e) => setChosen(e.target.checked ? [...chosen, s.id] : chosen.filter((x) => x !== s.id))}
                />
                {s.number}
              </label>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("issueInvoice.wholeOrder")}</p>
      )}
      <FormErrors messages={[...issue.userErrors.map((e) => e.message), ...(issue.failure ? [issue.failure] : [])]} />
      <button
        type="button"
        className="primary"
        disabled={issue.busy || (shipments.length > 0 && chosen.length === 0)}
        onClick={async () => {
          const done = await issue.run({
            input: { orderId, idempotencyKey: key, shipmentIds: shipments.length > 0 ? chosen : null },
          });
          if (done) onDone();
        }}
      >
        {t("issueInvoice.title")}
      </button>
    </Dialog>
  );
}
