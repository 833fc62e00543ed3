import { useState, type FormEvent } from "react";
import { useAction } from "../../../api/useAction";
import { FormErrors, TextField } from "../../../components/Field";
import { errorAt } from "../../../lib/errors";
import { Dialog } from "../../finance/Dialog";
import { DeactivateUserMutation, ResetUserPasswordMutation } from "./userQueries";

type Target = { id: string; username: string };

/** Deactivate…: the reason goes to the audit trail. */
export function DeactivateDialog({ user, onClose, onDone }: { user: Target; onClose: () => void; onDone: () => void }) {
  const deactivate = useAction(DeactivateUserMutation);
  const [reason, setReason] = useState("");
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await deactivate.run({ input: { userId: user.id, reason } })) onDone();
  };
  const unplaced = deactivate.userErrors.filter((e) => e.field?.[1] !== "reason").map((e) => e.message);
  return (
    <Dialog title={`Deactivate ${user.username}`} onClose={onClose}>
      <form onSubmit={submit}>
        <p className="muted">The user can no longer sign in, and their open sessions end.</p>
        <TextField
          label="Reason"
          value={reason}
          required
          autoFocus
          onChange={(e) => setReason(e.target.value)}
          error={errorAt(deactivate.userErrors, "input", "reason")}
        />
        <FormErrors messages={[...unplaced, ...(deactivate.failure ? [deactivate.failure] : [])]} />
        <div className="actions">
          <button type="submit" className="danger" disabled={deactivate.busy}>
            Deactivate
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Reset password…: a new temporary password; it also unlocks the account. */
export function ResetPasswordDialog({ user, onClose, onDone }: { user: Target; onClose: () => void; onDone: () => void }) {
  const reset = useAction(ResetUserPasswordMutation);
  const [password, setPassword] = useState("");
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await reset.run({ input: { userId: user.id, password } })) onDone();
  };
  const unplaced = reset.userErrors.filter((e) => e.field?.[1] !== "password").map((e) => e.message);
  return (
    <Dialog title={`Reset the password of ${user.username}`} onClose={onClose}>
      <form onSubmit={submit}>
        <p className="muted">The user chooses their own password at the next sign-in; a locked account is unlocked.</p>
        <TextField
          label="Temporary password"
          type="password"
          autoComplete="new-password"
          value={password}
          required
          autoFocus
          onChange={(e) => setPassword(e.target.value)}
          error={errorAt(reset.userErrors, "input", "password")}
        />
        <FormErrors messages={[...unplaced, ...(reset.failure ? [reset.failure] : [])]} />
        <div className="actions">
          <button type="submit" className="primary" disabled={reset.busy}>
            Reset password
          </button>
        </div>
      </form>
    </Dialog>
  );
}
