import { useState } from "react";
import { Link } from "react-router";
import { useAction } from "../../api/useAction";
import { useAuth } from "../../auth/AuthProvider";
import { ApprovalDecision } from "../../components/ApprovalDecision";
import { FormErrors, TextField } from "../../components/Field";
import type { ResultOf } from "../../graphql";
import { AllocateOrderMutation, CancelOrderMutation, OrderDetailQuery, SubmitOrderMutation } from "./orderQueries";

type Order = NonNullable<ResultOf<typeof OrderDetailQuery>["salesOrder"]>;

const CANCELLABLE = ["DRAFT", "PENDING_APPROVAL", "APPROVED", "ALLOCATED"];

/** The next steps the signed-in user may take on an order. */
export function OrderActions({ order, onChanged }: { order: Order; onChanged: () => void }) {
  const { hasRole, session } = useAuth();
  const submit = useAction(SubmitOrderMutation);
  const allocate = useAction(AllocateOrderMutation);
  const cancel = useAction(CancelOrderMutation);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState("");

  const pendingFor = (order.approvals ?? [])
    .filter((a) => a.status === "PENDING")
    .map((a) => a.requiredRole as string);
  const mayDecide = pendingFor.length > 0 && hasRole(...pendingFor);
  const sales = hasRole("SALES", "SALES_MANAGER");
  const warehouse = hasRole("WAREHOUSE");

  const buttons = [];
  if (order.status === "DRAFT" && sales)
    buttons.push(
      <button
        key="submit"
        type="button"
        className="primary"
        disabled={submit.busy}
        onClick={async () => (await submit.run({ orderId: order.id })) && onChanged()}
      >
        Submit for approval
      </button>,
    );
  if (order.status === "APPROVED" && warehouse)
    buttons.push(
      <button
        key="allocate"
        type="button"
        className="primary"
        disabled={allocate.busy}
        onClick={async () => (await allocate.run({ orderId: order.id })) && onChanged()}
      >
        {allocate.busy ? "Allocating…" : "Allocate stock"}
      </button>,
    );
  if ((order.status === "ALLOCATED" || order.status === "PARTIALLY_SHIPPED") && warehouse)
    buttons.push(
      <Link key="ship" className="button primary" to={`/warehouse/orders/${order.number}`}>
        Pick and ship
      </Link>,
    );
  if (CANCELLABLE.includes(order.status) && sales && !cancelling)
    buttons.push(
      <button key="cancel" type="button" onClick={() => setCancelling(true)}>
        Cancel order…
      </button>,
    );

  const messages = [submit, allocate, cancel].flatMap((a) => [
    ...a.userErrors.map((e) => e.message),
    ...(a.failure ? [a.failure] : []),
  ]);

  if (!buttons.length && !mayDecide && !cancelling && !messages.length) return null;
  return (
    <div className="card action-bar" aria-label="Order actions">
      {mayDecide && (
        <div>
          <p>
            This order waits for your decision ({pendingFor.join(", ").toLowerCase().replace(/_/g, " ")}). Signed in
            as {session?.username}.
          </p>
          <ApprovalDecision orderId={order.id} orderNumber={order.number} onDecided={onChanged} />
        </div>
      )}
      {buttons.length > 0 && <div className="actions">{buttons}</div>}
      {cancelling && (
        <form
          className="inline-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await cancel.run({ orderId: order.id, reason: reason.trim() })) {
              setCancelling(false);
              onChanged();
            }
          }}
        >
          <TextField label="Reason for cancelling" required value={reason} onChange={(e) => setReason(e.target.value)} />
          <div className="actions">
            <button type="button" onClick={() => setCancelling(false)}>
              Keep order
            </button>
            <button type="submit" className="danger" disabled={cancel.busy || !reason.trim()}>
              Cancel order
            </button>
          </div>
        </form>
      )}
      <FormErrors messages={messages} />
    </div>
  );
}
