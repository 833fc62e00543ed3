import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { ErrorState, Loading } from "../../components/States";
import { enumLabel } from "../../i18n/enumLabel";
import { formatMoney } from "../../lib/format";
import { type ResultOf } from "../../graphql";
import { PlanningQuery, RunPlanningMutation, SetReorderPointMutation } from "./requisitionQueries";

type Made = NonNullable<ResultOf<typeof RunPlanningMutation>["runPurchasePlanning"]>["requisitions"];

/** Reorder points (min/max per product and warehouse) and the planning run that makes requisitions. */
export default function Planning() {
  const { t } = useTranslation(["purchasing", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: PlanningQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const setPoint = useAction(SetReorderPointMutation);
  const plan = useAction(RunPlanningMutation);
  const [form, setForm] = useState({ productId: "", warehouseId: "", min: "", max: "" });
  const [made, setMade] = useState<Made | null>(null);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("planning.loading")} />;
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
      <h1 id="planning-title">{t("planning.title")}</h1>
      <div className="actions">
        <button type="button" className="primary" disabled={plan.busy} onClick={run}>
          {t("planning.run")}
        </button>
      </div>
      {made && (
        <div className="card success" role="status">
          {made.length === 0 ? (
            t("planning.nothingToBuy")
          ) : (
            <>
              {t("planning.made")}
              <ul>
                {made.map((r) => (
                  <li key={r.id}>
                    {r.number} ({formatMoney(r.estimatedTotal)}):{" "}
                    {r.lines.map((l) => `${l.quantity} × ${l.product.sku} (${enumLabel(l.source)})`).join(", ")}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <FormErrors messages={messages} />
      <Section title={t("planning.reorderPoints")}>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t("common:field.product")}</th>
              <th scope="col">{t("common:field.warehouse")}</th>
              <th scope="col">{t("planning.min")}</th>
              <th scope="col">{t("planning.max")}</th>
              <th scope="col">{t("planning.available")}</th>
              <th scope="col">{t("planning.onOrder")}</th>
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
        <form onSubmit={save} aria-label={t("planning.setReorderPoint")} className="grid-form">
          <SelectField label={t("common:field.product")} value={form.productId} onChange={(e) => setForm({ ...form, productId: e.target.value })}>
            <option value="">{t("field.chooseProduct")}</option>
            {data.products.edges.map(({ node }) => (
              <option key={node.id} value={node.id}>
                {node.sku} — {node.name}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("common:field.warehouse")} value={form.warehouseId} onChange={(e) => setForm({ ...form, warehouseId: e.target.value })}>
            <option value="">{t("field.chooseWarehouse")}</option>
            {data.warehouses.map((w) => (
              <option key={w.id} value={w.id}>
                {w.code} — {w.name}
              </option>
            ))}
          </SelectField>
          <TextField label={t("planning.min")} type="number" min={0} value={form.min} onChange={(e) => setForm({ ...form, min: e.target.value })} />
          <TextField label={t("planning.max")} type="number" min={0} value={form.max} onChange={(e) => setForm({ ...form, max: e.target.value })} />
          <button type="submit" disabled={setPoint.busy || !form.productId || !form.warehouseId}>
            {t("planning.save")}
          </button>
        </form>
        <p className="muted">{t("planning.removeHint")}</p>
      </Section>
    </section>
  );
}
