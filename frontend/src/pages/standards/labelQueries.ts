import { graphql } from "../../graphql";

export const PrintLabelsMutation = graphql(`
  mutation PrintLabels($input: PrintLabelsInput!) {
    printLabels(input: $input) {
      document {
        id
        title
        fileName
        downloadUrl
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`);
