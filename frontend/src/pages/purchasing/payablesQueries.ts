import { graphql } from "../../graphql";

export const SupplierInvoicesQuery = graphql(`
  query SupplierInvoices {
    supplierInvoices(first: 50) {
      edges {
        node {
          id number supplierInvoiceNumber invoiceDate dueOn status matchStatus total balance
          supplier { code name }
        }
      }
    }
  }
`);

export const SupplierInvoiceQuery = graphql(`
  query SupplierInvoice($id: ID!) {
    node(id: $id) {
      ... on SupplierInvoice {
        id number supplierInvoiceNumber invoiceDate dueOn status matchStatus
        subtotal taxAmount total amountPaid balance decisionReason
        decidedBy { displayName }
        supplier { id code name }
        purchaseOrders { number }
        lines {
          quantity unitPrice netAmount receivedQuantity poUnitPrice priceVariance issues
          product { sku name }
        }
      }
    }
  }
`);

export const InvoiceablePurchaseOrdersQuery = graphql(`
  query InvoiceablePurchaseOrders {
    purchaseOrders(first: 50, status: [SENT, PARTIALLY_RECEIVED, RECEIVED, CLOSED]) {
      edges {
        node {
          id number status supplier { id code name }
          lines { id lineNumber quantity unitPrice receivedQuantity invoicedQuantity product { sku } }
        }
      }
    }
  }
`);

export const RecordSupplierInvoiceMutation = graphql(`
  mutation RecordSupplierInvoice($input: RecordSupplierInvoiceInput!) {
    recordSupplierInvoice(input: $input) {
      supplierInvoice { id number status }
      userErrors { field message code }
    }
  }
`);

export const ReleaseSupplierInvoiceHoldMutation = graphql(`
  mutation ReleaseSupplierInvoiceHold($input: ReleaseSupplierInvoiceHoldInput!) {
    releaseSupplierInvoiceHold(input: $input) {
      supplierInvoice { id status matchStatus }
      userErrors { field message code }
    }
  }
`);

export const RecordSupplierPaymentMutation = graphql(`
  mutation RecordSupplierPayment($input: RecordSupplierPaymentInput!) {
    recordSupplierPayment(input: $input) {
      supplierInvoices { id status balance }
      userErrors { field message code }
    }
  }
`);

export const StockValuationQuery = graphql(`
  query StockValuation {
    inventoryValuation {
      total ledgerBalance
      warehouses { quantity value warehouse { id code name } }
      rows(first: 100) {
        totalCount
        edges { node { quantity unitCost value warehouse { code } lot { id lotNumber product { sku } } } }
      }
    }
  }
`);

export const ApAgeingQuery = graphql(`
  query ApAgeing {
    apAgeing {
      asOf
      rows { supplier { id code name } buckets { current days1To30 days31To60 days61To90 over90 total } }
      total { current days1To30 days31To60 days61To90 over90 total }
    }
  }
`);
