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


class LotStatus(StrEnum):
    QUARANTINE = "QUARANTINE"
    RELEASED = "RELEASED"
    REJECTED = "REJECTED"
    ON_HOLD = "ON_HOLD"
    RECALLED = "RECALLED"


class SerialStatus(StrEnum):
    IN_STOCK = "IN_STOCK"
    ALLOCATED = "ALLOCATED"
    SHIPPED = "SHIPPED"
    RETURNED = "RETURNED"
    SCRAPPED = "SCRAPPED"


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


class ApprovalRuleKind(StrEnum):
    """What an approval rule measures; its threshold and role are data."""

    DISCOUNT_ABOVE = "DISCOUNT_ABOVE"
    CREDIT_LIMIT = "CREDIT_LIMIT"


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


class AuditAction(StrEnum):
    """What an audit event records; the value is stored in `audit_events.action`."""

    APPROVAL_DECIDED = "approval.decided"
    CUSTOMER_CREATED = "customer.created"
    DOCUMENT_ATTACHED = "document.attached"
    INSPECTION_RECORDED = "inspection.recorded"
    INVOICE_ISSUED = "invoice.issued"
    LOT_HELD = "lot.held"
    LOT_MIGRATED = "lot.migrated"
    LOT_PRODUCED = "lot.produced"
    LOT_QUARANTINED = "lot.quarantined"
    LOT_RECALLED = "lot.recalled"
    LOT_RECEIVED = "lot.received"
    LOT_REJECTED = "lot.rejected"
    LOT_RELEASED = "lot.released"
    ORDER_ALLOCATED = "order.allocated"
    ORDER_CANCELLED = "order.cancelled"
    """Written by demo data of older releases; cancelling now records ORDER_STATUS_CHANGED."""
    ORDER_CREATED = "order.created"
    ORDER_RELEASED = "order.released"
    """An order's reservations given back (cancellation, recall)."""
    ORDER_STATUS_CHANGED = "order.status_changed"
    PAYMENT_RECORDED = "payment.recorded"
    PRICE_SET = "price.set"
    PRODUCT_CREATED = "product.created"
    QUOTE_CONVERTED = "quote.converted"
    QUOTE_CREATED = "quote.created"
    RECALL_ACKNOWLEDGED = "recall.acknowledged"
    RECALL_INITIATED = "recall.initiated"
    RETURN_RECEIVED = "return.received"
    SEED_DEMO = "seed.demo"
    SHIPMENT_CREATED = "shipment.created"
    SHIPMENT_DELIVERED = "shipment.delivered"
    STOCK_OPENING_BALANCE = "stock.opening_balance"
    STOCK_TRANSFERRED = "stock.transferred"
    SUPPLIER_CREATED = "supplier.created"
    WEBHOOK_DELIVERY_RETRIED = "webhook_delivery.retried"
    WEBHOOK_ENDPOINT_CREATED = "webhook_endpoint.created"
    WEBHOOK_ENDPOINT_DELETED = "webhook_endpoint.deleted"
    WEBHOOK_ENDPOINT_UPDATED = "webhook_endpoint.updated"


class OrderAction(StrEnum):
    """What someone may do with a sales order (`SalesOrder.availableActions`)."""

    EDIT = "EDIT"
    SUBMIT = "SUBMIT"
    APPROVE = "APPROVE"
    REJECT = "REJECT"
    ALLOCATE = "ALLOCATE"
    SHIP = "SHIP"
    CONFIRM_DELIVERY = "CONFIRM_DELIVERY"
    INVOICE = "INVOICE"
    RECORD_PAYMENT = "RECORD_PAYMENT"
    CANCEL = "CANCEL"
    AMEND = "AMEND"
    SHORT_CLOSE = "SHORT_CLOSE"
