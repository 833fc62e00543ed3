"""Purchasing: the approved supplier list and purchase orders."""

from enum import StrEnum


class SupplierQualificationStatus(StrEnum):
    PENDING = "PENDING"
    QUALIFIED = "QUALIFIED"
    CONDITIONAL = "CONDITIONAL"
    DISQUALIFIED = "DISQUALIFIED"


class PurchaseOrderStatus(StrEnum):
    DRAFT = "DRAFT"
    PENDING_APPROVAL = "PENDING_APPROVAL"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    SENT = "SENT"
    PARTIALLY_RECEIVED = "PARTIALLY_RECEIVED"
    RECEIVED = "RECEIVED"
    CLOSED = "CLOSED"
    CANCELLED = "CANCELLED"


class PurchaseRequisitionStatus(StrEnum):
    DRAFT = "DRAFT"
    PENDING_APPROVAL = "PENDING_APPROVAL"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    ORDERED = "ORDERED"
    CANCELLED = "CANCELLED"


class RequisitionSource(StrEnum):
    BACKORDER = "BACKORDER"
    REORDER_POINT = "REORDER_POINT"
    MANUAL = "MANUAL"
