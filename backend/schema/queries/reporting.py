"""Key figures over a period."""

from datetime import date
from typing import Annotated

import strawberry

from backend.domain.kpis import compute_kpis
from backend.schema.errors import BadUserInput
from backend.schema.types.audit import Kpis

# A period longer than this is a mistake rather than a question.
MAX_PERIOD_DAYS = 366 * 20


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
        if from_ > to or (to - from_).days > MAX_PERIOD_DAYS:
            raise BadUserInput("`from` must not be after `to`, and the period at most 20 years.")
        async with info.context.engine.connect() as conn:
            figures = await compute_kpis(conn, first=from_, last=to)
        return Kpis(
            from_=figures.first,
            to=figures.last,
            on_time_delivery_rate=figures.on_time_delivery_rate,
            days_sales_outstanding=figures.days_sales_outstanding,
            recall_response_hours=figures.recall_response_hours,
            orders_created=figures.orders_created,
            revenue=figures.revenue,
        )
