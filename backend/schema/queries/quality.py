"""Barcode scans and lot traceability."""

import strawberry

from backend.schema.enums import TraceDirection
from backend.schema.errors import NotImplementedYet
from backend.schema.types.quality import ScanResult, Trace


@strawberry.type
class QualityQueries:
    @strawberry.field(
        description="Parses a GS1 element string (parenthesised or with GS separators) and resolves it."
    )
    async def scan(self, info: strawberry.Info, code: str) -> ScanResult | None:
        info.context.principal  # noqa: B018
        raise NotImplementedYet("scan")

    @strawberry.field
    async def trace(
        self, info: strawberry.Info, lot_id: strawberry.ID, direction: TraceDirection
    ) -> Trace:
        info.context.require_staff()
        raise NotImplementedYet("trace")
