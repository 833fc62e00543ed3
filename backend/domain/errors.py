"""Refusals of business rules: a stable code, a plain sentence and the input path at fault."""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class ErrorCode(StrEnum):
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    PRICE_MISMATCH = "PRICE_MISMATCH"
    CREDIT_LIMIT_EXCEEDED = "CREDIT_LIMIT_EXCEEDED"
    INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK"
    LOT_NOT_RELEASED = "LOT_NOT_RELEASED"
    LOT_EXPIRED = "LOT_EXPIRED"
    SHELF_LIFE_TOO_SHORT = "SHELF_LIFE_TOO_SHORT"
    SERIAL_MISMATCH = "SERIAL_MISMATCH"
    SEPARATION_OF_DUTIES = "SEPARATION_OF_DUTIES"
    SIGNATURE_INVALID = "SIGNATURE_INVALID"
    INSPECTION_REQUIRED = "INSPECTION_REQUIRED"
    DUPLICATE = "DUPLICATE"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    INVALID_GTIN = "INVALID_GTIN"
    # master data: a GS1 Global Location Number with a wrong check digit
    INVALID_GLN = "INVALID_GLN"
    INVALID_BARCODE = "INVALID_BARCODE"
    # custom fields: a required one left empty
    CUSTOM_FIELD_REQUIRED = "CUSTOM_FIELD_REQUIRED"
    # quality loop
    NONCONFORMANCE_OPEN = "NONCONFORMANCE_OPEN"
    RECALL_NOT_RECONCILED = "RECALL_NOT_RECONCILED"
    CAPA_INCOMPLETE = "CAPA_INCOMPLETE"
    # finance desk
    NOTHING_TO_INVOICE = "NOTHING_TO_INVOICE"
    TAX_RULE_MISSING = "TAX_RULE_MISSING"
    INVOICE_HAS_PAYMENTS = "INVOICE_HAS_PAYMENTS"
    CREDIT_EXCEEDS_INVOICE = "CREDIT_EXCEEDS_INVOICE"
    REFUND_EXCEEDS_CREDIT = "REFUND_EXCEEDS_CREDIT"
    WRITE_OFF_ABOVE_THRESHOLD = "WRITE_OFF_ABOVE_THRESHOLD"
    PERIOD_CLOSED = "PERIOD_CLOSED"
    BANK_STATEMENT_INVALID = "BANK_STATEMENT_INVALID"
    # change control
    VERSION_CONFLICT = "VERSION_CONFLICT"
    BELOW_SHIPPED_QUANTITY = "BELOW_SHIPPED_QUANTITY"
    CUSTOMER_NOT_QUALIFIED = "CUSTOMER_NOT_QUALIFIED"
    APPROVAL_LEVEL_PENDING = "APPROVAL_LEVEL_PENDING"
    # purchasing
    SUPPLIER_NOT_APPROVED = "SUPPLIER_NOT_APPROVED"
    SUPPLIER_PRICE_MISSING = "SUPPLIER_PRICE_MISSING"
    OVER_RECEIPT = "OVER_RECEIPT"
    SUPPLIER_CERTIFICATE_REQUIRED = "SUPPLIER_CERTIFICATE_REQUIRED"
    # production
    BOM_NOT_EFFECTIVE = "BOM_NOT_EFFECTIVE"
    COMPONENT_NOT_IN_BOM = "COMPONENT_NOT_IN_BOM"
    OVER_ISSUE = "OVER_ISSUE"
    MATERIAL_NOT_ISSUED = "MATERIAL_NOT_ISSUED"
    BATCH_RECORD_INCOMPLETE = "BATCH_RECORD_INCOMPLETE"
    BATCH_DEVIATION_OPEN = "BATCH_DEVIATION_OPEN"
    BATCH_RECORD_NOT_REVIEWED = "BATCH_RECORD_NOT_REVIEWED"


@dataclass(frozen=True)
class Problem:
    code: ErrorCode
    message: str
    field: tuple[str, ...] | None = None


class DomainError(Exception):
    """One or more problems that refuse a request; the transaction is rolled back."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = list(problems)

    @classmethod
    def single(
        cls, code: ErrorCode, message: str, field: Sequence[str] | None = None
    ) -> "DomainError":
        return cls([Problem(code, message, tuple(field) if field else None)])


class NotAllowed(Exception):  # noqa: N818 - a refusal, answered as FORBIDDEN
    """The actor may not do this to this record (a rule of the record, not of the role)."""
