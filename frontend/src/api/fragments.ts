import { graphql } from "../graphql";

/** What every mutation payload says of a refusal: the forms place it by its field path. */
export const UserErrorFields = graphql(`
  fragment UserErrorFields on UserError {
    field
    message
    code
  }
`);

/** What a documents list shows of each version: title, file, sha256 and where to download it. */
export const DocumentFields = graphql(`
  fragment DocumentFields on Document {
    id
    kind
    title
    fileName
    version
    sha256
    uploadedAt
    downloadUrl
  }
`);
