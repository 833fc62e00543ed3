import { initGraphQLTada } from "gql.tada";
import type { introspection } from "./graphql-env.d.ts";

/** Tagged GraphQL documents, typed against the committed ../schema.graphql. */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  // Fragments only share selections here; components read the fields directly.
  disableMasking: true;
  scalars: {
    ID: string;
    // Exact decimals travel as strings and are never turned into floats for arithmetic.
    Decimal: string;
    Date: string;
    DateTime: string;
    Upload: File;
  };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from "gql.tada";
export { readFragment } from "gql.tada";
