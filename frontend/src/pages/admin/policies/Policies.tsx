import { useState } from "react";
import { useTranslation } from "react-i18next";
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
  const { t } = useTranslation(["admin", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: PoliciesQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const save = useAction(SetPolicyMutation);
  const deactivate = useAction(DeactivatePolicyMutation);
  const [form, setForm] = useState(EMPTY);
  const [target, setTarget] = useState<Target | null>(null);
  const [reason, setReason] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("policies.loading")} />;
  const field = (name: string) => errorAt(save.userErrors, "input", name);
  const placed = new Set(["kind", "productLine", "deviceClass", "region", "value", "description"]);
  const messages = [
    ...save.userErrors.filter((e) => !(e.field && placed.has(String(e.field[1])))).map((e) => e.message),
    ...(save.failure ? [save.failure] : []),
  ];
  const set = (name: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });

  return (
    <section aria-labelledby="policies-title">
      <h1 id="policies-title">{t("policies.title")}</h1>
      <Section title={t("policies.records")}>
        <table className="data" aria-label={t("policies.title")}>
          <thead>
            <tr>
              <th scope="col">{t("policies.kind")}</th>
              <th scope="col">{t("policies.appliesTo")}</th>
              <th scope="col">{t("policies.value")}</th>
              <th scope="col">{t("policies.active")}</th>
              <th scope="col">{t("policies.updatedBy")}</th>
              <th scope="col">{t("policies.updated")}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {data.configPolicies.map((p) => (
              <tr key={p.id}>
                <td>
                  {kindLabel(t, p.kind)}
                  {p.description && <div className="muted">{p.description}</div>}
                </td>
                <td>{describeKeys(t, p)}</td>
                <td>{p.value}</td>
                <td>{p.active ? t("common:state.yes") : t("common:state.no")}</td>
                <td>{p.updatedBy?.displayName ?? t("policies.system")}</td>
                <td>{formatDateTime(p.updatedAt)}</td>
                <td>
                  {p.active && (
                    <button
                      type="button"
                      onClick={() => {
                        setReason("");
                        setTarget({ id: p.id, label: t("policies.target", { kind: kindLabel(t, p.kind), keys: describeKeys(t, p) }) });
                      }}
                    >
                      {t("policies.deactivateEllipsis")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {data.configPolicies.length === 0 && <p className="muted">{t("policies.none")}</p>}
      </Section>
      <Section title={t("policies.set")}>
        <p className="muted">{t("policies.setHelp")}</p>
        <form
          className="inline-form"
          aria-label={t("policies.set")}
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
              setSaved(t("policies.saved", { kind: kindLabel(t, form.kind), value: made.policy?.value ?? form.value }));
              setForm(EMPTY);
              reload();
            }
          }}
        >
          <SelectField label={t("policies.kind")} value={form.kind} onChange={set("kind")} error={field("kind")}>
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {t(k.labelKey)}
              </option>
            ))}
          </SelectField>
          <TextField label={t("policies.productLine")} value={form.productLine} onChange={set("productLine")} error={field("productLine")} />
          <SelectField label={t("policies.deviceClass")} value={form.deviceClass} onChange={set("deviceClass")} error={field("deviceClass")}>
            <option value="">{t("policies.any")}</option>
            {DEVICE_CLASSES.map((c) => (
              <option key={c} value={c}>
                {t("definition.deviceClass", { cls: c })}
              </option>
            ))}
          </SelectField>
          <TextField label={t("policies.region")} value={form.region} onChange={set("region")} error={field("region")} />
          <TextField
            label={t("policies.value")}
            value={form.value}
            onChange={set("value")}
            error={field("value")}
            hint={form.kind === "IMPLANT_CARD" ? t("policies.hintBoolean") : t("policies.hintDays")}
          />
          <TextField label={t("policies.description")} value={form.description} onChange={set("description")} error={field("description")} />
          <button type="submit" className="primary" disabled={save.busy}>
            {t("policies.save")}
          </button>
        </form>
        {saved && <p role="status">{saved}</p>}
        <FormErrors messages={messages} />
      </Section>
      <EffectiveLookup />
      {target && (
        <Dialog title={t("policies.deactivateNamed", { label: target.label })} onClose={() => setTarget(null)}>
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              if (await deactivate.run({ id: target.id, reason })) {
                setTarget(null);
                reload();
              }
            }}
          >
            <TextField label={t("common:field.reason")} value={reason} onChange={(e) => setReason(e.target.value)} required />
            <button type="submit" className="primary" disabled={deactivate.busy}>
              {t("policies.deactivate")}
            </button>
            <FormErrors messages={[...deactivate.userErrors.map((e) => e.message), ...(deactivate.failure ? [deactivate.failure] : [])]} />
          </form>
        </Dialog>
      )}
    </section>
  );
}
