import { useState } from "react";
import { useNavigate } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { ErrorState, Loading } from "../../components/States";
import { CreateWorkOrderMutation, NewWorkOrderQuery } from "./productionQueries";

/** A PLANNED work order for a product with an approved BOM in effect. */
export default function NewWorkOrder() {
  const [{ data, error }, refetch] = useQuery({ query: NewWorkOrderQuery });
  const create = useAction(CreateWorkOrderMutation);
  const navigate = useNavigate();
  const [productId, setProductId] = useState("");
  const [quantity, setQuantity] = useState("1");
  const [dueDate, setDueDate] = useState("");
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label="Loading products…" />;
  const products = data.products.edges.map((e) => e.node).filter((p) => p.bom);
  const messages = [...create.userErrors.map((e) => e.message), ...(create.failure ? [create.failure] : [])];
  return (
    <section aria-labelledby="new-wo-title">
      <h1 id="new-wo-title">New work order</h1>
      <form
        aria-label="New work order"
        onSubmit={async (e) => {
          e.preventDefault();
          const made = await create.run({
            input: { productId, quantity: Number(quantity), dueDate, idempotencyKey: crypto.randomUUID() },
          });
          if (made?.workOrder) navigate(`/work-orders/${made.workOrder.number}`);
        }}
      >
        <SelectField label="Product" value={productId} onChange={(e) => setProductId(e.target.value)}>
          <option value="">Choose a product</option>
          {products.map((p) => (
            <option key={p.id} value={p.id}>
              {p.sku} — {p.name} (BOM v{p.bom?.version})
            </option>
          ))}
        </SelectField>
        <TextField label="Quantity" type="number" min={1} value={quantity} onChange={(e) => setQuantity(e.target.value)} />
        <TextField label="Due date" type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
        <FormErrors messages={messages} />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.busy || !productId || !dueDate}>
            Create work order
          </button>
        </div>
      </form>
    </section>
  );
}
