"""Payables and valuation: supplier invoices and their three-way match."""

from enum import StrEnum


class SupplierInvoiceStatus(StrEnum):
    ON_HOLD = "ON_HOLD"
    OPEN = "OPEN"
    PARTIALLY_PAID = "PARTIALLY_PAID"
    PAID = "PAID"
    REJECTED = "REJECTED"


class ThreeWayMatchStatus(StrEnum):
    MATCHED = "MATCHED"
    MISMATCH = "MISMATCH"
    APPROVED_WITH_VARIANCE = "APPROVED_WITH_VARIANCE"


class SupplierInvoiceMatchIssue(StrEnum):
    PRICE_VARIANCE = "PRICE_VARIANCE"
    QUANTITY_NOT_RECEIVED = "QUANTITY_NOT_RECEIVED"
