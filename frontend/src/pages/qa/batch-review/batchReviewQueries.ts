import { graphql } from "../../../graphql";

export const BatchReviewsQuery = graphql(`
  query BatchReviews($status: [BatchRecordStatus!]) {
    workOrders(first: 100, filter: { batchRecordStatus: $status }) {
      totalCount
      edges {
        node {
          id number status quantity completedQuantity dueDate
          product { sku name }
          outputLots { id lotNumber }
          batchRecord { id status deviations { id status } }
        }
      }
    }
  }
`);

export const BatchReviewQuery = graphql(`
  query BatchReview($number: String!) {
    workOrder(number: $number) {
      id number status quantity completedQuantity
      product { sku name }
      bomVersion { version }
      outputLots { id lotNumber status }
      batchRecord {
        id status
        steps {
          sequence title requiresVerification status comment
          values { value withinLimits parameter { code name kind unit min max } deviation { number } }
          performed { meaning signedAt signer { displayName } }
          verified { meaning signedAt signer { displayName } }
        }
        deviations {
          id number status stepSequence value disposition rationale raisedAt
          parameter { name kind unit min max }
          raisedBy { displayName }
          closure { meaning signedAt signer { displayName } }
        }
        review { approved comment signature { meaning signedAt signer { displayName } } }
        document { id title fileName downloadUrl }
      }
    }
  }
`);

export const CloseDeviationMutation = graphql(`
  mutation CloseBatchDeviation($input: CloseBatchDeviationInput!) {
    closeBatchDeviation(input: $input) { deviation { id status } userErrors { field message code } }
  }
`);

export const ReviewBatchRecordMutation = graphql(`
  mutation ReviewBatchRecord($input: ReviewBatchRecordInput!) {
    reviewBatchRecord(input: $input) { batchRecord { id status } userErrors { field message code } }
  }
`);
