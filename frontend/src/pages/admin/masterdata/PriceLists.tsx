import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../../api/useAction";
import { Section } from "../../../components/Section";
import { ErrorState, Loading } from "../../../components/States";
import { formatDate } from "../../../lib/format";
import { MasterForm, text, type FieldSpec, type Values } from "./MasterForm";
import { CreatePriceListMutation, PriceListsQuery } from "./masterQueries";

const CREATE: FieldSpec[] = [
  { name: "code", label: "Code", required: true }, { name: "name", label: "Name", required: true },
  { name: "currency", label: "Currency", hint: "ISO 4217, e.g. EUR" },
  { name: "validFrom", label: "Valid from", kind: "date" }, { name: "validTo", label: "Valid to", kind: "date" },
];

/** Price lists (masterdata.edit): the default list and customers' own lists. */
export default function PriceLists() {
  const [{ data, error }, refetch] = useQuery({ query: PriceListsQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const create = useAction(CreatePriceListMutation);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label="Loading price lists…" />;

  const submitNew = async (v: Values) => {
    const made = await create.run({ input: {
      code: String(v.code).trim(), name: String(v.name), currency: text(v.currency) ?? "EUR",
      validFrom: text(v.validFrom), validTo: text(v.validTo), idempotencyKey: crypto.randomUUID(),
    } });
    if (made?.priceList) {
      setCreating(false);
      setNotice(`Price list ${made.priceList.code} created.`);
      reload();
    }
  };
  return (
    <section aria-labelledby="price-lists-title">
      <h1 id="price-lists-title">Price lists</h1>
      {notice && <p className="state" role="status">{notice}</p>}
      {!creating && <button type="button" className="primary" onClick={() => setCreating(true)}>New price list</button>}
      {creating && (
        <Section title="New price list">
          <MasterForm label="New price list" fields={CREATE} initial={{ currency: "EUR" }} submitLabel="Create price list"
            errors={create.userErrors} failure={create.failure} busy={create.busy} onSubmit={submitNew} onCancel={() => setCreating(false)} />
        </Section>
      )}
      <Section title={`Price lists (${data.priceLists.totalCount})`}>
        <table>
          <thead><tr><th>Code</th><th>Name</th><th>Currency</th><th>Valid from</th><th>Valid to</th><th>Prices</th></tr></thead>
          <tbody>
            {data.priceLists.edges.map(({ node: p }) => (
              <tr key={p.id}>
                <td><Link to={`/admin/price-lists/${encodeURIComponent(p.id)}`}>{p.code}</Link>{p.isDefault ? " (default)" : ""}</td>
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
