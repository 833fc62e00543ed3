"""Key-figure arithmetic."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from backend.domain.rules.kpi import days_sales_outstanding, median_or_none, rate, response_hours

T0 = datetime(2026, 3, 1, 8, tzinfo=UTC)


def test_response_time_runs_until_the_last_acknowledgement() -> None:
    assert response_hours(T0, [T0 + timedelta(hours=5), T0 + timedelta(hours=30)]) == 30
    assert response_hours(T0, [T0 + timedelta(hours=5), None]) is None
    assert response_hours(T0, []) is None


def test_median_rate_and_dso() -> None:
    assert median_or_none([30.0, 2.0, 10.0]) == 10.0
    assert median_or_none([1.0, 2.0]) == 1.5
    assert median_or_none([]) is None
    assert rate(3, 4) == 0.75 and rate(0, 0) is None
    assert days_sales_outstanding(Decimal("500"), Decimal("3000"), 90) == 15.0
    assert days_sales_outstanding(Decimal("500"), Decimal("0"), 90) is None
