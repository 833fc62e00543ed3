import { graphql } from "../../graphql";

// Orders under change control: draft edits, amendments, short-close, promises.

export const UpdateDraftMutation = graphql(`
  mutation UpdateDraftSalesOrder($input: UpdateDraftSalesOrderInput!) {
    updateDraftSalesOrder(input: $input) {
      order { id version status }
      userErrors { field message code }
    }
  }
`);

export const AmendOrderMutation = graphql(`
  mutation AmendSalesOrder($input: AmendSalesOrderInput!) {
    amendSalesOrder(input: $input) {
      order { id version status }
      userErrors { field message code }
    }
  }
`);

export const ShortCloseMutation = graphql(`
  mutation ShortCloseSalesOrder($input: ShortCloseSalesOrderInput!) {
    shortCloseSalesOrder(input: $input) {
      order { id version status }
      userErrors { field message code }
    }
  }
`);

export const PromiseQuery = graphql(`
  query AvailableToPromise($input: AvailableToPromiseInput!) {
    availableToPromise(input: $input) {
      promisedDeliveryDate
      late
      lines { quantity fromStock source promisedDeliveryDate late }
      userErrors { field message code }
    }
  }
`);
