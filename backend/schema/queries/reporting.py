"""Key figures over a period."""

from datetime import date
from typing import Annotated

import strawberry

from backend.schema.errors import NotImplementedYet
from backend.schema.types.audit import Kpis


@strawberry.type
class ReportingQueries:
    @strawberry.field
    async def kpis(
        self,
        info: strawberry.Info,
        from_: Annotated[date, strawberry.argument(name="from")],
        to: date,
    ) -> Kpis:
        info.context.require_staff()
        raise NotImplementedYet("kpis")
