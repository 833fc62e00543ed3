import { useState } from "react";
import { useAction } from "../../api/useAction";
import { useAuth } from "../../auth/AuthProvider";
import { TextField } from "../../components/Field";
import { SignatureDialog } from "../../components/SignatureDialog";
import { DecidePurchaseApprovalMutation } from "./requisitionQueries";

const MEANINGS = {
  approve: ["Purchase approved: need and budget checked"],
  reject: ["Purchase rejected"],
};

/** Approve or reject a requisition or purchase order waiting for approval, e-signed. */
export function PurchaseDecision({ documentId, label, onDecided }: { documentId: string; label: string; onDecided: () => void }) {
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
      <button type="button" className="primary" onClick={() => setDecision("approve")} aria-label={`Approve ${label}`}>
        Approve
      </button>{" "}
      <button type="button" className="danger" onClick={() => setDecision("reject")} aria-label={`Reject ${label}`}>
        Reject
      </button>
      {decision && (
        <SignatureDialog
          title={`${decision === "approve" ? "Approve" : "Reject"} ${label}`}
          signer={session?.username ?? ""}
          meanings={MEANINGS[decision]}
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
          <TextField label={decision === "reject" ? "Comment" : "Comment (optional)"} value={comment} onChange={(e) => setComment(e.target.value)} />
        </SignatureDialog>
      )}
    </>
  );
}
