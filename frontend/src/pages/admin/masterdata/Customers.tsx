import { useState } from "react";
import { useQuery } from "urql";
import { useAction } from "../../../api/useAction";
import { useAuth } from "../../../auth/AuthProvider";
import { CustomFieldInputs, CustomFieldsPanel, valuesInput, type FieldValues } from "../../../components/CustomFields";
import { FieldDefinitionsQuery } from "../../../components/CustomFieldsQueries";
import { Section } from "../../../components/Section";
import { ErrorState, Loading } from "../../../components/States";
import { formatMoney } from "../../../lib/format";
import { MasterForm, number, text, type FieldSpec, type ListSpec, type Rows, type Values } from "./MasterForm";
import { ADDRESS_KINDS, CreateCustomerMutation, CUSTOMER_KINDS, CustomersQuery, UpdateCustomerMutation } from "./masterQueries";

const CONTACTS: ListSpec = {
  name: "contacts", label: "Contacts", item: "Contact",
  fields: [{ name: "name", label: "Contact name" }, { name: "role", label: "Role" }, { name: "email", label: "Email" }, { name: "phone", label: "Phone" }],
};
const ADDRESSES: ListSpec = {
  name: "addresses", label: "Addresses", item: "Address",
  fields: [
    { name: "kind", label: "Kind", kind: "select", options: ADDRESS_KINDS },
    { name: "street", label: "Street" }, { name: "postalCode", label: "Postal code" }, { name: "city", label: "City" },
    { name: "country", label: "Country", hint: "ISO code, e.g. NL" }, { name: "region", label: "Address region" },
  ],
};

type Customer = NonNullable<ReturnType<typeof useCustomers>["data"]>["customers"]["edges"][number]["node"];

function useCustomers() {
  const [result, refetch] = useQuery({ query: CustomersQuery, variables: { search: null } });
  return { ...result, reload: () => refetch({ requestPolicy: "network-only" }) };
}

function fields(priceLists: { id: string; code: string }[], creditEditable: boolean, creating: boolean): FieldSpec[] {
  return [
    ...(creating ? [{ name: "code", label: "Code", required: true }] : []),
    { name: "name", label: "Name", required: true },
    { name: "kind", label: "Kind", kind: "select", options: CUSTOMER_KINDS },
    { name: "region", label: "Region", required: true, hint: "A region a warehouse delivers to" },
    { name: "latitude", label: "Latitude", inputMode: "decimal" },
    { name: "longitude", label: "Longitude", inputMode: "decimal" },
    { name: "paymentTermsDays", label: "Payment terms (days)", inputMode: "numeric" },
    { name: "minRemainingShelfLifeDays", label: "Minimum shelf life (days)", inputMode: "numeric" },
    { name: "priceListId", label: "Price list", kind: "select", options: [["", "Default list"], ...priceLists.map((p) => [p.id, p.code] as const)] },
    { name: "creditLimit", label: "Credit limit", inputMode: "decimal", disabled: !creditEditable,
      hint: creditEditable ? undefined : "Set by finance (permission customer.credit_limit)" },
    ...(creating ? [] : [{ name: "active", label: "Active", kind: "checkbox" as const }]),
  ] as FieldSpec[];
}

function valuesOf(c: Customer | null): Values {
  return {
    code: c?.code ?? "", name: c?.name ?? "", kind: c?.kind ?? "HOSPITAL", region: c?.region ?? "",
    latitude: c?.latitude == null ? "" : String(c.latitude), longitude: c?.longitude == null ? "" : String(c.longitude),
    paymentTermsDays: String(c?.paymentTermsDays ?? 30), minRemainingShelfLifeDays: String(c?.minRemainingShelfLifeDays ?? 0),
    priceListId: c?.priceList?.id ?? "", creditLimit: c?.creditLimit ?? "", active: c?.active ?? true,
  };
}

function rowsOf(c: Customer | null): Rows {
  return {
    contacts: (c?.contacts ?? []).map((x) => ({ name: x.name, role: x.role ?? "", email: x.email ?? "", phone: x.phone ?? "" })),
    addresses: (c?.addresses ?? []).map((a) => ({ kind: a.kind, street: a.street, postalCode: a.postalCode, city: a.city, country: a.country, region: a.region ?? "" })),
  };
}

const contactsOf = (rows: Rows) => (rows.contacts ?? []).map((r) => ({ name: String(r.name), role: text(r.role), email: text(r.email), phone: text(r.phone) }));
const addressesOf = (rows: Rows) =>
  (rows.addresses ?? []).map((r) => ({
    kind: r.kind as "SHIPPING" | "BILLING", street: String(r.street), postalCode: String(r.postalCode), city: String(r.city),
    country: String(r.country), region: text(r.region),
  }));

/** Customers (masterdata.edit): master data; the credit limit is finance's (customer.credit_limit). */
export default function Customers() {
  const { data, error, reload } = useCustomers();
  const { can } = useAuth();
  const create = useAction(CreateCustomerMutation);
  const update = useAction(UpdateCustomerMutation);
  const [{ data: defs }] = useQuery({ query: FieldDefinitionsQuery, variables: { entity: "CUSTOMER" } });
  const [fieldValues, setFieldValues] = useState<FieldValues>({});
  const definitions = defs?.customFieldDefinitions ?? [];
  const [editing, setEditing] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label="Loading customers…" />;
  const editMaster = can("masterdata.edit");
  const editCredit = can("customer.credit_limit");
  const priceLists = data.priceLists.edges.map((e) => e.node);
  const customers = data.customers.edges.map((e) => e.node);
  const current = customers.find((c) => c.id === editing) ?? null;

  const submitNew = async (v: Values, rows: Rows) => {
    const made = await create.run({ input: {
      code: String(v.code).trim(), name: String(v.name), kind: v.kind as "HOSPITAL", region: String(v.region).trim(),
      latitude: number(v.latitude), longitude: number(v.longitude), paymentTermsDays: number(v.paymentTermsDays),
      minRemainingShelfLifeDays: number(v.minRemainingShelfLifeDays), priceListId: text(v.priceListId),
      creditLimit: editCredit ? text(v.creditLimit) : null, contacts: contactsOf(rows), addresses: addressesOf(rows),
      customFields: valuesInput(definitions, fieldValues), idempotencyKey: crypto.randomUUID(),
    } });
    if (made?.customer) {
      setCreating(false);
      setNotice(`Customer ${made.customer.code} created.`);
      reload();
    }
  };
  const submitEdit = async (v: Values, rows: Rows) => {
    if (!current) return;
    const before = valuesOf(current);
    const credit = text(v.creditLimit) !== text(before.creditLimit) ? text(v.creditLimit) : null;
    const input = editMaster
      ? { customerId: current.id, name: String(v.name), kind: v.kind as "HOSPITAL", region: String(v.region).trim(),
          latitude: number(v.latitude), longitude: number(v.longitude), paymentTermsDays: number(v.paymentTermsDays),
          minRemainingShelfLifeDays: number(v.minRemainingShelfLifeDays), priceListId: text(v.priceListId),
          active: v.active === true, contacts: contactsOf(rows), addresses: addressesOf(rows), creditLimit: credit }
      : { customerId: current.id, creditLimit: credit };
    const saved = await update.run({ input });
    if (saved?.customer) {
      setEditing(null);
      setNotice(`Customer ${saved.customer.code} saved.`);
      reload();
    }
  };

  return (
    <section aria-labelledby="customers-title">
      <h1 id="customers-title">Customers</h1>
      {notice && <p className="state" role="status">{notice}</p>}
      {editMaster && !creating && <button type="button" className="primary" onClick={() => setCreating(true)}>New customer</button>}
      {creating && (
        <Section title="New customer">
          <MasterForm label="New customer" fields={fields(priceLists, editCredit, true)} lists={[CONTACTS, ADDRESSES]}
            initial={valuesOf(null)} initialRows={rowsOf(null)} submitLabel="Create customer" errors={create.userErrors}
            failure={create.failure} busy={create.busy} onSubmit={submitNew} onCancel={() => setCreating(false)}
            extraName="customFields"
            extra={() => <CustomFieldInputs fields={definitions} values={fieldValues} onChange={setFieldValues} errors={create.userErrors} />} />
        </Section>
      )}
      {current && (
        <Section title={`Edit ${current.code}`}>
          <MasterForm key={current.id} label={`Edit ${current.code}`}
            fields={fields(priceLists, editCredit, false).map((f) => (f.name === "creditLimit" || editMaster ? f : { ...f, disabled: true }))}
            lists={editMaster ? [CONTACTS, ADDRESSES] : []} initial={valuesOf(current)} initialRows={rowsOf(current)}
            submitLabel="Save customer" errors={update.userErrors} failure={update.failure} busy={update.busy}
            onSubmit={submitEdit} onCancel={() => setEditing(null)} />
          <CustomFieldsPanel nodeId={current.id} editPermission="masterdata.edit" />
        </Section>
      )}
      <Section title={`Customers (${data.customers.totalCount})`}>
        <table>
          <thead><tr><th>Code</th><th>Name</th><th>Region</th><th>Price list</th><th>Credit limit</th><th>Contacts</th><th>Status</th><th /></tr></thead>
          <tbody>
            {customers.map((c) => (
              <tr key={c.id}>
                <td>{c.code}</td><td>{c.name}</td><td>{c.region}</td><td>{c.priceList?.code ?? "Default"}</td>
                <td className="num">{formatMoney(c.creditLimit)}</td>
                <td>{c.contacts.map((x) => x.name).join(", ")}</td>
                <td>{c.active ? "Active" : "Inactive"}</td>
                <td>
                  {(editMaster || editCredit) && (
                    <button type="button" onClick={() => { setEditing(c.id); setCreating(false); }}>Edit {c.code}</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </section>
  );
}
