import { graphql } from "../../graphql";

export const SuppliersQuery = graphql(`
  query Suppliers {
    suppliers(first: 100) {
      edges {
        node {
          id
          code
          name
          country
          approved
          qualificationStatus
          qualifiedUntil
          qualificationNote
          approvedProducts { id sku }
          prices { id unitPrice currency leadTimeDays validTo product { sku } }
        }
      }
    }
    products(first: 100) { edges { node { id sku name } } }
  }
`);

export const SetQualificationMutation = graphql(`
  mutation SetSupplierQualification($input: SetSupplierQualificationInput!) {
    setSupplierQualification(input: $input) {
      supplier { id qualificationStatus qualifiedUntil approved }
      userErrors { field message code }
    }
  }
`);
