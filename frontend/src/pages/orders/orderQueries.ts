import { graphql } from "../../graphql";
import { DocumentFields } from "../../api/fragments";

export const OrderDetailQuery = graphql(`
  query OrderDetail($number: String!, $staff: Boolean!) {
    salesOrder(number: $number) {
      id
      number
      status
      availableActions
      version
      latePromise
      shipTo {
        name
        street
        postalCode
        city
        country
        region
      }
      versions {
        id
        version
        createdAt
        reason
        total
        createdBy {
          id
          displayName
        }
        changes {
          field
          lineNumber
          before
          after
        }
      }
      createdAt
      customerReference
      requestedDeliveryDate
      promisedDeliveryDate
      currency
      subtotal
      taxTotal
      total
      customer {
        id
        code
        name
        creditLimit
        receivableBalance
      }
      createdBy {
        id
        displayName
      }
      lines {
        id
        lineNumber
        quantity
        unitPrice
        discountPercent
        taxRate
        lineTotal
        shippedQuantity
        status
        promise {
          promisedDeliveryDate
          late
          fromStock
          source
        }
        product {
          id
          sku
          name
          trackingMode
        }
        allocations {
          quantity
          warehouse {
            id
            code
          }
          lot {
            id
            lotNumber
            expiresOn
          }
          serials {
            id
            serialNumber
          }
        }
      }
      approvals @include(if: $staff) {
        rule
        requiredRole
        status
        level
        orderVersion
        onBehalfOf {
          id
          displayName
        }
        comment
        decidedBy {
          id
          displayName
        }
        signature {
          meaning
          signedAt
        }
      }
      shipments {
        id
        number
        status
        invoices {
          id
          status
        }
        carrier
        trackingNumber
        shippedAt
        deliveredAt
        warehouse {
          id
          code
          name
        }
        lines {
          quantity
          product {
            id
            sku
            name
          }
          lot {
            id
            lotNumber
            expiresOn
            release {
              certificate {
                id
                title
                fileName
                downloadUrl
              }
            }
          }
          serials {
            id
            serialNumber
          }
        }
        documents {
          ...DocumentFields
        }
        returns {
          id
          number
          reason
          createdAt
          lines {
            quantity
            lot {
              id
              lotNumber
            }
          }
          holds @include(if: $staff) {
            id
            number
            quantity
            status
            serials {
              serialNumber
            }
          }
          creditNote {
            id
            number
            total
          }
        }
      }
      invoices {
        id
        number
        issuedOn
        dueOn
        total
        amountPaid
        balance
        status
      }
      documents {
        ...DocumentFields
      }
    }
  }
`, [DocumentFields]);

export const SubmitOrderMutation = graphql(`
  mutation SubmitOrder($orderId: ID!) {
    submitSalesOrder(orderId: $orderId) {
      order {
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

export const DecideApprovalMutation = graphql(`
  mutation DecideApproval($input: DecideApprovalInput!) {
    decideApproval(input: $input) {
      order {
        id
        number
        status
        approvals {
          rule
          status
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

export const AllocateOrderMutation = graphql(`
  mutation AllocateOrder($orderId: ID!) {
    allocateSalesOrder(orderId: $orderId) {
      order {
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

export const CancelOrderMutation = graphql(`
  mutation CancelOrder($orderId: ID!, $reason: String!) {
    cancelSalesOrder(orderId: $orderId, reason: $reason) {
      order {
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

export const IssueInvoiceMutation = graphql(`
  mutation IssueInvoice($input: IssueInvoiceInput!) {
    issueInvoice(input: $input) {
      invoice {
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

export const OrderStatusChangedSubscription = graphql(`
  subscription OrderStatusChanged($orderId: ID!) {
    orderStatusChanged(orderId: $orderId) {
      cursor
      to
    }
  }
`);
