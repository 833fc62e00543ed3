"""Key figures over any period, computed from the records themselves."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.domain.rules.kpi import (
    cents,
    days_sales_outstanding,
    hours_or_age,
    median_or_none,
    rate,
)

# :start and :end bound the period as [start, end) instants; :first and :last as dates.
FIGURES = text("""
SELECT
    (SELECT count(*) FROM sales_orders
      WHERE created_at >= :start AND created_at < :end) AS orders_created,
    (SELECT coalesce(sum(subtotal), 0) FROM invoices
      WHERE status <> 'VOID' AND issued_on BETWEEN :first AND :last) AS revenue,
    (SELECT coalesce(sum(total), 0) FROM invoices
      WHERE status <> 'VOID' AND issued_on BETWEEN :first AND :last) AS credit_sales,
    (SELECT coalesce(sum(total), 0) FROM invoices
      WHERE status <> 'VOID' AND issued_on <= :last)
    - (SELECT coalesce(sum(pa.amount), 0) FROM payment_applications pa
        JOIN payments p ON p.id = pa.payment_id JOIN invoices i ON i.id = pa.invoice_id
        WHERE p.received_on <= :last AND i.status <> 'VOID' AND i.issued_on <= :last)
      AS receivables,
    (SELECT count(*) FROM shipments sh JOIN sales_orders o ON o.id = sh.order_id
      WHERE sh.delivered_at >= :start AND sh.delivered_at < :end
        AND o.promised_delivery_date IS NOT NULL) AS delivered,
    (SELECT count(*) FROM shipments sh JOIN sales_orders o ON o.id = sh.order_id
      WHERE sh.delivered_at >= :start AND sh.delivered_at < :end
        AND (sh.delivered_at AT TIME ZONE 'UTC')::date <= o.promised_delivery_date) AS on_time
""")
RECALL_ACKNOWLEDGEMENTS = text("""
SELECT r.id, r.initiated_at, r.closed_at, array_agg(n.acknowledged_at) AS acknowledged
FROM recalls r JOIN recall_notices n ON n.recall_id = r.id
WHERE r.initiated_at >= :start AND r.initiated_at < :end
GROUP BY r.id, r.initiated_at, r.closed_at
""")
RECALL_STATE = text("""
SELECT (SELECT count(*) FROM recalls WHERE status = 'OPEN') AS recalls_open,
       (SELECT count(*) FROM recall_notices
         WHERE acknowledged_at IS NULL AND due_at < now()) AS overdue_notices
""")


@dataclass(frozen=True)
class Kpis:
    first: date
    last: date
    on_time_delivery_rate: float | None
    days_sales_outstanding: float | None
    recall_response_hours: float | None
    orders_created: int
    revenue: Decimal
    recalls_open: int = 0
    median_hours_to_acknowledgement: float | None = None
    median_hours_to_containment: float | None = None
    overdue_recall_notices: int = 0


async def compute_kpis(conn: AsyncConnection, *, first: date, last: date) -> Kpis:
    """Figures for the days `first` to `last`, both included, in UTC."""
    bounds = {
        "start": datetime.combine(first, time(), UTC),
        "end": datetime.combine(last + timedelta(days=1), time(), UTC),
        "first": first,
        "last": last,
    }
    row = (await conn.execute(FIGURES, bounds)).one()
    recalls = (await conn.execute(RECALL_ACKNOWLEDGEMENTS, bounds)).all()
    now = datetime.now(UTC)
    hours = [
        h for r in recalls
        if (h := hours_or_age(r.initiated_at, list(r.acknowledged), now)) is not None
    ]
    state = (await conn.execute(RECALL_STATE)).one()
    contained = [((r.closed_at or now) - r.initiated_at).total_seconds() / 3600
                 for r in recalls]
    return Kpis(
        first=first,
        last=last,
        on_time_delivery_rate=rate(row.on_time, row.delivered),
        days_sales_outstanding=days_sales_outstanding(
            Decimal(row.receivables), Decimal(row.credit_sales), (last - first).days + 1
        ),
        recall_response_hours=median_or_none(hours),
        orders_created=row.orders_created,
        revenue=cents(Decimal(row.revenue)),
        recalls_open=state.recalls_open,
        median_hours_to_acknowledgement=median_or_none(hours),
        median_hours_to_containment=median_or_none(contained),
        overdue_recall_notices=state.overdue_notices,
    )
