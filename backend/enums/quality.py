"""The quality loop: holds, nonconformances, CAPAs, inspection plans, recall follow-up."""

from enum import StrEnum


class QualityHoldScope(StrEnum):
    WHOLE_LOT = "WHOLE_LOT"
    QUANTITY = "QUANTITY"
    SERIALS = "SERIALS"


class QualityHoldStatus(StrEnum):
    ACTIVE = "ACTIVE"
    RELEASED = "RELEASED"
    DISPOSED = "DISPOSED"


class StockLevelCause(StrEnum):
    MOVE = "MOVE"
    RESERVED = "RESERVED"
    UNRESERVED = "UNRESERVED"
    HOLD_PLACED = "HOLD_PLACED"
    HOLD_RELEASED = "HOLD_RELEASED"
    LOT_STATUS_CHANGED = "LOT_STATUS_CHANGED"


class AllocationIssueReason(StrEnum):
    LOT_ON_HOLD = "LOT_ON_HOLD"
    LOT_RECALLED = "LOT_RECALLED"
    LOT_EXPIRED = "LOT_EXPIRED"
    SHELF_LIFE_TOO_SHORT = "SHELF_LIFE_TOO_SHORT"


class NonconformanceSource(StrEnum):
    INCOMING_INSPECTION = "INCOMING_INSPECTION"
    CUSTOMER_COMPLAINT = "CUSTOMER_COMPLAINT"
    CUSTOMER_RETURN = "CUSTOMER_RETURN"
    PRODUCTION = "PRODUCTION"
    INTERNAL = "INTERNAL"


class NonconformanceSeverity(StrEnum):
    MINOR = "MINOR"
    MAJOR = "MAJOR"
    CRITICAL = "CRITICAL"


class NonconformanceStatus(StrEnum):
    OPEN = "OPEN"
    DISPOSITIONED = "DISPOSITIONED"
    CLOSED = "CLOSED"
    CANCELLED = "CANCELLED"


class NonconformanceDisposition(StrEnum):
    USE_AS_IS = "USE_AS_IS"
    REWORK = "REWORK"
    SCRAP = "SCRAP"
    RETURN_TO_SUPPLIER = "RETURN_TO_SUPPLIER"
    RELEASE = "RELEASE"


class CapaStatus(StrEnum):
    OPEN = "OPEN"
    CLOSED = "CLOSED"
    CANCELLED = "CANCELLED"


class CapaActionKind(StrEnum):
    CORRECTIVE = "CORRECTIVE"
    PREVENTIVE = "PREVENTIVE"


class CapaActionStatus(StrEnum):
    OPEN = "OPEN"
    DONE = "DONE"


class RecallResponseChannel(StrEnum):
    PORTAL = "PORTAL"
    PHONE = "PHONE"
    EMAIL = "EMAIL"
    LETTER = "LETTER"
    FAX = "FAX"
    IN_PERSON = "IN_PERSON"


class InspectionCharacteristicKind(StrEnum):
    MEASURED = "MEASURED"
    PASS_FAIL = "PASS_FAIL"


class InspectionTaskStatus(StrEnum):
    PENDING = "PENDING"
    DONE = "DONE"
    CANCELLED = "CANCELLED"
