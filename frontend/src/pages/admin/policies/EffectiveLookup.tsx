import { useState } from "react";
import { useQuery } from "urql";
import { SelectField } from "../../../components/Field";
import { Section } from "../../../components/Section";
import { ErrorState } from "../../../components/States";
import { EffectivePoliciesQuery, LookupChoicesQuery, describeKeys, kindLabel } from "./policyQueries";

/** Which value each policy kind takes for selling one product to one customer, and why. */
export function EffectiveLookup() {
  const [{ data: choices }] = useQuery({ query: LookupChoicesQuery });
  const [productId, setProductId] = useState("");
  const [customerId, setCustomerId] = useState("");
  const ready = !!productId && !!customerId;
  const [{ data, error, fetching }] = useQuery({
    query: EffectivePoliciesQuery,
    variables: { productId, customerId },
    pause: !ready,
    requestPolicy: "network-only",
  });
  return (
    <Section title="Effective policies">
      <div className="inline-form" role="group" aria-label="Effective policies lookup">
        <SelectField label="Product" value={productId} onChange={(e) => setProductId(e.target.value)}>
          <option value="">Choose a product</option>
          {choices?.products.edges.map(({ node }) => (
            <option key={node.id} value={node.id}>
              {node.sku} — {node.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Customer" value={customerId} onChange={(e) => setCustomerId(e.target.value)}>
          <option value="">Choose a customer</option>
          {choices?.customers.edges.map(({ node }) => (
            <option key={node.id} value={node.id}>
              {node.code} — {node.name}
            </option>
          ))}
        </SelectField>
      </div>
      {error && <ErrorState error={error} />}
      {ready && data && !fetching && (
        <table className="data" aria-label="Effective policies">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Value</th>
              <th scope="col">Decided by</th>
            </tr>
          </thead>
          <tbody>
            {data.effectivePolicies.map((e) => (
              <tr key={e.kind}>
                <td>{kindLabel(e.kind)}</td>
                <td>{e.value}</td>
                <td>{e.policy ? `Policy for ${describeKeys(e.policy)}` : "Built-in default"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
