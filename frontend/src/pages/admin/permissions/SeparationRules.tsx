import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
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
  const { t } = useTranslation(["admin", "common"]);
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
    <Section title={t("separation.title")}>
      <table className="data" aria-label={t("separation.rules")}>
        <thead>
          <tr>
            <th scope="col">{t("common:field.code")}</th>
            <th scope="col">{t("separation.nobodyBoth")}</th>
            <th scope="col">{t("separation.active")}</th>
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
                <Trans t={t} i18nKey="separation.pair" values={{ first: r.firstPermission, second: r.secondPermission }}
                  components={{ code: <code /> }} />
              </td>
              <td>{r.active ? t("common:state.yes") : t("common:state.no")}</td>
              <td>
                <button
                  type="button"
                  aria-label={t(r.active ? "separation.deactivateNamed" : "separation.activateNamed", { code: r.code })}
                  onClick={async () => (await update.run({ input: { ruleId: r.id, active: !r.active } })) && onChanged()}
                >
                  {r.active ? t("separation.deactivate") : t("separation.activate")}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="inline-form"
        aria-label={t("separation.new")}
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
        <TextField label={t("separation.ruleCode")} value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} />
        <TextField label={t("separation.ruleDescription")} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
        <SelectField label={t("separation.first")} value={form.first} onChange={(e) => setForm({ ...form, first: e.target.value })}>
          <option value="">{t("separation.choose")}</option>
          {options}
        </SelectField>
        <SelectField label={t("separation.second")} value={form.second} onChange={(e) => setForm({ ...form, second: e.target.value })}>
          <option value="">{t("separation.choose")}</option>
          {options}
        </SelectField>
        <button type="submit" className="primary" disabled={create.busy}>
          {t("separation.add")}
        </button>
      </form>
      <FormErrors messages={messages} />
    </Section>
  );
}
