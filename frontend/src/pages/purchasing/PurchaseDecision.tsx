import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAction } from "../../api/useAction";
import { useAuth } from "../../auth/AuthProvider";
import { TextField } from "../../components/Field";
import { SignatureDialog } from "../../components/SignatureDialog";
import { DecidePurchaseApprovalMutation } from "./requisitionQueries";

const MEANINGS = {
  approve: "decision.meaningApprove",
  reject: "decision.meaningReject",
} as const;

/** Approve or reject a requisition or purchase order waiting for approval, e-signed. */
export function PurchaseDecision({ documentId, label, onDecided }: { documentId: string; label: string; onDecided: () => void }) {
  const { t } = useTranslation("purchasing");
  const { session } = useAuth();
  const [decision, setDecision] = useState<"approve" | "reject" | null>(null);
  const [comment, setComment] = useState("");
  const action = useAction(DecidePurchaseApprovalMutation);
  const close = () => {
    setDecision(null);
    action.reset();
  };
  return (
    <>
      <button type="button" className="primary" onClick={() => setDecision("approve")} aria-label={t("decision.approveWhat", { what: label })}>
        {t("field.approve")}
      </button>{" "}
      <button type="button" className="danger" onClick={() => setDecision("reject")} aria-label={t("decision.rejectWhat", { what: label })}>
        {t("field.reject")}
      </button>
      {decision && (
        <SignatureDialog
          title={t(decision === "approve" ? "decision.approveWhat" : "decision.rejectWhat", { what: label })}
          signer={session?.username ?? ""}
          meanings={[t(MEANINGS[decision])]}
          busy={action.busy}
          errors={action.userErrors}
          failure={action.failure}
          onCancel={close}
          onSign={async (signature) => {
            const done = await action.run({
              input: { documentId, approve: decision === "approve", signature, comment: comment.trim() || null },
            });
            if (done) {
              setDecision(null);
              onDecided();
            }
          }}
        >
          <TextField label={t(decision === "reject" ? "decision.comment" : "decision.commentOptional")} value={comment} onChange={(e) => setComment(e.target.value)} />
        </SignatureDialog>
      )}
    </>
  );
}
