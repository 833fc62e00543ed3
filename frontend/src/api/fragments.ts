import { graphql } from "../graphql";

/** What every mutation payload says of a refusal: the forms place it by its field path. */
export const UserErrorFields = graphql(`
  fragment UserErrorFields on UserError {
    field
    message
    code
  }
`);
