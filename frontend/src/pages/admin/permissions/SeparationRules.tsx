import { useState } from "react";
import { useAction } from "../../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../../components/Field";
import { Section } from "../../../components/Section";
import { CreateSeparationRuleMutation, UpdateSeparationRuleMutation } from "./permissionQueries";
import type { PermissionInfo } from "./RoleEditor";

type Rule = {
  id: string;
  code: string;
  description: string;
  firstPermission: string;
  secondPermission: string;
  active: boolean;
};

const EMPTY = { code: "", description: "", first: "", second: "" };

/** Separation of duties: nobody performs both permissions of an active rule on one order or lot. */
export function SeparationRules({
  rules,
  catalogue,
  onChanged,
}: {
  rules: readonly Rule[];
  catalogue: readonly PermissionInfo[];
  onChanged: () => void;
}) {
  const create = useAction(CreateSeparationRuleMutation);
  const update = useAction(UpdateSeparationRuleMutation);
  const [form, setForm] = useState(EMPTY);
  const messages = [create, update].flatMap((a) => [...a.userErrors.map((e) => e.message), ...(a.failure ? [a.failure] : [])]);
  const options = catalogue.map((p) => (
    <option key={p.code} value={p.code}>
      {p.code}
    </option>
  ));
  return (
    <Section title="Separation of duties">
      <table className="data" aria-label="Separation of duties rules">
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Nobody does both</th>
            <th scope="col">Active</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <tr key={r.id}>
              <td>
                <strong>{r.code}</strong>
                <div className="muted">{r.description}</div>
              </td>
              <td>
                <code>{r.firstPermission}</code> and <code>{r.secondPermission}</code>
              </td>
              <td>{r.active ? "Yes" : "No"}</td>
              <td>
                <button
                  type="button"
                  aria-label={`${r.active ? "Deactivate" : "Activate"} ${r.code}`}
                  onClick={async () => (await update.run({ input: { ruleId: r.id, active: !r.active } })) && onChanged()}
                >
                  {r.active ? "Deactivate" : "Activate"}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="inline-form"
        aria-label="New separation rule"
        onSubmit={async (e) => {
          e.preventDefault();
          const made = await create.run({
            input: {
              code: form.code,
              description: form.description,
              firstPermission: form.first,
              secondPermission: form.second,
              idempotencyKey: crypto.randomUUID(),
            },
          });
          if (made) {
            setForm(EMPTY);
            onChanged();
          }
        }}
      >
        <TextField label="Rule code" value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} />
        <TextField label="Rule description" value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
        <SelectField label="First permission" value={form.first} onChange={(e) => setForm({ ...form, first: e.target.value })}>
          <option value="">Choose…</option>
          {options}
        </SelectField>
        <SelectField label="Second permission" value={form.second} onChange={(e) => setForm({ ...form, second: e.target.value })}>
          <option value="">Choose…</option>
          {options}
        </SelectField>
        <button type="submit" className="primary" disabled={create.busy}>
          Add rule
        </button>
      </form>
      <FormErrors messages={messages} />
    </Section>
  );
}
