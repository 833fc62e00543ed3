import { useState, type FormEvent } from "react";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { ErrorState, Loading } from "../../components/States";
import { formatMoney, humanize } from "../../lib/format";
import { type ResultOf } from "../../graphql";
import { PlanningQuery, RunPlanningMutation, SetReorderPointMutation } from "./requisitionQueries";

type Made = NonNullable<ResultOf<typeof RunPlanningMutation>["runPurchasePlanning"]>["requisitions"];

/** Reorder points (min/max per product and warehouse) and the planning run that makes requisitions. */
export default function Planning() {
  const [{ data, error }, refetch] = useQuery({ query: PlanningQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const setPoint = useAction(SetReorderPointMutation);
  const plan = useAction(RunPlanningMutation);
  const [form, setForm] = useState({ productId: "", warehouseId: "", min: "", max: "" });
  const [made, setMade] = useState<Made | null>(null);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label="Loading planning…" />;
  const messages = [setPoint, plan].flatMap((a) => [...a.userErrors.map((e) => e.message), ...(a.failure ? [a.failure] : [])]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const done = await setPoint.run({
      input: { productId: form.productId, warehouseId: form.warehouseId, minQuantity: Number(form.min), maxQuantity: Number(form.max) },
    });
    if (done) {
      setForm({ productId: "", warehouseId: "", min: "", max: "" });
      reload();
    }
  };
  const run = async () => {
    const done = await plan.run({ input: {} });
    if (done) {
      setMade(done.requisitions);
      reload();
    }
  };

  return (
    <section aria-labelledby="planning-title">
      <h1 id="planning-title">Purchase planning</h1>
      <div className="actions">
        <button type="button" className="primary" disabled={plan.busy} onClick={run}>
          Run planning
        </button>
      </div>
      {made && (
        <div className="card success" role="status">
          {made.length === 0 ? (
            "Nothing to buy: no new requisitions."
          ) : (
            <>
              Requisitions made:
              <ul>
                {made.map((r) => (
                  <li key={r.id}>
                    {r.number} ({formatMoney(r.estimatedTotal)}):{" "}
                    {r.lines.map((l) => `${l.quantity} × ${l.product.sku} (${humanize(l.source)})`).join(", ")}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <FormErrors messages={messages} />
      <Section title="Reorder points">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Warehouse</th>
              <th scope="col">Min</th>
              <th scope="col">Max</th>
              <th scope="col">Available</th>
              <th scope="col">On order</th>
            </tr>
          </thead>
          <tbody>
            {data.reorderPoints.map((p) => (
              <tr key={p.id} className={p.availableQuantity + p.onOrderQuantity < p.minQuantity ? "warn" : undefined}>
                <td>{p.product.sku}</td>
                <td>{p.warehouse.code}</td>
                <td>{p.minQuantity}</td>
                <td>{p.maxQuantity}</td>
                <td>{p.availableQuantity}</td>
                <td>{p.onOrderQuantity}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <form onSubmit={save} aria-label="Set reorder point" className="grid-form">
          <SelectField label="Product" value={form.productId} onChange={(e) => setForm({ ...form, productId: e.target.value })}>
            <option value="">Choose a product</option>
            {data.products.edges.map(({ node }) => (
              <option key={node.id} value={node.id}>
                {node.sku} — {node.name}
              </option>
            ))}
          </SelectField>
          <SelectField label="Warehouse" value={form.warehouseId} onChange={(e) => setForm({ ...form, warehouseId: e.target.value })}>
            <option value="">Choose a warehouse</option>
            {data.warehouses.map((w) => (
              <option key={w.id} value={w.id}>
                {w.code} — {w.name}
              </option>
            ))}
          </SelectField>
          <TextField label="Min" type="number" min={0} value={form.min} onChange={(e) => setForm({ ...form, min: e.target.value })} />
          <TextField label="Max" type="number" min={0} value={form.max} onChange={(e) => setForm({ ...form, max: e.target.value })} />
          <button type="submit" disabled={setPoint.busy || !form.productId || !form.warehouseId}>
            Save reorder point
          </button>
        </form>
        <p className="muted">Min 0 and max 0 remove the reorder point.</p>
      </Section>
    </section>
  );
}
