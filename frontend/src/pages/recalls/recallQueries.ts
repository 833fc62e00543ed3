import { graphql } from "../../graphql";

export const RecallsQuery = graphql(`
  query Recalls {
    recalls(first: 50) {
      totalCount
      edges {
        node {
          id
          number
          reason
          recallClass
          status
          initiatedAt
          rootLots {
            id
            lotNumber
            product {
              id
              sku
            }
          }
          notices {
            notifiedAt
            acknowledgedAt
            customer {
              id
              code
              name
            }
            acknowledgedBy {
              id
              displayName
            }
          }
        }
      }
    }
  }
`);

export const RecallDetailQuery = graphql(`
  query RecallDetail($id: ID!) {
    node(id: $id) {
      ... on Recall {
        id
        number
        reason
        recallClass
        status
        initiatedAt
        initiatedBy {
          id
          displayName
        }
        rootLots {
          id
          lotNumber
        }
        affectedLots {
          id
          lotNumber
          status
          product {
            id
            sku
          }
        }
        affectedShipments {
          id
          number
          shippedAt
          order {
            id
            number
            customer {
              id
              code
            }
          }
        }
        notices {
          notifiedAt
          acknowledgedAt
          customer {
            id
            code
            name
          }
          acknowledgedBy {
            id
            displayName
          }
          overdue
          acknowledgementChannel
          acknowledgedByContact
          acknowledgementNote
          fieldSafetyNotice {
            id
            title
            fileName
            downloadUrl
          }
        }
        reconciled
        closedAt
        closureJustification
        reconciliation {
          customer {
            id
            code
          }
          lot {
            id
            lotNumber
          }
          shipped
          returned
          destroyed
          used
          confirmedOnHand
          outstanding
        }
      }
    }
  }
`);

// quality loop
export const CloseRecallMutation = graphql(`
  mutation CloseRecall($input: CloseRecallInput!) {
    closeRecall(input: $input) {
      recall {
        id
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

export const AcknowledgeRecallMutation = graphql(`
  mutation AcknowledgeRecall($recallId: ID!) {
    acknowledgeRecall(recallId: $recallId) {
      recall {
        id
        notices {
          acknowledgedAt
          customer {
            id
          }
        }
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const RecordRecallAcknowledgementMutation = graphql(`
  mutation RecordRecallAcknowledgement($input: RecordRecallAcknowledgementInput!) {
    recordRecallAcknowledgement(input: $input) {
      recall {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const RecordRecallReconciliationMutation = graphql(`
  mutation RecordRecallReconciliation($input: RecordRecallReconciliationInput!) {
    recordRecallReconciliation(input: $input) {
      recall {
        id
        reconciled
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const PartnerRecallsQuery = graphql(`
  query PartnerRecalls {
    recalls(first: 50) {
      edges {
        node {
          id
          number
          reason
          recallClass
          status
          initiatedAt
          rootLots {
            id
            lotNumber
            product {
              id
              sku
            }
          }
          notices {
            notifiedAt
            acknowledgedAt
            acknowledgementChannel
            customer {
              id
              code
            }
            acknowledgedBy {
              id
              displayName
            }
            fieldSafetyNotice {
              id
              fileName
              downloadUrl
            }
          }
          reconciliation {
            customer {
              id
              code
            }
            lot {
              id
              lotNumber
            }
            shipped
            returned
            destroyed
            used
            confirmedOnHand
            outstanding
          }
        }
      }
    }
  }
`);
