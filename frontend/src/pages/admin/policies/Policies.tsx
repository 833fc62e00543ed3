import { useState } from "react";
import { useQuery } from "urql";
import { useAction } from "../../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../../components/Field";
import { Section } from "../../../components/Section";
import { ErrorState, Loading } from "../../../components/States";
import { errorAt } from "../../../lib/errors";
import { formatDateTime } from "../../../lib/format";
import { Dialog } from "../../finance/Dialog";
import { EffectiveLookup } from "./EffectiveLookup";
import {
  DEVICE_CLASSES,
  DeactivatePolicyMutation,
  KINDS,
  PoliciesQuery,
  SetPolicyMutation,
  describeKeys,
  kindLabel,
} from "./policyQueries";

const EMPTY = { kind: "MIN_SHELF_LIFE_DAYS", productLine: "", deviceClass: "", region: "", value: "", description: "" };
type Target = { id: string; label: string };

/** Configuration policies (config.edit): values keyed by product line, device class and region. */
export default function Policies() {
  const [{ data, error }, refetch] = useQuery({ query: PoliciesQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const save = useAction(SetPolicyMutation);
  const deactivate = useAction(DeactivatePolicyMutation);
  const [form, setForm] = useState(EMPTY);
  const [target, setTarget] = useState<Target | null>(null);
  const [reason, setReason] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label="Loading policies…" />;
  const field = (name: string) => errorAt(save.userErrors, "input", name);
  const placed = new Set(["kind", "productLine", "deviceClass", "region", "value", "description"]);
  const messages = [
    ...save.userErrors.filter((e) => !(e.field && placed.has(String(e.field[1])))).map((e) => e.message),
    ...(save.failure ? [save.failure] : []),
  ];
  const set = (name: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });

  return (
    <section aria-labelledby="policies-title">
      <h1 id="policies-title">Policies</h1>
      <Section title="Policy records">
        <table className="data" aria-label="Policies">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Applies to</th>
              <th scope="col">Value</th>
              <th scope="col">Active</th>
              <th scope="col">Updated by</th>
              <th scope="col">Updated</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {data.configPolicies.map((p) => (
              <tr key={p.id}>
                <td>
                  {kindLabel(p.kind)}
                  {p.description && <div className="muted">{p.description}</div>}
                </td>
                <td>{describeKeys(p)}</td>
                <td>{p.value}</td>
                <td>{p.active ? "Yes" : "No"}</td>
                <td>{p.updatedBy?.displayName ?? "System"}</td>
                <td>{formatDateTime(p.updatedAt)}</td>
                <td>
                  {p.active && (
                    <button
                      type="button"
                      onClick={() => {
                        setReason("");
                        setTarget({ id: p.id, label: `${kindLabel(p.kind)} for ${describeKeys(p)}` });
                      }}
                    >
                      Deactivate…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {data.configPolicies.length === 0 && <p className="muted">No policies yet: the built-in defaults apply.</p>}
      </Section>
      <Section title="Set a policy">
        <p className="muted">Empty keys match any sale. The most specific active policy wins; setting the same keys again replaces its value.</p>
        <form
          className="inline-form"
          aria-label="Set a policy"
          onSubmit={async (e) => {
            e.preventDefault();
            setSaved(null);
            const made = await save.run({
              input: {
                kind: form.kind as never,
                productLine: form.productLine || null,
                deviceClass: (form.deviceClass || null) as never,
                region: form.region || null,
                value: form.value,
                description: form.description || null,
              },
            });
            if (made) {
              setSaved(`Saved: ${kindLabel(form.kind)} = ${made.policy?.value ?? form.value}`);
              setForm(EMPTY);
              reload();
            }
          }}
        >
          <SelectField label="Kind" value={form.kind} onChange={set("kind")} error={field("kind")}>
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </SelectField>
          <TextField label="Product line" value={form.productLine} onChange={set("productLine")} error={field("productLine")} />
          <SelectField label="Device class" value={form.deviceClass} onChange={set("deviceClass")} error={field("deviceClass")}>
            <option value="">Any</option>
            {DEVICE_CLASSES.map((c) => (
              <option key={c} value={c}>
                Class {c}
              </option>
            ))}
          </SelectField>
          <TextField label="Region" value={form.region} onChange={set("region")} error={field("region")} />
          <TextField
            label="Value"
            value={form.value}
            onChange={set("value")}
            error={field("value")}
            hint={form.kind === "IMPLANT_CARD" ? '"true" or "false"' : "Whole days, 0 or more"}
          />
          <TextField label="Description" value={form.description} onChange={set("description")} error={field("description")} />
          <button type="submit" className="primary" disabled={save.busy}>
            Save policy
          </button>
        </form>
        {saved && <p role="status">{saved}</p>}
        <FormErrors messages={messages} />
      </Section>
      <EffectiveLookup />
      {target && (
        <Dialog title={`Deactivate ${target.label}`} onClose={() => setTarget(null)}>
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              if (await deactivate.run({ id: target.id, reason })) {
                setTarget(null);
                reload();
              }
            }}
          >
            <TextField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} required />
            <button type="submit" className="primary" disabled={deactivate.busy}>
              Deactivate
            </button>
            <FormErrors messages={[...deactivate.userErrors.map((e) => e.message), ...(deactivate.failure ? [deactivate.failure] : [])]} />
          </form>
        </Dialog>
      )}
    </section>
  );
}
