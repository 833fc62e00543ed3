"""The shared vocabulary: values stored in the database and exposed in the graph."""

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "ADMIN"
    SALES = "SALES"
    SALES_MANAGER = "SALES_MANAGER"
    WAREHOUSE = "WAREHOUSE"
    QA_INSPECTOR = "QA_INSPECTOR"
    QA_MANAGER = "QA_MANAGER"
    FINANCE = "FINANCE"
    PARTNER = "PARTNER"
    BUYER = "BUYER"
    PLANNER = "PLANNER"
    OPERATOR = "OPERATOR"


class CustomerKind(StrEnum):
    HOSPITAL = "HOSPITAL"
    CLINIC = "CLINIC"
    DISTRIBUTOR = "DISTRIBUTOR"


class TrackingMode(StrEnum):
    LOT = "LOT"
    SERIAL = "SERIAL"


class DeviceClass(StrEnum):
    I = "I"  # noqa: E741 - the regulatory class name
    IIA = "IIA"
    IIB = "IIB"
    III = "III"


class Replenishment(StrEnum):
    PURCHASE = "PURCHASE"
    PRODUCTION = "PRODUCTION"


class StockMoveKind(StrEnum):
    RECEIPT = "RECEIPT"
    SHIPMENT = "SHIPMENT"
    TRANSFER_OUT = "TRANSFER_OUT"
    TRANSFER_IN = "TRANSFER_IN"
    ADJUSTMENT = "ADJUSTMENT"
    CONSUMPTION = "CONSUMPTION"
    PRODUCTION = "PRODUCTION"
    RETURN = "RETURN"
    SCRAP = "SCRAP"
    SAMPLE = "SAMPLE"
    SUPPLIER_RETURN = "SUPPLIER_RETURN"


class LotStatus(StrEnum):
    QUARANTINE = "QUARANTINE"
    RELEASED = "RELEASED"
    REJECTED = "REJECTED"
    ON_HOLD = "ON_HOLD"
    RECALLED = "RECALLED"
    EXPIRED = "EXPIRED"


class SerialStatus(StrEnum):
    IN_STOCK = "IN_STOCK"
    ALLOCATED = "ALLOCATED"
    SHIPPED = "SHIPPED"
    RETURNED = "RETURNED"
    SCRAPPED = "SCRAPPED"
    CONSUMED = "CONSUMED"


class InspectionKind(StrEnum):
    INCOMING = "INCOMING"
    IN_PROCESS = "IN_PROCESS"
    FINAL = "FINAL"


class InspectionResult(StrEnum):
    PASS = "PASS"
    FAIL = "FAIL"


class DocumentKind(StrEnum):
    CERTIFICATE_OF_CONFORMITY = "CERTIFICATE_OF_CONFORMITY"
    INSPECTION_REPORT = "INSPECTION_REPORT"
    RELEASE_CERTIFICATE = "RELEASE_CERTIFICATE"
    BATCH_RECORD = "BATCH_RECORD"
    SUPPLIER_CERTIFICATE = "SUPPLIER_CERTIFICATE"
    PACKING_LIST = "PACKING_LIST"
    INVOICE = "INVOICE"
    OTHER = "OTHER"
    FIELD_SAFETY_NOTICE = "FIELD_SAFETY_NOTICE"
    CREDIT_NOTE = "CREDIT_NOTE"
    LEDGER_EXPORT = "LEDGER_EXPORT"
    LABEL = "LABEL"
    PURCHASE_ORDER = "PURCHASE_ORDER"
    IMPLANT_CARD = "IMPLANT_CARD"


class OrderStatus(StrEnum):
    DRAFT = "DRAFT"
    PENDING_APPROVAL = "PENDING_APPROVAL"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    ALLOCATED = "ALLOCATED"
    PARTIALLY_SHIPPED = "PARTIALLY_SHIPPED"
    SHIPPED = "SHIPPED"
    DELIVERED = "DELIVERED"
    INVOICED = "INVOICED"
    CLOSED = "CLOSED"
    CANCELLED = "CANCELLED"


class ApprovalStatus(StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    SUPERSEDED = "SUPERSEDED"


class OrderLineStatus(StrEnum):
    OPEN = "OPEN"
    SHIPPED = "SHIPPED"
    SHORT_CLOSED = "SHORT_CLOSED"
    CANCELLED = "CANCELLED"


class PromiseSource(StrEnum):
    STOCK = "STOCK"
    SUPPLY = "SUPPLY"
    LEAD_TIME = "LEAD_TIME"
    NONE = "NONE"


class CustomerLicenceStatus(StrEnum):
    VALID = "VALID"
    NOT_YET_VALID = "NOT_YET_VALID"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"


class ShipmentStatus(StrEnum):
    PICKING = "PICKING"
    SHIPPED = "SHIPPED"
    DELIVERED = "DELIVERED"
    CANCELLED = "CANCELLED"


class InvoiceStatus(StrEnum):
    OPEN = "OPEN"
    PARTIALLY_PAID = "PARTIALLY_PAID"
    PAID = "PAID"
    VOID = "VOID"
    CREDITED = "CREDITED"


class AccountType(StrEnum):
    ASSET = "ASSET"
    LIABILITY = "LIABILITY"
    EQUITY = "EQUITY"
    REVENUE = "REVENUE"
    EXPENSE = "EXPENSE"


class RecallClass(StrEnum):
    I = "I"  # noqa: E741
    II = "II"
    III = "III"


class RecallStatus(StrEnum):
    OPEN = "OPEN"
    CLOSED = "CLOSED"


class TraceDirection(StrEnum):
    FORWARD = "FORWARD"
    """From a lot to everything made from it and everyone who received it."""
    BACKWARD = "BACKWARD"
    """From a lot to its components, their lots and suppliers."""


class QuoteStatus(StrEnum):
    OPEN = "OPEN"
    """Open and, until its validity date, convertible into an order."""
    CONVERTED = "CONVERTED"
    CANCELLED = "CANCELLED"


class ReplenishmentStatus(StrEnum):
    OPEN = "OPEN"
    FULFILLED = "FULFILLED"
    CANCELLED = "CANCELLED"
