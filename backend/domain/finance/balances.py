"""What a customer owes and is owed, one definition for exposure, ageing and statements.

An invoice's balance = total - amount paid - credited - written off (0 when VOID).
A customer's credit balance = unapplied payments (not reversed) + the parts of credit
notes not set against their invoice - refunds. Receivables = open invoice balances -
credit balance, which is the customer's share of account 1200.
"""

from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db import models as m
from backend.enums import InvoiceStatus

invoices_t = m.Invoice.__table__
payments_t = m.Payment.__table__
credit_notes_t = m.CreditNote.__table__
refunds_t = m.CustomerRefund.__table__

OPEN_STATUSES = (InvoiceStatus.OPEN, InvoiceStatus.PARTIALLY_PAID)


def invoice_balance(table: Any = invoices_t) -> Any:
    return table.c.total - table.c.amount_paid - table.c.credited_amount \
        - table.c.written_off_amount


def credits_by_customer() -> Any:
    """(customer_id, amount) rows, each a positive part of the credit balance (refunds
    negative)."""
    return union_all(
        select(payments_t.c.customer_id, payments_t.c.unapplied_amount.label("amount"))
        .where(payments_t.c.reversed_at.is_(None), payments_t.c.unapplied_amount > 0),
        select(credit_notes_t.c.customer_id,
               (credit_notes_t.c.total - credit_notes_t.c.applied_to_invoice).label("amount"))
        .where(credit_notes_t.c.total > credit_notes_t.c.applied_to_invoice),
        select(refunds_t.c.customer_id, (-refunds_t.c.amount).label("amount")),
    )


def credit_balance_by_customer() -> Select[Any]:
    credits = credits_by_customer().subquery("credit_amounts")
    return select(credits.c.customer_id, func.sum(credits.c.amount).label("balance")) \
        .group_by(credits.c.customer_id)


def receivables_by_customer() -> Select[Any]:
    """(customer_id, balance): open invoice balances less the credit balance."""
    credits = credits_by_customer().subquery("credit_amounts")
    amounts = union_all(
        select(invoices_t.c.customer_id, invoice_balance().label("amount"))
        .where(invoices_t.c.status.in_(OPEN_STATUSES)),
        select(credits.c.customer_id, (literal(0) - credits.c.amount).label("amount")),
    ).subquery("receivable_amounts")
    return select(
        amounts.c.customer_id, func.sum(amounts.c.amount).label("balance")
    ).group_by(amounts.c.customer_id)


async def _one(db: AsyncSession | AsyncConnection, stmt: Select[Any], customer_id: int
               ) -> Decimal:
    sub = stmt.subquery()
    value = (await db.execute(select(sub.c.balance).where(sub.c.customer_id == customer_id))
             ).scalar()
    return Decimal(value or 0).quantize(Decimal("0.01"))


async def credit_balance(db: AsyncSession | AsyncConnection, customer_id: int) -> Decimal:
    return await _one(db, credit_balance_by_customer(), customer_id)


async def receivable_balance(db: AsyncSession | AsyncConnection, customer_id: int) -> Decimal:
    return await _one(db, receivables_by_customer(), customer_id)
