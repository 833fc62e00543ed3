import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../../api/useAction";
import { Section } from "../../../components/Section";
import { ErrorState, Loading } from "../../../components/States";
import { formatDate } from "../../../lib/format";
import { MasterForm, text, type AdminT, type FieldSpec, type Values } from "./MasterForm";
import { CreatePriceListMutation, PriceListsQuery } from "./masterQueries";

const createFields = (t: AdminT): FieldSpec[] => [
  { name: "code", label: t("common:field.code"), required: true }, { name: "name", label: t("common:field.name"), required: true },
  { name: "currency", label: t("common:field.currency"), hint: t("priceLists.currencyHint") },
  { name: "validFrom", label: t("master.validFrom"), kind: "date" }, { name: "validTo", label: t("master.validTo"), kind: "date" },
];

/** Price lists (masterdata.edit): the default list and customers' own lists. */
export default function PriceLists() {
  const { t } = useTranslation(["admin", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: PriceListsQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const create = useAction(CreatePriceListMutation);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("priceLists.loading")} />;

  const submitNew = async (v: Values) => {
    const made = await create.run({ input: {
      code: String(v.code).trim(), name: String(v.name), currency: text(v.currency) ?? "EUR",
      validFrom: text(v.validFrom), validTo: text(v.validTo), idempotencyKey: crypto.randomUUID(),
    } });
    if (made?.priceList) {
      setCreating(false);
      setNotice(t("priceLists.created", { code: made.priceList.code }));
      reload();
    }
  };
  return (
    <section aria-labelledby="price-lists-title">
      <h1 id="price-lists-title">{t("priceLists.title")}</h1>
      {notice && <p className="state" role="status">{notice}</p>}
      {!creating && <button type="button" className="primary" onClick={() => setCreating(true)}>{t("priceLists.new")}</button>}
      {creating && (
        <Section title={t("priceLists.new")}>
          <MasterForm label={t("priceLists.new")} fields={createFields(t)} initial={{ currency: "EUR" }} submitLabel={t("priceLists.create")}
            errors={create.userErrors} failure={create.failure} busy={create.busy} onSubmit={submitNew} onCancel={() => setCreating(false)} />
        </Section>
      )}
      <Section title={t("priceLists.list", { total: data.priceLists.totalCount })}>
        <table>
          <thead>
            <tr>
              <th>{t("common:field.code")}</th><th>{t("common:field.name")}</th><th>{t("common:field.currency")}</th>
              <th>{t("master.validFrom")}</th><th>{t("master.validTo")}</th><th>{t("priceLists.prices")}</th>
            </tr>
          </thead>
          <tbody>
            {data.priceLists.edges.map(({ node: p }) => (
              <tr key={p.id}>
                <td><Link to={`/admin/price-lists/${encodeURIComponent(p.id)}`}>{p.code}</Link>{p.isDefault ? t("priceLists.default") : ""}</td>
                <td>{p.name}</td><td>{p.currency}</td><td>{formatDate(p.validFrom)}</td><td>{formatDate(p.validTo)}</td>
                <td className="num">{p.prices.totalCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </section>
  );
}
