import { UserErrorFields } from "../../api/fragments";
import { graphql } from "../../graphql";


export const InvoicesQuery = graphql(`
  query FinanceInvoices($status: [InvoiceStatus!], $customerId: ID, $overdue: Boolean, $after: String) {
    invoices(first: 50, after: $after, status: $status, customerId: $customerId, overdue: $overdue) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          number
          issuedOn
          dueOn
          status
          total
          balance
          currency
          customer {
            id
            code
            name
          }
          order {
            number
          }
        }
      }
    }
  }
`);

export const CustomersQuery = graphql(`
  query FinanceCustomers {
    customers(first: 100) {
      edges {
        node {
          id
          code
          name
        }
      }
    }
  }
`);

export const InvoiceQuery = graphql(`
  query FinanceInvoice($id: ID!) {
    node(id: $id) {
      ... on Invoice {
        id
        number
        status
        issuedOn
        dueOn
        currency
        policy
        subtotal
        taxTotal
        total
        amountPaid
        creditedAmount
        writtenOffAmount
        balance
        shipToCountry
        customerVatNumber
        voidReason
        customer {
          id
          code
          name
          vatNumber
        }
        order {
          number
        }
        shipments {
          id
          number
        }
        lines {
          id
          lineNumber
          description
          quantity
          unitPrice
          discountPercent
          taxRate
          netAmount
          taxAmount
          creditedQuantity
          creditedAmount
          lots {
            id
            lotNumber
          }
          serials {
            id
            serialNumber
          }
        }
        taxSummary {
          taxRate
          netAmount
          taxAmount
          legalNote
        }
        creditNotes {
          id
          number
          issuedOn
          total
          reason
        }
        documents {
          id
          kind
          fileName
          downloadUrl
        }
      }
    }
  }
`);

export const RecordPaymentMutation = graphql(`
  mutation FinanceRecordPayment($input: RecordPaymentInput!) {
    recordPayment(input: $input) {
      unappliedAmount
      userErrors {
        ...UserErrorFields
      }
    }
  }
`, [UserErrorFields]);

export const VoidInvoiceMutation = graphql(`
  mutation FinanceVoidInvoice($input: VoidInvoiceInput!) {
    voidInvoice(input: $input) {
      invoice {
        id
        status
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`, [UserErrorFields]);

export const WriteOffInvoiceMutation = graphql(`
  mutation FinanceWriteOffInvoice($input: WriteOffInvoiceInput!) {
    writeOffInvoice(input: $input) {
      invoice {
        id
        status
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`, [UserErrorFields]);

export const IssueCreditNoteMutation = graphql(`
  mutation FinanceIssueCreditNote($input: IssueCreditNoteInput!) {
    issueCreditNote(input: $input) {
      creditNote {
        id
        number
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`, [UserErrorFields]);

export const AgeingQuery = graphql(`
  query FinanceAgeing($asOf: Date) {
    arAgeing(asOf: $asOf) {
      asOf
      total {
        current
        days1To30
        days31To60
        days61To90
        over90
        total
        unappliedCredit
      }
      rows {
        customer {
          id
          code
          name
          creditBalance
        }
        oldestDueOn
        buckets {
          current
          days1To30
          days31To60
          days61To90
          over90
          total
          unappliedCredit
        }
      }
    }
  }
`);

export const StatementQuery = graphql(`
  query FinanceStatement($customerId: ID, $from: Date!, $to: Date!) {
    customerStatement(customerId: $customerId, from: $from, to: $to) {
      customer {
        id
        code
        name
        creditBalance
      }
      from
      to
      openingBalance
      closingBalance
      overdueAmount
      pdfUrl
      lines {
        date
        kind
        reference
        description
        dueOn
        debit
        credit
        balance
      }
    }
  }
`);

export const RefundMutation = graphql(`
  mutation FinanceRefund($input: RefundCustomerCreditInput!) {
    refundCustomerCredit(input: $input) {
      refund {
        id
        number
        amount
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`, [UserErrorFields]);

export const BankLinesQuery = graphql(`
  query FinanceBankLines {
    bankStatements(first: 10) {
      edges {
        node {
          id
          fileName
          bankStatementId
          importedAt
          matchedCount
          unmatchedCount
          bankAccount {
            iban
          }
        }
      }
    }
    bankStatementLines(first: 100, status: [UNMATCHED, PROPOSED, MATCHED, POSTED]) {
      edges {
        node {
          id
          lineNumber
          bookingDate
          amount
          currency
          direction
          counterpartyName
          remittanceInformation
          status
          statement {
            id
          }
          proposals {
            reason
            invoice {
              id
              number
            }
          }
          matchedInvoices {
            id
            number
          }
        }
      }
    }
  }
`);

export const OpenInvoicesQuery = graphql(`
  query FinanceOpenInvoices {
    invoices(first: 100, status: [OPEN, PARTIALLY_PAID]) {
      edges {
        node {
          id
          number
          balance
          dueOn
          customer {
            code
          }
        }
      }
    }
  }
`);

export const MatchLineMutation = graphql(`
  mutation FinanceMatchLine($input: MatchBankStatementLineInput!) {
    matchBankStatementLine(input: $input) {
      line {
        id
        status
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`, [UserErrorFields]);

export const UnmatchLineMutation = graphql(`
  mutation FinanceUnmatchLine($input: UnmatchBankStatementLineInput!) {
    unmatchBankStatementLine(input: $input) {
      line {
        id
        status
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`, [UserErrorFields]);

export const PostLineMutation = graphql(`
  mutation FinancePostLine($input: PostBankStatementLineInput!) {
    postBankStatementLine(input: $input) {
      line {
        id
        status
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`, [UserErrorFields]);

export const SettingsQuery = graphql(`
  query FinanceSettingsPage($year: Int!, $lastYear: Int!) {
    financeSettings {
      currency
      defaultInvoicingPolicy
      invoiceOn
      writeOffThreshold
      companyName
      companyVatNumber
      bankAccounts {
        id
        name
        iban
        ledgerAccount
      }
    }
    taxRules {
      id
      country
      taxCategory
      customerTaxStatus
      rate
      legalNote
      validFrom
      validTo
    }
    lastYearPeriods: accountingPeriods(year: $lastYear) {
      id
      year
      month
      status
      closedAt
    }
    accountingPeriods(year: $year) {
      id
      year
      month
      status
      closedAt
    }
  }
`);

export const SetTaxRuleMutation = graphql(`
  mutation FinanceSetTaxRule($input: SetTaxRuleInput!) {
    setTaxRule(input: $input) {
      taxRule {
        id
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`, [UserErrorFields]);

export const UpdateSettingsMutation = graphql(`
  mutation FinanceUpdateSettings($input: UpdateFinanceSettingsInput!) {
    updateFinanceSettings(input: $input) {
      settings {
        writeOffThreshold
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`, [UserErrorFields]);

export const ClosePeriodMutation = graphql(`
  mutation FinanceClosePeriod($input: CloseAccountingPeriodInput!) {
    closeAccountingPeriod(input: $input) {
      period {
        id
        status
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`, [UserErrorFields]);

export const ReopenPeriodMutation = graphql(`
  mutation FinanceReopenPeriod($input: ReopenAccountingPeriodInput!) {
    reopenAccountingPeriod(input: $input) {
      period {
        id
        status
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`, [UserErrorFields]);

export const ExportLedgerMutation = graphql(`
  mutation FinanceExportLedger($input: ExportGeneralLedgerInput!) {
    exportGeneralLedger(input: $input) {
      entryCount
      debitTotal
      creditTotal
      document {
        id
        fileName
        downloadUrl
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`, [UserErrorFields]);
