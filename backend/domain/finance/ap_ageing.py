"""Payables ageing at any date: what each supplier's posted invoices still owed then, by
days past due, in one statement, with the receivables' bucket rule."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db import models as m
from backend.domain.finance.ageing import BUCKETS, bucket_columns
from backend.enums import SupplierInvoiceStatus

invoices = m.SupplierInvoice.__table__
apps = m.SupplierPaymentApplication.__table__
pays = m.SupplierPayment.__table__
CENT = Decimal("0.01")
# Invoices on hold or rejected were never posted: nothing is owed on them.
POSTED = (SupplierInvoiceStatus.OPEN, SupplierInvoiceStatus.PARTIALLY_PAID,
          SupplierInvoiceStatus.PAID)


@dataclass
class ApBuckets:
    current: Decimal = Decimal("0.00")
    days1_to30: Decimal = Decimal("0.00")
    days31_to60: Decimal = Decimal("0.00")
    days61_to90: Decimal = Decimal("0.00")
    over90: Decimal = Decimal("0.00")

    @property
    def total(self) -> Decimal:
        return sum((getattr(self, b) for b in BUCKETS), Decimal("0.00"))

    def add(self, other: "ApBuckets") -> None:
        for name in BUCKETS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class ApAgeingRow:
    supplier_id: int
    buckets: ApBuckets


@dataclass
class ApAgeing:
    as_of: date
    rows: list[ApAgeingRow]
    total: ApBuckets = field(default_factory=ApBuckets)


def ap_ageing_statement(as_of: date, supplier_id: int | None = None) -> Any:
    paid = (select(apps.c.supplier_invoice_id, func.sum(apps.c.amount).label("amount"))
            .select_from(apps.join(pays, pays.c.id == apps.c.payment_id))
            .where(pays.c.paid_on <= as_of).group_by(apps.c.supplier_invoice_id)
            .subquery("paid_by_then"))
    owed = (select(invoices.c.supplier_id, invoices.c.due_on,
                   (invoices.c.total - func.coalesce(paid.c.amount, 0)).label("open"))
            .select_from(invoices.outerjoin(paid, paid.c.supplier_invoice_id == invoices.c.id))
            .where(invoices.c.invoice_date <= as_of,
                   invoices.c.status.in_([str(s) for s in POSTED]))
            .subquery("owed"))
    stmt = (select(owed.c.supplier_id, *bucket_columns(as_of, owed.c.due_on, owed.c.open))
            .where(owed.c.open > 0).group_by(owed.c.supplier_id))
    if supplier_id is not None:
        stmt = stmt.where(owed.c.supplier_id == supplier_id)
    return stmt


async def ap_ageing(db: AsyncSession | AsyncConnection, as_of: date,
                    supplier_id: int | None = None) -> ApAgeing:
    rows, total = [], ApBuckets()
    for row in await db.execute(ap_ageing_statement(as_of, supplier_id)):
        b = ApBuckets(**{name: Decimal(getattr(row, name)).quantize(CENT) for name in BUCKETS})
        rows.append(ApAgeingRow(row.supplier_id, b))
        total.add(b)
    rows.sort(key=lambda r: (-r.buckets.total, r.supplier_id))
    return ApAgeing(as_of=as_of, rows=rows, total=total)
