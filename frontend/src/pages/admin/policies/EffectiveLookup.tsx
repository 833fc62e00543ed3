import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { SelectField } from "../../../components/Field";
import { Section } from "../../../components/Section";
import { ErrorState } from "../../../components/States";
import { EffectivePoliciesQuery, LookupChoicesQuery, describeKeys, kindLabel } from "./policyQueries";

/** Which value each policy kind takes for selling one product to one customer, and why. */
export function EffectiveLookup() {
  const { t } = useTranslation(["admin", "common"]);
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
    <Section title={t("effective.title")}>
      <div className="inline-form" role="group" aria-label={t("effective.lookup")}>
        <SelectField label={t("common:field.product")} value={productId} onChange={(e) => setProductId(e.target.value)}>
          <option value="">{t("effective.chooseProduct")}</option>
          {choices?.products.edges.map(({ node }) => (
            <option key={node.id} value={node.id}>
              {t("effective.option", { code: node.sku, name: node.name })}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("common:field.customer")} value={customerId} onChange={(e) => setCustomerId(e.target.value)}>
          <option value="">{t("effective.chooseCustomer")}</option>
          {choices?.customers.edges.map(({ node }) => (
            <option key={node.id} value={node.id}>
              {t("effective.option", { code: node.code, name: node.name })}
            </option>
          ))}
        </SelectField>
      </div>
      {error && <ErrorState error={error} />}
      {ready && data && !fetching && (
        <table className="data" aria-label={t("effective.title")}>
          <thead>
            <tr>
              <th scope="col">{t("policies.kind")}</th>
              <th scope="col">{t("policies.value")}</th>
              <th scope="col">{t("effective.decidedBy")}</th>
            </tr>
          </thead>
          <tbody>
            {data.effectivePolicies.map((e) => (
              <tr key={e.kind}>
                <td>{kindLabel(t, e.kind)}</td>
                <td>{e.value}</td>
                <td>{e.policy ? t("effective.policyFor", { keys: describeKeys(t, e.policy) }) : t("effective.builtIn")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
