import { graphql } from "../../graphql";

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
          id
          kind
          title
          fileName
          version
          sha256
          uploadedAt
          downloadUrl
        }
      }
    }
  }
`);
