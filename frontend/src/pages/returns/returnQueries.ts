import { graphql } from "../../graphql";

export const RecordReturnMutation = graphql(`
  mutation RecordCustomerReturn($input: RecordCustomerReturnInput!) {
    recordCustomerReturn(input: $input) {
      customerReturn {
        id
        number
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
