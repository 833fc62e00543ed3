import { graphql } from "../../graphql";

export const TransferFormQuery = graphql(`
  query TransferForm($lotsAfter: String) {
    warehouses { id code name }
    lots(first: 100, after: $lotsAfter, status: [RELEASED]) {
      edges {
        node {
          id
          lotNumber
          product { sku trackingMode }
          stock { available warehouse { id } }
        }
      }
    }
  }
`);

export const TransferStockMutation = graphql(`
  mutation TransferStock($input: TransferStockInput!) {
    transferStock(input: $input) {
      transfer {
        id
        number
        quantity
        lot { id lotNumber }
        fromWarehouse { code }
        toWarehouse { code }
      }
      userErrors { field message code }
    }
  }
`);

export const LotMovesQuery = graphql(`
  query LotMoves($id: ID!) {
    node(id: $id) {
      ... on Lot {
        id
        moves(first: 50) {
          edges {
            node {
              id
              kind
              quantity
              occurredAt
              reference
              warehouse { code }
            }
          }
        }
      }
    }
  }
`);
