import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useAction } from "../../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../../components/Field";
import { errorAt } from "../../../lib/errors";
import { CreateUserMutation, ROLES, roleLabel, type RoleName } from "./userQueries";

type Customer = { id: string; code: string; name: string };

const EMPTY = { username: "", displayName: "", email: "", customerId: "", password: "" };

/** New user: a temporary password the user replaces at first sign-in. */
export function NewUserForm({ customers, onCreated }: { customers: Customer[]; onCreated: (username: string) => void }) {
  const { t } = useTranslation(["admin", "common"]);
  const create = useAction(CreateUserMutation);
  const [form, setForm] = useState(EMPTY);
  const [roles, setRoles] = useState<RoleName[]>([]);
  const set = (name: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });
  const at = (field: string) => errorAt(create.userErrors, "input", field);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const made = await create.run({
      input: {
        username: form.username.trim(),
        displayName: form.displayName,
        email: form.email.trim() || null,
        roles,
        customerId: form.customerId || null,
        password: form.password,
        idempotencyKey: crypto.randomUUID(),
      },
    });
    if (made?.user) {
      setForm(EMPTY);
      setRoles([]);
      onCreated(made.user.username);
    }
  };

  const placed = ["username", "displayName", "email", "roles", "customerId", "password"];
  const unplaced = create.userErrors.filter((e) => !placed.includes(e.field?.[1] ?? "")).map((e) => e.message);
  return (
    <form className="new-user-form" aria-label={t("users.newUser")} onSubmit={submit}>
      <div className="inline-form">
        <TextField label={t("users.username")} value={form.username} onChange={set("username")} required autoComplete="off" error={at("username")} />
        <TextField label={t("newUser.displayName")} value={form.displayName} onChange={set("displayName")} required error={at("displayName")} />
        <TextField label={t("newUser.email")} type="email" value={form.email} onChange={set("email")} error={at("email")} />
      </div>
      <fieldset className="role-choices" aria-invalid={at("roles") ? true : undefined}>
        <legend>{t("users.roles")}</legend>
        {ROLES.map((role) => (
          <label key={role}>
            <input
              type="checkbox"
              checked={roles.includes(role)}
              onChange={(e) => setRoles(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role))}
            />{" "}
            {roleLabel(t, role)}
          </label>
        ))}
        {at("roles") && (
          <p className="field-error" role="alert">
            {at("roles")}
          </p>
        )}
      </fieldset>
      <div className="inline-form">
        <SelectField
          label={t("common:field.customer")}
          value={form.customerId}
          onChange={set("customerId")}
          hint={t("newUser.customerHint")}
          error={at("customerId")}
        >
          <option value="">{t("common:state.none")}</option>
          {customers.map((c) => (
            <option key={c.id} value={c.id}>
              {t("effective.option", { code: c.code, name: c.name })}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t("newUser.temporaryPassword")}
          type="password"
          autoComplete="new-password"
          value={form.password}
          onChange={set("password")}
          required
          error={at("password")}
        />
        <button type="submit" className="primary" disabled={create.busy}>
          {t("newUser.create")}
        </button>
      </div>
      <FormErrors messages={[...unplaced, ...(create.failure ? [create.failure] : [])]} />
    </form>
  );
}
