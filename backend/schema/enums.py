"""The shared enums, registered as GraphQL enums under the same names."""

import strawberry

from backend import enums
from backend.domain import errors

Role = strawberry.enum(enums.Role)
CustomerKind = strawberry.enum(enums.CustomerKind)
TrackingMode = strawberry.enum(enums.TrackingMode)
DeviceClass = strawberry.enum(enums.DeviceClass)
StockMoveKind = strawberry.enum(enums.StockMoveKind)
LotStatus = strawberry.enum(enums.LotStatus)
SerialStatus = strawberry.enum(enums.SerialStatus)
InspectionKind = strawberry.enum(enums.InspectionKind)
InspectionResult = strawberry.enum(enums.InspectionResult)
DocumentKind = strawberry.enum(enums.DocumentKind)
OrderStatus = strawberry.enum(enums.OrderStatus)
ApprovalStatus = strawberry.enum(enums.ApprovalStatus)
ShipmentStatus = strawberry.enum(enums.ShipmentStatus)
InvoiceStatus = strawberry.enum(enums.InvoiceStatus)
RecallClass = strawberry.enum(enums.RecallClass)
RecallStatus = strawberry.enum(enums.RecallStatus)
TraceDirection = strawberry.enum(enums.TraceDirection)


ErrorCode = strawberry.enum(
    errors.ErrorCode, description="Stable codes of the business rules that refuse a request."
)
