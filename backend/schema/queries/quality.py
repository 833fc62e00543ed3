"""Barcode scans and lot traceability."""

import strawberry

from backend.resolvers import scan as scan_query
from backend.resolvers import trace as trace_query
from backend.schema.enums import TraceDirection
from backend.schema.types.quality import ScanResult, Trace


@strawberry.type
class QualityQueries:
    @strawberry.field(
        description=(
            "Parses a GS1 element string (parenthesised or with GS separators) and resolves it."
        )
    )
    async def scan(self, info: strawberry.Info, code: str) -> ScanResult | None:
        return await scan_query.scan(info, code)

    @strawberry.field
    async def trace(
        self, info: strawberry.Info, lot_id: strawberry.ID, direction: TraceDirection
    ) -> Trace:
        return await trace_query.trace(info, lot_id, direction)
