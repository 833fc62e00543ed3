import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useAction } from "../../../api/useAction";
import { CustomFieldInputs, CustomFieldsPanel, valuesInput, type FieldValues } from "../../../components/CustomFields";
import { FieldDefinitionsQuery } from "../../../components/CustomFieldsQueries";
import { Section } from "../../../components/Section";
import { ErrorState, Loading } from "../../../components/States";
import { formatMoney, formatPercent } from "../../../lib/format";
import { MasterForm, number, text, type AdminT, type FieldSpec, type Values } from "./MasterForm";
import { CreateProductMutation, DEVICE_CLASSES, enumOptions, ProductsQuery, TRACKING, UpdateProductMutation } from "./masterQueries";

type DeviceClass = (typeof DEVICE_CLASSES)[number][0];
type Tracking = (typeof TRACKING)[number];

const common = (t: AdminT): FieldSpec[] => [
  { name: "name", label: t("common:field.name"), required: true },
  { name: "deviceClass", label: t("products.deviceClass"), kind: "select", options: DEVICE_CLASSES },
  { name: "trackingMode", label: t("products.tracking"), kind: "select", options: enumOptions(TRACKING), hint: t("products.trackingHint") },
  { name: "shelfLifeDays", label: t("products.shelfLife"), inputMode: "numeric" },
  { name: "unitPrice", label: t("products.unitPrice"), inputMode: "decimal", hint: t("products.unitPriceHint") },
  { name: "taxRate", label: t("products.taxRate"), inputMode: "decimal", hint: t("products.taxRateHint") },
  { name: "productLine", label: t("products.productLine") },
  { name: "sellable", label: t("products.sellable"), kind: "checkbox" },
];
const createFields = (t: AdminT): FieldSpec[] => [
  { name: "sku", label: t("products.sku"), required: true },
  { name: "gtin", label: t("products.gtin"), required: true, hint: t("products.gtinHint") },
  ...common(t),
];
const editFields = (t: AdminT): FieldSpec[] => [...common(t), { name: "active", label: t("master.active"), kind: "checkbox" }];

type Product = NonNullable<ReturnType<typeof useProducts>["data"]>["products"]["edges"][number]["node"];

function useProducts(search: string | null) {
  const [result, refetch] = useQuery({ query: ProductsQuery, variables: { search } });
  return { ...result, reload: () => refetch({ requestPolicy: "network-only" }) };
}

function valuesOf(p: Product | null): Values {
  return {
    sku: p?.sku ?? "", gtin: p?.gtin ?? "", name: p?.name ?? "", deviceClass: p?.deviceClass ?? "I",
    trackingMode: p?.trackingMode ?? "LOT", shelfLifeDays: p?.shelfLifeDays == null ? "" : String(p.shelfLifeDays),
    unitPrice: p?.unitPrice ?? "", taxRate: p?.taxRate ?? "", productLine: p?.productLine ?? "",
    sellable: p?.sellable ?? true, active: p?.active ?? true,
  };
}

/** Products (masterdata.edit): GS1 GTINs, prices on the default list, product lines. */
export default function Products() {
  const { t } = useTranslation(["admin", "common"]);
  const [search, setSearch] = useState("");
  const { data, error, reload } = useProducts(search.trim() || null);
  const create = useAction(CreateProductMutation);
  const update = useAction(UpdateProductMutation);
  const [{ data: defs }] = useQuery({ query: FieldDefinitionsQuery, variables: { entity: "PRODUCT" } });
  const [fieldValues, setFieldValues] = useState<FieldValues>({});
  // The fields that apply to the product as typed so far (its line and device class).
  const applicable = (v: Values) =>
    (defs?.customFieldDefinitions ?? []).filter(
      (d) =>
        (!d.productLines.length || d.productLines.includes(String(v.productLine ?? "").trim())) &&
        (!d.deviceClasses.length || d.deviceClasses.includes(String(v.deviceClass) as DeviceClass)),
    );
  const [editing, setEditing] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("products.loading")} />;
  const products = data.products.edges.map((e) => e.node);
  const current = products.find((p) => p.id === editing) ?? null;

  const submitNew = async (v: Values) => {
    const made = await create.run({ input: {
      sku: String(v.sku).trim(), gtin: String(v.gtin).trim(), name: String(v.name), deviceClass: v.deviceClass as DeviceClass,
      trackingMode: v.trackingMode as Tracking, shelfLifeDays: number(v.shelfLifeDays), unitPrice: String(v.unitPrice).trim(),
      taxRate: String(v.taxRate).trim(), productLine: text(v.productLine), sellable: v.sellable === true,
      customFields: valuesInput(applicable(v), fieldValues), idempotencyKey: crypto.randomUUID(),
    } });
    if (made?.product) {
      setCreating(false);
      setFieldValues({});
      setNotice(t("products.created", { sku: made.product.sku }));
      reload();
    }
  };
  const submitEdit = async (v: Values) => {
    if (!current) return;
    const before = valuesOf(current);
    const saved = await update.run({ input: {
      productId: current.id, name: String(v.name), deviceClass: v.deviceClass as DeviceClass,
      trackingMode: v.trackingMode !== before.trackingMode ? (v.trackingMode as Tracking) : null,
      shelfLifeDays: number(v.shelfLifeDays), unitPrice: text(v.unitPrice), taxRate: text(v.taxRate),
      productLine: typeof v.productLine === "string" ? v.productLine.trim() : null, sellable: v.sellable === true, active: v.active === true,
    } });
    if (saved?.product) {
      setEditing(null);
      setNotice(t("products.saved", { sku: saved.product.sku }));
      reload();
    }
  };

  return (
    <section aria-labelledby="products-title">
      <h1 id="products-title">{t("products.title")}</h1>
      {notice && <p className="state" role="status">{notice}</p>}
      {!creating && <button type="button" className="primary" onClick={() => setCreating(true)}>{t("products.new")}</button>}
      {creating && (
        <Section title={t("products.new")}>
          <MasterForm label={t("products.new")} fields={createFields(t)} initial={valuesOf(null)} submitLabel={t("products.create")}
            errors={create.userErrors} failure={create.failure} busy={create.busy} onSubmit={submitNew} onCancel={() => setCreating(false)}
            extraName="customFields"
            extra={(v) => <CustomFieldInputs fields={applicable(v)} values={fieldValues} onChange={setFieldValues} errors={create.userErrors} />} />
        </Section>
      )}
      {current && (
        <Section title={t("master.edit", { code: current.sku })}>
          <MasterForm key={current.id} label={t("master.edit", { code: current.sku })} fields={editFields(t)} initial={valuesOf(current)}
            submitLabel={t("products.save")}
            errors={update.userErrors} failure={update.failure} busy={update.busy} onSubmit={submitEdit} onCancel={() => setEditing(null)} />
          <CustomFieldsPanel nodeId={current.id} editPermission="masterdata.edit" />
        </Section>
      )}
      <Section title={t("products.list", { total: data.products.totalCount })}>
        <label className="field">
          {t("products.search")} <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <table>
          <thead>
            <tr>
              <th>{t("products.sku")}</th><th>{t("products.gtin")}</th><th>{t("common:field.name")}</th><th>{t("products.line")}</th>
              <th>{t("common:field.price")}</th><th>{t("products.tax")}</th><th>{t("common:field.status")}</th><th />
            </tr>
          </thead>
          <tbody>
            {products.map((p) => (
              <tr key={p.id}>
                <td>{p.sku}</td><td>{p.gtin}</td><td>{p.name}</td><td>{p.productLine}</td>
                <td className="num">{formatMoney(p.unitPrice)}</td><td className="num">{formatPercent(Number(p.taxRate))}</td>
                <td>{p.active ? (p.sellable ? t("master.active") : t("products.notForSale")) : t("master.inactive")}</td>
                <td><button type="button" onClick={() => { setEditing(p.id); setCreating(false); }}>{t("master.edit", { code: p.sku })}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </section>
  );
}
