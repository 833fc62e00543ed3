"""The finance desk: invoicing policy, tax status, bank statements, periods, exports."""

from enum import StrEnum


class InvoicingPolicy(StrEnum):
    PER_SHIPMENT = "PER_SHIPMENT"
    PER_ORDER = "PER_ORDER"


class InvoiceTrigger(StrEnum):
    SHIPPED = "SHIPPED"
    DELIVERED = "DELIVERED"


class CustomerTaxStatus(StrEnum):
    STANDARD = "STANDARD"
    EU_REVERSE_CHARGE = "EU_REVERSE_CHARGE"
    EXPORT = "EXPORT"
    EXEMPT = "EXEMPT"


class BankStatementFormat(StrEnum):
    CAMT053 = "CAMT053"
    CSV = "CSV"


class BankEntryDirection(StrEnum):
    CREDIT = "CREDIT"
    DEBIT = "DEBIT"


class BankStatementLineStatus(StrEnum):
    UNMATCHED = "UNMATCHED"
    PROPOSED = "PROPOSED"
    MATCHED = "MATCHED"
    POSTED = "POSTED"


class AccountingPeriodStatus(StrEnum):
    OPEN = "OPEN"
    CLOSED = "CLOSED"


class StatementLineKind(StrEnum):
    INVOICE = "INVOICE"
    INVOICE_VOID = "INVOICE_VOID"
    CREDIT_NOTE = "CREDIT_NOTE"
    PAYMENT = "PAYMENT"
    PAYMENT_REVERSAL = "PAYMENT_REVERSAL"
    REFUND = "REFUND"
    WRITE_OFF = "WRITE_OFF"


class LedgerExportFormat(StrEnum):
    CSV = "CSV"
    DATEV = "DATEV"
