import { useState, type FormEvent } from "react";
import { useParams } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../../components/Field";
import { Section } from "../../../components/Section";
import { ErrorState, Loading } from "../../../components/States";
import { errorAt } from "../../../lib/errors";
import { formatMoney } from "../../../lib/format";
import { MasterForm, text, type FieldSpec, type Values } from "./MasterForm";
import { PriceListQuery, SetPricesMutation, UpdatePriceListMutation } from "./masterQueries";

const EDIT: FieldSpec[] = [
  { name: "name", label: "Name", required: true },
  { name: "validFrom", label: "Valid from", kind: "date" }, { name: "validTo", label: "Valid to", kind: "date" },
];

type Row = { productId: string; sku: string; price: string; before: string | null };

/** One price list: its validity, and its prices edited in place (an empty price removes it). */
export default function PriceListPage() {
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
  if (!data) return <Loading label="Loading price list…" />;
  const list = data.node && "code" in data.node ? data.node : null;
  if (!list) return <ErrorState error={new Error("No such price list.")} />;

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
      setNotice(`${dirty.length} price${dirty.length === 1 ? "" : "s"} saved.`);
      reload();
    }
  };
  const saveHeader = async (v: Values) => {
    const saved = await update.run({ input: {
      priceListId: list.id, name: String(v.name), validFrom: text(v.validFrom), validTo: text(v.validTo),
    } });
    if (saved?.priceList) {
      setNotice("Price list saved.");
      reload();
    }
  };
  const unplaced = setPrices.userErrors.filter((e) => e.field?.[3] !== "unitPrice").map((e) => e.message);
  return (
    <section aria-labelledby="price-list-title">
      <h1 id="price-list-title">Price list {list.code}</h1>
      {notice && <p className="state" role="status">{notice}</p>}
      <Section title="Validity">
        <MasterForm key={list.id} label="Price list details" fields={EDIT} submitLabel="Save price list"
          initial={{ name: list.name, validFrom: list.validFrom ?? "", validTo: list.validTo ?? "" }}
          errors={update.userErrors} failure={update.failure} busy={update.busy} onSubmit={saveHeader} />
      </Section>
      <Section title={`Prices (${list.prices.totalCount}, ${list.currency})`}>
        <form aria-label="Prices" onSubmit={save} noValidate>
          <table>
            <thead><tr><th>SKU</th><th>Current</th><th>Unit price</th></tr></thead>
            <tbody>
              {rows.map((r) => {
                const i = dirty.indexOf(r);
                return (
                  <tr key={r.productId}>
                    <td>{r.sku}</td>
                    <td className="num">{r.before === null ? "New" : formatMoney(r.before, list.currency)}</td>
                    <td>
                      <TextField label={`Price of ${r.sku}`} inputMode="decimal" value={r.price}
                        error={i >= 0 ? errorAt(setPrices.userErrors, "input", "prices", i, "unitPrice") : undefined}
                        onChange={(e) => setEdits({ ...edits, [r.productId]: e.target.value })} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="inline-form">
            <SelectField label="Add product" value={pick} onChange={(e) => setPick(e.target.value)}>
              <option value="">Choose…</option>
              {data.products.edges.filter(({ node }) => !listed.has(node.id)).map(({ node }) => (
                <option key={node.id} value={node.id}>{node.sku} — {node.name}</option>
              ))}
            </SelectField>
            <button type="button" disabled={!pick} onClick={() => {
              const product = data.products.edges.find((e) => e.node.id === pick)?.node;
              if (product) setAdded([...added, { productId: product.id, sku: product.sku, price: "", before: null }]);
              setPick("");
            }}>Add to list</button>
          </div>
          <FormErrors messages={[...unplaced, ...(setPrices.failure ? [setPrices.failure] : [])]} />
          <button type="submit" className="primary" disabled={setPrices.busy || dirty.length === 0}>Save prices</button>
        </form>
      </Section>
    </section>
  );
}
