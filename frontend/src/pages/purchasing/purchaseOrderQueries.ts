import { graphql } from "../../graphql";

export const PurchaseOrdersQuery = graphql(`
  query PurchaseOrders {
    purchaseOrders(first: 50) {
      edges { node { id number status total createdAt supplier { code name } shipTo { code } } }
    }
  }
`);

export const NewPurchaseOrderQuery = graphql(`
  query NewPurchaseOrder {
    suppliers(first: 100) {
      edges {
        node {
          id code name approved qualificationStatus
          approvedProducts { id sku name }
          prices { unitPrice validTo product { id } }
        }
      }
    }
    warehouses { id code name }
  }
`);

export const PurchaseOrderQuery = graphql(`
  query PurchaseOrder($number: String!) {
    purchaseOrder(number: $number) {
      id number status total currency sentAt note
      supplier { code name }
      shipTo { code name }
      lines { id lineNumber quantity unitPrice lineTotal expectedOn receivedQuantity product { sku name } }
      approvals { rule requiredRole status comment decidedBy { username } }
      documents { id kind title fileName downloadUrl }
    }
  }
`);

export const CreatePurchaseOrderMutation = graphql(`
  mutation CreatePurchaseOrder($input: CreatePurchaseOrderInput!) {
    createPurchaseOrder(input: $input) {
      purchaseOrder { id number }
      userErrors { field message code }
    }
  }
`);

export const SubmitPurchaseOrderMutation = graphql(`
  mutation SubmitPurchaseOrder($input: PurchaseOrderActionInput!) {
    submitPurchaseOrder(input: $input) { purchaseOrder { id status } userErrors { field message code } }
  }
`);

export const SendPurchaseOrderMutation = graphql(`
  mutation SendPurchaseOrder($input: PurchaseOrderActionInput!) {
    sendPurchaseOrder(input: $input) { purchaseOrder { id status sentAt } userErrors { field message code } }
  }
`);
