import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAction } from "../api/useAction";
import { useAuth } from "../auth/AuthProvider";
import { DecideApprovalMutation } from "../pages/orders/orderQueries";
import { TextField } from "./Field";
import { SignatureDialog } from "./SignatureDialog";

const MEANINGS = {
  approve: ["approval.meaning.approveReviewed", "approval.meaning.approveAgreement"],
  reject: ["approval.meaning.rejectTerms"],
} as const;

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
  const { t } = useTranslation("components");
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
            {t("approval.approve")}
          </button>
        )}
        {reject && (
          <button type="button" className="danger" onClick={() => setDecision("reject")}>
            {t("approval.reject")}
          </button>
        )}
      </div>
      {decision && (
        <SignatureDialog
          title={t(decision === "approve" ? "approval.approveTitle" : "approval.rejectTitle", { number: orderNumber })}
          signer={session?.username ?? ""}
          meanings={MEANINGS[decision].map((key) => t(key))}
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
          <TextField label={t("approval.comment")} value={comment} onChange={(e) => setComment(e.target.value)} />
        </SignatureDialog>
      )}
    </>
  );
}
