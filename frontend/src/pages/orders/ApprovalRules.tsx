import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { ErrorState, Loading } from "../../components/States";
import { graphql } from "../../graphql";
import { enumLabel } from "../../i18n/enumLabel";

const RulesQuery = graphql(`
  query OrderApprovalRules {
    orderApprovalRules(includeInactive: true) {
      id
      code
      description
      active
      conditions {
        minOrderTotal
        discountAbovePercent
        deviceClasses
        customerRegions
        exceedsCreditLimit
      }
      levels {
        level
        requiredRoles
      }
    }
  }
`);

const CreateRuleMutation = graphql(`
  mutation CreateOrderApprovalRule($input: CreateOrderApprovalRuleInput!) {
    createOrderApprovalRule(input: $input) {
      rule { id code }
      userErrors { field message code }
    }
  }
`);

const UpdateRuleMutation = graphql(`
  mutation UpdateOrderApprovalRule($input: UpdateOrderApprovalRuleInput!) {
    updateOrderApprovalRule(input: $input) {
      rule { id active }
      userErrors { field message code }
    }
  }
`);

type Rule = NonNullable<ReturnType<typeof useRules>>[number];
function useRules() {
  const [{ data }] = useQuery({ query: RulesQuery });
  return data?.orderApprovalRules;
}

function describe(t: TFunction<"orders">, c: Rule["conditions"]): string {
  const parts = [
    c.minOrderTotal != null && t("rules.condition.minTotal", { total: c.minOrderTotal }),
    c.discountAbovePercent != null && t("rules.condition.discountAbove", { percent: c.discountAbovePercent }),
    c.deviceClasses?.length && t("rules.condition.deviceClasses", { classes: c.deviceClasses.join("/") }),
    c.customerRegions?.length && t("rules.condition.regions", { regions: c.customerRegions.join(", ") }),
    c.exceedsCreditLimit && t("rules.condition.overCreditLimit"),
  ].filter(Boolean);
  return parts.join(t("rules.condition.and"));
}

const list = (text: string) => text.split(",").map((s) => s.trim()).filter(Boolean);

/** Approval rules as data (ADMIN): conditions that must all hold, levels decided in order. */
export default function ApprovalRules() {
  const { t } = useTranslation(["orders", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: RulesQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const create = useAction(CreateRuleMutation);
  const update = useAction(UpdateRuleMutation);
  const [form, setForm] = useState({ code: "", description: "", minTotal: "", discount: "", classes: "", regions: "", credit: false, levels: "" });
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("rules.loading")} />;
  const messages = [create, update].flatMap((a) => [...a.userErrors.map((e) => e.message), ...(a.failure ? [a.failure] : [])]);
  return (
    <section aria-labelledby="rules-title">
      <h1 id="rules-title">{t("rules.title")}</h1>
      <Section title={t("rules.rules")}>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t("rules.code")}</th>
              <th scope="col">{t("rules.when")}</th>
              <th scope="col">{t("rules.levels")}</th>
              <th scope="col">{t("rules.active")}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {data.orderApprovalRules.map((r) => (
              <tr key={r.id}>
                <td>
                  <strong>{r.code}</strong>
                  <div className="muted">{r.description}</div>
                </td>
                <td>{describe(t, r.conditions)}</td>
                <td>
                  {r.levels.map((l) => (
                    <div key={l.level}>
                      {t("rules.level", { level: l.level, roles: l.requiredRoles.map(enumLabel).join(" + ") })}
                    </div>
                  ))}
                </td>
                <td>{r.active ? t("common:state.yes") : t("common:state.no")}</td>
                <td>
                  <button type="button" onClick={async () => (await update.run({ input: { ruleId: r.id, active: !r.active } })) && reload()}>
                    {r.active ? t("rules.deactivate") : t("rules.activate")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title={t("rules.newRule")}>
        <form
          className="inline-form"
          aria-label={t("rules.newRule")}
          onSubmit={async (e) => {
            e.preventDefault();
            const made = await create.run({
              input: {
                code: form.code,
                description: form.description,
                conditions: {
                  minOrderTotal: form.minTotal || null,
                  discountAbovePercent: form.discount || null,
                  deviceClasses: list(form.classes).length ? (list(form.classes) as never) : null,
                  customerRegions: list(form.regions).length ? list(form.regions) : null,
                  exceedsCreditLimit: form.credit || null,
                },
                levels: form.levels
                  .split(";")
                  .map((level) => ({ requiredRoles: list(level) as never }))
                  .filter((l) => (l.requiredRoles as string[]).length),
                idempotencyKey: crypto.randomUUID(),
              },
            });
            if (made) reload();
          }}
        >
          <TextField label={t("rules.code")} value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} />
          <TextField label={t("rules.description")} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
          <TextField label={t("rules.minTotal")} value={form.minTotal} onChange={(e) => setForm({ ...form, minTotal: e.target.value })} />
          <TextField label={t("rules.discountAbove")} value={form.discount} onChange={(e) => setForm({ ...form, discount: e.target.value })} />
          <TextField label={t("rules.deviceClasses")} value={form.classes} onChange={(e) => setForm({ ...form, classes: e.target.value })} />
          <TextField label={t("rules.regions")} value={form.regions} onChange={(e) => setForm({ ...form, regions: e.target.value })} />
          <label>
            <input type="checkbox" checked={form.credit} onChange={(e) => setForm({ ...form, credit: e.target.checked })} />{" "}
            {t("rules.overCreditLimit")}
          </label>
          <TextField
            label={t("rules.levelsInput")}
            hint={t("rules.levelsHint")}
            value={form.levels}
            onChange={(e) => setForm({ ...form, levels: e.target.value })}
          />
          <button type="submit" className="primary" disabled={create.busy}>
            {t("rules.addRule")}
          </button>
        </form>
      </Section>
      <FormErrors messages={messages} />
    </section>
  );
}
