import { graphql } from "../../graphql";

export const RequisitionsQuery = graphql(`
  query PurchaseRequisitions {
    purchaseRequisitions(first: 50) {
      edges {
        node {
          id number status estimatedTotal createdAt
          requestedBy { username }
          lines { id quantity source product { sku } warehouse { code } supplier { code } purchaseOrderLine { id } }
          approvals { rule requiredRole status decidedBy { username } }
        }
      }
    }
    pendingOrders: purchaseOrders(first: 50, status: [PENDING_APPROVAL]) {
      edges { node { id number total currency supplier { code } createdBy { username } } }
    }
  }
`);

export const DecidePurchaseApprovalMutation = graphql(`
  mutation DecidePurchaseApproval($input: DecidePurchaseApprovalInput!) {
    decidePurchaseApproval(input: $input) {
      requisition { id status }
      purchaseOrder { id status }
      userErrors { field message code }
    }
  }
`);

export const SubmitRequisitionMutation = graphql(`
  mutation SubmitPurchaseRequisition($input: PurchaseRequisitionActionInput!) {
    submitPurchaseRequisition(input: $input) { requisition { id status } userErrors { field message code } }
  }
`);

export const PlanningQuery = graphql(`
  query PurchasePlanning {
    reorderPoints { id minQuantity maxQuantity availableQuantity onOrderQuantity product { id sku name } warehouse { id code } }
    products(first: 100) { edges { node { id sku name } } }
    warehouses { id code name }
  }
`);

export const SetReorderPointMutation = graphql(`
  mutation SetReorderPoint($input: SetReorderPointInput!) {
    setReorderPoint(input: $input) { reorderPoint { id } userErrors { field message code } }
  }
`);

export const RunPlanningMutation = graphql(`
  mutation RunPurchasePlanning($input: RunPurchasePlanningInput!) {
    runPurchasePlanning(input: $input) {
      requisitions { id number estimatedTotal lines { id quantity source product { sku } warehouse { code } } }
      userErrors { field message code }
    }
  }
`);
