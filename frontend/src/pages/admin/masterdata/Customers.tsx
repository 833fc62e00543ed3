import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../../api/useAction";
import { useAuth } from "../../../auth/AuthProvider";
import { CustomFieldInputs, CustomFieldsPanel, valuesInput, type FieldValues } from "../../../components/CustomFields";
import { FieldDefinitionsQuery } from "../../../components/CustomFieldsQueries";
import { Section } from "../../../components/Section";
import { ErrorState, Loading } from "../../../components/States";
import { formatMoney } from "../../../lib/format";
import { MasterForm, number, text, type AdminT, type FieldSpec, type ListSpec, type Rows, type Values } from "./MasterForm";
import { ADDRESS_KINDS, CreateCustomerMutation, CUSTOMER_KINDS, CustomersQuery, enumOptions, UpdateCustomerMutation } from "./masterQueries";

const contacts = (t: AdminT): ListSpec => ({
  name: "contacts", label: t("customers.contacts"), item: t("customers.contact"),
  fields: [
    { name: "name", label: t("customers.contactName") }, { name: "role", label: t("customers.role") },
    { name: "email", label: t("customers.email") }, { name: "phone", label: t("customers.phone") },
  ],
});
const addresses = (t: AdminT): ListSpec => ({
  name: "addresses", label: t("customers.addresses"), item: t("customers.addressItem"),
  fields: [
    { name: "kind", label: t("master.kind"), kind: "select", options: enumOptions(ADDRESS_KINDS) },
    { name: "street", label: t("customers.street") }, { name: "postalCode", label: t("customers.postalCode") },
    { name: "city", label: t("customers.city") },
    { name: "country", label: t("master.country"), hint: t("customers.countryHint") },
    { name: "region", label: t("customers.addressRegion") },
  ],
});

type Customer = NonNullable<ReturnType<typeof useCustomers>["data"]>["customers"]["edges"][number]["node"];

function useCustomers() {
  const [result, refetch] = useQuery({ query: CustomersQuery, variables: { search: null } });
  return { ...result, reload: () => refetch({ requestPolicy: "network-only" }) };
}

function fields(t: AdminT, priceLists: { id: string; code: string }[], creditEditable: boolean, creating: boolean): FieldSpec[] {
  return [
    ...(creating ? [{ name: "code", label: t("common:field.code"), required: true }] : []),
    { name: "name", label: t("common:field.name"), required: true },
    { name: "kind", label: t("master.kind"), kind: "select", options: enumOptions(CUSTOMER_KINDS) },
    { name: "region", label: t("master.region"), required: true, hint: t("customers.regionHint") },
    { name: "latitude", label: t("master.latitude"), inputMode: "decimal" },
    { name: "longitude", label: t("master.longitude"), inputMode: "decimal" },
    { name: "paymentTermsDays", label: t("customers.paymentTerms"), inputMode: "numeric" },
    { name: "minRemainingShelfLifeDays", label: t("customers.minShelfLife"), inputMode: "numeric" },
    { name: "priceListId", label: t("customers.priceList"), kind: "select",
      options: [["", t("customers.defaultList")], ...priceLists.map((p) => [p.id, p.code] as const)] },
    { name: "creditLimit", label: t("customers.creditLimit"), inputMode: "decimal", disabled: !creditEditable,
      hint: creditEditable ? undefined : t("customers.creditHint") },
    ...(creating ? [] : [{ name: "active", label: t("master.active"), kind: "checkbox" as const }]),
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
  const { t } = useTranslation(["admin", "common"]);
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
  if (!data) return <Loading label={t("customers.loading")} />;
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
      setNotice(t("customers.created", { code: made.customer.code }));
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
      setNotice(t("customers.saved", { code: saved.customer.code }));
      reload();
    }
  };

  return (
    <section aria-labelledby="customers-title">
      <h1 id="customers-title">{t("customers.title")}</h1>
      {notice && <p className="state" role="status">{notice}</p>}
      {editMaster && !creating && <button type="button" className="primary" onClick={() => setCreating(true)}>{t("customers.new")}</button>}
      {creating && (
        <Section title={t("customers.new")}>
          <MasterForm label={t("customers.new")} fields={fields(t, priceLists, editCredit, true)} lists={[contacts(t), addresses(t)]}
            initial={valuesOf(null)} initialRows={rowsOf(null)} submitLabel={t("customers.create")} errors={create.userErrors}
            failure={create.failure} busy={create.busy} onSubmit={submitNew} onCancel={() => setCreating(false)}
            extraName="customFields"
            extra={() => <CustomFieldInputs fields={definitions} values={fieldValues} onChange={setFieldValues} errors={create.userErrors} />} />
        </Section>
      )}
      {current && (
        <Section title={t("master.edit", { code: current.code })}>
          <MasterForm key={current.id} label={t("master.edit", { code: current.code })}
            fields={fields(t, priceLists, editCredit, false).map((f) => (f.name === "creditLimit" || editMaster ? f : { ...f, disabled: true }))}
            lists={editMaster ? [contacts(t), addresses(t)] : []} initial={valuesOf(current)} initialRows={rowsOf(current)}
            submitLabel={t("customers.save")} errors={update.userErrors} failure={update.failure} busy={update.busy}
            onSubmit={submitEdit} onCancel={() => setEditing(null)} />
          <CustomFieldsPanel nodeId={current.id} editPermission="masterdata.edit" />
        </Section>
      )}
      <Section title={t("customers.list", { total: data.customers.totalCount })}>
        <table>
          <thead>
            <tr>
              <th>{t("common:field.code")}</th><th>{t("common:field.name")}</th><th>{t("master.region")}</th>
              <th>{t("customers.priceList")}</th><th>{t("customers.creditLimit")}</th><th>{t("customers.contacts")}</th>
              <th>{t("common:field.status")}</th><th />
            </tr>
          </thead>
          <tbody>
            {customers.map((c) => (
              <tr key={c.id}>
                <td>{c.code}</td>
                <td><Link to={`/customers/${encodeURIComponent(c.id)}`}>{c.name}</Link></td>
                <td>{c.region}</td><td>{c.priceList?.code ?? t("customers.defaultPriceList")}</td>
                <td className="num">{formatMoney(c.creditLimit)}</td>
                <td>{c.contacts.map((x) => x.name).join(", ")}</td>
                <td>{c.active ? t("master.active") : t("master.inactive")}</td>
                <td>
                  {(editMaster || editCredit) && (
                    <button type="button" onClick={() => { setEditing(c.id); setCreating(false); }}>{t("master.edit", { code: c.code })}</button>
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
