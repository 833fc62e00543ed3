import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useAction } from "../../api/useAction";
import { useAuth } from "../../auth/AuthProvider";
import { ApprovalDecision } from "../../components/ApprovalDecision";
import { FormErrors, TextField } from "../../components/Field";
import type { ResultOf } from "../../graphql";
import { enumLabel } from "../../i18n/enumLabel";
import { invoiceableShipments, IssueInvoiceDialog } from "../finance/IssueInvoiceDialog";
import {
  AllocateOrderMutation,
  CancelOrderMutation,
  OrderDetailQuery,
  SubmitOrderMutation,
} from "./orderQueries";

type Order = NonNullable<ResultOf<typeof OrderDetailQuery>["salesOrder"]>;
export type OrderAction = Order["availableActions"][number];

/**
 * The next steps the server offers the signed-in user on an order
 * (`availableActions`); this screen decides none of them itself. Offers without
 * a screen here yet (EDIT, AMEND, SHORT_CLOSE, CONFIRM_DELIVERY, RECORD_PAYMENT)
 * are not shown.
 */
export function OrderActions({ order, onChanged }: { order: Order; onChanged: () => void }) {
  const { t } = useTranslation("orders");
  const { session } = useAuth();
  const offered = (action: OrderAction) => order.availableActions.includes(action);
  const submit = useAction(SubmitOrderMutation);
  const allocate = useAction(AllocateOrderMutation);
  const cancel = useAction(CancelOrderMutation);
  const [cancelling, setCancelling] = useState(false);
  const [invoicing, setInvoicing] = useState(false);

  const deciding = offered("APPROVE") || offered("REJECT");
  const waitingFor = (order.approvals ?? []).filter((a) => a.status === "PENDING").map((a) => enumLabel(a.requiredRole));
  const orderId = order.id;

  const buttons = [
    offered("SUBMIT") && (
      <RunButton key="submit" label={t("actions.submit")} busy={submit.busy} run={() => submit.run({ orderId })} onDone={onChanged} />
    ),
    offered("ALLOCATE") && (
      <RunButton
        key="allocate"
        label={t("actions.allocate")}
        busyLabel={t("actions.allocating")}
        busy={allocate.busy}
        run={() => allocate.run({ orderId })}
        onDone={onChanged}
      />
    ),
    offered("SHIP") && (
      <Link key="ship" className="button primary" to={`/warehouse/orders/${order.number}`}>
        {t("actions.ship")}
      </Link>
    ),
    offered("INVOICE") && (
      // finance desk: a dialog lists the invoiceable shipments.
      <button key="invoice" type="button" className="primary" onClick={() => setInvoicing(true)}>
        {t("actions.invoice")}
      </button>
    ),
    offered("CANCEL") && !cancelling && (
      <button key="cancel" type="button" onClick={() => setCancelling(true)}>
        {t("actions.cancelOrder")}
      </button>
    ),
  ].filter(Boolean);

  const messages = [submit, allocate, cancel].flatMap((a) => [
    ...a.userErrors.map((e) => e.message),
    ...(a.failure ? [a.failure] : []),
  ]);

  if (!buttons.length && !deciding && !cancelling && !messages.length) return null;
  return (
    <div className="card action-bar" aria-label={t("actions.label")}>
      {deciding && (
        <div>
          <p>
            {waitingFor.length > 0
              ? t("actions.waitsFor", { roles: waitingFor.join(", ").toLowerCase() })
              : t("actions.waits")}{" "}
            {t("actions.signedInAs", { username: session?.username })}
          </p>
          <ApprovalDecision
            orderId={order.id}
            orderNumber={order.number}
            approve={offered("APPROVE")}
            reject={offered("REJECT")}
            onDecided={onChanged}
          />
        </div>
      )}
      {buttons.length > 0 && <div className="actions">{buttons}</div>}
      {invoicing && (
        <IssueInvoiceDialog
          orderId={orderId}
          shipments={invoiceableShipments(order.shipments)}
          onClose={() => setInvoicing(false)}
          onDone={() => {
            setInvoicing(false);
            onChanged();
          }}
        />
      )}
      {cancelling && (
        <CancelForm
          busy={cancel.busy}
          onKeep={() => setCancelling(false)}
          onCancel={async (reason) => {
            if (await cancel.run({ orderId, reason })) {
              setCancelling(false);
              onChanged();
            }
          }}
        />
      )}
      <FormErrors messages={messages} />
    </div>
  );
}

function RunButton({
  label,
  busyLabel,
  busy,
  run,
  onDone,
}: {
  label: string;
  busyLabel?: string;
  busy: boolean;
  run: () => Promise<unknown>;
  onDone: () => void;
}) {
  return (
    <button type="button" className="primary" disabled={busy} onClick={async () => (await run()) && onDone()}>
      {busy && busyLabel ? busyLabel : label}
    </button>
  );
}

function CancelForm({
  busy,
  onKeep,
  onCancel,
}: {
  busy: boolean;
  onKeep: () => void;
  onCancel: (reason: string) => void;
}) {
  const { t } = useTranslation("orders");
  const [reason, setReason] = useState("");
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        onCancel(reason.trim());
      }}
    >
      <TextField label={t("actions.cancelReason")} required value={reason} onChange={(e) => setReason(e.target.value)} />
      <div className="actions">
        <button type="button" onClick={onKeep}>
          {t("actions.keepOrder")}
        </button>
        <button type="submit" className="danger" disabled={busy || !reason.trim()}>
          {t("actions.confirmCancel")}
        </button>
      </div>
    </form>
  );
}
