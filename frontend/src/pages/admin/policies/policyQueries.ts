import type { TFunction } from "i18next";
import { graphql } from "../../../graphql";

export const PoliciesQuery = graphql(`
  query ConfigPolicies {
    configPolicies(includeInactive: true) {
      id
      kind
      productLine
      deviceClass
      region
      value
      description
      active
      updatedAt
      updatedBy {
        id
        username
        displayName
      }
    }
  }
`);

export const SetPolicyMutation = graphql(`
  mutation SetConfigPolicy($input: SetConfigPolicyInput!) {
    setConfigPolicy(input: $input) {
      policy {
        id
        value
        active
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const DeactivatePolicyMutation = graphql(`
  mutation DeactivateConfigPolicy($id: ID!, $reason: String!) {
    deactivateConfigPolicy(policyId: $id, reason: $reason) {
      policy {
        id
        active
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const LookupChoicesQuery = graphql(`
  query PolicyLookupChoices {
    products(first: 100) {
      edges {
        node {
          id
          sku
          name
        }
      }
    }
    customers(first: 100) {
      edges {
        node {
          id
          code
          name
        }
      }
    }
  }
`);

export const EffectivePoliciesQuery = graphql(`
  query EffectivePolicies($productId: ID!, $customerId: ID!) {
    effectivePolicies(productId: $productId, customerId: $customerId) {
      kind
      value
      policy {
        id
        productLine
        deviceClass
        region
      }
    }
  }
`);

export const KINDS = [
  { value: "MIN_SHELF_LIFE_DAYS", labelKey: "policies.kindMinShelfLife" },
  { value: "IMPLANT_CARD", labelKey: "policies.kindImplantCard" },
] as const;

export const DEVICE_CLASSES = ["I", "IIA", "IIB", "III"] as const;

export function kindLabel(t: TFunction<"admin">, kind: string): string {
  const known = KINDS.find((k) => k.value === kind);
  return known ? t(known.labelKey) : kind;
}

/** The keys of a policy in words; null keys match anything. */
export function describeKeys(
  t: TFunction<"admin">,
  p: { productLine?: string | null; deviceClass?: string | null; region?: string | null },
): string {
  const parts = [
    p.productLine && t("policies.keyLine", { line: p.productLine }),
    p.deviceClass && t("policies.keyClass", { cls: p.deviceClass }),
    p.region && t("policies.keyRegion", { region: p.region }),
  ].filter(Boolean);
  return parts.length ? parts.join(t("policies.keySeparator")) : t("policies.anySale");
}
