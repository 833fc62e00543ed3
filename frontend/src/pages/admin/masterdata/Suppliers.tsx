import { useState } from "react";
import { useQuery } from "urql";
import { useAction } from "../../../api/useAction";
import { CustomFieldInputs, CustomFieldsPanel, valuesInput, type FieldValues } from "../../../components/CustomFields";
import { FieldDefinitionsQuery } from "../../../components/CustomFieldsQueries";
import { Section } from "../../../components/Section";
import { ErrorState, Loading } from "../../../components/States";
import { MasterForm, text, type FieldSpec, type Values } from "./MasterForm";
import { CreateSupplierMutation, SuppliersQuery, UpdateSupplierMutation } from "./masterQueries";

const COMMON: FieldSpec[] = [
  { name: "name", label: "Name", required: true },
  { name: "country", label: "Country", required: true, hint: "ISO code, e.g. DE" },
  { name: "address", label: "Address" },
];

/** Suppliers (masterdata.edit): new ones wait for QA's qualification. */
export default function Suppliers() {
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
  if (!data) return <Loading label="Loading suppliers…" />;
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
      setNotice(`Supplier ${made.supplier.code} created; QA qualifies it before it is used.`);
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
      setNotice(`Supplier ${saved.supplier.code} saved.`);
      reload();
    }
  };

  return (
    <section aria-labelledby="suppliers-title">
      <h1 id="suppliers-title">Suppliers</h1>
      {notice && <p className="state" role="status">{notice}</p>}
      {!creating && <button type="button" className="primary" onClick={() => setCreating(true)}>New supplier</button>}
      {creating && (
        <Section title="New supplier">
          <MasterForm label="New supplier" fields={[{ name: "code", label: "Code", required: true }, ...COMMON]} initial={valuesOf(null)}
            submitLabel="Create supplier" errors={create.userErrors} failure={create.failure} busy={create.busy}
            onSubmit={submitNew} onCancel={() => setCreating(false)} extraName="customFields"
            extra={() => <CustomFieldInputs fields={definitions} values={fieldValues} onChange={setFieldValues} errors={create.userErrors} />} />
        </Section>
      )}
      {current && (
        <Section title={`Edit ${current.code}`}>
          <MasterForm key={current.id} label={`Edit ${current.code}`} fields={COMMON} initial={valuesOf(current)}
            submitLabel="Save supplier" errors={update.userErrors} failure={update.failure} busy={update.busy}
            onSubmit={submitEdit} onCancel={() => setEditing(null)} />
          <CustomFieldsPanel nodeId={current.id} editPermission="masterdata.edit" />
        </Section>
      )}
      <Section title={`Suppliers (${data.suppliers.totalCount})`}>
        <table>
          <thead><tr><th>Code</th><th>Name</th><th>Country</th><th>Address</th><th>Qualification</th><th /></tr></thead>
          <tbody>
            {suppliers.map((s) => (
              <tr key={s.id}>
                <td>{s.code}</td><td>{s.name}</td><td>{s.country}</td><td>{s.address}</td>
                <td>{s.approved ? "Approved" : s.qualificationStatus === "PENDING" ? "Awaiting QA" : "Not approved"}</td>
                <td><button type="button" onClick={() => { setEditing(s.id); setCreating(false); }}>Edit {s.code}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </section>
  );
}
