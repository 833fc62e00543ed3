import { useState } from "react";
import { useAction } from "../../../api/useAction";
import { FormErrors, TextField } from "../../../components/Field";
import { Section } from "../../../components/Section";
import { humanize } from "../../../lib/format";
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
    <Section title={`Permissions of ${humanize(role)}`}>
      <form
        aria-label={`Permissions of ${humanize(role)}`}
        onSubmit={async (e) => {
          e.preventDefault();
          const permissions = catalogue.map((p) => p.code).filter((code) => chosen.has(code));
          const saved = await save.run({ input: { role: role as never, permissions, reason: reason || null } });
          if (saved) onSaved();
        }}
      >
        <fieldset className="permission-grid">
          <legend>Permission codes</legend>
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
        {admin && <p className="muted">Business codes are never ADMIN&apos;s: an administrator acts in the business only through another role.</p>}
        <TextField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        <button type="submit" className="primary" disabled={save.busy}>
          Save permissions
        </button>{" "}
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <FormErrors messages={messages} />
      </form>
    </Section>
  );
}
