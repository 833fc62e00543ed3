"""The shared enums, registered as GraphQL enums under the same names.

`strawberry.enum` registers the class itself, so these are the domain's enums: the
schema and the domain pass the same values without conversion.
"""

import strawberry

from backend import enums
from backend.domain import errors
from backend.domain.errors import ErrorCode  # noqa: F401 - re-exported
from backend.enums import (  # noqa: F401 - re-exported for the schema's modules
    ApprovalStatus,
    CustomerKind,
    DeviceClass,
    DocumentKind,
    InspectionKind,
    InspectionResult,
    InvoiceStatus,
    LotStatus,
    OrderAction,
    OrderStatus,
    RecallClass,
    RecallStatus,
    Role,
    SerialStatus,
    ShipmentStatus,
    StockMoveKind,
    TraceDirection,
    TrackingMode,
)

strawberry.enum(enums.Role)
strawberry.enum(enums.CustomerKind)
strawberry.enum(enums.TrackingMode)
strawberry.enum(enums.DeviceClass)
strawberry.enum(enums.StockMoveKind)
strawberry.enum(enums.LotStatus)
strawberry.enum(enums.SerialStatus)
strawberry.enum(enums.InspectionKind)
strawberry.enum(enums.InspectionResult)
strawberry.enum(enums.DocumentKind)
strawberry.enum(enums.OrderStatus)
strawberry.enum(enums.ApprovalStatus)
strawberry.enum(enums.ShipmentStatus)
strawberry.enum(enums.InvoiceStatus)
strawberry.enum(enums.RecallClass)
strawberry.enum(enums.RecallStatus)
strawberry.enum(enums.TraceDirection)
strawberry.enum(enums.OrderAction)

strawberry.enum(
    errors.ErrorCode, description="Stable codes of the business rules that refuse a request."
)
