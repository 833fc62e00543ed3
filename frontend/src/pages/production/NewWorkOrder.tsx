import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { ErrorState, Loading } from "../../components/States";
import { CreateWorkOrderMutation, NewWorkOrderQuery } from "./productionQueries";

/** A PLANNED work order for a product with an approved BOM in effect. */
export default function NewWorkOrder() {
  const { t } = useTranslation(["production", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: NewWorkOrderQuery });
  const create = useAction(CreateWorkOrderMutation);
  const navigate = useNavigate();
  const [productId, setProductId] = useState("");
  const [quantity, setQuantity] = useState("1");
  const [dueDate, setDueDate] = useState("");
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label={t("newWorkOrder.loading")} />;
  const products = data.products.edges.map((e) => e.node).filter((p) => p.bom);
  const messages = [...create.userErrors.map((e) => e.message), ...(create.failure ? [create.failure] : [])];
  return (
    <section aria-labelledby="new-wo-title">
      <h1 id="new-wo-title">{t("newWorkOrder.title")}</h1>
      <form
        aria-label={t("newWorkOrder.title")}
        onSubmit={async (e) => {
          e.preventDefault();
          const made = await create.run({
            input: { productId, quantity: Number(quantity), dueDate, idempotencyKey: crypto.randomUUID() },
          });
          if (made?.workOrder) navigate(`/work-orders/${made.workOrder.number}`);
        }}
      >
        <SelectField label={t("common:field.product")} value={productId} onChange={(e) => setProductId(e.target.value)}>
          <option value="">{t("newWorkOrder.chooseProduct")}</option>
          {products.map((p) => (
            <option key={p.id} value={p.id}>
              {t("newWorkOrder.productOption", { sku: p.sku, name: p.name, version: p.bom?.version })}
            </option>
          ))}
        </SelectField>
        <TextField label={t("common:field.quantity")} type="number" min={1} value={quantity} onChange={(e) => setQuantity(e.target.value)} />
        <TextField label={t("newWorkOrder.dueDate")} type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
        <FormErrors messages={messages} />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.busy || !productId || !dueDate}>
            {t("newWorkOrder.create")}
          </button>
        </div>
      </form>
    </section>
  );
}
