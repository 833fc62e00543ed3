import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useAction } from "../../../api/useAction";
import { CustomFieldInputs, CustomFieldsPanel, valuesInput, type FieldValues } from "../../../components/CustomFields";
import { FieldDefinitionsQuery } from "../../../components/CustomFieldsQueries";
import { Section } from "../../../components/Section";
import { ErrorState, Loading } from "../../../components/States";
import { MasterForm, text, type AdminT, type FieldSpec, type Values } from "./MasterForm";
import { CreateSupplierMutation, SuppliersQuery, UpdateSupplierMutation } from "./masterQueries";

const common = (t: AdminT): FieldSpec[] => [
  { name: "name", label: t("common:field.name"), required: true },
  { name: "country", label: t("master.country"), required: true, hint: t("suppliers.countryHint") },
  { name: "address", label: t("master.address") },
];

/** Suppliers (masterdata.edit): new ones wait for QA's qualification. */
export default function Suppliers() {
  const { t } = useTranslation(["admin", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: SuppliersQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const create = useAction(CreateSupplierMutation);
  const update = useAction(UpdateSupplierMutation);
  const [{ data: defs }] = useQuery({ query: FieldDefinitionsQuery, variables: { entity: "SUPPLIER" } });
  const [fieldValues, setFieldValues] = useState<FieldValues>({});
  const definitions = defs?.customFieldDefinitions ?? [];
  const [editing, setEditing] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("suppliers.loading")} />;
  const suppliers = data.suppliers.edges.map((e) => e.node);
  const current = suppliers.find((s) => s.id === editing) ?? null;
  const valuesOf = (s: (typeof suppliers)[number] | null): Values => ({
    code: s?.code ?? "", name: s?.name ?? "", country: s?.country ?? "", address: s?.address ?? "",
  });

  const submitNew = async (v: Values) => {
    const made = await create.run({ input: {
      code: String(v.code).trim(), name: String(v.name), country: String(v.country).trim(), address: text(v.address),
      customFields: valuesInput(definitions, fieldValues), idempotencyKey: crypto.randomUUID(),
    } });
    if (made?.supplier) {
      setCreating(false);
      setNotice(t("suppliers.created", { code: made.supplier.code }));
      reload();
    }
  };
  const submitEdit = async (v: Values) => {
    if (!current) return;
    const saved = await update.run({ input: {
      supplierId: current.id, name: String(v.name), country: String(v.country).trim(), address: String(v.address ?? ""),
    } });
    if (saved?.supplier) {
      setEditing(null);
      setNotice(t("suppliers.saved", { code: saved.supplier.code }));
      reload();
    }
  };

  return (
    <section aria-labelledby="suppliers-title">
      <h1 id="suppliers-title">{t("suppliers.title")}</h1>
      {notice && <p className="state" role="status">{notice}</p>}
      {!creating && <button type="button" className="primary" onClick={() => setCreating(true)}>{t("suppliers.new")}</button>}
      {creating && (
        <Section title={t("suppliers.new")}>
          <MasterForm label={t("suppliers.new")} fields={[{ name: "code", label: t("common:field.code"), required: true }, ...common(t)]}
            initial={valuesOf(null)} submitLabel={t("suppliers.create")} errors={create.userErrors} failure={create.failure} busy={create.busy}
            onSubmit={submitNew} onCancel={() => setCreating(false)} extraName="customFields"
            extra={() => <CustomFieldInputs fields={definitions} values={fieldValues} onChange={setFieldValues} errors={create.userErrors} />} />
        </Section>
      )}
      {current && (
        <Section title={t("master.edit", { code: current.code })}>
          <MasterForm key={current.id} label={t("master.edit", { code: current.code })} fields={common(t)} initial={valuesOf(current)}
            submitLabel={t("suppliers.save")} errors={update.userErrors} failure={update.failure} busy={update.busy}
            onSubmit={submitEdit} onCancel={() => setEditing(null)} />
          <CustomFieldsPanel nodeId={current.id} editPermission="masterdata.edit" />
        </Section>
      )}
      <Section title={t("suppliers.list", { total: data.suppliers.totalCount })}>
        <table>
          <thead>
            <tr>
              <th>{t("common:field.code")}</th><th>{t("common:field.name")}</th><th>{t("master.country")}</th>
              <th>{t("master.address")}</th><th>{t("suppliers.qualification")}</th><th />
            </tr>
          </thead>
          <tbody>
            {suppliers.map((s) => (
              <tr key={s.id}>
                <td>{s.code}</td><td>{s.name}</td><td>{s.country}</td><td>{s.address}</td>
                <td>{s.approved ? t("suppliers.approved") : s.qualificationStatus === "PENDING" ? t("suppliers.awaitingQa") : t("suppliers.notApproved")}</td>
                <td><button type="button" onClick={() => { setEditing(s.id); setCreating(false); }}>{t("master.edit", { code: s.code })}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </section>
  );
}
