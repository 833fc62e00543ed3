import { graphql } from "../../graphql";

export const ProductionFormQuery = graphql(`
  query ProductionForm {
    warehouses {
      id
      code
      name
    }
    lots(first: 100, status: [RELEASED]) {
      edges {
        node {
          id
          lotNumber
          product {
            id
            sku
          }
          stock {
            available
            warehouse {
              id
            }
          }
        }
      }
    }
  }
`);

export const RecordProductionMutation = graphql(`
  mutation RecordProduction($input: RecordProductionInput!) {
    recordProduction(input: $input) {
      lot {
        id
        lotNumber
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
