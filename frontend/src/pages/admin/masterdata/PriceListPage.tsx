import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../../components/Field";
import { Section } from "../../../components/Section";
import { ErrorState, Loading } from "../../../components/States";
import { errorAt } from "../../../lib/errors";
import { formatMoney } from "../../../lib/format";
import { MasterForm, text, type AdminT, type FieldSpec, type Values } from "./MasterForm";
import { PriceListQuery, SetPricesMutation, UpdatePriceListMutation } from "./masterQueries";

const editFields = (t: AdminT): FieldSpec[] => [
  { name: "name", label: t("common:field.name"), required: true },
  { name: "validFrom", label: t("master.validFrom"), kind: "date" }, { name: "validTo", label: t("master.validTo"), kind: "date" },
];

type Row = { productId: string; sku: string; price: string; before: string | null };

/** One price list: its validity, and its prices edited in place (an empty price removes it). */
export default function PriceListPage() {
  const { t } = useTranslation(["admin", "common"]);
  const { id = "" } = useParams();
  const [{ data, error }, refetch] = useQuery({ query: PriceListQuery, variables: { id, after: null } });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const update = useAction(UpdatePriceListMutation);
  const setPrices = useAction(SetPricesMutation);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [added, setAdded] = useState<Row[]>([]);
  const [pick, setPick] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("priceList.loading")} />;
  const list = data.node && "code" in data.node ? data.node : null;
  if (!list) return <ErrorState error={new Error(t("priceList.missing"))} />;

  const rows: Row[] = [
    ...list.prices.edges.map(({ node }) => ({
      productId: node.product.id, sku: node.product.sku, before: node.unitPrice,
      price: edits[node.product.id] ?? node.unitPrice,
    })),
    ...added.map((r) => ({ ...r, price: edits[r.productId] ?? r.price })),
  ];
  const dirty = rows.filter((r) => r.price.trim() !== (r.before ?? ""));
  const listed = new Set(rows.map((r) => r.productId));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await setPrices.run({ input: {
      priceListId: list.id, prices: dirty.map((r) => ({ productId: r.productId, unitPrice: text(r.price) })),
    } });
    if (saved?.priceList) {
      setEdits({});
      setAdded([]);
      setNotice(t("priceList.pricesSaved", { count: dirty.length }));
      reload();
    }
  };
  const saveHeader = async (v: Values) => {
    const saved = await update.run({ input: {
      priceListId: list.id, name: String(v.name), validFrom: text(v.validFrom), validTo: text(v.validTo),
    } });
    if (saved?.priceList) {
      setNotice(t("priceList.saved"));
      reload();
    }
  };
  const unplaced = setPrices.userErrors.filter((e) => e.field?.[3] !== "unitPrice").map((e) => e.message);
  return (
    <section aria-labelledby="price-list-title">
      <h1 id="price-list-title">{t("priceList.title", { code: list.code })}</h1>
      {notice && <p className="state" role="status">{notice}</p>}
      <Section title={t("priceList.validity")}>
        <MasterForm key={list.id} label={t("priceList.details")} fields={editFields(t)} submitLabel={t("priceList.save")}
          initial={{ name: list.name, validFrom: list.validFrom ?? "", validTo: list.validTo ?? "" }}
          errors={update.userErrors} failure={update.failure} busy={update.busy} onSubmit={saveHeader} />
      </Section>
      <Section title={t("priceList.prices", { total: list.prices.totalCount, currency: list.currency })}>
        <form aria-label={t("priceList.pricesForm")} onSubmit={save} noValidate>
          <table>
            <thead><tr><th>{t("products.sku")}</th><th>{t("priceList.current")}</th><th>{t("priceList.unitPrice")}</th></tr></thead>
            <tbody>
              {rows.map((r) => {
                const i = dirty.indexOf(r);
                return (
                  <tr key={r.productId}>
                    <td>{r.sku}</td>
                    <td className="num">{r.before === null ? t("priceList.new") : formatMoney(r.before, list.currency)}</td>
                    <td>
                      <TextField label={t("priceList.priceOf", { sku: r.sku })} inputMode="decimal" value={r.price}
                        error={i >= 0 ? errorAt(setPrices.userErrors, "input", "prices", i, "unitPrice") : undefined}
                        onChange={(e) => setEdits({ ...edits, [r.productId]: e.target.value })} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="inline-form">
            <SelectField label={t("priceList.addProduct")} value={pick} onChange={(e) => setPick(e.target.value)}>
              <option value="">{t("priceList.choose")}</option>
              {data.products.edges.filter(({ node }) => !listed.has(node.id)).map(({ node }) => (
                <option key={node.id} value={node.id}>{t("priceList.productOption", { sku: node.sku, name: node.name })}</option>
              ))}
            </SelectField>
            <button type="button" disabled={!pick} onClick={() => {
              const product = data.products.edges.find((e) => e.node.id === pick)?.node;
              if (product) setAdded([...added, { productId: product.id, sku: product.sku, price: "", before: null }]);
              setPick("");
            }}>{t("priceList.addToList")}</button>
          </div>
          <FormErrors messages={[...unplaced, ...(setPrices.failure ? [setPrices.failure] : [])]} />
          <button type="submit" className="primary" disabled={setPrices.busy || dirty.length === 0}>{t("priceList.savePrices")}</button>
        </form>
      </Section>
    </section>
  );
}
