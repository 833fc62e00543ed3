"""The quality loop's enums in the graph (the values are `backend.enums`')."""

import strawberry

from backend import enums

for _enum in (
    enums.QualityHoldScope, enums.QualityHoldStatus, enums.StockLevelCause,
    enums.AllocationIssueReason, enums.NonconformanceSource, enums.NonconformanceSeverity,
    enums.NonconformanceStatus, enums.NonconformanceDisposition, enums.CapaStatus,
    enums.CapaActionKind, enums.CapaActionStatus, enums.RecallResponseChannel,
    enums.InspectionCharacteristicKind, enums.InspectionTaskStatus,
):
    strawberry.enum(_enum)

from backend.enums import (  # noqa: E402 - registered above
    AllocationIssueReason,
    CapaActionKind,
    CapaActionStatus,
    CapaStatus,
    InspectionCharacteristicKind,
    InspectionTaskStatus,
    NonconformanceDisposition,
    NonconformanceSeverity,
    NonconformanceSource,
    NonconformanceStatus,
    QualityHoldScope,
    QualityHoldStatus,
    RecallResponseChannel,
    StockLevelCause,
)

__all__ = [
    "AllocationIssueReason", "CapaActionKind", "CapaActionStatus", "CapaStatus",
    "InspectionCharacteristicKind", "InspectionTaskStatus", "NonconformanceDisposition",
    "NonconformanceSeverity", "NonconformanceSource", "NonconformanceStatus",
    "QualityHoldScope", "QualityHoldStatus", "RecallResponseChannel", "StockLevelCause",
]
