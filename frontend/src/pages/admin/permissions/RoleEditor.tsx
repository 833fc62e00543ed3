import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAction } from "../../../api/useAction";
import { FormErrors, TextField } from "../../../components/Field";
import { Section } from "../../../components/Section";
import { enumLabel } from "../../../i18n/enumLabel";
import { SetRolePermissionsMutation } from "./permissionQueries";

export type PermissionInfo = { code: string; description: string; business: boolean };

/** Checkboxes per code for one role; ADMIN may hold no business code, so those are disabled. */
export function RoleEditor({
  role,
  held,
  catalogue,
  onSaved,
  onCancel,
}: {
  role: string;
  held: readonly string[];
  catalogue: readonly PermissionInfo[];
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation(["admin", "common"]);
  const [chosen, setChosen] = useState(() => new Set(held));
  const [reason, setReason] = useState("");
  const save = useAction(SetRolePermissionsMutation);
  const admin = role === "ADMIN";
  const toggle = (code: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(code);
    else next.delete(code);
    setChosen(next);
  };
  const messages = [...save.userErrors.map((e) => e.message), ...(save.failure ? [save.failure] : [])];
  return (
    <Section title={t("roles.permissionsOf", { role: enumLabel(role) })}>
      <form
        aria-label={t("roles.permissionsOf", { role: enumLabel(role) })}
        onSubmit={async (e) => {
          e.preventDefault();
          const permissions = catalogue.map((p) => p.code).filter((code) => chosen.has(code));
          const saved = await save.run({ input: { role: role as never, permissions, reason: reason || null } });
          if (saved) onSaved();
        }}
      >
        <fieldset className="permission-grid">
          <legend>{t("roles.codes")}</legend>
          {catalogue.map((p) => (
            <label key={p.code} title={p.description}>
              <input
                type="checkbox"
                checked={chosen.has(p.code)}
                disabled={admin && p.business}
                onChange={(e) => toggle(p.code, e.target.checked)}
              />{" "}
              <code>{p.code}</code> <span className="muted">{p.description}</span>
            </label>
          ))}
        </fieldset>
        {admin && <p className="muted">{t("roles.adminNote")}</p>}
        <TextField label={t("common:field.reason")} value={reason} onChange={(e) => setReason(e.target.value)} />
        <button type="submit" className="primary" disabled={save.busy}>
          {t("roles.save")}
        </button>{" "}
        <button type="button" onClick={onCancel}>
          {t("common:action.cancel")}
        </button>
        <FormErrors messages={messages} />
      </form>
    </Section>
  );
}
