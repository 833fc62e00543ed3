import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useAction } from "../../../api/useAction";
import { FormErrors, TextField } from "../../../components/Field";
import { errorAt } from "../../../lib/errors";
import { Dialog } from "../../finance/Dialog";
import { DeactivateUserMutation, ResetUserPasswordMutation } from "./userQueries";

type Target = { id: string; username: string };

/** Deactivate…: the reason goes to the audit trail. */
export function DeactivateDialog({ user, onClose, onDone }: { user: Target; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation(["admin", "common"]);
  const deactivate = useAction(DeactivateUserMutation);
  const [reason, setReason] = useState("");
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await deactivate.run({ input: { userId: user.id, reason } })) onDone();
  };
  const unplaced = deactivate.userErrors.filter((e) => e.field?.[1] !== "reason").map((e) => e.message);
  return (
    <Dialog title={t("userDialogs.deactivateTitle", { username: user.username })} onClose={onClose}>
      <form onSubmit={submit}>
        <p className="muted">{t("userDialogs.deactivateHelp")}</p>
        <TextField
          label={t("common:field.reason")}
          value={reason}
          required
          autoFocus
          onChange={(e) => setReason(e.target.value)}
          error={errorAt(deactivate.userErrors, "input", "reason")}
        />
        <FormErrors messages={[...unplaced, ...(deactivate.failure ? [deactivate.failure] : [])]} />
        <div className="actions">
          <button type="submit" className="danger" disabled={deactivate.busy}>
            {t("userDialogs.deactivate")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Reset password…: a new temporary password; it also unlocks the account. */
export function ResetPasswordDialog({ user, onClose, onDone }: { user: Target; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation(["admin", "common"]);
  const reset = useAction(ResetUserPasswordMutation);
  const [password, setPassword] = useState("");
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await reset.run({ input: { userId: user.id, password } })) onDone();
  };
  const unplaced = reset.userErrors.filter((e) => e.field?.[1] !== "password").map((e) => e.message);
  return (
    <Dialog title={t("userDialogs.resetTitle", { username: user.username })} onClose={onClose}>
      <form onSubmit={submit}>
        <p className="muted">{t("userDialogs.resetHelp")}</p>
        <TextField
          label={t("newUser.temporaryPassword")}
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
            {t("userDialogs.reset")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
