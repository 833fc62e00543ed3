import { useState } from "react";
import { useAction } from "../api/useAction";
import { useAuth } from "../auth/AuthProvider";
import { DecideApprovalMutation } from "../pages/orders/orderQueries";
import { TextField } from "./Field";
import { SignatureDialog } from "./SignatureDialog";

const MEANINGS = {
  approve: ["Approved: terms reviewed and accepted", "Approved under the annual volume agreement"],
  reject: ["Rejected: terms not acceptable"],
};

/** Approve or reject an order's pending approval, e-signed; shows the decisions the server offers. */
export function ApprovalDecision({
  orderId,
  orderNumber,
  approve = true,
  reject = true,
  onDecided,
}: {
  orderId: string;
  orderNumber: string;
  approve?: boolean;
  reject?: boolean;
  onDecided?: () => void;
}) {
  const { session } = useAuth();
  const [decision, setDecision] = useState<"approve" | "reject" | null>(null);
  const [comment, setComment] = useState("");
  const action = useAction(DecideApprovalMutation);

  const close = () => {
    setDecision(null);
    action.reset();
  };

  return (
    <>
      <div className="actions">
        {approve && (
          <button type="button" className="primary" onClick={() => setDecision("approve")}>
            Approve
          </button>
        )}
        {reject && (
          <button type="button" className="danger" onClick={() => setDecision("reject")}>
            Reject
          </button>
        )}
      </div>
      {decision && (
        <SignatureDialog
          title={`${decision === "approve" ? "Approve" : "Reject"} order ${orderNumber}`}
          signer={session?.username ?? ""}
          meanings={MEANINGS[decision]}
          busy={action.busy}
          errors={action.userErrors}
          failure={action.failure}
          onCancel={close}
          onSign={async (signature) => {
            const result = await action.run({
              input: { orderId, approve: decision === "approve", signature, comment: comment.trim() || null },
            });
            if (result) {
              setDecision(null);
              onDecided?.();
            }
          }}
        >
          <TextField label="Comment (optional)" value={comment} onChange={(e) => setComment(e.target.value)} />
        </SignatureDialog>
      )}
    </>
  );
}
