import { useState } from "react";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { ErrorState, Loading } from "../../components/States";
import { graphql } from "../../graphql";
import { humanize } from "../../lib/format";

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

function describe(c: Rule["conditions"]): string {
  const parts = [
    c.minOrderTotal != null && `total ≥ ${c.minOrderTotal}`,
    c.discountAbovePercent != null && `discount > ${c.discountAbovePercent} %`,
    c.deviceClasses?.length && `class ${c.deviceClasses.join("/")}`,
    c.customerRegions?.length && `region ${c.customerRegions.join(", ")}`,
    c.exceedsCreditLimit && "over the credit limit",
  ].filter(Boolean);
  return parts.join(" and ");
}

const list = (text: string) => text.split(",").map((s) => s.trim()).filter(Boolean);

/** Approval rules as data (ADMIN): conditions that must all hold, levels decided in order. */
export default function ApprovalRules() {
  const [{ data, error }, refetch] = useQuery({ query: RulesQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const create = useAction(CreateRuleMutation);
  const update = useAction(UpdateRuleMutation);
  const [form, setForm] = useState({ code: "", description: "", minTotal: "", discount: "", classes: "", regions: "", credit: false, levels: "" });
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label="Loading rules…" />;
  const messages = [create, update].flatMap((a) => [...a.userErrors.map((e) => e.message), ...(a.failure ? [a.failure] : [])]);
  return (
    <section aria-labelledby="rules-title">
      <h1 id="rules-title">Approval rules</h1>
      <Section title="Rules">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">When</th>
              <th scope="col">Levels</th>
              <th scope="col">Active</th>
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
                <td>{describe(r.conditions)}</td>
                <td>
                  {r.levels.map((l) => (
                    <div key={l.level}>
                      Level {l.level}: {l.requiredRoles.map(humanize).join(" + ")}
                    </div>
                  ))}
                </td>
                <td>{r.active ? "Yes" : "No"}</td>
                <td>
                  <button type="button" onClick={async () => (await update.run({ input: { ruleId: r.id, active: !r.active } })) && reload()}>
                    {r.active ? "Deactivate" : "Activate"}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="New rule">
        <form
          className="inline-form"
          aria-label="New rule"
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
          <TextField label="Code" value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} />
          <TextField label="Description" value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
          <TextField label="Order total at least" value={form.minTotal} onChange={(e) => setForm({ ...form, minTotal: e.target.value })} />
          <TextField label="Discount above %" value={form.discount} onChange={(e) => setForm({ ...form, discount: e.target.value })} />
          <TextField label="Device classes (comma separated)" value={form.classes} onChange={(e) => setForm({ ...form, classes: e.target.value })} />
          <TextField label="Regions (comma separated)" value={form.regions} onChange={(e) => setForm({ ...form, regions: e.target.value })} />
          <label>
            <input type="checkbox" checked={form.credit} onChange={(e) => setForm({ ...form, credit: e.target.checked })} /> Over the
            credit limit
          </label>
          <TextField
            label="Levels (roles by comma, levels by semicolon)"
            hint="e.g. SALES_MANAGER; FINANCE, QA_MANAGER"
            value={form.levels}
            onChange={(e) => setForm({ ...form, levels: e.target.value })}
          />
          <button type="submit" className="primary" disabled={create.busy}>
            Add rule
          </button>
        </form>
      </Section>
      <FormErrors messages={messages} />
    </section>
  );
}
