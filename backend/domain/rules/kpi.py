"""Key-figure arithmetic, apart from the queries that gather the figures."""

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def days_sales_outstanding(receivables: Decimal, credit_sales: Decimal, days: int) -> float | None:
    """Receivables at the end of the period over the period's credit sales, in days of sales."""
    if credit_sales <= 0:
        return None
    return round(float(receivables / credit_sales * days), 2)


def rate(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def response_hours(initiated_at: datetime, acknowledged_at: list[datetime | None]) -> float | None:
    """Hours until the last customer acknowledged; None while any has not (or none was notified)."""
    if not acknowledged_at or any(at is None for at in acknowledged_at):
        return None
    last = max(at for at in acknowledged_at if at is not None)
    return (last - initiated_at).total_seconds() / 3600


def hours_or_age(
    initiated_at: datetime, acknowledged_at: list[datetime | None], now: datetime
) -> float | None:
    """Hours until the last acknowledgement, or the age so far while one is missing; None
    when nobody was notified."""
    if not acknowledged_at:
        return None
    if any(at is None for at in acknowledged_at):
        return (now - initiated_at).total_seconds() / 3600
    return response_hours(initiated_at, acknowledged_at)


def median_or_none(values: list[float]) -> float | None:
    return round(median(values), 2) if values else None
