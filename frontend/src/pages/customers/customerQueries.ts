import { graphql } from "../../graphql";
import { DocumentFields } from "../../api/fragments";

/** How many of the customer's orders the page lists, newest first. */
export const RECENT_ORDERS = 10;

export const CustomerPageQuery = graphql(`
  query CustomerPage($id: ID!, $orders: Int!) {
    node(id: $id) {
      ... on Customer {
        id
        code
        name
        kind
        country
        region
        gln
        active
        creditLimit
        receivableBalance
        orders(first: $orders) {
          totalCount
          edges {
            node {
              id
              number
              status
              createdAt
              currency
              total
            }
          }
        }
        documents {
          ...DocumentFields
        }
      }
    }
  }
`, [DocumentFields]);
