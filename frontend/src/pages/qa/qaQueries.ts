import { graphql } from "../../graphql";

export const QaWorkQuery = graphql(`
  query QaWork {
    nonconformances(first: 50, status: [OPEN, DISPOSITIONED]) {
      edges {
        node {
          id
          number
          title
          source
          severity
          status
          openedAt
          lot {
            id
            lotNumber
          }
        }
      }
    }
    capas(first: 50, status: [OPEN]) {
      edges {
        node {
          id
          number
          title
          dueOn
          overdue
          owner {
            id
            displayName
          }
          actions {
            id
            status
          }
        }
      }
    }
    qualityHolds(first: 50, status: [ACTIVE]) {
      edges {
        node {
          id
          number
          scope
          quantity
          reason
          lot {
            id
            lotNumber
            status
            product {
              id
              sku
              gtin
            }
          }
          warehouse {
            id
            code
          }
        }
      }
    }
    expiryAlerts(first: 50) {
      edges {
        node {
          id
          expiresOn
          daysLeft
          quantity
          lot {
            id
            lotNumber
            status
            product {
              id
              sku
              gtin
            }
          }
        }
      }
    }
    overdueRecallNotices(first: 50) {
      edges {
        node {
          dueAt
          remindersSent
          customer {
            id
            code
            name
          }
          recall {
            id
            number
          }
        }
      }
    }
  }
`);

export const NonconformanceQuery = graphql(`
  query Nonconformance($id: ID!) {
    node(id: $id) {
      ... on Nonconformance {
        id
        number
        title
        description
        source
        severity
        status
        openedAt
        rootCause
        disposition
        dispositionComment
        closedAt
        openedBy {
          id
          displayName
        }
        lot {
          id
          lotNumber
          status
          product {
            id
            sku
            gtin
          }
        }
        customer {
          id
          code
        }
        notes {
          text
          createdAt
          author {
            id
            displayName
          }
        }
        holds {
          id
          number
          scope
          status
          quantity
          warehouse {
            id
            code
          }
        }
        capas {
          id
          number
          status
        }
      }
    }
  }
`);


export const DecideNonconformanceMutation = graphql(`
  mutation DecideNonconformance($input: DecideNonconformanceInput!) {
    decideNonconformance(input: $input) {
      nonconformance {
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

export const CloseNonconformanceMutation = graphql(`
  mutation CloseNonconformance($input: CloseNonconformanceInput!) {
    closeNonconformance(input: $input) {
      nonconformance {
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

export const AddNonconformanceNoteMutation = graphql(`
  mutation AddNonconformanceNote($input: AddNonconformanceNoteInput!) {
    addNonconformanceNote(input: $input) {
      nonconformance {
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

export const PlaceQualityHoldMutation = graphql(`
  mutation PlaceQualityHold($input: PlaceQualityHoldInput!) {
    placeQualityHold(input: $input) {
      hold {
        id
        number
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

